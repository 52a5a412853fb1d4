import { createHash } from 'node:crypto';
import { ReplayStoreUnavailable, type ReplayStore } from '../auth/replay-store.js';
import type { SqlClient } from './sql-client.js';
import { within } from './within.js';

/**
 * The replay store in the service's database (table `jwt_replay`, migration 2), shared by every
 * worker and host that uses the same PostgreSQL. One statement per token: the insert succeeds for a
 * new jti or one whose earlier token has expired, and returns nothing for a replay. Keys are hashed
 * (issuer and jti are the client's text, of any length). Expired rows are deleted once a minute.
 */
export class SqlReplayStore implements ReplayStore {
  private lastPrune = 0;

  /**
   * `timeoutMs` bounds a claim: past it the call is answered 503, not held (the pool's own bound is
   * longer).
   */
  constructor(
    private readonly db: SqlClient,
    private readonly now: () => number = Date.now,
    private readonly timeoutMs = 1_500,
  ) {}

  async claim(key: string, expiresAtMs: number): Promise<boolean> {
    const now = this.now();
    if (now - this.lastPrune > 60_000) {
      this.lastPrune = now;
      this.db
        .query('delete from jwt_replay where expires_at < $1', [new Date(now)])
        .catch(() => undefined);
    }
    try {
      const res = await within(
        this.timeoutMs,
        this.db.query(
          `insert into jwt_replay (key, expires_at) values ($1, $2)
         on conflict (key) do update set expires_at = excluded.expires_at
           where jwt_replay.expires_at < $3
         returning key`,
          [
            createHash('sha256').update(key).digest('base64url'),
            new Date(expiresAtMs),
            new Date(now),
          ],
        ),
        () => new Error('timeout'),
      );
      return res.rows.length === 1;
    } catch {
      throw new ReplayStoreUnavailable('the replay store did not answer');
    }
  }
}
