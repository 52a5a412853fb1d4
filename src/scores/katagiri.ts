import type { Fact } from '../provenance/fact.js';
import type { PerformanceStatus } from '../clinical/performance.js';
import { possibleEcog } from '../clinical/performance.js';
import type { KatagiriGroup, PrimaryCancer } from '../clinical/primary-site.js';
import { katagiriGroup } from '../clinical/primary-site.js';
import type { LesionCount, VisceralDisease } from '../clinical/disease-extent.js';
import { KATAGIRI_DISSEMINATED } from '../clinical/disease-extent.js';
import type { KatagiriLabs } from '../clinical/labs.js';
import { SCORE_CITATIONS } from './citations.js';
import { item } from './define.js';
import { buildScore, missing, resolved, type ItemResolution } from './score-kit.js';
import { skeletalSolitary } from './tomita.js';
import type { ScoreDef, ScoreResult } from './types.js';

export type { KatagiriLabs } from '../clinical/labs.js';

export const KATAGIRI: ScoreDef = {
  id: 'katagiri-new',
  name: 'New Katagiri score (2014)',
  totalCode: 'katagiri-new-total',
  methodCode: 'katagiri-method-2014',
  methodDisplay: 'New Katagiri score as published in Cancer Medicine 2014',
  citation: SCORE_CITATIONS.katagiri,
  direction: 'higher-worse',
  verification: 'secondary',
  range: { min: 0, max: 10 },
  items: [
    item('primary', 'katagiri-primary', 'Primary lesion', [
      ['slow', 'Slow growth', 0],
      ['moderate', 'Moderate growth', 2],
      ['rapid', 'Rapid growth', 3],
    ]),
    item('visceral', 'katagiri-visceral', 'Visceral or cerebral metastases', [
      ['none', 'None', 0],
      ['nodular', 'Nodular visceral or cerebral metastasis', 1],
      ['disseminated', 'Disseminated (pleural, peritoneal or leptomeningeal)', 2],
    ]),
    item('labs', 'katagiri-labs', 'Laboratory data', [
      ['normal', 'Normal', 0],
      ['abnormal', 'Abnormal (CRP ≥ 0.4 mg/dL, LDH ≥ 250 IU/L or albumin < 3.7 g/dL)', 1],
      [
        'critical',
        'Critical (platelets < 100,000/µL, calcium ≥ 10.3 mg/dL or total bilirubin ≥ 1.4 mg/dL)',
        2,
      ],
    ]),
    item('ecog34', 'katagiri-ecog', 'ECOG performance status 3 or 4', [
      ['no', 'No', 0],
      ['yes', 'Yes', 1],
    ]),
    item('chemo', 'katagiri-chemo', 'Previous chemotherapy', [
      ['no', 'No', 0],
      ['yes', 'Yes', 1],
    ]),
    item('multipleSkeletal', 'katagiri-multiple', 'Multiple skeletal metastases', [
      ['no', 'No', 0],
      ['yes', 'Yes', 1],
    ]),
  ],
  bands: [
    {
      code: 'katagiri-band-low',
      min: 0,
      max: 3,
      label: 'Low risk (0–3)',
      meaning: 'Published survival (2014 cohort): 91% at 12 months, 78% at 24 months',
    },
    {
      code: 'katagiri-band-intermediate',
      min: 4,
      max: 6,
      label: 'Intermediate risk (4–6)',
      meaning:
        'Published survival (2014 cohort): 49% at 12 months (secondary source, not in ' +
        'the abstract)',
    },
    {
      code: 'katagiri-band-high',
      min: 7,
      max: 10,
      label: 'High risk (7–10)',
      meaning: 'Published survival (2014 cohort): 27% at 6 months, 6% at 12 months',
    },
  ],
  notes: [
    'Laboratory tiers do not add: any critical value gives 2.',
    'Survival figures are the 2014 derivation cohort; abstract-verified except the ' +
      "intermediate band's 49% at 12 months (secondary source).",
  ],
};

/** Lab values in the units the score was published in. */
export interface KatagiriInputs {
  primary?: Fact<PrimaryCancer>;
  /** Clinician's growth group; overrides the mapping from the primary site. */
  growth?: Fact<KatagiriGroup>;
  visceral?: Fact<VisceralDisease>;
  labs?: KatagiriLabs;
  performance?: Fact<PerformanceStatus>;
  previousChemotherapy?: Fact<boolean>;
  vertebral?: Fact<LesionCount>;
  extraspinalBone?: Fact<LesionCount>;
}

type Test = { key: keyof KatagiriLabs; label: string; op: '>=' | '<'; threshold: number };
const CRITICAL: Test[] = [
  { key: 'plateletsPerUl', label: 'platelets < 100,000/µL', op: '<', threshold: 100_000 },
  { key: 'calciumMgDl', label: 'calcium ≥ 10.3 mg/dL', op: '>=', threshold: 10.3 },
  { key: 'bilirubinMgDl', label: 'total bilirubin ≥ 1.4 mg/dL', op: '>=', threshold: 1.4 },
];
const ABNORMAL: Test[] = [
  { key: 'crpMgDl', label: 'CRP ≥ 0.4 mg/dL', op: '>=', threshold: 0.4 },
  { key: 'ldhUL', label: 'LDH ≥ 250 IU/L', op: '>=', threshold: 250 },
  { key: 'albuminGDl', label: 'albumin < 3.7 g/dL', op: '<', threshold: 3.7 },
];

/**
 * Whether a result meets a threshold: true, false, or null when a reported bound ("<0.5") straddles
 * it.
 * A bound `< x` means the value lies below x; `<= x` at or below; likewise above.
 */
export function meetsThreshold(f: Fact<number>, op: '>=' | '<', t: number): boolean | null {
  const v = f.value;
  const c = f.comparator;
  const lo = c === '<' || c === '<=' ? -Infinity : v;
  const hi = c === '>' || c === '>=' ? Infinity : v;
  const hiOpen = c === '<';
  if (op === '>=') {
    if (lo >= t) return true;
    if (hi < t || (hi === t && hiOpen)) return false;
    return null;
  }
  if (hi < t || (hi === t && hiOpen)) return true;
  if (lo >= t) return false;
  return null;
}

/** Exact comparisons in published units (scores.md §4: convert the value, never the threshold). */
export function katagiriLabItem(labs: KatagiriLabs = {}): ItemResolution {
  const facts = Object.values(labs).filter((f): f is Fact<number> => f !== undefined);
  const shown = (f: Fact<number>) => `${f.comparator ?? ''}${f.value}`;
  const evaluate = (tests: Test[]) => {
    const hits = tests
      .filter((t) => labs[t.key] && meetsThreshold(labs[t.key]!, t.op, t.threshold) === true)
      .map((t) => `${t.label} (${shown(labs[t.key]!)})`);
    // Not available, or reported as a bound that straddles the threshold.
    const unknown = tests
      .filter((t) => !labs[t.key] || meetsThreshold(labs[t.key]!, t.op, t.threshold) === null)
      .map((t) =>
        labs[t.key] ? `${t.key} ${shown(labs[t.key]!)} straddles the threshold` : t.key,
      );
    return { hits, unknown };
  };
  const crit = evaluate(CRITICAL);
  const abn = evaluate(ABNORMAL);
  if (facts.length === 0)
    return missing('no CRP, LDH, albumin, platelets, calcium or bilirubin result');
  if (crit.hits.length > 0)
    return resolved('katagiri-labs-critical', `critical: ${crit.hits.join(', ')}`, ...facts);
  const possible: string[] = [];
  if (abn.hits.length > 0) possible.push('katagiri-labs-abnormal');
  else {
    if (abn.unknown.length === 0) possible.push('katagiri-labs-normal');
    else possible.push('katagiri-labs-normal', 'katagiri-labs-abnormal');
  }
  if (crit.unknown.length > 0) possible.push('katagiri-labs-critical');
  // Unknown analytes that could still change the tier: abnormal ones only matter while none is
  // abnormal.
  const open = [...crit.unknown, ...(abn.hits.length ? [] : abn.unknown)];
  const parts = [
    abn.hits.length ? `abnormal: ${abn.hits.join(', ')}` : '',
    open.length ? `not decided: ${open.join(', ')}` : '',
  ].filter(Boolean);
  return resolved(possible, parts.join('; ') || 'all six analytes within limits', ...facts);
}

export function katagiriNew(inp: KatagiriInputs): ScoreResult {
  const warnings: string[] = [];
  const primary = (): ItemResolution => {
    if (inp.growth)
      return resolved(
        `katagiri-primary-${inp.growth.value}`,
        `${inp.growth.value} growth (clinician)`,
        inp.growth,
      );
    if (!inp.primary) return missing('primary cancer not recorded');
    const g = katagiriGroup(inp.primary.value);
    if (g.unverified)
      warnings.push(
        `Katagiri growth group for ${inp.primary.value.site} is UNVERIFIED: confirm it.`,
      );
    return resolved(
      g.categories.map((c) => `katagiri-primary-${c}`),
      g.reason,
      inp.primary,
    );
  };
  const visceral = (): ItemResolution => {
    const f = inp.visceral;
    if (!f) return missing('visceral or cerebral metastases not recorded or confirmed');
    const dissem = f.value.sites.filter((s) => KATAGIRI_DISSEMINATED.includes(s));
    if (dissem.length > 0)
      return resolved('katagiri-visceral-disseminated', `dissemination: ${dissem.join(', ')}`, f);
    if (f.value.sites.length > 0) {
      if (f.value.complete)
        return resolved('katagiri-visceral-nodular', `nodular: ${f.value.sites.join(', ')}`, f);
      return resolved(
        ['katagiri-visceral-nodular', 'katagiri-visceral-disseminated'],
        `nodular: ${f.value.sites.join(', ')}; dissemination not excluded`,
        f,
      );
    }
    if (f.value.complete)
      return resolved(
        'katagiri-visceral-none',
        'no visceral or cerebral metastases (confirmed)',
        f,
      );
    return missing('no visceral metastasis recorded, but absence not confirmed');
  };
  const ecog = (): ItemResolution => {
    if (!inp.performance) return missing('no ECOG or Karnofsky performance status');
    const e = possibleEcog(inp.performance.value);
    const answers = [
      ...new Set(e.map((x) => (x >= 3 && x <= 4 ? 'katagiri-ecog-yes' : 'katagiri-ecog-no'))),
    ];
    const what =
      inp.performance.value.ecog !== undefined
        ? `ECOG ${inp.performance.value.ecog}`
        : `KPS ${inp.performance.value.kps} → ECOG ${e.join('/')}`;
    return resolved(answers, what, inp.performance);
  };
  const chemo = (): ItemResolution => {
    if (!inp.previousChemotherapy)
      return missing('previous chemotherapy not recorded or confirmed');
    return resolved(
      inp.previousChemotherapy.value ? 'katagiri-chemo-yes' : 'katagiri-chemo-no',
      inp.previousChemotherapy.value
        ? 'previous chemotherapy'
        : 'no previous chemotherapy (confirmed)',
      inp.previousChemotherapy,
    );
  };
  return buildScore(
    KATAGIRI,
    {
      primary: primary(),
      visceral: visceral(),
      labs: katagiriLabItem(inp.labs),
      ecog34: ecog(),
      chemo: chemo(),
      multipleSkeletal: skeletalSolitary(
        inp.vertebral,
        inp.extraspinalBone,
        'katagiri-multiple-no',
        'katagiri-multiple-yes',
      ),
    },
    { warnings },
  );
}
