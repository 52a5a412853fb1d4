import { randomUUID } from 'node:crypto';
import type { FeedbackRequest } from '../request-schema.js';
import { AuditSpool, type SpooledAudit } from './audit-spool.js';
import { within } from './within.js';
import { migrate } from './migrations.js';
import type { SqlClient } from './sql-client.js';

export interface ClientIdentity {
  iss?: string;
  sub?: string;
  tenant?: string;
}

export interface AuditEntry extends ClientIdentity {
  at: Date;
  serviceId: string;
  action: 'hook' | 'feedback' | 'discovery';
  status: number;
  hookInstance?: string;
}

export interface CardStats {
  serviceId: string;
  cardKind: string;
  accepted: number;
  overridden: number;
  acceptanceRate: number;
  overrideRate: number;
  topOverrideReasons: Array<{ code: string; display: string | null; count: number }>;
}

/** The database did not take the write in time: the caller answers 503 and the client retries. */
export class StoreUnavailable extends Error {}

export interface FeedbackStoreOptions {
  /** Folder for the audit spool (audit-spool.ts); absent = in memory. */
  spoolDir?: string;
  /** Worker slot: which spool file is this process's own. */
  slot?: number;
  /**
   * Take up every slot's spool at open (a process alone on the folder: one process, or the
   * primary).
   */
  adoptSpool?: boolean;
  /** Bound on one database operation, whatever the driver does (default 5 s). */
  operationTimeoutMs?: number;
  /** How often a database found down is probed again (default 2 s). */
  retryMs?: number;
  /** One line on store trouble (counts only, never entries). */
  warn?: (line: string) => void;
}

/**
 * Feedback outcomes and the audit trail. Audit entries say who (JWT iss/sub), when, which
 * service and the status: never clinical values. They are queued and written in batches so the
 * hook path never waits on the database. A batch the database does not take in time is spooled to
 * a local append-only file and written when the database answers again; each entry's id makes that
 * replay idempotent, so an entry is written at least once and stored once.
 */
export class FeedbackStore {
  private queue: SpooledAudit[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private probe: NodeJS.Timeout | undefined;
  private down = false;
  private closed = false;
  private readonly spool: AuditSpool;
  private readonly timeoutMs: number;
  private readonly retryMs: number;
  private readonly warn: (line: string) => void;

  private constructor(
    readonly db: SqlClient,
    private readonly opts: FeedbackStoreOptions,
  ) {
    this.spool = new AuditSpool(opts.spoolDir, opts.slot ?? 0);
    this.timeoutMs = opts.operationTimeoutMs ?? 5_000;
    this.retryMs = opts.retryMs ?? 2_000;
    this.warn = opts.warn ?? ((line) => console.error(line));
  }

  static async open(db: SqlClient, opts: FeedbackStoreOptions = {}): Promise<FeedbackStore> {
    await migrate(db);
    const store = new FeedbackStore(db, opts);
    if (store.spool.pending(opts.adoptSpool)) await store.replaySpool(opts.adoptSpool);
    return store;
  }

  /**
   * A database operation bounded in time, whatever the driver does; failures become
   * StoreUnavailable.
   */
  private async bounded<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await within(this.timeoutMs, op(), () => new StoreUnavailable('timeout'));
    } catch (e) {
      throw e instanceof StoreUnavailable ? e : new StoreUnavailable('database error');
    }
  }

  /** Stores each outcome once (a repeated report of the same card, outcome and time is ignored). */
  async record(
    serviceId: string,
    feedback: FeedbackRequest['feedback'],
    kindOf: (uuid: string) => string,
    who: ClientIdentity,
  ): Promise<number> {
    const col = <T>(f: (x: FeedbackRequest['feedback'][number]) => T) => feedback.map(f);
    // One statement for the whole report: it is stored entirely or not at all.
    const res = await this.bounded(() =>
      this.db.query(
        `insert into feedback (service_id, card_uuid, card_kind, outcome, accepted_suggestions,
         override_system, override_code, override_display, user_comment, outcome_at,
         client_iss, client_sub, tenant)
       select $1, card_uuid, card_kind, outcome, string_to_array(accepted, E'\\x1f'),
              override_system, override_code, override_display, user_comment, outcome_at, $2, $3, $4
         from unnest($5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                     $11::text[], $12::text[], $13::timestamptz[])
           as t(card_uuid, card_kind, outcome, accepted, override_system, override_code,
                override_display, user_comment, outcome_at)
       on conflict do nothing returning id`,
        [
          serviceId,
          who.iss ?? null,
          who.sub ?? null,
          who.tenant ?? null,
          col((f) => f.card),
          col((f) => kindOf(f.card)),
          col((f) => f.outcome),
          col((f) => (f.acceptedSuggestions ?? []).map((s) => s.id).join('\x1f')),
          col((f) => f.overrideReason?.reason?.system ?? null),
          col((f) => f.overrideReason?.reason?.code ?? null),
          col((f) => f.overrideReason?.reason?.display ?? null),
          col((f) => f.overrideReason?.userComment ?? null),
          col((f) => f.outcomeTimestamp),
        ],
      ),
    );
    return res.rows.length;
  }

  audit(entry: AuditEntry): void {
    this.queue.push({
      entryId: randomUUID(),
      at: entry.at.toISOString(),
      serviceId: entry.serviceId,
      action: entry.action,
      status: entry.status,
      ...(entry.iss ? { iss: entry.iss } : {}),
      ...(entry.sub ? { sub: entry.sub } : {}),
      ...(entry.tenant ? { tenant: entry.tenant } : {}),
      ...(entry.hookInstance ? { hookInstance: entry.hookInstance } : {}),
    });
    if (this.closed) {
      void this.flush();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, 250);
  }

  /**
   * Writes queued audit entries in one statement; spools them when the database does not take them.
   */
  async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return this.flushing;
    this.flushing = this.flushing.then(async () => {
      if (this.down) {
        this.toSpool(batch);
        return;
      }
      try {
        await this.bounded(() => this.insertAudit(batch));
      } catch {
        this.toSpool(batch);
        this.markDown();
      }
    });
    return this.flushing;
  }

  private insertAudit(batch: SpooledAudit[]): Promise<unknown> {
    const col = <K extends keyof SpooledAudit>(k: K) => batch.map((e) => e[k] ?? null);
    return this.db.query(
      `insert into audit_log (entry_id, at, service_id, action, status,
                             client_iss, client_sub, tenant, hook_instance)
       select * from unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::int[],
                            $6::text[], $7::text[], $8::text[], $9::text[])
       on conflict (entry_id) do nothing`,
      [
        col('entryId'),
        col('at'),
        col('serviceId'),
        col('action'),
        col('status'),
        col('iss'),
        col('sub'),
        col('tenant'),
        col('hookInstance'),
      ],
    );
  }

  private toSpool(batch: SpooledAudit[]): void {
    try {
      this.spool.append(batch);
    } catch (e) {
      // The last resort failed too (disk full, folder removed): say how many, never what.
      this.warn(
        `[cds] audit spool write failed ` +
          `(${(e as NodeJS.ErrnoException).code ?? 'error'}); ${batch.length} entries lost`,
      );
    }
  }

  private markDown(): void {
    if (!this.down)
      this.warn(
        '[cds] audit database unavailable; spooling audit entries locally until it answers',
      );
    this.down = true;
    if (this.probe || this.closed) return;
    this.probe = setInterval(() => {
      void this.tryRecover();
    }, this.retryMs);
    this.probe.unref();
  }

  private async tryRecover(): Promise<void> {
    try {
      await this.bounded(() => this.db.query('select 1'));
    } catch {
      return;
    }
    await this.replaySpool(this.opts.adoptSpool);
  }

  /** Writes what the spool holds; on success the database counts as up again. */
  async replaySpool(all = false): Promise<number> {
    let written = 0;
    await (this.flushing = this.flushing.then(async () => {
      try {
        written = await this.spool.replay(
          (batch) => this.bounded(() => this.insertAudit(batch)).then(() => undefined),
          all,
        );
        if (this.down)
          this.warn(`[cds] audit database answers again; ${written} spooled entries written`);
        this.down = false;
        if (this.probe) {
          clearInterval(this.probe);
          this.probe = undefined;
        }
      } catch {
        this.markDown();
      }
    }));
    return written;
  }

  /** Whether audit entries are waiting in the spool (for health checks and tests). */
  get spooling(): boolean {
    return this.down || this.spool.pending(this.opts.adoptSpool);
  }

  /** Acceptance and override rates per card kind (docs/cds-hooks.md shows the same SQL). */
  async stats(): Promise<CardStats[]> {
    const rows = (
      await this.bounded(() =>
        this.db.query<{
          service_id: string;
          card_kind: string;
          accepted: string;
          overridden: string;
        }>(
          `select service_id, card_kind,
              count(*) filter (where outcome = 'accepted') as accepted,
              count(*) filter (where outcome = 'overridden') as overridden
         from feedback group by service_id, card_kind order by service_id, card_kind`,
        ),
      )
    ).rows;
    const reasons = (
      await this.bounded(() =>
        this.db.query<{
          service_id: string;
          card_kind: string;
          override_code: string;
          override_display: string | null;
          n: string;
        }>(
          `select service_id, card_kind, override_code,
              max(override_display) as override_display, count(*) as n
         from feedback where outcome = 'overridden' and override_code is not null
        group by service_id, card_kind, override_code order by n desc`,
        ),
      )
    ).rows;
    return rows.map((r) => {
      const accepted = Number(r.accepted);
      const overridden = Number(r.overridden);
      const total = accepted + overridden;
      return {
        serviceId: r.service_id,
        cardKind: r.card_kind,
        accepted,
        overridden,
        acceptanceRate: total ? accepted / total : 0,
        overrideRate: total ? overridden / total : 0,
        topOverrideReasons: reasons
          .filter((x) => x.service_id === r.service_id && x.card_kind === r.card_kind)
          .slice(0, 5)
          .map((x) => ({ code: x.override_code, display: x.override_display, count: Number(x.n) })),
      };
    });
  }

  async auditCount(): Promise<number> {
    await this.flush();
    return Number(
      (
        await this.bounded(() =>
          this.db.query<{ n: string }>('select count(*) as n from audit_log'),
        )
      ).rows[0]?.n ?? 0,
    );
  }

  /**
   * Bounded: what is queued is written within the operation timeout or spooled, then the
   * connection is closed (or abandoned after the same bound). Nothing queued is lost.
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.probe) clearInterval(this.probe);
    await this.flush();
    await Promise.race([
      this.db.close().catch(() => undefined),
      new Promise((r) => setTimeout(r, this.timeoutMs).unref()),
    ]);
  }
}
