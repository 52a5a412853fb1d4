import type { FeedbackRequest } from '../request-schema.js';
import { migrate } from './migrations.js';
import type { SqlClient } from './sql-client.js';

export interface ClientIdentity { iss?: string; sub?: string; tenant?: string }

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

/**
 * Feedback outcomes and the audit trail. Audit entries say who (JWT iss/sub), when, which
 * service and the status: never clinical values. They are queued and written in batches so the
 * hook path never waits on the database.
 */
export class FeedbackStore {
  private queue: AuditEntry[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  private constructor(readonly db: SqlClient) {}

  static async open(db: SqlClient): Promise<FeedbackStore> {
    await migrate(db);
    return new FeedbackStore(db);
  }

  /** Stores each outcome once (a repeated report of the same card, outcome and time is ignored). */
  async record(serviceId: string, feedback: FeedbackRequest['feedback'], kindOf: (uuid: string) => string, who: ClientIdentity): Promise<number> {
    let inserted = 0;
    for (const f of feedback) {
      const r = f.overrideReason?.reason;
      const res = await this.db.query(
        `insert into feedback (service_id, card_uuid, card_kind, outcome, accepted_suggestions, override_system, override_code, override_display, user_comment, outcome_at, client_iss, client_sub, tenant)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) on conflict do nothing returning id`,
        [serviceId, f.card, kindOf(f.card), f.outcome, (f.acceptedSuggestions ?? []).map((s) => s.id), r?.system ?? null, r?.code ?? null, r?.display ?? null,
          f.overrideReason?.userComment ?? null, f.outcomeTimestamp, who.iss ?? null, who.sub ?? null, who.tenant ?? null],
      );
      inserted += res.rows.length;
    }
    return inserted;
  }

  audit(entry: AuditEntry): void {
    this.queue.push(entry);
    this.timer ??= setTimeout(() => { this.timer = undefined; void this.flush(); }, 250);
  }

  /** Writes queued audit entries in one statement. */
  async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return this.flushing;
    this.flushing = this.flushing.then(async () => {
      const col = <K extends keyof AuditEntry>(k: K) => batch.map((e) => e[k] ?? null);
      try {
        await this.db.query(
          `insert into audit_log (at, service_id, action, status, client_iss, client_sub, tenant, hook_instance)
           select * from unnest($1::timestamptz[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[])`,
          [col('at'), col('serviceId'), col('action'), col('status'), col('iss'), col('sub'), col('tenant'), col('hookInstance')],
        );
      } catch {
        console.error(`[cds] audit write failed for ${batch.length} entries`);
      }
    });
    return this.flushing;
  }

  /** Acceptance and override rates per card kind (docs/cds-hooks.md shows the same SQL). */
  async stats(): Promise<CardStats[]> {
    const rows = (await this.db.query<{ service_id: string; card_kind: string; accepted: string; overridden: string }>(
      `select service_id, card_kind,
              count(*) filter (where outcome = 'accepted') as accepted,
              count(*) filter (where outcome = 'overridden') as overridden
         from feedback group by service_id, card_kind order by service_id, card_kind`)).rows;
    const reasons = (await this.db.query<{ service_id: string; card_kind: string; override_code: string; override_display: string | null; n: string }>(
      `select service_id, card_kind, override_code, max(override_display) as override_display, count(*) as n
         from feedback where outcome = 'overridden' and override_code is not null
        group by service_id, card_kind, override_code order by n desc`)).rows;
    return rows.map((r) => {
      const accepted = Number(r.accepted);
      const overridden = Number(r.overridden);
      const total = accepted + overridden;
      return {
        serviceId: r.service_id, cardKind: r.card_kind, accepted, overridden,
        acceptanceRate: total ? accepted / total : 0, overrideRate: total ? overridden / total : 0,
        topOverrideReasons: reasons.filter((x) => x.service_id === r.service_id && x.card_kind === r.card_kind).slice(0, 5)
          .map((x) => ({ code: x.override_code, display: x.override_display, count: Number(x.n) })),
      };
    });
  }

  async auditCount(): Promise<number> {
    await this.flush();
    return Number((await this.db.query<{ n: string }>('select count(*) as n from audit_log')).rows[0]?.n ?? 0);
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.flush();
    await this.db.close();
  }
}
