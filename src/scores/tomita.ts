import type { Fact } from '../provenance/fact.js';
import type { PrimaryCancer, TomitaGrowth } from '../clinical/primary-site.js';
import { tomitaGrowth } from '../clinical/primary-site.js';
import type { LesionCount, VisceralDisease } from '../clinical/disease-extent.js';
import { describeCount } from '../clinical/disease-extent.js';
import { SCORE_CITATIONS } from './citations.js';
import { item } from './define.js';
import { buildScore, missing, resolved, type ItemResolution } from './score-kit.js';
import type { ScoreDef, ScoreResult } from './types.js';

export const TOMITA: ScoreDef = {
  id: 'tomita',
  name: 'Tomita score (2001)',
  totalCode: 'tomita-total',
  methodCode: 'tomita-method-2001',
  methodDisplay: 'Tomita surgical strategy score as published in Spine 2001',
  citation: SCORE_CITATIONS.tomita,
  direction: 'higher-worse',
  verification: 'secondary',
  range: { min: 2, max: 10 },
  items: [
    item('primary', 'tomita-primary', 'Primary tumour growth', [
      ['slow', 'Slow growth (e.g. breast, thyroid, prostate)', 1],
      ['moderate', 'Moderate growth (e.g. kidney, uterus)', 2],
      ['rapid', 'Rapid growth (e.g. lung, stomach) or primary unknown', 4],
    ]),
    item('visceral', 'tomita-visceral', 'Visceral metastases', [
      ['none', 'None', 0],
      ['treatable', 'Treatable', 2],
      ['untreatable', 'Untreatable', 4],
    ]),
    item('bone', 'tomita-bone', 'Bone metastases (including spinal)', [
      ['solitary', 'Solitary or isolated', 1],
      ['multiple', 'Multiple', 2],
    ]),
  ],
  bands: [
    {
      code: 'tomita-band-2-3',
      min: 2,
      max: 3,
      label: '2–3: long-term local control',
      meaning: 'Wide or marginal excision (e.g. total en bloc spondylectomy)',
    },
    {
      code: 'tomita-band-4-5',
      min: 4,
      max: 5,
      label: '4–5: middle-term local control',
      meaning: 'Marginal or intralesional excision',
    },
    {
      code: 'tomita-band-6-7',
      min: 6,
      max: 7,
      label: '6–7: short-term palliation',
      meaning: 'Palliative surgery',
    },
    {
      code: 'tomita-band-8-10',
      min: 8,
      max: 10,
      label: '8–10: terminal care',
      meaning: 'Supportive (non-operative) care',
    },
  ],
  notes: [
    'Rapid growth scores 4 as in the original (one review prints 3; that contradicts the ' +
      '2–10 range).',
  ],
};

export interface TomitaInputs {
  primary?: Fact<PrimaryCancer>;
  /** Clinician's growth class; overrides the example mapping from the primary site. */
  growth?: Fact<TomitaGrowth>;
  visceral?: Fact<VisceralDisease>;
  vertebral?: Fact<LesionCount>;
  extraspinalBone?: Fact<LesionCount>;
}

export function tomita(inp: TomitaInputs): ScoreResult {
  const warnings: string[] = [];
  const primary = (): ItemResolution => {
    if (inp.growth)
      return resolved(
        `tomita-primary-${inp.growth.value}`,
        `${inp.growth.value} growth (clinician)`,
        inp.growth,
      );
    if (!inp.primary) return missing('primary cancer not recorded');
    const g = tomitaGrowth(inp.primary.value);
    if (g.unverified)
      warnings.push(`Tomita growth class for ${inp.primary.value.site} is UNVERIFIED: confirm it.`);
    return resolved(
      g.categories.map((c) => `tomita-primary-${c}`),
      g.reason,
      inp.primary,
    );
  };
  const visceral = (): ItemResolution => {
    const f = inp.visceral;
    if (!f) return missing('visceral metastases not recorded or confirmed');
    if (f.value.sites.length > 0) {
      if (f.value.treatable === undefined)
        return resolved(
          ['tomita-visceral-treatable', 'tomita-visceral-untreatable'],
          `metastases in ${f.value.sites.join(', ')}; treatability not assessed`,
          f,
        );
      return resolved(
        f.value.treatable ? 'tomita-visceral-treatable' : 'tomita-visceral-untreatable',
        `${f.value.sites.join(', ')}: ${f.value.treatable ? 'treatable' : 'untreatable'}`,
        f,
      );
    }
    if (f.value.complete)
      return resolved('tomita-visceral-none', 'no visceral metastases (confirmed)', f);
    return missing('no visceral metastasis recorded, but absence not confirmed');
  };
  const bone = (): ItemResolution =>
    skeletalSolitary(
      inp.vertebral,
      inp.extraspinalBone,
      'tomita-bone-solitary',
      'tomita-bone-multiple',
    );
  return buildScore(
    TOMITA,
    { primary: primary(), visceral: visceral(), bone: bone() },
    { warnings },
  );
}

/**
 * Solitary vs multiple skeletal lesions (spine + extraspinal); shared by Tomita, Katagiri and
 * Bauer.
 */
export function skeletalSolitary(
  vertebral: Fact<LesionCount> | undefined,
  extraspinal: Fact<LesionCount> | undefined,
  solitary: string,
  multiple: string,
): ItemResolution {
  const known = (vertebral?.value.atLeast ?? 0) + (extraspinal?.value.atLeast ?? 0);
  const reason =
    `skeletal lesions: spine ${vertebral ? describeCount(vertebral.value) : 'unknown'}, ` +
    `extraspinal ${extraspinal ? describeCount(extraspinal.value) : 'unknown'}`;
  if (known >= 2) return resolved(multiple, reason, vertebral, extraspinal);
  if (known === 1 && vertebral?.value.exact && extraspinal?.value.exact)
    return resolved(solitary, reason, vertebral, extraspinal);
  if (!vertebral && !extraspinal) return missing('skeletal lesions not recorded');
  return resolved(
    [solitary, multiple],
    `${reason}; solitary only if both counts are confirmed`,
    vertebral,
    extraspinal,
  );
}
