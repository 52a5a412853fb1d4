import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Observation, Resource } from 'fhir/r4';
import { assessPatient, type Assessment } from '../../src/assess/assess.js';
import { SCENARIO_REFERENCE_DATE, SCENARIOS } from '../../src/synthetic/scenarios.js';
import { VIGNETTES } from '../../src/synthetic/vignettes.js';
import { cohortPatient } from '../../src/synthetic/cohort.js';
import { PROJECT_CODESYSTEM } from '../../src/terminology/systems.js';
import { levelCoding } from '../../src/facts/body-sites.js';
import { INPUT_TABLE } from '../../src/inputs/input-table.js';
import type { SpineLevel } from '../../src/clinical/spine-levels.js';
import { candidacyLeaf } from '../../src/recommend/candidacy.js';
import { approach } from '../../src/recommend/approach.js';
import { readInputs } from '../../src/recommend/engine/read-inputs.js';
import { spinalMetastasisOnRecord, withExcisional } from '../../src/recommend/candidacy.js';
import { INPUT_IDS } from '../../src/recommend/engine/inputs.js';
import { extractFacts } from '../../src/facts/extract.js';
import { scoreAll } from '../../src/assess/score-all.js';
import { characterised } from '../../src/scores/sins.js';

/**
 * No decided answer depends on a missing input. Two properties:
 * 1. Chart level: add any clinician inputs the chart lacks (fresh, never contradicting a record);
 *    every answer still possible afterwards was possible before, so a decided answer stays.
 * 2. Engine level: fix every open decision input to any of its values; the decided category,
 *    urgency and top approach come out unchanged.
 */
const asOf = SCENARIO_REFERENCE_DATE;
const charts: Array<[string, Resource[]]> = [
  ...VIGNETTES.map((v) => [v.id, v.build().resources] as [string, Resource[]]),
  ...SCENARIOS.map((s) => [s.id, s.build().resources] as [string, Resource[]]),
  ...Array.from(
    { length: 12 },
    (_, i) => [`cohort-${i}`, cohortPatient(i, asOf, 40)] as [string, Resource[]],
  ),
];

const yesterday = new Date(Date.parse(asOf) - 86_400_000).toISOString().slice(0, 10);
let n = 0;
function obs(
  patient: string,
  code: string,
  value: Partial<Observation>,
  level?: SpineLevel,
): Observation {
  n += 1;
  return {
    resourceType: 'Observation',
    id: `added-${n}`,
    status: 'final',
    code: { coding: [{ system: PROJECT_CODESYSTEM, code }] },
    subject: { reference: `Patient/${patient}` },
    effectiveDateTime: yesterday,
    ...value,
    ...(level ? { bodySite: levelCoding(level) } : {}),
  };
}
const codeValue = (c: string): Partial<Observation> => ({
  valueCodeableConcept: { coding: [{ system: PROJECT_CODESYSTEM, code: c }] },
});
const answers = (k: keyof typeof INPUT_TABLE) =>
  ((INPUT_TABLE[k] as { answers?: ReadonlyArray<readonly [string, string]> }).answers ?? []).map(
    ([c]) => c,
  );
const SINS_ANSWERS: Record<string, string[]> = {
  'sins-pain': ['mechanical', 'occasional', 'none'],
  'sins-bone-lesion': ['lytic', 'mixed', 'blastic'],
  'sins-alignment': ['subluxation', 'deformity', 'normal'],
  'sins-collapse': ['gt50', 'lt50', 'none-gt50-involved', 'none'],
  'sins-posterolateral': ['bilateral', 'unilateral', 'none'],
};
const SINS_KEYS: Record<string, string> = {
  'sins-pain': 'pain',
  'sins-bone-lesion': 'boneLesion',
  'sins-alignment': 'alignment',
  'sins-collapse': 'collapse',
  'sins-posterolateral': 'posterolateral',
};

/**
 * Arbitrary completions of what the chart lacks: each missing input either stays missing or gets
 * any value.
 */
function completions(resources: Resource[], a: Assessment): fc.Arbitrary<Resource[]> {
  const f = a.facts;
  const st = readInputs(f, a.scores);
  const open = (id: keyof typeof st) => st[id].status === 'missing';
  const pid = f.patientId;
  const j = f.judgements;
  const opts: Array<fc.Arbitrary<Resource[]>> = [];
  const maybe = (arb: fc.Arbitrary<Resource[]>) =>
    opts.push(fc.oneof(fc.constant<Resource[]>([]), arb));
  const pickCode = (code: string, list: string[], level?: SpineLevel) =>
    maybe(fc.constantFrom(...list).map((c) => [obs(pid, code, codeValue(c), level)]));
  const pickBool = (code: string) =>
    maybe(fc.boolean().map((b) => [obs(pid, code, { valueBoolean: b })]));
  // A level listed as involved but not characterised is work-up, named as such (issue 19):
  // characterising
  // it may change the answer, so completions fill only the levels the decision already reads.
  for (const lesion of a.scores.sinsLesions.filter(
    (l) => characterised(l) || l.level === f.spine.indexLevel?.value || l === a.scores.sinsIndex,
  )) {
    const items = f.spine.sins[lesion.level] ?? {};
    for (const [code, list] of Object.entries(SINS_ANSWERS))
      if (!(items as Record<string, unknown>)[SINS_KEYS[code]!])
        pickCode(
          code,
          list.map((x) => `${code}-${x}`),
          lesion.level,
        );
    if (!f.spine.escc[lesion.level]) pickCode('escc-grade', answers('esccGrade'), lesion.level);
    if (!f.spine.lesionPosition[lesion.level])
      pickCode('lesion-position', answers('lesionPosition'), lesion.level);
  }
  if (!f.neuro) pickCode('frankel-grade', answers('frankel'));
  // Judgements take only values the decision input still allows: one that contradicts a record is a
  // conflict, not a completion.
  const allowed = (id: keyof typeof st, v: string) => st[id].possible.includes(v);
  const yesNo = (id: keyof typeof st, code: string) => {
    const vals = [true, false].filter((b) => allowed(id, b ? 'yes' : 'no'));
    if (vals.length > 1)
      maybe(fc.constantFrom(...vals).map((b) => [obs(pid, code, { valueBoolean: b })]));
  };
  if (!j.neuroProgressive) yesNo('progressive', 'neuro-deficit-progressive');
  if (!j.intractablePain) yesNo('intractablePain', 'pain-intractable');
  if (!j.painFromInstability) yesNo('mechanicalPain', 'pain-from-instability');
  if (!j.fitForSurgery) pickBool('fit-for-surgery');
  if (!j.expectedSurvival && st.survival.possible.length > 1)
    pickCode(
      'expected-survival',
      st.survival.possible.map((v) => `expected-survival-${v}`),
    );
  if (open('onset'))
    maybe(
      fc.integer({ min: 1, max: 400 }).map((hours) => [
        obs(pid, 'neuro-deficit-onset', {
          valueDateTime: new Date(Date.parse(asOf) - hours * 3_600_000).toISOString(),
        }),
      ]),
    );
  // Staging not on record keeps the excisional path closed by definition (docs/decisions.md,
  // "Excisional
  // path"): completing it is the work-up line and may open that path, so completions leave staging
  // alone.
  return fc.tuple(...opts).map((parts) => [...resources, ...parts.flat()]);
}

const subset = <T>(a: readonly T[], b: readonly T[]) => a.every((x) => b.includes(x));

describe('invariance: no decided answer depends on a missing input', () => {
  it.each(charts)('chart completions narrow, never change: %s', (_id, resources) => {
    const base = assessPatient(resources, { asOf });
    const c0 = base.recommendations.candidacy;
    if (c0.headline === 'deceased') return;
    const out = fc.check(
      fc.property(completions(resources, base), (more) => {
        const r = assessPatient(more, { asOf }).recommendations;
        const c = r.candidacy;
        return (
          subset(c.category.possible, c0.category.possible) &&
          subset(c.urgency.possible, c0.urgency.possible) &&
          subset(r.approach.top.possible, base.recommendations.approach.top.possible)
        );
      }),
      { numRuns: 15, seed: 20261201 },
    );
    if (out.failed) {
      const more = out.counterexample![0] as Resource[];
      const r = assessPatient(more, { asOf }).recommendations;
      const added = more.slice(resources.length).map((x) => {
        const o = x as Observation;
        const value =
          o.valueCodeableConcept?.coding?.[0]?.code ??
          o.valueBoolean ??
          o.valueInteger ??
          o.valueDateTime;
        return `${o.code.coding?.[0]?.code}=${JSON.stringify(value)}`;
      });
      expect.fail(
        `added ${added.join(', ')}: category ${r.candidacy.category.possible} (was ` +
          `${c0.category.possible}), urgency ${r.candidacy.urgency.possible} (was ` +
          `${c0.urgency.possible}), top ${r.approach.top.possible} (was ` +
          `${base.recommendations.approach.top.possible})`,
      );
    }
  });

  it.each(charts)(
    'engine: every value of every open input keeps a decided answer: %s',
    (_id, resources) => {
      const facts = extractFacts(resources, { asOf });
      if (facts.deceased || !spinalMetastasisOnRecord(facts)) return; // no recommendation is made
      const states = withExcisional(readInputs(facts, scoreAll(facts)));
      const base = assessPatient(resources, { asOf }).recommendations;
      const open = INPUT_IDS.filter((id) => states[id].possible.length > 1);
      if (!open.length) return;
      fc.assert(
        fc.property(
          fc.tuple(...open.map((id) => fc.constantFrom(...states[id].possible))),
          (values: string[]) => {
            const fixed = { ...states };
            open.forEach((id, k) => {
              fixed[id] = {
                ...states[id],
                possible: [values[k]!],
                recorded: [values[k]!],
                status: 'known',
              };
            });
            const leaf = candidacyLeaf((id) => fixed[id].possible[0]!);
            if (base.candidacy.category.value)
              expect(leaf.category).toBe(base.candidacy.category.value);
            if (base.candidacy.urgency.value)
              expect(leaf.urgency).toBe(base.candidacy.urgency.value);
            expect(base.candidacy.category.possible).toContain(leaf.category);
            if (base.approach.top.status === 'decided')
              expect(approach(fixed).top.value).toBe(base.approach.top.value);
          },
        ),
        { numRuns: 20, seed: 20261201 },
      );
    },
  );
});
