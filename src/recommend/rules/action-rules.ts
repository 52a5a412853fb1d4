/**
 * Standard actions and red flags beside the decision, as data (evidence.md §6). They are not part
 * of
 * the candidacy decision: each reads a few chart findings (ActionFacts, built once in actions.ts)
 * and
 * names its threshold and the source of that threshold (`basis`), so docs/rules.md and
 * docs/decisions.md come from this table. Where no source was read, `basis` says "convention".
 */
import type { RadiotherapyRecord } from '../../facts/types.js';
import { ANTI_ANGIOGENIC_WINDOW_DAYS } from '../../facts/drug-classes.js';
import type { ActionSuggestionKind, CandidacyCategory, PaperKey } from '../types.js';

/**
 * Total calcium at or above which the red flag shows, after correction for albumin (scores.md §4).
 */
export const CALCIUM_HIGH_MG_DL = 10.3;
/** Platelet count below which the red flag shows (scores.md §4). */
export const PLATELETS_LOW_PER_UL = 100_000;
/** Albumin (g/dL) Payne's correction takes as normal; the correction is applied below it only. */
export const PAYNE_REFERENCE_ALBUMIN_G_DL = 4.0;

/**
 * Calcium corrected for albumin (Payne 1973): measured Ca (mg/dL) + 0.8 × (4.0 − albumin g/dL).
 * Applied only when albumin is below 4.0 g/dL: above it the correction would lower the value and
 * hide a raised measured calcium (convention, docs/decisions.md). Rounded to 0.01 mg/dL.
 */
export function correctedCalciumMgDl(calciumMgDl: number, albuminGDl: number | undefined): number {
  if (albuminGDl === undefined || albuminGDl >= PAYNE_REFERENCE_ALBUMIN_G_DL) return calciumMgDl;
  return Math.round((calciumMgDl + 0.8 * (PAYNE_REFERENCE_ALBUMIN_G_DL - albuminGDl)) * 100) / 100;
}

/**
 * The chart findings the action rules read; built once per patient by `actionFacts` (actions.ts).
 */
export interface ActionFacts {
  /** High-grade ESCC (2 or 3) at any level and a neurological deficit (Frankel/AIS below E). */
  msccDeficit: boolean;
  /**
   * Lymphoma or myeloma: decided, not excluded (unknown primary, no primary recorded), or excluded.
   */
  haematological: 'yes' | 'possible' | 'no';
  /** Lymphoma or germ-cell tumour: systemic therapy is the primary treatment (ACTA2020). */
  chemotherapyFirst: boolean;
  unknownPrimary: boolean;
  /** Renal cell or thyroid primary. */
  hypervascular: boolean;
  /** The candidacy answer (actions.ts `answerOf`). */
  answer: CandidacyCategory | null;
  calcium?: { mgDl: number; corrected: boolean; high: boolean };
  platelets?: { perUl: number; low: boolean };
  /**
   * Radiotherapy at the index level (any involved level when no index is recorded), or at a level
   * not recorded.
   */
  priorRadiotherapy: RadiotherapyRecord[];
  /** Current anti-angiogenic drugs (src/facts/extract-therapy.ts). */
  antiAngiogenic: string[];
}

/** What a rule reads, for its inputs (with sources) and for docs/rules.md. */
export type ActionInput =
  | 'escc'
  | 'neuro'
  | 'primary'
  | 'calcium'
  | 'albumin'
  | 'platelets'
  | 'radiotherapy'
  | 'anti-angiogenic'
  | 'candidacy';

export interface ActionRule<Id extends string = string> {
  id: Id;
  kind: 'action' | 'red-flag';
  short: string | ((x: ActionFacts) => string);
  text: string | ((x: ActionFacts) => string);
  citations: readonly PaperKey[];
  /**
   * The threshold and where it comes from (a source read, the project's spec, or a stated
   * convention).
   */
  basis: string;
  reads: readonly ActionInput[];
  when: (x: ActionFacts) => boolean;
  suggestion?: { kind: ActionSuggestionKind; text: string };
}

const NON_SURGICAL: readonly CandidacyCategory[] = [
  'radiotherapy-first',
  'nonsurgical-first',
  'not-surgical-candidate',
];
const SURGICAL: readonly CandidacyCategory[] = ['surgical-consultation', 'excisional'];
const nonSurgical = (x: ActionFacts) => x.answer !== null && NON_SURGICAL.includes(x.answer);

const rtText = (r: RadiotherapyRecord) =>
  [
    r.levels.length ? r.levels.join(', ') : 'level not recorded',
    ...(r.date ? [r.date.slice(0, 10)] : []),
    r.doseGy !== undefined ? `${r.doseGy} Gy` : 'dose not recorded',
  ].join(', ');

const NG234_NOT_QUOTED =
  'NICE NG234 (its recommendations page could not be read here: action phrased, not ' +
  'quoted; docs/decisions.md)';

const ACTION_TABLE = [
  {
    id: 'action.mscc.corticosteroids',
    kind: 'action',
    short: 'Dexamethasone now',
    text:
      'Cord compression with a neurological deficit: dexamethasone as soon as possible ' +
      '(NICE NG234: 16 mg oral or the parenteral equivalent, then daily until surgery or ' +
      'radiotherapy), unless contraindicated.',
    citations: ['NICE-NG234'],
    basis:
      `High-grade ESCC (2–3) at any level and Frankel/AIS below E. ${NG234_NOT_QUOTED}; 16 ` +
      `mg as reported by secondary sources.`,
    reads: ['escc', 'neuro'],
    when: (x) => x.msccDeficit,
  },
  {
    id: 'action.mscc.haematology',
    kind: 'action',
    short: (x) =>
      x.haematological === 'yes'
        ? 'Haematology: steroid plan'
        : 'Lymphoma not excluded: haematology first',
    text: (x) =>
      x.haematological === 'yes'
        ? 'Haematological cancer with cord compression: discuss further corticosteroid ' +
          'treatment with the haematology team.'
        : 'Lymphoma is not excluded (primary unknown or not recorded): if lymphoma is ' +
          'suspected, discuss with haematology before corticosteroids, which can make the ' +
          'biopsy non-diagnostic.',
    citations: ['NICE-NG234'],
    basis:
      `Cord compression with a deficit and a haematological histology, or a primary that ` +
      `is unknown or not recorded. The exception for haematological cancer: ` +
      `${NG234_NOT_QUOTED}; steroid effect on the biopsy: convention.`,
    reads: ['escc', 'neuro', 'primary'],
    when: (x) => x.msccDeficit && x.haematological !== 'no',
  },
  {
    id: 'action.mscc.same-day-review',
    kind: 'action',
    short: 'Same-day spinal and oncology review',
    text:
      'Contact the MSCC coordinator today for same-day spinal surgical and clinical ' +
      'oncology review; whole-spine MRI and the treatment plan within 24 hours.',
    citations: ['NICE-NG234', 'NICE-QS56'],
    basis:
      'Cord compression with a deficit. QS56 statement 3 (read): whole-spine MRI and any ' +
      'necessary treatment plan agreed within 24 hours of the suspected diagnosis, for ' +
      'suspected MSCC with neurological symptoms or signs. Same-day contact of the MSCC ' +
      'coordinator: NG234 as summarised by its authors (BMJ 2023;383:p1973), not read in ' +
      'the guideline itself.',
    reads: ['escc', 'neuro'],
    when: (x) => x.msccDeficit,
    suggestion: {
      kind: 'stat-spine-referral',
      text: 'Stat referral to the spinal surgical team (MSCC coordinator) for same-day review',
    },
  },
  {
    id: 'action.mscc.radiotherapy-referral',
    kind: 'action',
    short: 'Radiotherapy referral today',
    text:
      'Cord compression with a deficit and no surgery planned: refer to clinical oncology ' +
      'today for radiotherapy (or systemic therapy first in a chemosensitive tumour).',
    citations: ['NICE-NG234'],
    basis:
      `Cord compression with a deficit and a non-surgical answer (radiotherapy first, ` +
      `radiotherapy/systemic first, not a surgical candidate). Radiotherapy for people not ` +
      `having surgery: ${NG234_NOT_QUOTED}.`,
    reads: ['escc', 'neuro', 'candidacy'],
    when: (x) => x.msccDeficit && nonSurgical(x),
    suggestion: {
      kind: 'radiotherapy-referral',
      text: 'Urgent referral to clinical oncology for radiotherapy',
    },
  },
  {
    id: 'action.mscc.palliative-care',
    kind: 'action',
    short: 'Supportive and palliative care',
    text:
      'Cord compression with a deficit and no surgery planned: involve supportive and ' +
      'palliative care (pain, function, rehabilitation, goals of care).',
    citations: ['NICE-NG234'],
    basis:
      `Cord compression with a deficit, a non-surgical answer, and not a lymphoma or ` +
      `germ-cell tumour (treated with curative intent by systemic therapy: convention). ` +
      `Supportive and palliative care: ${NG234_NOT_QUOTED}.`,
    reads: ['escc', 'neuro', 'candidacy', 'primary'],
    when: (x) => x.msccDeficit && nonSurgical(x) && !x.chemotherapyFirst,
    suggestion: { kind: 'palliative-care-referral', text: 'Referral to the palliative care team' },
  },
  {
    id: 'action.unknown-primary.biopsy',
    kind: 'action',
    short: 'Unknown primary: biopsy',
    text:
      'Unknown primary: obtain tissue (biopsy) before definitive treatment; histology ' +
      'decides radiosensitivity. Emergency decompression can provide the tissue; do not ' +
      'delay it for a biopsy.',
    citations: ['LAUFER2013'],
    basis:
      'The primary is recorded as unknown. evidence.md §6 (project spec): tissue decides ' +
      'radiosensitivity, the NOMS oncological column (LAUFER2013, as summarised in ' +
      'scores.md §11).',
    reads: ['primary'],
    when: (x) => x.unknownPrimary,
    suggestion: { kind: 'biopsy', text: 'Image-guided biopsy of the spinal lesion' },
  },
  {
    id: 'action.hypervascular.embolisation',
    kind: 'action',
    short: 'Consider pre-op embolisation',
    text:
      'Renal or thyroid primary (hypervascular): consider pre-operative embolisation ' +
      'before open surgery to reduce blood loss.',
    citations: ['EMBOLISATION1990'],
    basis:
      'Renal cell or thyroid primary and a surgical answer. Radiology 1990;176:683–686 ' +
      '(abstract read): preoperative embolization of vascular spinal metastases, ' +
      'particularly renal and thyroid, significantly decreases intraoperative blood loss.',
    reads: ['primary', 'candidacy'],
    when: (x) => x.hypervascular && x.answer !== null && SURGICAL.includes(x.answer),
  },
  {
    id: 'red-flag.hypercalcaemia',
    kind: 'red-flag',
    short: (x) => `Calcium ${x.calcium?.mgDl} mg/dL${x.calcium?.corrected ? ' corrected' : ''}`,
    text: (x) =>
      `Hypercalcaemia: ${x.calcium?.corrected ? 'albumin-corrected' : 'measured'} ` +
      `calcium ${x.calcium?.mgDl} mg/dL (≥ ${CALCIUM_HIGH_MG_DL}); treat and recheck ` +
      `before surgery or anaesthesia.`,
    citations: ['PAYNE1973'],
    basis:
      `Total calcium corrected for albumin (Payne 1973: Ca + 0.8 × (4.0 − albumin g/dL), ` +
      `applied when albumin < 4.0 g/dL; formula as given by calculators citing Payne) ≥ ` +
      `${CALCIUM_HIGH_MG_DL} mg/dL (2.57 mmol/L), the New Katagiri "critical" calcium of ` +
      `scores.md §4 applied to the corrected value (convention). No albumin: the measured ` +
      `value.`,
    reads: ['calcium', 'albumin'],
    when: (x) => x.calcium?.high === true,
  },
  {
    id: 'red-flag.thrombocytopenia',
    kind: 'red-flag',
    short: (x) => `Platelets ${Math.round((x.platelets?.perUl ?? 0) / 1000)} ×10⁹/L`,
    text: (x) =>
      `Thrombocytopenia: platelets ${Math.round((x.platelets?.perUl ?? 0) / 1000)} ` +
      `×10⁹/L (< 100): bleeding risk in spinal surgery; correct or plan transfusion with ` +
      `haematology.`,
    citations: [],
    basis:
      'Platelets < 100,000/µL (100 ×10⁹/L), the New Katagiri "critical" platelet count ' +
      'of scores.md §4 (project spec). The same count is quoted by secondary sources as ' +
      'the usual threshold for neurosurgery (convention here).',
    reads: ['platelets'],
    when: (x) => x.platelets?.low === true,
  },
  {
    id: 'red-flag.prior-radiotherapy',
    kind: 'red-flag',
    short: 'Prior radiotherapy to the level',
    text: (x) =>
      `Prior radiotherapy to the index level or at a level not recorded ` +
      `(${x.priorRadiotherapy.map(rtText).join('; ')}): cumulative cord dose limits ` +
      `re-irradiation; wound healing after surgery is slower.`,
    citations: [],
    basis:
      'Any radiotherapy record at the index level (any involved level when no index ' +
      'level is recorded) or with no level recorded; dose as stated in the record. ' +
      'Convention: no threshold, the record itself is the flag.',
    reads: ['radiotherapy'],
    when: (x) => x.priorRadiotherapy.length > 0,
  },
  {
    id: 'red-flag.anti-angiogenic',
    kind: 'red-flag',
    short: 'Anti-angiogenic drug: hold',
    text: (x) =>
      `Anti-angiogenic therapy recorded (${x.antiAngiogenic.join(', ')}): wound-healing ` +
      `and bleeding risk; agree with oncology when to stop it before surgery and restart ` +
      `it after.`,
    citations: [],
    basis:
      `A VEGF antibody or VEGFR kinase inhibitor (src/facts/drug-classes.ts) recorded as ` +
      `active, or dated within ${ANTI_ANGIOGENIC_WINDOW_DAYS} days before the assessment, ` +
      `or undated. Convention: the interval to hold is the prescriber's, from the drug's ` +
      `label; none is quoted here.`,
    reads: ['anti-angiogenic'],
    when: (x) => x.antiAngiogenic.length > 0,
  },
] as const satisfies readonly ActionRule[];

export type ActionRuleId = (typeof ACTION_TABLE)[number]['id'];
export const ACTION_RULES: readonly ActionRule<ActionRuleId>[] = ACTION_TABLE;

/** Table checks: unique ids, each with a source or a stated convention, each reading something. */
export function checkActionRules(rules: readonly ActionRule[]): string[] {
  const errors: string[] = [];
  const ids = new Set<string>();
  for (const r of rules) {
    if (ids.has(r.id)) errors.push(`duplicate rule ${r.id}`);
    ids.add(r.id);
    if (!r.citations.length && !/convention|project spec/i.test(r.basis))
      errors.push(`${r.id}: no citation and no stated convention`);
    if (!r.reads.length) errors.push(`${r.id}: reads nothing`);
    if (!/^(action|red-flag)\./.test(r.id) || !r.id.startsWith(r.kind))
      errors.push(`${r.id}: id does not start with its kind`);
  }
  return errors;
}
