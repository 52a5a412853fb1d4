import { validateResource, OperationOutcomeError } from '@medplum/core';
import type { Observation, StructureDefinition } from 'fhir/r4';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildInputObservation } from '../../src/writeback/input-identifier.js';
import { buildProvenance } from '../../src/writeback/score-observation.js';
import { validateR4 } from './fhir-validate.js';

/**
 * Written resources claim standard profiles only where they conform: clinician-entered ECOG and
 * Karnofsky are mCODE performance-status Observations (LOINC 89247-1 / 89243-0). The profiles are
 * the published StructureDefinitions (hl7.fhir.us.mcode 4.0.0, CC0, in terminology/profiles/),
 * checked with Medplum's validator, the one the project uses, plus base R4 with two validators.
 */
const profile = (name: string) =>
  JSON.parse(
    readFileSync(
      `terminology/profiles/StructureDefinition-mcode-${name}-performance-status.json`,
      'utf8',
    ),
  ) as StructureDefinition;
const ctx = {
  patientId: 's03',
  effective: '2026-11-20T10:00:00Z',
  performer: 'Practitioner/sandbox-surgeon',
};

function profileErrors(r: Observation, sd: StructureDefinition): string[] {
  try {
    validateResource(structuredClone(r) as never, { profile: sd as never });
    return [];
  } catch (e) {
    if (e instanceof OperationOutcomeError)
      return (e.outcome.issue ?? [])
        .filter((i) => i.severity === 'error')
        .map((i) => `${i.expression?.join(',')} ${i.details?.text}`);
    throw e;
  }
}

describe('standard profiles of written Observations', () => {
  const cases: Array<[string, string, string, number]> = [
    ['ECOG', 'loinc:89247-1', 'ecog', 2],
    ['Karnofsky', 'loinc:89243-0', 'karnofsky', 70],
  ];
  it.each(cases)(
    '%s entered in the app claims and conforms to its mCODE profile, and to base R4',
    (_n, code, name, value) => {
      const o = buildInputObservation({ code, value, enteredAt: '2026-11-20T10:05:00Z' }, ctx);
      const sd = profile(name);
      expect(o.meta?.profile).toEqual([sd.url]);
      expect(validateR4(o)).toEqual([]);
      expect(profileErrors(o, sd)).toEqual([]);
      // What the profile constrains, checked directly too: the LOINC code, an integer value,
      // subject, effective.
      expect(o.code.coding?.[0]).toMatchObject({ system: 'http://loinc.org', code: code.slice(6) });
      expect(o.valueInteger).toBe(value);
      expect(o.subject?.reference).toBe('Patient/s03');
      expect(o.effectiveDateTime).toBe('2026-11-20T10:05:00Z');
    },
  );

  it('the validator can fail: a Karnofsky code under the ECOG profile is refused', () => {
    const o = buildInputObservation({ code: 'loinc:89243-0', value: 70 }, ctx);
    expect(profileErrors(o, profile('ecog')).join(' ')).toMatch(/pattern/i);
  });

  it('project inputs claim no profile they were not checked against', () => {
    const o = buildInputObservation(
      { code: 'escc-grade', value: { code: 'escc-grade-2' }, level: 'T12' },
      ctx,
    );
    expect(o.meta).toBeUndefined();
    expect(validateR4(o)).toEqual([]);
  });

  it('an entry superseded in the same session is still valid R4 (status entered-in-error, with its note)', () => {
    const o = buildInputObservation(
      { code: 'escc-grade', value: { code: 'escc-grade-2' }, level: 'T12' },
      ctx,
    );
    const marked: Observation = {
      ...o,
      id: 'x1',
      status: 'entered-in-error',
      note: [
        { text: 'Superseded on 2026-11-20 10:06 by a corrected entry saved in the same session.' },
      ],
    };
    expect(validateR4(marked)).toEqual([]);
  });

  it('the Provenance names the organization the author acts for when the launch gives one', () => {
    const p = buildProvenance(
      ['Observation/1'],
      {
        issued: '2026-11-20T10:00:00Z',
        performer: 'Practitioner/sandbox-surgeon',
        onBehalfOf: 'Organization/hospital-1',
      },
      [],
    );
    expect(p.agent[0]!.onBehalfOf).toEqual({ reference: 'Organization/hospital-1' });
    expect(validateR4(p)).toEqual([]);
  });

  it('an input identifier depends on the entry (value and time), never on the session', () => {
    const a = buildInputObservation(
      { code: 'loinc:89247-1', value: 2, enteredAt: '2026-11-20T10:05:00Z' },
      ctx,
    );
    const b = buildInputObservation(
      { code: 'loinc:89247-1', value: 2, enteredAt: '2026-11-20T10:05:00Z' },
      { ...ctx, effective: '2026-12-01T08:00:00Z' },
    );
    const c = buildInputObservation(
      { code: 'loinc:89247-1', value: 3, enteredAt: '2026-11-20T10:07:00Z' },
      ctx,
    );
    expect(b.identifier).toEqual(a.identifier);
    expect(c.identifier).not.toEqual(a.identifier);
  });
});
