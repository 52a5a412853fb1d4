import { describe, expect, it } from 'vitest';
import type { Observation, Provenance } from 'fhir/r4';
import {
  buildScoreObservation,
  observationIdentifier,
  WritebackError,
} from '../../src/writeback/score-observation.js';
import { planWriteback } from '../../src/writeback/assessment-writeback.js';
import { sins, SINS } from '../../src/scores/sins.js';
import { osri, OSRI } from '../../src/scores/osri.js';
import { ORDINAL_VALUE_URL, OBSERVATION_ID_SYSTEM } from '../../src/terminology/systems.js';
import { f } from '../helpers.js';
import { assessScenario } from '../scenario-helpers.js';
import { validateR4 } from './fhir-validate.js';

const ctx = {
  patientId: 'p1',
  effective: '2026-11-18',
  issued: '2026-11-20T10:00:00Z',
  performer: 'Practitioner/prac-77',
  status: 'final' as const,
};
const sins13 = sins({
  level: f('T12' as const),
  pain: f('mechanical' as const),
  boneLesion: f('lytic' as const),
  alignment: f('normal' as const),
  collapse: f('lt50' as const),
  posterolateral: f('bilateral' as const),
});

describe('score Observation (interop.md D1–D3)', () => {
  const obs = buildScoreObservation(SINS, sins13, {
    ...ctx,
    level: 'T12',
    focus: 'Condition/met-1',
  });
  it('is valid FHIR R4 (Medplum and FHIR.js)', () => expect(validateR4(obs)).toEqual([]));
  it('D3 checks: component ordinalValues sum to valueInteger; one component per item; band consistent', () => {
    expect(obs.valueInteger).toBe(13);
    const sum = obs.component!.reduce(
      (s, c) =>
        s +
        c.valueCodeableConcept!.coding![0]!.extension!.find((e) => e.url === ORDINAL_VALUE_URL)!
          .valueDecimal!,
      0,
    );
    expect(sum).toBe(13);
    expect(new Set(obs.component!.map((c) => c.code.coding![0]!.code)).size).toBe(6);
    expect(obs.interpretation![0]!.coding![0]!.code).toBe('sins-unstable');
    expect(obs.bodySite?.coding?.[0]?.code).toBe('280849005');
    expect(obs.focus?.[0]?.reference).toBe('Condition/met-1');
    expect(obs.category![0]!.coding![0]!.code).toBe('survey');
    expect(obs.method?.coding?.[0]?.code).toBe('sins-method-2010');
  });
  it('has an identifier from its content (patient, score, level, answers and their data), not the session time', () => {
    // Another session (other effective and issued times) on the same chart: the same identifier.
    const again = buildScoreObservation(SINS, sins13, {
      ...ctx,
      level: 'T12',
      effective: '2026-12-01T09:00:00Z',
      issued: '2026-12-01T09:00:00Z',
    });
    expect(again.identifier).toEqual(obs.identifier);
    expect(obs.identifier![0]!.system).toBe(OBSERVATION_ID_SYSTEM);
    expect(observationIdentifier('p1', 'sins', 'T11', sins13)).not.toBe(obs.identifier![0]!.value);
    expect(observationIdentifier('p2', 'sins', 'T12', sins13)).not.toBe(
      observationIdentifier('p1', 'sins', 'T12', sins13),
    );
    // The same total from other answers, or the same answers from newer data: another identifier.
    const other = {
      ...sins13,
      items: sins13.items.map((i, k) =>
        k === 0
          ? {
              ...i,
              facts: i.facts.map((x) => ({
                ...x,
                sources: x.sources.map((src) => ({ ...src, date: '2026-11-30' })),
              })),
            }
          : i,
      ),
    };
    expect(observationIdentifier('p1', 'sins', 'T12', other)).not.toBe(
      observationIdentifier('p1', 'sins', 'T12', sins13),
    );
  });
  it('refuses an incomplete score, an unverified score and a performer that is not a fhirUser', () => {
    expect(() => buildScoreObservation(SINS, sins({ level: f('T12' as const) }), ctx)).toThrow(
      /incomplete/,
    );
    expect(() =>
      buildScoreObservation(
        OSRI,
        osri({ ptp: f(1 as const), performance: f({ kps: 90 as const }) }),
        ctx,
      ),
    ).toThrow(/UNVERIFIED/);
    expect(() => buildScoreObservation(SINS, sins13, { ...ctx, performer: 'Device/app' })).toThrow(
      WritebackError,
    );
  });
  it('derivedFrom holds only types R4 allows; Conditions go to Provenance (D-05)', () => {
    const a = assessScenario('s02-thyroid-solitary-t10');
    const plan = planWriteback(a, ctx);
    for (const o of plan.observations)
      for (const d of o.derivedFrom ?? []) expect(d.reference).toMatch(/^Observation\//);
    const prov = plan.transaction!.entry!.at(-1)!.resource as Provenance;
    expect(prov.entity!.map((e) => e.what.reference)).toContain('Condition/s02-cond-1');
  });
});

describe('assessment writeback transaction (interop.md D4–D5)', () => {
  const a = assessScenario('s02-thyroid-solitary-t10');
  const plan = planWriteback(a, ctx);
  it('writes every complete verified score and says why the others are skipped', () => {
    const codes = plan.observations.map((o) => o.code.coding![0]!.code);
    expect(codes).toEqual([
      'tokuhashi-revised-total',
      'tomita-total',
      'katagiri-new-total',
      'bauer-total',
      'bauer-modified-total',
      'nesms-total',
      'sins-total',
    ]);
    expect(plan.skipped).toEqual([]);
    const s07 = planWriteback(assessScenario('s07-unknown-primary-l1-no-labs'), ctx);
    expect(s07.skipped.map((x) => x.score)).toContain('Revised Tokuhashi score (2005)');
  });
  it('every entry is valid FHIR R4; Observations are conditional creates on their identifier', () => {
    for (const e of plan.transaction!.entry!) expect(validateR4(e.resource!)).toEqual([]);
    expect(validateR4(plan.transaction!)).toEqual([]);
    const first = plan.transaction!.entry![0]!;
    const identifier = (first.resource as Observation).identifier![0]!.value;
    expect(first.request).toEqual({
      method: 'POST',
      url: 'Observation',
      ifNoneExist: `identifier=${OBSERVATION_ID_SYSTEM}|${identifier}`,
    });
  });
  it('Provenance: author is the fhirUser, the software is an identifier-only agent, targets are the urn:uuids', () => {
    const prov = plan.transaction!.entry!.at(-1)!.resource as Provenance;
    expect(prov.agent[0]!.who).toEqual({ reference: 'Practitioner/prac-77' });
    expect(prov.agent[1]!.who.identifier?.value).toMatch(/^spinescore-/);
    expect(prov.target.map((t) => t.reference)).toEqual(
      plan.transaction!.entry!.slice(0, -1).map((e) => e.fullUrl),
    );
  });
  it("the same assessment saved again later yields the same transaction keys; another patient's, other keys", () => {
    const keys = (p: typeof plan) =>
      p.transaction!.entry!.map((e) => e.request!.ifNoneExist).filter(Boolean);
    const again = planWriteback(a, { ...ctx, issued: '2026-11-22T00:00:00Z' });
    expect(keys(again)).toEqual(keys(plan));
    const other = keys(planWriteback(assessScenario('s03-renal-l3-potentially-unstable'), ctx));
    expect(other.length).toBeGreaterThan(0);
    expect(other.filter((k) => keys(plan).includes(k))).toEqual([]);
  });
});
