import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assessPatient } from '../../src/assess/assess.js';
import { scoreAll } from '../../src/assess/score-all.js';
import { cohortPatient } from '../../src/synthetic/cohort.js';
import { SCENARIO_REFERENCE_DATE, SCENARIOS } from '../../src/synthetic/scenarios.js';
import { VIGNETTES } from '../../src/synthetic/vignettes.js';
import { recommend } from '../../src/recommend/index.js';
import { approach, approachTop } from '../../src/recommend/approach.js';
import {
  candidacyLeaf,
  nonOperative,
  stagingToConfirm,
  withExcisional,
} from '../../src/recommend/candidacy.js';
import {
  certainties,
  decide,
  decideAll,
  resultsOf,
  unmemoised,
} from '../../src/recommend/engine/decide.js';
import {
  domainOf,
  INPUT_DEFS,
  INPUT_IDS,
  type InputId,
} from '../../src/recommend/engine/inputs.js';
import type {
  InputState,
  InputStates,
  InputStatus,
} from '../../src/recommend/engine/read-inputs.js';
import { APPROACH_RULES } from '../../src/recommend/rules/approach-rules.js';
import {
  CANDIDACY_RULES,
  CATEGORY_ROWS,
  excisionalCriteria,
} from '../../src/recommend/rules/candidacy-rules.js';
import { CANDIDACY_ORDER, URGENCY_ORDER } from '../../src/recommend/types.js';

/**
 * The engine memoises each exploration on the values of the inputs it reads (engine/decide.ts), so
 * charts that differ elsewhere share it. The property: with the memo warm from other charts, every
 * engine answer equals the one computed fresh (memo off), on generated input states (stale and
 * conflicting inputs with recorded values of their own included) and on assessed patients.
 */

/** One input: mostly known (so charts share keys), sometimes open, stale or in conflict. */
function inputState(id: InputId): fc.Arbitrary<InputState> {
  const domain = domainOf(id);
  const subset = fc.subarray(domain, { minLength: 1 });
  const base = (status: InputStatus, possible: string[], recorded: string[]): InputState => ({
    id,
    label: INPUT_DEFS[id].label,
    status,
    possible,
    recorded,
    detail: `${id} ${status}`,
    sources: [],
    action: INPUT_DEFS[id].action,
  });
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...domain).map((v) => base('known', [v], [v])) },
    { weight: 2, arbitrary: fc.constant(base('missing', domain, domain)) },
    {
      weight: 1,
      arbitrary: subset.map((v) => base(v.length === 1 ? 'known' : 'indeterminate', v, v)),
    },
    { weight: 1, arbitrary: subset.map((r) => base('stale', domain, r)) },
    { weight: 1, arbitrary: fc.tuple(subset, subset).map(([p, r]) => base('conflict', p, r)) },
  );
}

const statesArb: fc.Arbitrary<InputStates> = fc.record(
  Object.fromEntries(INPUT_IDS.map((id) => [id, inputState(id)])) as Record<
    InputId,
    fc.Arbitrary<InputState>
  >,
);

const CANDIDACY_WHEN = CANDIDACY_RULES.map((r) => r.when);
const CATEGORY_WHEN = CATEGORY_ROWS.map((r) => r.when);
const APPROACH_WHEN = APPROACH_RULES.map((r) => r.when);
const PARTS = {
  category: { pick: (l: ReturnType<typeof candidacyLeaf>) => l.category, order: CANDIDACY_ORDER },
  urgency: { pick: (l: ReturnType<typeof candidacyLeaf>) => l.urgency, order: URGENCY_ORDER },
};

/** Every memoised entry point of the engine on one chart (the production table names included). */
function engineAnswers(states: InputStates) {
  const excisional = withExcisional(states);
  // A function with a closure value: the value is part of its memo key (its own, not production's).
  const nonOp = (contra: boolean) =>
    decide(states, `test:non-operative:${contra}`, nonOperative(contra), ['yes', 'no'] as const);
  return {
    excisional: excisional.excisional,
    staging: stagingToConfirm(states),
    criteria: resultsOf(states, 'excisional', (g) => (excisionalCriteria(g) ? 'met' : 'not-met')),
    candidacy: decideAll(excisional, 'candidacy', candidacyLeaf, PARTS),
    rules: certainties(excisional, 'candidacy-rules', CANDIDACY_WHEN),
    rows: certainties(excisional, 'category-rows', CATEGORY_WHEN),
    approachRules: certainties(excisional, 'approach-rules', APPROACH_WHEN),
    approach: approach(excisional),
    nonOp: [nonOp(false), nonOp(true)],
  };
}

describe('engine memo (keyed on the inputs each exploration reads)', () => {
  it('gives the answers computed fresh, on generated input states', () => {
    fc.assert(
      fc.property(statesArb, (states) => {
        // Fresh objects for the memoised run: nothing but the values may carry over.
        const memoised = engineAnswers(structuredClone(states));
        const again = engineAnswers(structuredClone(states));
        const fresh = unmemoised(() => engineAnswers(states));
        expect(memoised).toEqual(fresh);
        expect(again).toEqual(fresh);
      }),
      { numRuns: 300, seed: 21 },
    );
  });

  it('approachTop is the top of approach, without building the statements', () => {
    fc.assert(
      fc.property(statesArb, (states) => {
        const excisional = withExcisional(states);
        expect(approachTop(excisional)).toEqual(approach(excisional).top);
      }),
      { numRuns: 300, seed: 21 },
    );
  });

  it('gives the recommendations computed fresh, for assessed patients in any order', () => {
    const asOf = SCENARIO_REFERENCE_DATE;
    const charts = [
      ...VIGNETTES.map((v) => v.build().resources),
      ...SCENARIOS.map((s) => s.build().resources),
      ...Array.from({ length: 30 }, (_, i) => cohortPatient(i, asOf, 40)),
    ];
    const facts = charts.map((c) => assessPatient(c, { asOf }).facts);
    const fresh = facts.map((f) => unmemoised(() => recommend(f, scoreAll(f))));
    // Forward, then backward: each chart meets a memo warmed by different charts.
    for (const order of [facts.map((_, k) => k), facts.map((_, k) => facts.length - 1 - k)]) {
      for (const k of order) expect(recommend(facts[k]!, scoreAll(facts[k]!))).toEqual(fresh[k]);
    }
  });
});
