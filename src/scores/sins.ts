import type { Fact } from '../provenance/fact.js';
import type { SinsInputs } from '../clinical/sins-items.js';
import type { SpineLevel } from '../clinical/spine-levels.js';
import { sinsLocation } from '../clinical/spine-levels.js';
import { SCORE_CITATIONS } from './citations.js';
import { item } from './define.js';
import { buildScore, missing, resolved, type ItemResolution } from './score-kit.js';
import type { ScoreDef, ScoreResult } from './types.js';

export type { SinsInputs } from '../clinical/sins-items.js';

export const SINS: ScoreDef = {
  id: 'sins',
  name: 'Spinal Instability Neoplastic Score (SINS, 2010)',
  totalCode: 'sins-total',
  methodCode: 'sins-method-2010',
  methodDisplay: 'SINS as published by the Spine Oncology Study Group, 2010',
  citation: SCORE_CITATIONS.sins,
  direction: 'higher-worse',
  verification: 'verified',
  range: { min: 0, max: 18 },
  items: [
    item('location', 'sins-location', 'SINS location', [
      ['junctional', 'Junctional (occiput-C2, C7-T2, T11-L1, L5-S1)', 3],
      ['mobile', 'Mobile spine (C3-C6, L2-L4)', 2],
      ['semirigid', 'Semirigid (T3-T10)', 1],
      ['rigid', 'Rigid (S2-S5)', 0],
    ]),
    item('pain', 'sins-pain', 'SINS pain', [
      ['mechanical', 'Mechanical pain', 3],
      ['occasional', 'Occasional non-mechanical pain', 1],
      ['none', 'Pain-free lesion', 0],
    ]),
    item('boneLesion', 'sins-bone-lesion', 'SINS bone lesion quality', [
      ['lytic', 'Lytic', 2],
      ['mixed', 'Mixed lytic/blastic', 1],
      ['blastic', 'Blastic', 0],
    ]),
    item('alignment', 'sins-alignment', 'SINS radiographic spinal alignment', [
      ['subluxation', 'Subluxation/translation present', 4],
      ['deformity', 'De novo deformity (kyphosis/scoliosis)', 2],
      ['normal', 'Normal alignment', 0],
    ]),
    item('collapse', 'sins-collapse', 'SINS vertebral body collapse', [
      ['gt50', 'Collapse over 50%', 3],
      ['lt50', 'Collapse under 50%', 2],
      ['none-gt50-involved', 'No collapse with over 50% of body involved', 1],
      ['none', 'None of the above', 0],
    ]),
    item(
      'posterolateral',
      'sins-posterolateral',
      'SINS posterolateral involvement of spinal elements',
      [
        ['bilateral', 'Bilateral', 3],
        ['unilateral', 'Unilateral', 1],
        ['none', 'None of the above', 0],
      ],
    ),
  ],
  bands: [
    { code: 'sins-stable', min: 0, max: 6, label: 'Stable (SINS 0-6)', meaning: 'Stable' },
    {
      code: 'sins-indeterminate',
      min: 7,
      max: 12,
      label: 'Indeterminate, possibly impending instability (SINS 7-12)',
      meaning: 'Potentially unstable: surgical consultation recommended',
    },
    {
      code: 'sins-unstable',
      min: 13,
      max: 18,
      label: 'Unstable (SINS 13-18)',
      meaning: 'Unstable: surgical consultation recommended',
    },
  ],
  notes: [
    'SINS is per lesion; the patient-level summary is the highest lesion score.',
    'Pain type is clinical; the other five items come from CT (± MRI).',
  ],
};

function enumItem<T extends string>(
  f: Fact<T> | undefined,
  prefix: string,
  what: string,
): ItemResolution {
  if (!f) return missing(`${what} not recorded (imaging or clinical input needed)`);
  return resolved(`${prefix}-${f.value}`, `${what}: ${f.value}`, f);
}

export function sins(inp: SinsInputs): ScoreResult {
  const warnings: string[] = [];
  const location = (): ItemResolution => {
    if (!inp.level) return missing('lesion level not recorded');
    const loc = sinsLocation(inp.level.value);
    if (!loc) {
      warnings.push(`SINS does not define ${inp.level.value}; the location item cannot be scored.`);
      return missing(`${inp.level.value} is not defined by SINS`);
    }
    return resolved(`sins-location-${loc}`, `${inp.level.value}: ${loc}`, inp.level);
  };
  return buildScore(
    SINS,
    {
      location: location(),
      pain: enumItem(inp.pain, 'sins-pain', 'pain type'),
      boneLesion: enumItem(inp.boneLesion, 'sins-bone-lesion', 'bone lesion quality'),
      alignment: enumItem(inp.alignment, 'sins-alignment', 'spinal alignment'),
      collapse: enumItem(inp.collapse, 'sins-collapse', 'vertebral body collapse'),
      posterolateral: enumItem(
        inp.posterolateral,
        'sins-posterolateral',
        'posterolateral involvement',
      ),
    },
    { warnings },
  );
}

export interface LesionSins {
  level: SpineLevel;
  result: ScoreResult;
}

/**
 * Patient-level SINS: the lesion whose score can be highest (then whose lower bound is highest),
 * because instability anywhere drives the consultation (scores.md §3 "highest lesion score").
 */
/** A level characterised on imaging: at least one SINS item beyond its location is recorded. */
export function characterised(l: LesionSins): boolean {
  return l.result.items.some((i) => i.id !== 'location' && i.status !== 'missing');
}

export function worstSins(lesions: readonly LesionSins[]): LesionSins | undefined {
  return [...lesions].sort(
    (a, b) => b.result.range.max - a.result.range.max || b.result.range.min - a.result.range.min,
  )[0];
}
