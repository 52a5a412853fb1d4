/**
 * Every clinical value the product uses carries where it came from. A Fact is a value plus its
 * sources, any unit conversion or mapping applied, and staleness relative to the assessment date.
 */
export type SourceKind = 'fhir' | 'clinician' | 'derived';

export interface Source {
  kind: SourceKind;
  /** Relative FHIR reference, e.g. `Observation/123`, when kind is `fhir`. */
  reference?: string;
  /** The clinically relevant date of the source (effective, onset, recorded). */
  date?: string;
  /** Short human description, e.g. `Karnofsky 70 (LOINC 89243-0)`. */
  display?: string;
}

export interface Staleness {
  ageDays: number;
  limitDays: number;
  /**
   * Older than the history window (`historyWindowDays(limitDays)`): the value is the patient's
   * history, not a stale reading of the present to be re-assessed; it is no basis of a current
   * input.
   */
  history?: true;
}

/**
 * Days after which a stale value is history (docs/decisions.md "Chart readers"): four staleness
 * limits, and never less than two years (a year-old chart is stale and re-assessed; older,
 * history).
 */
export const HISTORY_MIN_DAYS = 730;
export const HISTORY_LIMIT_FACTOR = 4;
export function historyWindowDays(limitDays: number): number {
  return Math.max(HISTORY_MIN_DAYS, HISTORY_LIMIT_FACTOR * limitDays);
}

/** The staleness of a value `ageDays` old against `limitDays`, or undefined when it is current. */
export function stalenessOf(ageDays: number, limitDays: number): Staleness | undefined {
  if (!(ageDays > limitDays)) return undefined;
  const s: Staleness = { ageDays, limitDays };
  if (ageDays > historyWindowDays(limitDays)) s.history = true;
  return s;
}

export interface Fact<T> {
  value: T;
  sources: Source[];
  /** Unit conversion applied, e.g. `12 mg/L → 1.2 mg/dL (UCUM)`. */
  conversion?: string;
  /** Mapping or derivation applied, e.g. `ECOG 2 → KPS 50–60`. */
  derivation?: string;
  /** Present when the newest source is older than the documented limit (see docs/decisions.md). */
  stale?: Staleness;
  warnings?: string[];
  /** For a value reported as a bound ("<0.1"): the true value is below/above `value`. */
  comparator?: '<' | '<=' | '>=' | '>';
  /**
   * Other values recorded for the same date that disagree with the one used: a conflict the
   * clinician
   * must settle. Typed loosely because derived facts (`{ ...f, value }`) keep their source's
   * alternatives.
   */
  alternatives?: readonly unknown[];
}

/** A fact derived from other facts keeps all their sources and the worst staleness. */
export function derivedFact<T>(
  value: T,
  from: ReadonlyArray<Fact<unknown> | undefined>,
  derivation?: string,
): Fact<T> {
  const parts = from.filter((f): f is Fact<unknown> => f !== undefined);
  const sources = parts.flatMap((f) => f.sources);
  const stale = parts
    .map((f) => f.stale)
    .filter((s): s is Staleness => s !== undefined)
    .sort((a, b) => b.ageDays - a.ageDays)[0];
  const warnings = parts.flatMap((f) => f.warnings ?? []);
  const conversions = parts.map((f) => f.conversion).filter((c): c is string => !!c);
  return {
    value,
    sources,
    ...(derivation ? { derivation } : {}),
    ...(conversions.length ? { conversion: conversions.join('; ') } : {}),
    ...(stale ? { stale } : {}),
    ...(warnings.length ? { warnings } : {}),
  };
}
