/**
 * The one table of clinician and imaging inputs that charts rarely code. Each row says what the
 * input is (code, display, definition, answers), how it is carried in an Observation (value type,
 * bodySite level), how it is read back (its reader, beside the row), where its fact lives in
 * ClinicalFacts, how the Inputs screen shows and enters it, and the decision inputs
 * (recommend/engine/inputs.ts) that read that fact directly.
 *
 * Built from it: the project CodeSystem and ValueSets (scores/codesystem.ts), the observation
 * reader (facts/extract-observations.ts), the writeback Observation
 * (writeback/input-observation.ts) and the Inputs screen (app/ui/Inputs.tsx). Adding an input
 * is one row here (with its reader); docs/architecture.md shows how.
 * SINS items are not rows: they reuse the SINS score's item codes and answers (scores/sins.ts).
 */
import type { Observation } from 'fhir/r4';
import { describeNeuro, type NeuroStatus } from '../clinical/neuro.js';
import { eq5dIndex } from '../clinical/eq5d.js';
import { isEsccGrade } from '../clinical/escc.js';
import type { SpineLevel } from '../clinical/spine-levels.js';
import { codeIn } from '../facts/fhir-read.js';
import type { ClinicalFacts, Judgements, StalenessLimits } from '../facts/types.js';
import type { Fact } from '../provenance/fact.js';
import { PROJECT_CODESYSTEM } from '../terminology/systems.js';

type InputValueType = 'code' | 'boolean' | 'integer' | 'string' | 'dateTime';
type Answer = readonly [code: string, display: string];

/**
 * Where the fact an input becomes lives in ClinicalFacts. Per-level homes hold one fact per level;
 * the neurology rows share `neuro` (the newest grade on any scale; history.neuro keeps every one).
 */
export type FactHome =
  | 'spine.escc'
  | 'spine.lesionPosition'
  | 'spine.judgedUnstable'
  | 'spine.levels'
  | 'spine.indexLevel'
  | 'spine.vertebral'
  | 'spine.extraspinalBone'
  | 'neuro'
  | 'ambulation'
  | 'history.eq5d'
  // Any judgement: a yes/no row's key follows from its home (facts/types.ts, Judgements).
  | `judgements.${string}`;

/**
 * Where the Inputs screen offers it: `level` in the form of the selected vertebral level (`map`:
 * entered by clicking the spine diagram), `neurology`, `staging` (staging and prognosis) or
 * `judgement` (clinician judgements, yes/no).
 */
export type InputSection = 'map' | 'level' | 'neurology' | 'staging' | 'judgement';

/** A value read from an Observation, with the words its provenance shows. */
interface Reading {
  value: unknown;
  display: string;
}

export interface InputRow {
  code: string;
  display: string;
  definition: string;
  /** How the value is carried in the Observation. */
  value: InputValueType;
  /** Answer codes when value is `code`; each answer's value is its code after `answerPrefix-`. */
  answers?: readonly Answer[];
  /** The prefix of the answer codes when it is not the input code. */
  answerPrefix?: string;
  /** Integer inputs: the smallest and largest value. */
  range?: readonly [min: number, max?: number];
  /** String inputs: the form of a valid value. */
  pattern?: string;
  /** Needs Observation.bodySite (one vertebral level). */
  perLevel?: boolean;
  /** Only `true` is recorded (a level is marked); the screen shows a checkbox. */
  flag?: boolean;
  /** Neurology grades: the scale the grade is on. */
  scale?: NeuroStatus['system'];
  /** Observation.category. */
  category: 'imaging' | 'survey';
  section: InputSection;
  fact: FactHome;
  /** The staleness limit the fact is measured against (none: kept as entered). */
  stale?: keyof StalenessLimits;
  /** Decision inputs (recommend/engine/inputs.ts) that read this fact directly. */
  decides: readonly string[];
  /**
   * The Observation's value, checked against the domain. Throws on a value outside it (an issue
   * naming the resource); undefined when the Observation records nothing to use.
   */
  read: (o: Observation, level: SpineLevel | undefined) => Reading | undefined;
  /** The fact's value in words on the Inputs screen (defaults by value type). */
  shown?: (value: never, level: SpineLevel | undefined) => string;
}

/** The answer value of a coded Observation (`escc-grade-2` → `2`) when it is one of the row's. */
function answerValue(
  row: Pick<InputRow, 'code' | 'answers' | 'answerPrefix'>,
  o: Observation,
): string | undefined {
  const code = codeIn(o.valueCodeableConcept, PROJECT_CODESYSTEM);
  const prefix = `${row.answerPrefix ?? row.code}-`;
  return row.answers?.some(([c]) => c === code) && code?.startsWith(prefix)
    ? code.slice(prefix.length)
    : undefined;
}

/** The answer whose value is `value`. */
function answerFor(
  row: Pick<InputRow, 'code' | 'answers' | 'answerPrefix'>,
  value: string,
): Answer | undefined {
  return row.answers?.find(([c]) => c === `${row.answerPrefix ?? row.code}-${value}`);
}

/** An answer as the screen offers it: ESCC grades carry their grade, never a raw code. */
export function answerLabel(row: InputRow, [code, display]: Answer): string {
  return row.code === 'escc-grade'
    ? `ESCC ${code.slice('escc-grade-'.length)} — ${display}`
    : display;
}

/** Readers shared by several rows. */
function yesNo(code: string): InputRow['read'] {
  return (o) => {
    if (typeof o.valueBoolean !== 'boolean') throw new Error(`${code} needs valueBoolean`);
    return { value: o.valueBoolean, display: `${code}: ${o.valueBoolean ? 'yes' : 'no'}` };
  };
}
function coded(
  row: Pick<InputRow, 'code' | 'answers' | 'answerPrefix'>,
  what: (v: string) => string,
  error: string,
): InputRow['read'] {
  return (o) => {
    const v = answerValue(row, o);
    if (!v) throw new Error(error);
    return { value: v, display: what(v) };
  };
}
function count(code: string): InputRow['read'] {
  return (o) => {
    const v = typeof o.valueInteger === 'number' ? o.valueInteger : o.valueQuantity?.value;
    if (v === undefined || !Number.isInteger(v) || v < 0)
      throw new Error(`${code} needs a non-negative valueInteger`);
    return { value: v, display: `${code} ${v}` };
  };
}
function neuroGrade(
  row: Pick<InputRow, 'code' | 'answers'>,
  system: NeuroStatus['system'],
): InputRow['read'] {
  const grades = row.answers!.map(([c]) => c.slice(row.code.length + 1));
  return (o) => {
    const g = answerValue(row, o);
    if (!g) throw new Error(`${row.code} needs one of ${grades.join(', ')}`);
    const status = { system, grade: g } as NeuroStatus;
    return { value: status, display: describeNeuro(status) };
  };
}
const neuroShown = (row: Pick<InputRow, 'code' | 'answers'>) => (v: NeuroStatus) =>
  row.answers!.find(([c]) => c === `${row.code}-${v.grade}`)?.[1] ?? describeNeuro(v);
const yes = () => 'yes';
const countShown = (v: { atLeast: number; exact: boolean }) =>
  v.exact ? `${v.atLeast}` : `at least ${v.atLeast}`;

const escc = {
  code: 'escc-grade',
  display: 'Epidural spinal cord compression (Bilsky) grade',
  value: 'code',
  perLevel: true,
  answers: [
    ['escc-grade-0', 'Bone-only disease'],
    ['escc-grade-1a', 'Epidural impingement, no thecal sac deformation'],
    ['escc-grade-1b', 'Thecal sac deformation, no cord abutment'],
    ['escc-grade-1c', 'Thecal sac deformation with cord abutment, no compression'],
    ['escc-grade-2', 'Cord compression, CSF visible'],
    ['escc-grade-3', 'Cord compression, no CSF visible'],
  ],
  definition: 'ESCC grade on axial T2 MRI at the level of most severe compression (Bilsky 2010).',
} as const;
const position = {
  code: 'lesion-position',
  display: 'Position of the tumour in the vertebra',
  value: 'code',
  perLevel: true,
  answers: [
    ['lesion-position-body', 'Mainly vertebral body / anterior'],
    ['lesion-position-posterior', 'Mainly posterior elements (lamina, pedicle, spinous process)'],
    ['lesion-position-body-and-posterior', 'Vertebral body and lamina'],
    ['lesion-position-circumferential', 'Circumferential'],
  ],
  definition: 'Where the tumour sits in the vertebra, for the approach rules of CTJ2018.',
} as const;
const frankel = {
  code: 'frankel-grade',
  display: 'Frankel grade',
  value: 'code',
  answers: [
    ['frankel-grade-A', 'A: complete'],
    ['frankel-grade-B', 'B: sensory only'],
    ['frankel-grade-C', 'C: motor useless'],
    ['frankel-grade-D', 'D: motor useful'],
    ['frankel-grade-E', 'E: normal'],
  ],
  definition: 'Frankel grade (1969).',
} as const;
const frankelModified = {
  code: 'frankel-modified-motor',
  display: 'Modified Frankel grade (motor, D1–D3)',
  value: 'code',
  answers: [
    ['frankel-modified-motor-A', 'A'],
    ['frankel-modified-motor-B', 'B'],
    ['frankel-modified-motor-C', 'C'],
    ['frankel-modified-motor-D1', 'D1: motor 3+/5 and/or bowel or bladder dysfunction'],
    ['frankel-modified-motor-D2', 'D2: motor 3+ to 4+/5 and/or neurogenic bowel/bladder'],
    ['frankel-modified-motor-D3', 'D3: motor 4+ to 5/5, normal bowel/bladder'],
    ['frankel-modified-motor-E', 'E'],
  ],
  definition: 'Motor-grade modified Frankel used in UEI2018 (Table 2).',
} as const;
const asia = {
  code: 'asia-ais',
  display: 'ASIA Impairment Scale grade',
  value: 'code',
  answers: [
    ['asia-ais-A', 'A'],
    ['asia-ais-B', 'B'],
    ['asia-ais-C', 'C'],
    ['asia-ais-D', 'D'],
    ['asia-ais-E', 'E'],
  ],
  definition: 'AIS per ISNCSCI 2011.',
} as const;
const ambulation = {
  code: 'ambulatory-status',
  display: 'Ambulatory status',
  value: 'code',
  answers: [
    ['ambulatory-status-independent', 'Walks independently'],
    ['ambulatory-status-with-aid', 'Walks with an aid'],
    ['ambulatory-status-non-ambulatory', 'Non-ambulatory'],
  ],
  definition: 'Raw ambulatory status as recorded (scores.md §12d).',
} as const;
const expectedSurvival = {
  code: 'expected-survival',
  display: 'Expected survival (clinician estimate)',
  value: 'code',
  answers: [
    ['expected-survival-lt3m', 'Under 3 months'],
    ['expected-survival-3to6m', '3 to 6 months'],
    ['expected-survival-ge6m', '6 months or more'],
  ],
  definition:
    'Clinician estimate of survival; under 3 months is a relative contraindication to ' +
    'surgery (CTJ2018; Patchell 2005 eligibility).',
} as const;
const tomitaGrowth = {
  code: 'tomita-growth',
  display: 'Tomita primary growth class (clinician)',
  value: 'code',
  answerPrefix: 'tomita-primary',
  answers: [
    ['tomita-primary-slow', 'Slow'],
    ['tomita-primary-moderate', 'Moderate'],
    ['tomita-primary-rapid', 'Rapid'],
  ],
  definition: "Clinician growth class when the histology is outside Tomita's examples.",
} as const;

/** The rows, in the order the CodeSystem lists them. */
export const INPUT_TABLE = {
  esccGrade: {
    ...escc,
    category: 'imaging',
    section: 'level',
    fact: 'spine.escc',
    stale: 'imaging',
    decides: ['escc', 'esccIndex'],
    read: (o, level) => {
      const g = answerValue(escc, o);
      if (!g || !isEsccGrade(g)) throw new Error('escc-grade needs an escc-grade-… answer code');
      return { value: g, display: `ESCC ${g} at ${level}` };
    },
  },
  lesionPosition: {
    ...position,
    category: 'imaging',
    section: 'level',
    fact: 'spine.lesionPosition',
    stale: 'imaging',
    decides: ['position'],
    read: (o, level) =>
      coded(
        position,
        (p) => `lesion position ${p} at ${level}`,
        'lesion-position needs a lesion-position-… answer code',
      )(o, level),
  },
  indexLevel: {
    code: 'index-level',
    display: 'Index (treated) vertebral level',
    value: 'boolean',
    perLevel: true,
    flag: true,
    definition: 'The level the surgical question is about; bodySite carries the level, value true.',
    category: 'imaging',
    section: 'level',
    fact: 'spine.indexLevel',
    stale: 'imaging',
    decides: ['region'],
    read: (o, level) =>
      o.valueBoolean !== false && level
        ? { value: level, display: `index level ${level}` }
        : undefined,
    shown: (v: SpineLevel, level) => (v === level ? 'yes' : `no (index level ${v})`),
  },
  metastasisLevel: {
    code: 'vertebral-metastasis-level',
    display: 'Vertebral level with metastasis',
    value: 'boolean',
    perLevel: true,
    flag: true,
    definition: 'One Observation per involved level (value true), from imaging.',
    category: 'imaging',
    section: 'map',
    fact: 'spine.levels',
    stale: 'staging',
    decides: ['vertebral'],
    read: (o, level) =>
      o.valueBoolean !== false && level
        ? { value: level, display: `metastasis at ${level}` }
        : undefined,
    shown: yes,
  },
  vertebralCount: {
    code: 'vertebral-metastasis-count',
    display: 'Number of vertebrae with metastasis (confirmed)',
    value: 'integer',
    range: [0],
    definition: 'Confirmed count on whole-spine imaging; the sacrum counts as one.',
    category: 'imaging',
    section: 'staging',
    fact: 'spine.vertebral',
    stale: 'staging',
    decides: ['vertebral'],
    read: count('vertebral-metastasis-count'),
    shown: countShown,
  },
  extraspinalCount: {
    code: 'extraspinal-bone-count',
    display: 'Number of extraspinal bone metastasis foci (confirmed)',
    value: 'integer',
    range: [0],
    definition: 'Confirmed count on whole-body imaging; innumerable is entered as 3 or more.',
    category: 'imaging',
    section: 'staging',
    fact: 'spine.extraspinalBone',
    stale: 'staging',
    decides: ['extraspinal'],
    read: count('extraspinal-bone-count'),
    shown: countShown,
  },
  visceralComplete: {
    code: 'visceral-staging-complete',
    display: 'Visceral metastases staged: recorded sites are complete',
    value: 'boolean',
    definition:
      'True when staging confirms the recorded visceral sites are all there is (none if ' +
      'no site is recorded).',
    category: 'survey',
    section: 'judgement',
    fact: 'judgements.visceralComplete',
    stale: 'staging',
    decides: ['visceral'],
    read: yesNo('visceral-staging-complete'),
  },
  visceralRemovable: {
    code: 'visceral-removable',
    display: 'Visceral metastases removable (Tokuhashi)',
    value: 'boolean',
    definition:
      'Clinician judgement: metastases to major internal organs are resectable or ' +
      'curable by local therapy.',
    category: 'survey',
    section: 'judgement',
    fact: 'judgements.visceralRemovable',
    stale: 'staging',
    decides: [],
    read: yesNo('visceral-removable'),
  },
  visceralTreatable: {
    code: 'visceral-treatable',
    display: 'Visceral metastases treatable (Tomita)',
    value: 'boolean',
    definition: 'Clinician judgement: controllable by surgery, ablation or systemic therapy.',
    category: 'survey',
    section: 'judgement',
    fact: 'judgements.visceralTreatable',
    stale: 'staging',
    decides: [],
    read: yesNo('visceral-treatable'),
  },
  previousChemotherapy: {
    code: 'previous-chemotherapy',
    display: 'Previous cytotoxic chemotherapy',
    value: 'boolean',
    definition: 'Clinician confirmation of prior chemotherapy (Katagiri).',
    category: 'survey',
    section: 'judgement',
    fact: 'judgements.previousChemotherapy',
    decides: [],
    read: yesNo('previous-chemotherapy'),
  },
  pathologicalFracture: {
    code: 'pathological-fracture',
    display: 'Pathological fracture',
    value: 'boolean',
    definition: 'Pathological fracture present (Bauer).',
    category: 'survey',
    section: 'judgement',
    fact: 'judgements.pathologicalFracture',
    stale: 'imaging',
    decides: [],
    read: yesNo('pathological-fracture'),
  },
  frankel: {
    ...frankel,
    scale: 'frankel',
    category: 'survey',
    section: 'neurology',
    fact: 'neuro',
    stale: 'neuro',
    decides: ['neuro', 'progressive'],
    read: neuroGrade(frankel, 'frankel'),
    shown: neuroShown(frankel),
  },
  frankelModified: {
    ...frankelModified,
    scale: 'bradford-motor',
    category: 'survey',
    section: 'neurology',
    fact: 'neuro',
    stale: 'neuro',
    decides: ['neuro', 'progressive'],
    read: neuroGrade(frankelModified, 'bradford-motor'),
    shown: neuroShown(frankelModified),
  },
  asia: {
    ...asia,
    scale: 'asia',
    category: 'survey',
    section: 'neurology',
    fact: 'neuro',
    stale: 'neuro',
    decides: ['neuro', 'progressive'],
    read: neuroGrade(asia, 'asia'),
    shown: neuroShown(asia),
  },
  ambulation: {
    ...ambulation,
    category: 'survey',
    section: 'neurology',
    fact: 'ambulation',
    stale: 'neuro',
    decides: [],
    read: coded(
      ambulation,
      (a) => `ambulation ${a}`,
      'ambulatory-status needs an ambulatory-status-… answer code',
    ),
    shown: (v: readonly string[]) => v.map((a) => answerFor(ambulation, a)?.[1] ?? a).join(' or '),
  },
  neuroProgressive: {
    code: 'neuro-deficit-progressive',
    display: 'Progressive or significant neurological deficit',
    value: 'boolean',
    definition:
      'Significant or progressive deficit, or no recovery after 2 weeks of non-surgical ' +
      'treatment (CTJ2018, KANDA2021, UEI2018).',
    category: 'survey',
    section: 'judgement',
    fact: 'judgements.neuroProgressive',
    stale: 'neuro',
    decides: ['progressive'],
    read: yesNo('neuro-deficit-progressive'),
  },
  neuroDeficitOnset: {
    code: 'neuro-deficit-onset',
    display: 'Onset of the current motor deficit',
    value: 'dateTime',
    definition:
      'When the current motor loss began (Patchell 2005 excluded paraplegia of more than ' +
      '48 hours).',
    category: 'survey',
    section: 'neurology',
    fact: 'judgements.deficitOnset',
    decides: ['onset'],
    read: (o) => {
      const t = o.valueDateTime;
      if (!t || Number.isNaN(Date.parse(t)))
        throw new Error('neuro-deficit-onset needs valueDateTime');
      return { value: t, display: `deficit onset ${t}` };
    },
  },
  expectedSurvival: {
    ...expectedSurvival,
    category: 'survey',
    section: 'staging',
    fact: 'judgements.expectedSurvival',
    stale: 'performance',
    decides: ['survival'],
    read: coded(
      expectedSurvival,
      (v) => `expected survival ${v}`,
      'expected-survival needs an expected-survival-… answer code',
    ),
  },
  lungNoTargetedTherapy: {
    code: 'lung-no-targeted-therapy',
    display: 'Lung cancer without molecularly targeted therapy',
    value: 'boolean',
    definition:
      'Clinician confirmation for the Katagiri growth group: true = no targeted therapy ' +
      '(no actionable driver or none given).',
    category: 'survey',
    section: 'judgement',
    fact: 'judgements.lungNoTargetedTherapy',
    decides: [],
    read: yesNo('lung-no-targeted-therapy'),
  },
  intractablePain: {
    code: 'pain-intractable',
    display: 'Intractable pain despite conservative care',
    value: 'boolean',
    definition: 'Pain resistant to 2 weeks of analgesics including opioids (CTJ2018, KANDA2021).',
    category: 'survey',
    section: 'judgement',
    fact: 'judgements.intractablePain',
    stale: 'pain',
    decides: ['intractablePain'],
    read: yesNo('pain-intractable'),
  },
  painMechanical: {
    code: 'pain-from-instability',
    display: 'Pain from instability',
    value: 'boolean',
    definition: 'Mechanical pain attributed to instability (UEI2018).',
    category: 'survey',
    section: 'judgement',
    fact: 'judgements.painFromInstability',
    stale: 'pain',
    decides: ['mechanicalPain'],
    read: yesNo('pain-from-instability'),
  },
  impairedConsciousness: {
    code: 'impaired-consciousness-cerebral',
    display: 'Impaired consciousness from cerebral metastasis',
    value: 'boolean',
    definition: 'Relative contraindication (KANDA2021).',
    category: 'survey',
    section: 'judgement',
    fact: 'judgements.impairedConsciousness',
    stale: 'neuro',
    decides: [],
    read: yesNo('impaired-consciousness-cerebral'),
  },
  declinesSurgery: {
    code: 'declines-surgery',
    display: 'Patient declines surgery',
    value: 'boolean',
    definition: 'Relative contraindication (CTJ2018).',
    category: 'survey',
    section: 'judgement',
    fact: 'judgements.declinesSurgery',
    decides: ['declines'],
    read: yesNo('declines-surgery'),
  },
  fitForSurgery: {
    code: 'fit-for-surgery',
    display: 'Fit for surgery',
    value: 'boolean',
    definition:
      'Clinician judgement of general health and ability to tolerate surgery (NOMS S; CTJ2018).',
    category: 'survey',
    section: 'judgement',
    fact: 'judgements.fitForSurgery',
    stale: 'performance',
    decides: ['fitness'],
    read: yesNo('fit-for-surgery'),
  },
  reducedWillToLive: {
    code: 'reduced-will-to-live',
    display: 'Reduced will to live',
    value: 'boolean',
    definition: 'With PS ≥ 3 a relative contraindication (UEI2018).',
    category: 'survey',
    section: 'judgement',
    fact: 'judgements.reducedWillToLive',
    stale: 'performance',
    decides: [],
    read: yesNo('reduced-will-to-live'),
  },
  painResponsive: {
    code: 'pain-responsive-to-narcotics',
    display: 'Pain responsive to narcotics',
    value: 'boolean',
    definition: 'With life expectancy < 6 months a relative contraindication (UEI2018).',
    category: 'survey',
    section: 'judgement',
    fact: 'judgements.painResponsive',
    stale: 'pain',
    decides: ['intractablePain'],
    read: yesNo('pain-responsive-to-narcotics'),
  },
  sinsJudgedUnstable: {
    code: 'sins-judged-unstable',
    display: 'SINS 7–12 lesion judged unstable',
    value: 'boolean',
    perLevel: true,
    definition: 'Clinician judgement used by NOMS M for indeterminate SINS.',
    category: 'imaging',
    section: 'level',
    fact: 'spine.judgedUnstable',
    stale: 'imaging',
    decides: [],
    // Recorded without a yes or no, it says nothing (and is not an error).
    read: (o, level) =>
      typeof o.valueBoolean === 'boolean'
        ? {
            value: o.valueBoolean,
            display: `judged ${o.valueBoolean ? '' : 'not '}unstable at ${level}`,
          }
        : undefined,
  },
  tomitaGrowth: {
    ...tomitaGrowth,
    category: 'survey',
    section: 'staging',
    fact: 'judgements.tomitaGrowth',
    decides: [],
    read: coded(
      tomitaGrowth,
      (g) => `Tomita growth ${g}`,
      'tomita-growth needs a tomita-primary-… answer code',
    ),
  },
  osriPtp: {
    code: 'osri-ptp',
    display: 'OSRI primary tumour pathology group',
    value: 'integer',
    range: [1, 5],
    definition: 'PTP 1–5 from Balain 2013, entered by a clinician.',
    category: 'survey',
    section: 'staging',
    fact: 'judgements.osriPtp',
    decides: [],
    read: (o) => {
      const v = typeof o.valueInteger === 'number' ? o.valueInteger : o.valueQuantity?.value;
      if (v === undefined || ![1, 2, 3, 4, 5].includes(v))
        throw new Error('osri-ptp needs valueInteger 1–5');
      return { value: v, display: `OSRI PTP ${v}` };
    },
  },
  eq5dState: {
    code: 'eq5d-5l-state',
    display: 'EQ-5D-5L health state (MO SC UA PD AD)',
    value: 'string',
    pattern: '[1-5]{5}',
    definition: 'Five digits 1–5; the index is computed with a named value set.',
    category: 'survey',
    section: 'staging',
    fact: 'history.eq5d',
    stale: 'function',
    decides: [],
    read: (o) => {
      const s = o.valueString ?? '';
      const r = eq5dIndex(s);
      return { value: r, display: `EQ-5D-5L ${s} → ${r.index.toFixed(3)} (${r.valueSet})` };
    },
    shown: (v: { state: string; index: number }) => `${v.state} (index ${v.index.toFixed(3)})`,
  },
  hormoneDependent: {
    code: 'hormone-dependent',
    display: 'Hormone-dependent breast or prostate cancer',
    value: 'boolean',
    definition: 'Clinician confirmation for the Katagiri growth group.',
    category: 'survey',
    section: 'judgement',
    fact: 'judgements.hormoneDependent',
    decides: [],
    read: yesNo('hormone-dependent'),
  },
} as const satisfies Record<string, InputRow>;

export const INPUT_ROWS: readonly InputRow[] = Object.values(INPUT_TABLE);
export const INPUT_BY_CODE: ReadonlyMap<string, InputRow> = new Map(
  INPUT_ROWS.map((r) => [r.code, r]),
);

/** A fact value in the words of the Inputs screen ("yes", "Walks with an aid", "3"). */
export function shownValue(row: InputRow, value: unknown, level?: SpineLevel): string {
  if (row.shown)
    return (row.shown as (v: unknown, l: SpineLevel | undefined) => string)(value, level);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (row.value === 'code' && typeof value === 'string') {
    const a = answerFor(row, value);
    return a ? answerLabel(row, a) : value;
  }
  if (row.value === 'dateTime' && typeof value === 'string')
    return value.slice(0, 16).replace('T', ' ');
  return String(value);
}

/**
 * The fact an input became, from its home in ClinicalFacts: for a per-level input the one at
 * `level`; for a neurology grade the newest on that row's scale (the `neuro` fact is the newest on
 * any scale).
 */
export function inputFact(
  f: ClinicalFacts,
  row: InputRow,
  level?: SpineLevel,
): Fact<unknown> | undefined {
  const home = row.fact;
  if (home.startsWith('judgements.'))
    return f.judgements[home.slice('judgements.'.length) as keyof Judgements];
  switch (home) {
    case 'spine.escc':
      return level ? f.spine.escc[level] : undefined;
    case 'spine.lesionPosition':
      return level ? f.spine.lesionPosition[level] : undefined;
    case 'spine.judgedUnstable':
      return level ? f.spine.judgedUnstable[level] : undefined;
    case 'spine.levels':
      return f.spine.levels.find((l) => l.value === level);
    case 'spine.indexLevel':
      return f.spine.indexLevel;
    case 'spine.vertebral':
      return f.spine.vertebral;
    case 'spine.extraspinalBone':
      return f.spine.extraspinalBone;
    case 'neuro':
      return f.history.neuro.filter((x) => x.value.system === row.scale).at(-1);
    case 'ambulation':
      return f.ambulation;
    case 'history.eq5d':
      return f.history.eq5d.at(-1);
  }
  return undefined;
}
