import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
} from 'node:fs';
import { join } from 'node:path';

/** One audit entry as spooled and as written: `entryId` makes a replay idempotent. */
export interface SpooledAudit {
  entryId: string;
  at: string;
  serviceId: string;
  action: string;
  status: number;
  iss?: string;
  sub?: string;
  tenant?: string;
  hookInstance?: string;
}

/**
 * Where audit entries wait while the database cannot take them: an append-only NDJSON file per
 * worker slot (`audit-slot<N>.ndjson`), so no two processes write one file. A replay first renames
 * the file (`replaying-<N>-…`), so entries spooled during the replay go to a fresh file; a replay
 * cut short leaves the renamed file to be taken up next time. Without a folder the spool is in
 * memory (tests, `memory` databases): kept across outages, not across restarts.
 */
export class AuditSpool {
  private memory: SpooledAudit[] = [];
  private seq = 0;

  constructor(
    private readonly dir: string | undefined,
    private readonly slot = 0,
  ) {
    if (dir) mkdirSync(dir, { recursive: true });
  }

  append(entries: readonly SpooledAudit[]): void {
    if (entries.length === 0) return;
    if (!this.dir) {
      this.memory.push(...entries);
      return;
    }
    appendFileSync(
      join(this.dir, `audit-slot${this.slot}.ndjson`),
      entries.map((e) => `${JSON.stringify(e)}\n`).join(''),
    );
  }

  /** Whether anything waits (own slot; `all` = every slot, for a process alone on the folder). */
  pending(all = false): boolean {
    return this.memory.length > 0 || this.files(all).length > 0;
  }

  /**
   * Hands each waiting batch to `write`; a batch is removed only once `write` resolves. Stops at
   * the
   * first failure (the rest waits for the next attempt). Returns the number of entries written.
   */
  async replay(write: (batch: SpooledAudit[]) => Promise<void>, all = false): Promise<number> {
    let written = 0;
    if (this.memory.length) {
      const batch = this.memory;
      this.memory = [];
      try {
        await write(batch);
        written += batch.length;
      } catch (e) {
        this.memory.unshift(...batch);
        throw e;
      }
    }
    for (const file of this.files(all)) {
      let path = join(this.dir!, file);
      if (file.startsWith('audit-')) {
        const claimed = join(
          this.dir!,
          `replaying-${this.slot}-${process.pid}-${Date.now()}-${this.seq++}-${file}`,
        );
        try {
          renameSync(path, claimed);
        } catch {
          continue;
        } // taken by another process
        path = claimed;
      }
      const entries = parseLines(readFileSync(path, 'utf8'));
      for (let i = 0; i < entries.length; i += 500) await write(entries.slice(i, i + 500));
      unlinkSync(path);
      written += entries.length;
    }
    return written;
  }

  private files(all: boolean): string[] {
    if (!this.dir || !existsSync(this.dir)) return [];
    const own = (f: string) =>
      f === `audit-slot${this.slot}.ndjson` || f.startsWith(`replaying-${this.slot}-`);
    const any = (f: string) => /^audit-slot\d+\.ndjson$/.test(f) || f.startsWith('replaying-');
    // Files being replayed first: they are the oldest.
    return readdirSync(this.dir)
      .filter(all ? any : own)
      .sort(
        (a, b) =>
          Number(b.startsWith('replaying-')) - Number(a.startsWith('replaying-')) ||
          a.localeCompare(b),
      );
  }
}

/** Whole lines only: a line cut by a crash mid-append is skipped, not fatal. */
function parseLines(text: string): SpooledAudit[] {
  const out: SpooledAudit[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const e = JSON.parse(line) as SpooledAudit;
      if (
        typeof e.entryId === 'string' &&
        typeof e.at === 'string' &&
        typeof e.serviceId === 'string' &&
        typeof e.status === 'number'
      )
        out.push(e);
    } catch {
      /* a torn last line */
    }
  }
  return out;
}
