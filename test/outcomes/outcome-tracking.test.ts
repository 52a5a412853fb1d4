import type { NeuroStatus } from '../../src/clinical/neuro.js';
import { describe, expect, it } from 'vitest';
import type { Fact } from '../../src/provenance/fact.js';
import { trackOutcome } from '../../src/outcomes/outcome-tracking.js';
import { buildInputObservation } from '../../src/writeback/input-identifier.js';
import { extractFacts } from '../../src/facts/extract.js';
import { validateR4 } from '../writeback/fhir-validate.js';

const f = <T>(value: T, date: string): Fact<T> => ({
  value,
  sources: [{ kind: 'fhir', reference: `Observation/${date}`, date }],
});
const ecog = (...xs: Array<[string, number]>) => xs.map(([d, v]) => f(v, d));
const SURGERY = '2026-01-10';
const run = (e: Array<[string, number]>, q: Array<[string, number]> = []) =>
  trackOutcome({
    surgeryDate: SURGERY,
    ecog: ecog(...e),
    eq5d: q.map(([d, v]) => f({ index: v }, d)),
    frankel: [],
    barthel: [],
  });

describe('KANDA2021 outcome per measure', () => {
  it.each([
    [
      'improvement kept',
      [
        ['2026-01-05', 3],
        ['2026-02-01', 2],
        ['2026-03-20', 1],
      ],
      'improvement',
      false,
    ],
    [
      'no change',
      [
        ['2026-01-05', 2],
        ['2026-02-01', 2],
        ['2026-03-01', 2],
      ],
      'unchanged',
      true,
    ],
    [
      'deterioration',
      [
        ['2026-01-05', 2],
        ['2026-02-01', 3],
      ],
      'deterioration',
      true,
    ],
    [
      're-deterioration within 3 months',
      [
        ['2026-01-05', 3],
        ['2026-01-25', 1],
        ['2026-03-01', 2],
      ],
      're-deterioration',
      true,
    ],
    [
      're-deterioration after 3 months only',
      [
        ['2026-01-05', 3],
        ['2026-01-25', 1],
        ['2026-06-01', 3],
      ],
      're-deterioration',
      false,
    ],
    [
      'improvement only after 3 months',
      [
        ['2026-01-05', 3],
        ['2026-02-01', 3],
        ['2026-05-01', 2],
      ],
      'improvement',
      true,
    ],
  ] as Array<[string, Array<[string, number]>, string, boolean]>)(
    'ECOG: %s',
    (_n, points, trajectory, poor) => {
      const r = run(points);
      expect(r.ecog.trajectory).toBe(trajectory);
      expect(r.ecog.poorWithin3Months).toBe(poor);
      expect(r.poorOutcome).toBe(poor);
    },
  );

  it('uses the last value on or before surgery as baseline and says when data are missing', () => {
    expect(run([['2026-02-01', 1]]).ecog.trajectory).toBe('insufficient-data');
    expect(run([['2026-01-01', 1]]).ecog.reason).toMatch(/after surgery/);
    expect(run([]).poorOutcome).toBeNull();
  });

  it('EQ-5D: a change of 0.1 on the utility scale counts (boundary)', () => {
    expect(
      run(
        [],
        [
          ['2026-01-05', 0.5],
          ['2026-02-01', 0.6],
        ],
      ).eq5d.trajectory,
    ).toBe('improvement');
    expect(
      run(
        [],
        [
          ['2026-01-05', 0.5],
          ['2026-02-01', 0.59],
        ],
      ).eq5d.trajectory,
    ).toBe('unchanged');
  });

  it('poor when either measure is poor', () => {
    const r = run(
      [
        ['2026-01-05', 3],
        ['2026-02-01', 1],
      ],
      [
        ['2026-01-05', 0.5],
        ['2026-02-01', 0.5],
      ],
    );
    expect(r.ecog.poorWithin3Months).toBe(false);
    expect(r.eq5d.poorWithin3Months).toBe(true);
    expect(r.poorOutcome).toBe(true);
  });
});

describe('UEI2018 Frankel and discharge criterion', () => {
  const grade = (g: string): NeuroStatus =>
    /^D\d$/.test(g)
      ? { system: 'bradford-motor', grade: g as 'D1' }
      : { system: 'frankel', grade: g as 'A' };
  const t = (frankel: Array<[string, string]>, barthel: Array<[string, number]>) =>
    trackOutcome({
      surgeryDate: SURGERY,
      ecog: [],
      eq5d: [],
      frankel: frankel.map(([d, v]) => f(grade(v), d)),
      barthel: barthel.map(([d, v]) => f(v, d)),
    });
  it.each([
    [
      [
        ['2026-01-05', 'C'],
        ['2026-02-01', 'D'],
      ],
      'good',
    ],
    [
      [
        ['2026-01-05', 'E'],
        ['2026-02-01', 'E'],
      ],
      'good',
    ],
    [
      [
        ['2026-01-05', 'D'],
        ['2026-02-01', 'D'],
      ],
      'unchanged',
    ],
    [
      [
        ['2026-01-05', 'D'],
        ['2026-02-01', 'C'],
      ],
      'worse',
    ],
    // UEI2018 Table 3: modified Frankel sub-grades rank within D.
    [
      [
        ['2026-01-05', 'D1'],
        ['2026-02-01', 'D3'],
      ],
      'good',
    ],
    [
      [
        ['2026-01-05', 'D3'],
        ['2026-02-01', 'D1'],
      ],
      'worse',
    ],
    [
      [
        ['2026-01-05', 'D2'],
        ['2026-02-01', 'D2'],
      ],
      'unchanged',
    ],
    [[['2026-02-01', 'D']], 'insufficient-data'],
  ] as Array<[Array<[string, string]>, string]>)('Frankel %j → %s', (fr, result) => {
    expect(t(fr, []).frankel.result).toBe(result);
  });
  it.each([
    [70, true],
    [69, false],
  ])('Barthel %i after surgery → discharge-home criterion %s', (b, met) => {
    expect(t([], [['2026-02-01', b]]).discharge.criterionMet).toBe(met);
  });
});

describe('clinician input Observations', () => {
  it('are valid FHIR, idempotent by identifier, and read back by the core', () => {
    const ctx = {
      patientId: 'p1',
      effective: '2026-11-20T10:00:00Z',
      performer: 'Practitioner/dr',
    };
    const sins = buildInputObservation(
      { code: 'sins-collapse', value: { code: 'sins-collapse-gt50' }, level: 'T12' },
      ctx,
    );
    const escc = buildInputObservation(
      { code: 'escc-grade', value: { code: 'escc-grade-2' }, level: 'T12' },
      ctx,
    );
    const ps = buildInputObservation({ code: 'loinc:89247-1', value: 2 }, ctx);
    for (const o of [sins, escc, ps]) expect(validateR4(o)).toEqual([]);
    expect(
      buildInputObservation(
        { code: 'sins-collapse', value: { code: 'sins-collapse-gt50' }, level: 'T12' },
        ctx,
      ).identifier,
    ).toEqual(sins.identifier);
    expect(
      buildInputObservation(
        { code: 'sins-collapse', value: { code: 'sins-collapse-lt50' }, level: 'T12' },
        ctx,
      ).identifier,
    ).not.toEqual(sins.identifier);
    const facts = extractFacts(
      [
        { resourceType: 'Patient', id: 'p1' },
        { ...sins, id: 'a' },
        { ...escc, id: 'b' },
        { ...ps, id: 'c' },
      ],
      { asOf: '2026-11-20' },
    );
    expect(facts.spine.sins.T12?.collapse?.value).toBe('gt50');
    expect(facts.spine.escc.T12?.value).toBe('2');
    expect(facts.performance?.value.ecog).toBe(2);
  });
});
