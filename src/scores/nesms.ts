import type { Fact } from '../provenance/fact.js';
import type { Ambulation } from '../clinical/neuro.js';
import { SCORE_CITATIONS } from './citations.js';
import { item } from './define.js';
import { buildScore, missing, resolved, type ItemResolution } from './score-kit.js';
import type { ScoreDef, ScoreResult } from './types.js';

export const NESMS: ScoreDef = {
  id: 'nesms',
  name: 'New England Spinal Metastasis Score (NESMS)',
  totalCode: 'nesms-total',
  methodCode: 'nesms-method-2016',
  methodDisplay: 'NESMS (Ghori 2015, Schoenfeld 2016), capped at 3',
  citation: SCORE_CITATIONS.nesms,
  direction: 'higher-better',
  verification: 'secondary',
  range: { min: 0, max: 3 },
  items: [
    item('modifiedBauer', 'nesms-bauer', 'Modified Bauer score ≥ 3', [
      ['yes', 'Yes', 2],
      ['no', 'No', 0],
    ]),
    item('ambulation', 'nesms-ambulation', 'Independent ambulator', [
      ['yes', 'Yes', 1],
      ['no', 'No', 0],
    ]),
    item('albumin', 'nesms-albumin', 'Serum albumin ≥ 3.5 g/dL', [
      ['yes', 'Yes', 1],
      ['no', 'No', 0],
    ]),
  ],
  bands: [
    { code: 'nesms-0', min: 0, max: 0, label: 'NESMS 0', meaning: 'Lowest 1-year survival group' },
    {
      code: 'nesms-1',
      min: 1,
      max: 1,
      label: 'NESMS 1',
      meaning: '1-year mortality OR 31.3 vs NESMS 3 (Schoenfeld 2021)',
    },
    {
      code: 'nesms-2',
      min: 2,
      max: 2,
      label: 'NESMS 2',
      meaning: '1-year mortality OR 7.04 vs NESMS 3 (Schoenfeld 2021)',
    },
    { code: 'nesms-3', min: 3, max: 3, label: 'NESMS 3', meaning: 'Reference (best) group' },
  ],
  notes: [
    'Published range is 0–3 but the weights sum to 4: the total is capped at 3 and ' +
      "flagged (UNVERIFIED that capping is the authors' rule).",
  ],
};

export interface NesmsInputs {
  /** Modified Bauer total range. */
  modifiedBauer?: { min: number; max: number; fact?: Fact<unknown> };
  /** Possible ambulation states (a Frankel D patient may walk independently or with an aid). */
  ambulation?: Fact<readonly Ambulation[]>;
  albuminGDl?: Fact<number>;
}

export function nesms(
  inp: NesmsInputs,
): ScoreResult & { raw: { min: number; max: number }; capped: boolean } {
  const bauer = (): ItemResolution => {
    const b = inp.modifiedBauer;
    if (!b) return missing('modified Bauer score not available');
    const answers = [
      ...new Set([b.min, b.max].map((v) => (v >= 3 ? 'nesms-bauer-yes' : 'nesms-bauer-no'))),
    ];
    return resolved(
      answers,
      `modified Bauer ${b.min === b.max ? b.min : `${b.min}–${b.max}`}`,
      b.fact,
    );
  };
  const ambulation = (): ItemResolution => {
    if (!inp.ambulation || inp.ambulation.value.length === 0)
      return missing('ambulatory status not recorded');
    const answers = [
      ...new Set(
        inp.ambulation.value.map((a) =>
          a === 'independent' ? 'nesms-ambulation-yes' : 'nesms-ambulation-no',
        ),
      ),
    ];
    return resolved(answers, `ambulation: ${inp.ambulation.value.join(' or ')}`, inp.ambulation);
  };
  const albumin = (): ItemResolution => {
    if (!inp.albuminGDl) return missing('no serum albumin result');
    return resolved(
      inp.albuminGDl.value >= 3.5 ? 'nesms-albumin-yes' : 'nesms-albumin-no',
      `albumin ${inp.albuminGDl.value} g/dL`,
      inp.albuminGDl,
    );
  };
  const result = buildScore(
    NESMS,
    { modifiedBauer: bauer(), ambulation: ambulation(), albumin: albumin() },
    { total: (x) => Math.min(x, 3) },
  );
  const raw = {
    min: result.items.reduce((s, i) => s + i.min, 0),
    max: result.items.reduce((s, i) => s + i.max, 0),
  };
  if (raw.max === 4)
    result.warnings.push('Raw NESMS can reach 4; capped at 3 (published range 0–3).');
  return { ...result, raw, capped: result.complete && raw.min === 4 };
}
