import type { CodeableConcept, Coding, Condition, Observation, Resource } from 'fhir/r4';
import { stalenessOf, type Fact, type Source } from '../provenance/fact.js';
import { PROJECT_CODESYSTEM } from '../terminology/systems.js';

export function refOf(r: Resource): string {
  return `${r.resourceType}/${r.id ?? '(no id)'}`;
}

export function codings(cc: CodeableConcept | undefined): Coding[] {
  return cc?.coding ?? [];
}

export function hasCoding(cc: CodeableConcept | undefined, system: string, code: string): boolean {
  return codings(cc).some((c) => c.system === system && c.code === code);
}

/** The code of the first coding in `system`. */
export function codeIn(cc: CodeableConcept | undefined, system: string): string | undefined {
  for (const c of cc?.coding ?? []) if (c.system === system) return c.code;
  return undefined;
}

export function observationDate(o: Observation): string | undefined {
  return (
    o.effectiveDateTime ??
    o.effectiveInstant ??
    o.effectivePeriod?.end ??
    o.effectivePeriod?.start ??
    o.issued
  );
}

const SKIP = Object.freeze({ use: false });
const USE = Object.freeze({ use: true });
const USE_PRELIMINARY = Object.freeze({ use: true, warning: 'preliminary result' });

/**
 * C-30: final/amended/corrected are used; preliminary is used with a warning; the rest are skipped.
 */
export function observationUsable(o: Observation): Readonly<{ use: boolean; warning?: string }> {
  if (o.dataAbsentReason) return SKIP;
  if (o.status === 'final' || o.status === 'amended' || o.status === 'corrected') return USE;
  if (o.status === 'preliminary') return USE_PRELIMINARY;
  return SKIP;
}

/**
 * C-31: refuted and entered-in-error are excluded; resolved/inactive/remission or abated are not
 * current.
 */
export function conditionUsable(c: Condition): boolean {
  const ver = codings(c.verificationStatus).map((x) => x.code);
  if (ver.includes('refuted') || ver.includes('entered-in-error')) return false;
  return true;
}
export function conditionCurrent(c: Condition): boolean {
  const clin = codings(c.clinicalStatus).map((x) => x.code);
  if (clin.some((x) => x === 'resolved' || x === 'inactive' || x === 'remission')) return false;
  if (c.abatementDateTime || c.abatementPeriod || c.abatementString || c.abatementAge) return false;
  return true;
}

export function conditionDate(c: Condition): string | undefined {
  return c.onsetDateTime ?? c.onsetPeriod?.start ?? c.recordedDate;
}

/** Date.parse of the assessment date, which is the same for every fact of a patient. */
let lastAsOf = '';
let lastNow = Number.NaN;
function parseAsOf(asOf: string): number {
  if (asOf !== lastAsOf) {
    lastAsOf = asOf;
    lastNow = Date.parse(asOf);
  }
  return lastNow;
}

export function ageInDays(date: string | undefined, asOf: string): number | undefined {
  if (!date) return undefined;
  const t =
    date.length === 4 || date.length === 7
      ? Date.parse(date.length === 4 ? `${date}-01-01` : `${date}-01`)
      : parsedDate(date);
  const now = parseAsOf(asOf);
  if (Number.isNaN(t) || Number.isNaN(now)) return undefined;
  return Math.floor((now - t) / 86_400_000);
}

// Built member by member (no spreads): facts are made for every value of a long history, and the
// member order is the order the JSON output shows.
export function sourceOf(r: Resource, date: string | undefined, display: string): Source {
  const s: Source = { kind: 'fhir', reference: refOf(r) };
  if (date) s.date = date;
  s.display = display;
  return s;
}

function enteredByClinician(r: Resource): boolean {
  if (r.resourceType !== 'Observation') return false;
  for (const c of (r as Observation).code?.coding ?? [])
    if (c.system === PROJECT_CODESYSTEM) return true;
  return false;
}

/** A fact from one resource, flagged stale when older than `limitDays` at `asOf`. */
export function factFrom<T>(
  value: T,
  r: Resource,
  date: string | undefined,
  display: string,
  asOf: string,
  limitDays?: number,
  extra?: Partial<Fact<T>>,
): Fact<T> {
  const source = sourceOf(r, date, display);
  if (enteredByClinician(r)) source.kind = 'clinician';
  const f: Fact<T> = { value, sources: [source] };
  if (limitDays !== undefined) {
    const age = ageInDays(date, asOf);
    const stale = age === undefined ? undefined : stalenessOf(age, limitDays);
    if (stale) f.stale = stale;
  }
  return extra ? Object.assign(f, extra) : f;
}

/**
 * A record that a lesion exists stays true however old (a treated metastasis is still a lesion for
 * the counts): it may be stale, never history.
 */
export function lesionRecord<T>(f: Fact<T>): Fact<T> {
  if (f.stale?.history) f.stale = { ageDays: f.stale.ageDays, limitDays: f.stale.limitDays };
  return f;
}

/**
 * Date.parse of a chart's dates, remembered: a chart repeats its dates (labs drawn together,
 * `issued` the same as the effective date) and a cohort repeats them across charts. Exact (the
 * same function of the same string); bounded.
 */
const parsed = new Map<string, number>();
const PARSED_MAX = 20_000;
/** Longer than any FHIR dateTime (`2026-12-03T10:15:00.000+01:00` is 29): parsed, not kept. */
const PARSED_KEY_MAX = 35;
function parsedDate(d: string): number {
  if (d.length > PARSED_KEY_MAX) return Date.parse(d);
  let t = parsed.get(d);
  if (t === undefined) {
    t = Date.parse(d);
    if (parsed.size >= PARSED_MAX) parsed.clear();
    parsed.set(d, t);
  }
  return t;
}

/** A date's time for sorting; no or an unreadable date sorts oldest. */
export function timeOf(d: string | undefined): number {
  const t = d ? parsedDate(d) : Number.NaN;
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

/**
 * Newest first by date, then by `issued`/`meta.lastUpdated` for equal dates (times read once, by
 * timeOf).
 */
export function byNewest<T extends { time: number; tiebreakTime: number }>(a: T, b: T): number {
  return b.time - a.time || b.tiebreakTime - a.tiebreakTime;
}
