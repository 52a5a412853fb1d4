import type { Fact } from '../provenance/fact.js';
import type { PrimaryCancer } from '../clinical/primary-site.js';
import { bauerFavourablePrimary, bauerNotLung } from '../clinical/primary-site.js';
import type { LesionCount, VisceralDisease } from '../clinical/disease-extent.js';
import { SCORE_CITATIONS } from './citations.js';
import { item } from './define.js';
import { buildScore, missing, resolved, type ItemResolution } from './score-kit.js';
import { skeletalSolitary } from './tomita.js';
import type { ItemDef, ScoreDef, ScoreResult } from './types.js';

const yesNo = (id: string, code: string, display: string): ItemDef =>
  item(id, code, display, [
    ['yes', 'Yes', 1],
    ['no', 'No', 0],
  ]);

const SHARED_ITEMS = (p: string): ItemDef[] => [
  yesNo('noVisceral', `${p}-no-visceral`, 'No visceral metastases (brain counted as visceral)'),
  yesNo('solitarySkeletal', `${p}-solitary`, 'Solitary skeletal metastasis'),
  yesNo('notLung', `${p}-not-lung`, 'Primary is not lung cancer'),
  yesNo(
    'favourablePrimary',
    `${p}-favourable-primary`,
    'Primary is breast, kidney, lymphoma or multiple myeloma',
  ),
];

export const BAUER_ORIGINAL: ScoreDef = {
  id: 'bauer-original',
  name: 'Bauer score (1995)',
  totalCode: 'bauer-total',
  methodCode: 'bauer-method-1995',
  methodDisplay: 'Bauer score as published in Acta Orthop Scand 1995',
  citation: SCORE_CITATIONS.bauer,
  direction: 'higher-better',
  verification: 'verified',
  range: { min: 0, max: 5 },
  items: [
    ...SHARED_ITEMS('bauer'),
    yesNo('noFracture', 'bauer-no-fracture', 'No pathological fracture'),
  ],
  bands: [
    {
      code: 'bauer-band-0-1',
      min: 0,
      max: 1,
      label: '0–1',
      meaning: 'Published cohort (1995): all died within 6 months',
    },
    {
      code: 'bauer-band-2-3',
      min: 2,
      max: 3,
      label: '2–3',
      meaning: 'Published cohort (1995): 1-year survival ≈ 25%',
    },
    {
      code: 'bauer-band-4-5',
      min: 4,
      max: 5,
      label: '4–5',
      meaning: 'Published cohort (1995): 1-year survival ≈ 50%',
    },
  ],
  notes: ['Bauer & Wedin attached no treatment recommendation to the bands.'],
};

export const BAUER_MODIFIED: ScoreDef = {
  id: 'bauer-modified',
  name: 'Modified Bauer score (Leithner 2008)',
  totalCode: 'bauer-modified-total',
  methodCode: 'bauer-modified-method-2008',
  methodDisplay: 'Modified Bauer score (pathological fracture removed), Leithner 2008',
  citation: SCORE_CITATIONS.bauerModified,
  direction: 'higher-better',
  verification: 'secondary',
  range: { min: 0, max: 4 },
  items: SHARED_ITEMS('bauer-modified'),
  bands: [
    {
      code: 'bauer-modified-band-0-1',
      min: 0,
      max: 1,
      label: '0–1: poor prognosis',
      meaning: 'Poor prognosis group',
    },
    {
      code: 'bauer-modified-band-2',
      min: 2,
      max: 2,
      label: '2: moderate prognosis',
      meaning: 'Moderate prognosis group',
    },
    {
      code: 'bauer-modified-band-3-4',
      min: 3,
      max: 4,
      label: '3–4: good prognosis',
      meaning: 'Good prognosis group',
    },
  ],
  notes: [
    'Survival per modified-Bauer group is UNVERIFIED (and reported as means); it is not shown.',
  ],
};

export interface BauerInputs {
  primary?: Fact<PrimaryCancer>;
  visceral?: Fact<VisceralDisease>;
  vertebral?: Fact<LesionCount>;
  extraspinalBone?: Fact<LesionCount>;
  pathologicalFracture?: Fact<boolean>;
}

function shared(p: string, inp: BauerInputs): Record<string, ItemResolution> {
  const visceral = (): ItemResolution => {
    const f = inp.visceral;
    if (!f) return missing('visceral metastases not recorded or confirmed');
    if (f.value.sites.length > 0)
      return resolved(`${p}-no-visceral-no`, `visceral metastases: ${f.value.sites.join(', ')}`, f);
    if (f.value.complete)
      return resolved(`${p}-no-visceral-yes`, 'no visceral metastases (confirmed)', f);
    return missing('no visceral metastasis recorded, but absence not confirmed');
  };
  const primaryItem = (
    test: (c: PrimaryCancer) => boolean,
    code: string,
    what: string,
  ): ItemResolution => {
    if (!inp.primary) return missing('primary cancer not recorded');
    const yes = test(inp.primary.value);
    return resolved(
      `${code}-${yes ? 'yes' : 'no'}`,
      `${inp.primary.value.site}: ${yes ? '' : 'not '}${what}`,
      inp.primary,
    );
  };
  return {
    noVisceral: visceral(),
    solitarySkeletal: skeletalSolitary(
      inp.vertebral,
      inp.extraspinalBone,
      `${p}-solitary-yes`,
      `${p}-solitary-no`,
    ),
    notLung: primaryItem(bauerNotLung, `${p}-not-lung`, 'other than lung'),
    favourablePrimary: primaryItem(
      bauerFavourablePrimary,
      `${p}-favourable-primary`,
      'breast, kidney, lymphoma or myeloma',
    ),
  };
}

export function bauerOriginal(inp: BauerInputs): ScoreResult {
  const f = inp.pathologicalFracture;
  const fracture: ItemResolution = f
    ? resolved(
        f.value ? 'bauer-no-fracture-no' : 'bauer-no-fracture-yes',
        f.value ? 'pathological fracture present' : 'no pathological fracture',
        f,
      )
    : missing('pathological fracture not recorded');
  return buildScore(BAUER_ORIGINAL, { ...shared('bauer', inp), noFracture: fracture });
}

export function bauerModified(inp: BauerInputs): ScoreResult {
  return buildScore(BAUER_MODIFIED, shared('bauer-modified', inp));
}

/**
 * The two versions disagree on the band in exactly two situations (scores.md §5); the product
 * shows both then.
 */
export function bauerVersionsDisagree(original: ScoreResult, modified: ScoreResult): boolean {
  if (!original.band || !modified.band) return false;
  const index = (r: ScoreResult, def: ScoreDef) =>
    def.bands.findIndex((b) => b.code === r.band!.code);
  return index(original, BAUER_ORIGINAL) !== index(modified, BAUER_MODIFIED);
}
