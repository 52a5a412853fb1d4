import type { Observation } from 'fhir/r4';
import type { SpineLevel } from '../clinical/spine-levels.js';
import { levelCoding } from '../facts/body-sites.js';
import { LOINC, PROJECT_CODESYSTEM, SYSTEMS } from '../terminology/systems.js';
import { INPUT_BY_CODE } from '../inputs/input-table.js';

/** One value the clinician entered, in the form the core reads back (interop C, input-table.ts). */
export interface ClinicianInput {
  /**
   * A project input code (`escc-grade`, `sins-pain`, …) or `loinc:<code>` (ECOG, KPS, pain NRS).
   */
  code: string;
  value: boolean | number | string | { code: string };
  level?: SpineLevel;
  /** When the clinician entered this value (its clinical time); each edit is a new entry. */
  enteredAt?: string;
}

/**
 * Standard profiles a clinician input conforms to (validated in test/writeback/profiles.test.ts).
 */
const PROFILES: Record<string, string> = {
  [`loinc:${LOINC.ecog}`]:
    'http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-ecog-performance-status',
  [`loinc:${LOINC.karnofsky}`]:
    'http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-karnofsky-performance-status',
};

/** SINS items are imaging findings; the input table says the category of every other input. */
const SINS_ITEM_CODES = new Set([
  'sins-pain',
  'sins-bone-lesion',
  'sins-alignment',
  'sins-collapse',
  'sins-posterolateral',
]);
const category = (code: string) =>
  SINS_ITEM_CODES.has(code) || INPUT_BY_CODE.get(code)?.category === 'imaging'
    ? 'imaging'
    : 'survey';

export function inputKey(i: Pick<ClinicianInput, 'code' | 'level'>): string {
  return `${i.code}|${i.level ?? '-'}`;
}

/**
 * The identity of an entry: patient, code, level, value and the time it was entered — never the
 * session's time, so reopening the app and saving an unchanged entry writes nothing, and an edit
 * (a new entry) writes the new value (input-identifier.ts).
 */
export function inputIdentity(
  input: ClinicianInput,
  ctx: { patientId: string; effective: string },
): string {
  const value = JSON.stringify(input.value);
  return `${ctx.patientId}|input|${inputKey(input)}|${value}|${input.enteredAt ?? ctx.effective}`;
}

/**
 * An input as an Observation: status final (entered and confirmed by the clinician), performer the
 * signed-in user. Without an identifier: what the assessment reads (the app builds these on every
 * edit, and the UUID code is only needed when saving, so it stays out of the first page).
 */
export function inputObservation(
  input: ClinicianInput,
  ctx: { patientId: string; effective: string; performer?: string },
): Observation {
  const loinc = input.code.startsWith('loinc:') ? input.code.slice(6) : undefined;
  const code = loinc
    ? {
        coding: [
          {
            system: SYSTEMS.loinc,
            code: loinc,
            display:
              loinc === LOINC.ecog
                ? 'ECOG Performance Status score'
                : loinc === LOINC.karnofsky
                  ? 'Karnofsky Performance Status score'
                  : loinc === LOINC.painNrs
                    ? 'Pain severity 0-10 verbal numeric rating'
                    : loinc,
          },
        ],
      }
    : { coding: [{ system: PROJECT_CODESYSTEM, code: input.code }] };
  const v = input.value;
  const isDateTime = INPUT_BY_CODE.get(input.code)?.value === 'dateTime';
  const value: Partial<Observation> =
    typeof v === 'string' && isDateTime
      ? { valueDateTime: v }
      : typeof v === 'boolean'
        ? { valueBoolean: v }
        : typeof v === 'number'
          ? { valueInteger: v }
          : typeof v === 'string'
            ? { valueString: v }
            : { valueCodeableConcept: { coding: [{ system: PROJECT_CODESYSTEM, code: v.code }] } };
  const profile = PROFILES[input.code];
  return {
    resourceType: 'Observation',
    ...(profile ? { meta: { profile: [profile] } } : {}),
    status: 'final',
    category: [{ coding: [{ system: SYSTEMS.observationCategory, code: category(input.code) }] }],
    code,
    subject: { reference: `Patient/${ctx.patientId}` },
    effectiveDateTime: input.enteredAt ?? ctx.effective,
    ...(ctx.performer ? { performer: [{ reference: ctx.performer }] } : {}),
    ...value,
    ...(input.level ? { bodySite: levelCoding(input.level) } : {}),
  };
}
