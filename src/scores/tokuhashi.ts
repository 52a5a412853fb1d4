import type { Fact } from '../provenance/fact.js';
import type { PerformanceStatus } from '../clinical/performance.js';
import { kpsCategory, possibleKps } from '../clinical/performance.js';
import type { NeuroStatus } from '../clinical/neuro.js';
import { describeNeuro, toFrankelLetter } from '../clinical/neuro.js';
import type { PrimaryCancer } from '../clinical/primary-site.js';
import { tokuhashiSiteGroup } from '../clinical/primary-site.js';
import type { LesionCount, VisceralDisease } from '../clinical/disease-extent.js';
import {
  countCategories,
  describeCount,
  TOKUHASHI_MAJOR_ORGANS,
} from '../clinical/disease-extent.js';
import { SCORE_CITATIONS } from './citations.js';
import { item } from './define.js';
import { buildScore, missing, resolved, type ItemResolution } from './score-kit.js';
import type { ScoreDef, ScoreResult } from './types.js';

export const TOKUHASHI: ScoreDef = {
  id: 'tokuhashi-revised',
  name: 'Revised Tokuhashi score (2005)',
  totalCode: 'tokuhashi-revised-total',
  methodCode: 'tokuhashi-method-2005',
  methodDisplay: 'Revised Tokuhashi score as published in Spine 2005',
  citation: SCORE_CITATIONS.tokuhashi,
  direction: 'higher-better',
  verification: 'verified',
  range: { min: 0, max: 15 },
  items: [
    item('generalCondition', 'tokuhashi-gc', 'General condition (performance status, KPS)', [
      ['poor', 'Poor (KPS 10–40)', 0],
      ['moderate', 'Moderate (KPS 50–70)', 1],
      ['good', 'Good (KPS 80–100)', 2],
    ]),
    item('extraspinalBone', 'tokuhashi-extraspinal', 'Number of extraspinal bone metastasis foci', [
      ['3plus', '≥3', 0],
      ['1to2', '1–2', 1],
      ['0', '0', 2],
    ]),
    item('vertebral', 'tokuhashi-vertebral', 'Number of metastases in the vertebral body', [
      ['3plus', '≥3', 0],
      ['2', '2', 1],
      ['1', '1', 2],
    ]),
    item('visceral', 'tokuhashi-visceral', 'Metastases to the major internal organs', [
      ['unremovable', 'Unremovable', 0],
      ['removable', 'Removable', 1],
      ['none', 'No metastases', 2],
    ]),
    item('primary', 'tokuhashi-primary', 'Primary site of the cancer', [
      ['0', 'Lung, osteosarcoma, stomach, bladder, oesophagus, pancreas', 0],
      ['1', 'Liver, gallbladder, unidentified', 1],
      ['2', 'Others', 2],
      ['3', 'Kidney, uterus', 3],
      ['4', 'Rectum', 4],
      ['5', 'Thyroid, breast, prostate, carcinoid tumour', 5],
    ]),
    item('palsy', 'tokuhashi-palsy', 'Palsy (Frankel)', [
      ['complete', 'Complete (Frankel A, B)', 0],
      ['incomplete', 'Incomplete (Frankel C, D)', 1],
      ['none', 'None (Frankel E)', 2],
    ]),
  ],
  bands: [
    {
      code: 'tokuhashi-band-0-8',
      min: 0,
      max: 8,
      label: '0–8: expected survival < 6 months',
      meaning: 'Conservative treatment (palliative / non-operative)',
    },
    {
      code: 'tokuhashi-band-9-11',
      min: 9,
      max: 11,
      label: '9–11: expected survival ≥ 6 months',
      meaning:
        'Palliative surgery; excisional surgery only if a single spinal lesion and no ' +
        'metastases to major internal organs',
    },
    {
      code: 'tokuhashi-band-12-15',
      min: 12,
      max: 15,
      label: '12–15: expected survival ≥ 1 year',
      meaning: 'Excisional surgery',
    },
  ],
  notes: [
    'Survival bands are derivation-cohort estimates (2005), not a prediction for this patient.',
    'Vertebral item read as ≥3 = 0, 2 = 1, 1 = 2 (NICE reproduction); sacrum counts as ' +
      'one vertebra.',
  ],
};

export interface TokuhashiInputs {
  performance?: Fact<PerformanceStatus>;
  extraspinalBone?: Fact<LesionCount>;
  vertebral?: Fact<LesionCount>;
  visceral?: Fact<VisceralDisease>;
  primary?: Fact<PrimaryCancer>;
  neuro?: Fact<NeuroStatus>;
}

function generalCondition(f?: Fact<PerformanceStatus>): ItemResolution {
  if (!f) return missing('no Karnofsky or ECOG performance status');
  const kps = possibleKps(f.value);
  if (kps.length === 0) return missing('no Karnofsky or ECOG performance status');
  const cat = new Set(kps.map((k) => `tokuhashi-gc-${kpsCategory(k)}`));
  const what =
    f.value.kps !== undefined
      ? `KPS ${f.value.kps}`
      : `ECOG ${f.value.ecog} → KPS ${kps.join('–')}`;
  const reason = cat.size > 1 ? `${what} straddles two categories; record a Karnofsky score` : what;
  return resolved([...cat], reason, f);
}

export function visceralMajorOrgans(f?: Fact<VisceralDisease>): ItemResolution {
  if (!f) return missing('visceral metastases not recorded or confirmed');
  const major = f.value.sites.filter((s) => TOKUHASHI_MAJOR_ORGANS.includes(s));
  if (major.length > 0) {
    if (f.value.removable === undefined)
      return resolved(
        ['tokuhashi-visceral-unremovable', 'tokuhashi-visceral-removable'],
        `metastases in ${major.join(', ')}; removability not assessed`,
        f,
      );
    return resolved(
      f.value.removable ? 'tokuhashi-visceral-removable' : 'tokuhashi-visceral-unremovable',
      `${major.join(', ')}: ${f.value.removable ? 'removable' : 'unremovable'}`,
      f,
    );
  }
  if (f.value.complete)
    return resolved(
      'tokuhashi-visceral-none',
      'no metastases to lung, liver, kidney or brain (confirmed)',
      f,
    );
  return missing('no major-organ metastasis recorded, but absence not confirmed');
}

export function tokuhashiRevised(inp: TokuhashiInputs): ScoreResult {
  const palsy = (): ItemResolution => {
    const n = inp.neuro;
    if (!n) return missing('no Frankel (or ASIA) grade');
    const letter = toFrankelLetter(n.value);
    const code =
      letter === 'A' || letter === 'B'
        ? 'tokuhashi-palsy-complete'
        : letter === 'E'
          ? 'tokuhashi-palsy-none'
          : 'tokuhashi-palsy-incomplete';
    const mapped =
      n.value.system === 'asia'
        ? ' (mapped from AIS; approximate)'
        : n.value.system !== 'frankel'
          ? ` (collapsed to Frankel ${letter})`
          : '';
    return resolved(code, `${describeNeuro(n.value)}${mapped}`, n);
  };
  const counted = (
    f: Fact<LesionCount> | undefined,
    prefix: string,
    cats: ReadonlyArray<readonly [string, number, number]>,
    what: string,
  ): ItemResolution => {
    if (!f) return missing(`${what} not recorded`);
    const answers = countCategories(
      f.value,
      cats.map(([s, a, b]) => [`${prefix}-${s}`, a, b] as const),
    );
    return resolved(answers, `${what}: ${describeCount(f.value)}`, f);
  };
  const primary = (): ItemResolution => {
    if (!inp.primary) return missing('primary cancer not recorded');
    const g = tokuhashiSiteGroup(inp.primary.value);
    return resolved(
      g.categories.map((c) => `tokuhashi-primary-${c}`),
      g.reason,
      inp.primary,
    );
  };
  return buildScore(TOKUHASHI, {
    generalCondition: generalCondition(inp.performance),
    extraspinalBone: counted(
      inp.extraspinalBone,
      'tokuhashi-extraspinal',
      [
        ['0', 0, 0],
        ['1to2', 1, 2],
        ['3plus', 3, Infinity],
      ],
      'extraspinal bone foci',
    ),
    vertebral: (() => {
      if (inp.vertebral && inp.vertebral.value.atLeast === 0 && inp.vertebral.value.exact)
        return missing('no vertebral metastasis recorded: the score applies to spinal metastasis');
      return counted(
        inp.vertebral,
        'tokuhashi-vertebral',
        [
          ['1', 1, 1],
          ['2', 2, 2],
          ['3plus', 3, Infinity],
        ],
        'vertebral bodies involved',
      );
    })(),
    visceral: visceralMajorOrgans(inp.visceral),
    primary: primary(),
    palsy: palsy(),
  });
}
