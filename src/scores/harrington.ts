import type { Fact } from '../provenance/fact.js';
import { SCORE_CITATIONS } from './citations.js';
import type { GradeResult, MissingInput } from './types.js';

/**
 * Harrington classification of spinal metastases (1986). scores.md §9 marks its content
 * UNVERIFIED (recalled), so every result carries verification "unverified".
 */
export type HarringtonClass = 'I' | 'II' | 'III' | 'IV' | 'V';
export const HARRINGTON: Record<HarringtonClass, { label: string; meaning: string }> = {
  I: {
    label: 'No significant neurological involvement',
    meaning: 'Non-operative: chemotherapy/hormonal therapy ± radiotherapy',
  },
  II: {
    label: 'Bone involvement without collapse or instability',
    meaning: 'Non-operative (radiotherapy ± systemic therapy)',
  },
  III: {
    label: 'Major neurological impairment without significant bone involvement',
    meaning: 'Radiotherapy (surgery if radioresistant or progression)',
  },
  IV: {
    label:
      'Vertebral collapse with mechanical pain or instability, without significant ' +
      'neurological compromise',
    meaning: 'Surgical stabilisation',
  },
  V: {
    label: 'Vertebral collapse or instability with major neurological impairment',
    meaning: 'Surgical decompression and stabilisation',
  },
};

export type BoneInvolvement = 'not-significant' | 'without-collapse' | 'collapse-or-instability';

export interface HarringtonInputs {
  /** Major neurological impairment (sensory or motor). */
  majorNeuroImpairment?: Fact<boolean>;
  bone?: Fact<BoneInvolvement>;
}

function classify(neuro: boolean, bone: BoneInvolvement): HarringtonClass {
  if (bone === 'collapse-or-instability') return neuro ? 'V' : 'IV';
  // bone involved without collapse + major deficit: classed III (no collapse); see
  // docs/decisions.md
  if (neuro) return 'III';
  return bone === 'without-collapse' ? 'II' : 'I';
}

export function harrington(inp: HarringtonInputs): GradeResult<HarringtonClass> {
  const missing: MissingInput[] = [];
  const neuros = inp.majorNeuroImpairment
    ? [inp.majorNeuroImpairment.value]
    : (missing.push({
        item: 'neuro',
        label: 'Major neurological impairment',
        reason: 'not recorded',
      }),
      [true, false]);
  const bones: BoneInvolvement[] = inp.bone
    ? [inp.bone.value]
    : (missing.push({ item: 'bone', label: 'Bone involvement', reason: 'not recorded' }),
      ['not-significant', 'without-collapse', 'collapse-or-instability']);
  const possible = [
    ...new Set(neuros.flatMap((n) => bones.map((b) => classify(n, b)))),
  ].sort() as HarringtonClass[];
  const grade = possible.length === 1 ? possible[0]! : null;
  return {
    id: 'harrington',
    name: 'Harrington classification (1986)',
    citation: SCORE_CITATIONS.harrington,
    verification: 'unverified',
    grade,
    possible,
    label: grade ? `Class ${grade}: ${HARRINGTON[grade].label}` : `Class ${possible.join(' or ')}`,
    meaning: grade ? HARRINGTON[grade].meaning : 'Undecided',
    reason: [
      inp.majorNeuroImpairment
        ? `major neurological impairment: ${inp.majorNeuroImpairment.value ? 'yes' : 'no'}`
        : '',
      inp.bone ? `bone: ${inp.bone.value}` : '',
    ]
      .filter(Boolean)
      .join('; '),
    facts: [inp.majorNeuroImpairment, inp.bone].filter((f): f is Fact<never> => f !== undefined),
    missing,
    notes: ['Class content is UNVERIFIED (recalled, scores.md §9): confirm before relying on it.'],
  };
}
