/**
 * Moves a synthetic chart in time: every date and dateTime of a resource shifts by the same number
 * of
 * days, so a chart written for one reference date reads the same on any other day (the sandbox
 * loads
 * its scenarios as of the day it starts; ages and intervals are unchanged). Partial dates (YYYY,
 * YYYY-MM) and non-date strings are left alone; the time of day and its offset are kept as written.
 */

const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})(T.*)?$/;
/**
 * FHIR element names that hold a date, dateTime or instant (birthDate, onsetDateTime, period.start,
 * issued …).
 */
const DATE_KEY = /date|Instant|^(start|end|issued|authoredOn|recorded|lastUpdated)$/i;

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round(
    (Date.parse(`${to.slice(0, 10)}T00:00:00Z`) - Date.parse(`${from.slice(0, 10)}T00:00:00Z`)) /
      86_400_000,
  );
}

/** A full date or dateTime moved by `days` calendar days; anything else unchanged. */
export function shiftDate(value: string, days: number): string {
  const m = FULL_DATE.exec(value);
  if (!m) return value;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days));
  return d.toISOString().slice(0, 10) + (m[4] ?? '');
}

/** A deep copy of `value` with every date element shifted by `days`. */
export function shiftDates<T>(value: T, days: number): T {
  if (days === 0) return value;
  const walk = (v: unknown, key: string): unknown => {
    if (typeof v === 'string') return DATE_KEY.test(key) ? shiftDate(v, days) : v;
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, k);
      return out;
    }
    return v;
  };
  return walk(value, '') as T;
}
