/**
 * Where the service remembers the JWT ids (`jti`) it has accepted, until the tokens expire, so a
 * captured token cannot be replayed (CDS Hooks §Trusting CDS Clients). Every process that serves
 * the same issuers must share one store: the database store when there are several workers or
 * hosts.
 */
export interface ReplayStore {
  /**
   * Records `key` until `expiresAtMs`; false when it is already recorded and not expired (a
   * replay).
   */
  claim(key: string, expiresAtMs: number): Promise<boolean>;
}

/** The replay store could not answer: the token is neither accepted nor called a replay. */
export class ReplayStoreUnavailable extends Error {}

/** In this process only: enough for a single process; forgotten on restart. */
export class MemoryReplayStore implements ReplayStore {
  private readonly seen = new Map<string, number>();
  private lastPrune = 0;

  constructor(private readonly now: () => number = Date.now) {}

  claim(key: string, expiresAtMs: number): Promise<boolean> {
    this.prune();
    const until = this.seen.get(key);
    if (until !== undefined && until >= this.now()) return Promise.resolve(false);
    this.seen.set(key, expiresAtMs);
    return Promise.resolve(true);
  }

  /**
   * Drops expired entries at most once a second, so the map stays small without a scan per call.
   */
  private prune(): void {
    const now = this.now();
    if (now - this.lastPrune < 1000) return;
    this.lastPrune = now;
    for (const [k, exp] of this.seen) if (exp < now) this.seen.delete(k);
  }

  get size(): number {
    return this.seen.size;
  }
}
