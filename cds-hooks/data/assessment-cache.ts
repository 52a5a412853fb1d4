import { createHash } from 'node:crypto';
import type { Assessment } from '../../src/assess/assess.js';

/**
 * Assessments of charts the service has just seen, keyed by a hash of exactly what went in
 * (patient, date, prefetch content). An EHR calls order-select on every change of the order and
 * order-sign at the end, each time with the same prefetch: those calls reuse the assessment and
 * only
 * rebuild the cards (which carry the hookInstance and the draft order). Any change in the chart
 * changes the key. Only fully prefetched requests are cached: data fetched from a FHIR server may
 * have changed since. Bounded in size and time, in memory only, never logged.
 */
export class AssessmentCache {
  private readonly map = new Map<string, { at: number; assessment: Assessment }>();

  constructor(
    private readonly capacity = 128,
    private readonly ttlMs = 120_000,
    private readonly now: () => number = Date.now,
  ) {}

  static key(patientId: string, asOf: string, prefetch: Record<string, unknown>): string {
    return createHash('sha256')
      .update(`${patientId}\n${asOf}\n`)
      .update(JSON.stringify(prefetch))
      .digest('base64url');
  }

  get(key: string): Assessment | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    if (this.now() - hit.at > this.ttlMs) {
      this.map.delete(key);
      return undefined;
    }
    // Most recently used last: the first key is the one to evict.
    this.map.delete(key);
    this.map.set(key, hit);
    return hit.assessment;
  }

  set(key: string, assessment: Assessment): void {
    if (this.capacity <= 0) return;
    this.map.delete(key);
    while (this.map.size >= this.capacity) this.map.delete(this.map.keys().next().value!);
    this.map.set(key, { at: this.now(), assessment });
  }

  get size(): number {
    return this.map.size;
  }
}
