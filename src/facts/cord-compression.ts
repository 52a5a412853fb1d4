import type { Condition } from 'fhir/r4';
import type { Fact } from '../provenance/fact.js';
import { codings, conditionCurrent, conditionUsable, sourceOf, timeOf } from './fhir-read.js';
import { SYSTEMS } from '../terminology/systems.js';

export interface CordCompression {
  onset?: string;
  code: string;
  display: string;
}

/**
 * Codes of a charted spinal cord compression. ICD-10-CM G95.20 "unspecified cord compression",
 * G95.29 "other cord compression" (and their WHO ICD-10 parent G95.2 "cord compression,
 * unspecified"), G99.2 "myelopathy in diseases classified elsewhere" (coded with the neoplasm in
 * metastatic compression); SNOMED CT 71286001 "spinal cord compression". No SNOMED descendant is
 * listed: none could be verified against a release (docs/decisions.md).
 */
const ICD10 = new Set(['G95.2', 'G95.20', 'G95.29', 'G99.2']);
const SNOMED = new Set(['71286001']);

function cordCode(c: Condition): { code: string; display: string; system: string } | undefined {
  for (const x of codings(c.code)) {
    if (!x.code) continue;
    const icd = x.system === SYSTEMS.icd10cm || x.system === SYSTEMS.icd10;
    // Some interfaces drop the dot (G9520): the dot goes after the third character.
    const code = icd ? x.code.toUpperCase().replace(/^([A-Z]\d\d)\.?/, '$1.') : x.code;
    if ((icd && ICD10.has(code)) || (x.system === SYSTEMS.snomed && SNOMED.has(code))) {
      const system =
        x.system === SYSTEMS.snomed
          ? 'SNOMED CT'
          : x.system === SYSTEMS.icd10cm
            ? 'ICD-10-CM'
            : 'ICD-10';
      return { code, display: x.display ?? c.code?.text ?? 'spinal cord compression', system };
    }
  }
  return undefined;
}

/** Active, recurrence, relapse or no clinical status, and not abated (conditionCurrent). */
function active(c: Condition): boolean {
  const clin = codings(c.clinicalStatus).map((x) => x.code);
  const current = clin.some((x) => x === 'active' || x === 'recurrence' || x === 'relapse');
  if (clin.length && !current) return false;
  return conditionCurrent(c);
}

/**
 * The newest active charted cord compression (refuted and entered-in-error excluded). Its onset
 * (onsetDateTime, else onsetPeriod.start) is the onset of the deficit; without one, the date it
 * was recorded stands in and the derivation says so.
 */
interface Found {
  c: Condition;
  code: NonNullable<ReturnType<typeof cordCode>>;
  date?: string;
  fromRecorded: boolean;
  time: number;
  tie: number;
}

export function readCordCompression(
  conditions: readonly Condition[],
): Fact<CordCompression> | undefined {
  let best: Found | undefined;
  for (const c of conditions) {
    if (!conditionUsable(c) || !active(c)) continue;
    const code = cordCode(c);
    if (!code) continue;
    const onset = c.onsetDateTime ?? c.onsetPeriod?.start;
    const date = onset ?? c.recordedDate;
    const time = timeOf(date);
    const tie = timeOf(c.recordedDate ?? c.meta?.lastUpdated);
    if (!best || time > best.time || (time === best.time && tie > best.tie)) {
      best = { c, code, ...(date ? { date } : {}), fromRecorded: !onset && !!date, time, tie };
    }
  }
  if (!best) return undefined;
  const { c, code, date } = best;
  const value: CordCompression = {
    ...(date ? { onset: date } : {}),
    code: code.code,
    display: code.display,
  };
  const when = date
    ? `, ${best.fromRecorded ? 'recorded' : 'onset'} ${date}`
    : ', no onset recorded';
  const f: Fact<CordCompression> = {
    value,
    sources: [sourceOf(c, date, `${code.display} (${code.system} ${code.code})${when}`)],
  };
  if (best.fromRecorded) {
    f.derivation =
      'no onset recorded on the Condition: the date it was recorded stands in for the onset';
  }
  const ver = codings(c.verificationStatus)
    .map((x) => x.code)
    .find((x) => x && x !== 'confirmed');
  if (ver) f.warnings = [`the cord compression is recorded as ${ver}, not confirmed`];
  return f;
}
