import type { Fact } from '../provenance/fact.js';
import { SCORE_CITATIONS } from './citations.js';
import { item } from './define.js';
import { buildScore, missing, resolved, type ItemResolution } from './score-kit.js';
import type { ScoreDef, ScoreResult } from './types.js';

export const BARTHEL: ScoreDef = {
  id: 'barthel',
  name: 'Barthel Index (0–100)',
  totalCode: 'barthel-total',
  methodCode: 'barthel-method-1965',
  methodDisplay: 'Barthel Index, Mahoney & Barthel 1965, 0–100 weights',
  citation: SCORE_CITATIONS.barthel,
  direction: 'higher-better',
  verification: 'verified',
  range: { min: 0, max: 100 },
  items: [
    item('feeding', 'barthel-feeding', 'Feeding', [
      ['independent', 'Independent', 10],
      ['help', 'Needs help (cutting, spreading)', 5],
      ['unable', 'Unable', 0],
    ]),
    item('bathing', 'barthel-bathing', 'Bathing', [
      ['independent', 'Independent', 5],
      ['dependent', 'Dependent', 0],
    ]),
    item('grooming', 'barthel-grooming', 'Grooming', [
      ['independent', 'Independent', 5],
      ['help', 'Needs help', 0],
    ]),
    item('dressing', 'barthel-dressing', 'Dressing', [
      ['independent', 'Independent', 10],
      ['help', 'Needs help, does about half unaided', 5],
      ['dependent', 'Dependent', 0],
    ]),
    item('bowels', 'barthel-bowels', 'Bowels', [
      ['continent', 'Continent', 10],
      ['occasional', 'Occasional accident (≤ 1/week)', 5],
      ['incontinent', 'Incontinent (or needs enemas)', 0],
    ]),
    item('bladder', 'barthel-bladder', 'Bladder', [
      ['continent', 'Continent (or manages own catheter)', 10],
      ['occasional', 'Occasional accident (≤ 1/24 h)', 5],
      ['incontinent', 'Incontinent, or catheterised and unable to manage', 0],
    ]),
    item('toilet', 'barthel-toilet', 'Toilet use', [
      ['independent', 'Independent', 10],
      ['help', 'Needs some help', 5],
      ['dependent', 'Dependent', 0],
    ]),
    item('transfers', 'barthel-transfers', 'Transfers (bed to chair and back)', [
      ['independent', 'Independent', 15],
      ['minor', 'Minor help (verbal or physical)', 10],
      ['major', 'Major help (1–2 people), can sit', 5],
      ['unable', 'Unable, no sitting balance', 0],
    ]),
    item('mobility', 'barthel-mobility', 'Mobility on level surfaces', [
      ['independent', 'Independent (may use aid)', 15],
      ['help', 'Walks with help of one person', 10],
      ['wheelchair', 'Wheelchair-independent', 5],
      ['immobile', 'Immobile', 0],
    ]),
    item('stairs', 'barthel-stairs', 'Stairs', [
      ['independent', 'Independent', 10],
      ['help', 'Needs help', 5],
      ['unable', 'Unable', 0],
    ]),
  ],
  // Published bandings differ (scores.md §14): the product shows the number only. The one cited
  // threshold it uses is UEI2018's discharge-home criterion (≥ 70), applied in recommendations.
  bands: [
    {
      code: 'barthel-any',
      min: 0,
      max: 100,
      label: 'Barthel 0–100',
      meaning: 'Higher is more independent; no banding is applied',
    },
  ],
};

export type BarthelItemId =
  | 'feeding'
  | 'bathing'
  | 'grooming'
  | 'dressing'
  | 'bowels'
  | 'bladder'
  | 'toilet'
  | 'transfers'
  | 'mobility'
  | 'stairs';
/** Item points as recorded (0–100 weights); values not allowed for the item are refused. */
export type BarthelInputs = Partial<Record<BarthelItemId, Fact<number>>>;

export function barthel(inp: BarthelInputs): ScoreResult {
  const warnings: string[] = [];
  const resolutions: Record<string, ItemResolution> = {};
  for (const def of BARTHEL.items) {
    const f = inp[def.id as BarthelItemId];
    if (!f) {
      resolutions[def.id] = missing(`${def.display} not recorded`);
      continue;
    }
    const answer = def.answers.find((a) => a.points === f.value);
    if (!answer) {
      warnings.push(
        `${def.display}: ${f.value} is not an allowed value ` +
          `(${def.answers.map((a) => a.points).join('/')}); refused.`,
      );
      resolutions[def.id] = missing(`${def.display}: invalid value ${f.value}`);
      continue;
    }
    resolutions[def.id] = resolved(answer.code, `${def.display}: ${answer.display}`, f);
  }
  return buildScore(BARTHEL, resolutions, { warnings });
}
