import type { Source } from '../provenance/fact.js';
import type { AssumptionId } from './assumptions.js';
import type { ActionRuleId, RuleId } from './rules/rule-ids.js';

/**
 * The five source papers (evidence.md), the two primary sources the spec quotes for NOMS and
 * Patchell's criteria, and the sources of the standard actions and red flags (evidence.md §6;
 * docs/decisions.md, "Standard actions and red flags").
 */
export type PaperKey =
  | 'CTJ2018'
  | 'KANDA2021'
  | 'SEGI2025'
  | 'UEI2018'
  | 'ACTA2020'
  | 'LAUFER2013'
  | 'PATCHELL2005'
  | 'NICE-NG234'
  | 'NICE-QS56'
  | 'PAYNE1973'
  | 'EMBOLISATION1990';

export const PAPERS: Record<PaperKey, { title: string; doi?: string; url?: string }> = {
  CTJ2018: {
    title:
      'Surgical treatment indications and outcomes in patients with spinal metastases in ' +
      'the cervicothoracic junction. J Orthop Surg Res 2018',
    doi: '10.1186/s13018-018-0732-2',
  },
  KANDA2021: {
    title:
      'Kanda Y, et al. Surgical outcomes and risk factors for poor outcomes in patients ' +
      'with cervical spine metastasis. J Orthop Surg Res 2021;16:423',
    doi: '10.1186/s13018-021-02562-8',
  },
  SEGI2025: {
    title:
      'Segi N, et al. Effects of palliative surgical treatment for spinal metastases on ' +
      'QOL by segment. Global Spine J 2025;15(4):2286–2299',
    doi: '10.1177/21925682241297948',
  },
  UEI2018: {
    title:
      'Uei H, Tokuhashi Y, et al. Multidisciplinary therapy including palliative ' +
      'posterior spinal stabilization. J Orthop Surg Res 2018',
    doi: '10.1186/s13018-018-0735-z',
  },
  ACTA2020: {
    title:
      'Thoraco lumbar spine metastasis: current concepts and an update on surgical ' +
      'management. Acta Orthop Belg 2020;86(e-Suppl 2)',
  },
  LAUFER2013: {
    title:
      'Laufer I, Rubin DG, Lis E, et al. The NOMS framework: approach to the treatment ' +
      'of spinal metastatic tumors. Oncologist 2013;18(6):744–751 (as summarised in ' +
      'scores.md §11)',
  },
  PATCHELL2005: {
    title:
      'Patchell RA, et al. Direct decompressive surgical resection in the treatment of ' +
      'spinal cord compression caused by metastatic cancer. Lancet 2005;366:643–648 ' +
      '(eligibility as summarised in scores.md §11)',
  },
  'NICE-NG234': {
    title:
      'NICE guideline NG234. Spinal metastases and metastatic spinal cord compression. ' +
      '2023 (replaces CG75)',
    url: 'https://www.nice.org.uk/guidance/ng234/chapter/Recommendations',
  },
  'NICE-QS56': {
    title:
      'NICE quality standard QS56. Metastatic spinal cord compression in adults, quality ' +
      'statement 3: imaging and treatment plans',
    url:
      'https://www.nice.org.uk/guidance/qs56/chapter/' +
      'Quality-statement-3-Imaging-and-treatment-plans-for-adults-with-' +
      'suspected-metastatic-spinal-cord-compression',
  },
  PAYNE1973: {
    title:
      'Payne RB, Little AJ, Williams RB, Milner JR. Interpretation of serum calcium in ' +
      'patients with abnormal serum proteins. Br Med J 1973;4(5893):643–646 ' +
      '(albumin-corrected calcium)',
  },
  EMBOLISATION1990: {
    title:
      'Vascular metastatic lesions of the spine: preoperative embolization. Radiology ' +
      '1990;176(3):683–686',
    doi: '10.1148/radiology.176.3.2389026',
  },
};

/** One input a rule used, as shown beside the rule: its value, date and source. */
export interface RuleInput {
  name: string;
  value: string;
  sources: Source[];
  stale?: boolean;
}

export type StatementSide = 'for' | 'against' | 'urgent' | 'context' | 'conflict' | 'workup';
/**
 * applies: true whatever the open inputs; provisional: true on stale or conflicting data only;
 * possible: depends on open inputs.
 */
export type Certainty = 'applies' | 'provisional' | 'possible';

/** Every statement names its rule, its inputs and its citation. */
export interface Statement {
  /** The rule's id, one of the tables' (rules/rule-ids.ts). */
  rule: RuleId;
  text: string;
  /**
   * The statement in a few words, from its rule's `short` (never cut from `text`), for one-line
   * surfaces: reasons, card summaries, the board. Approach statements are one sentence, shown
   * whole.
   */
  short?: string;
  citations: PaperKey[];
  inputs: RuleInput[];
  side?: StatementSide;
  /** Absent = applies. */
  certainty?: Certainty;
  /** For a provisional or possible statement: the inputs (labels) whose value would settle it. */
  dependsOn?: string[];
}

/**
 * A statement for a one-line surface: its short label, or (an approach statement, one sentence)
 * its text without the full stop. Never a clause cut out of the text.
 */
export const shortOf = (st: Statement): string => st.short ?? withoutStop(st.text);
/** A one-sentence text inside a line of others: without its full stop. */
export const withoutStop = (text: string): string =>
  text.endsWith('.') ? text.slice(0, -1) : text;

/**
 * What to do next (evidence.md §1, scores.md §11 NOMS and Patchell; docs/decisions.md):
 * - radiotherapy-first: no surgical indication and no neurological question: radiotherapy, no
 *   surgical consultation needed;
 * - nonsurgical-first: radiotherapy or systemic therapy first, surgery not indicated now
 *   (radiosensitive compression, Patchell exclusions);
 * - surgical-consultation: a surgical indication (urgency and "non-operative favoured" reported
 *   beside it);
 * - excisional: every criterion of the excisional (en bloc) path confirmed;
 * - not-surgical-candidate: the patient declines surgery, expected survival is under 3 months, or
 *   general
 *   health is too poor for surgery (palliative radiotherapy and supportive care instead).
 */
export type CandidacyCategory =
  | 'radiotherapy-first'
  | 'nonsurgical-first'
  | 'surgical-consultation'
  | 'excisional'
  | 'not-surgical-candidate';
export const CANDIDACY_ORDER: readonly CandidacyCategory[] = [
  'excisional',
  'surgical-consultation',
  'nonsurgical-first',
  'radiotherapy-first',
  'not-surgical-candidate',
];

/**
 * The headline: the category (decided, or leading under named assumptions), or why there is none:
 * `open` when inputs no assumption may stand in for decide it, `insufficient-current-data` when a
 * deciding input is stale or in conflict or no spine imaging finding exists, `not-assessed` when no
 * spinal metastasis is on record.
 */
export type Headline =
  CandidacyCategory | 'open' | 'insufficient-current-data' | 'not-assessed' | 'deceased';

/** How sure the headline is (docs/decisions.md, "Three kinds of answer"). */
export type AnswerKind =
  'decided' | 'leading' | 'open' | 'insufficient' | 'not-assessed' | 'deceased';

/**
 * An assumption the leading answer rests on: an input that is not recorded, the value assumed, the
 * chart evidence behind it, and what entering the input would change (docs/decisions.md,
 * "Assumptions").
 */
export interface AssumptionUse {
  /** The assumption's id (rules table in recommend/assumptions.ts). */
  id: AssumptionId;
  input: string;
  /** "the pain is not intractable" */
  text: string;
  /** "not recorded; pain 4/10, no strong opioid" */
  evidence: string;
  /** What to enter to replace it. */
  action: string;
  /**
   * What the other values would lead to, in a few words ("intractable → surgical consultation").
   */
  otherwise: string;
  citations: PaperKey[];
}

/**
 * Emergency first: decided (every open value leads to it), possible (some value does, on a recorded
 * finding), or no.
 */
export type EmergencyStatus = 'yes' | 'possible' | 'no';

export const CANDIDACY_LABELS: Record<Headline, string> = {
  'radiotherapy-first': 'Radiotherapy first, no surgical consultation needed',
  'nonsurgical-first': 'Radiotherapy or systemic therapy first, surgery not indicated now',
  'surgical-consultation': 'Surgical consultation',
  excisional: 'Consider excisional (en bloc) surgery',
  'not-surgical-candidate': 'Not a surgical candidate',
  open: 'Decision open',
  'insufficient-current-data': 'Insufficient current data',
  'not-assessed': 'No spinal metastasis recorded: not assessed',
  deceased: 'No recommendation: the patient is recorded as deceased',
};

/** Short labels, for lists of what is still possible in a card summary. */
export const CANDIDACY_SHORT: Record<CandidacyCategory, string> = {
  'radiotherapy-first': 'radiotherapy first',
  'nonsurgical-first': 'radiotherapy/systemic first',
  'surgical-consultation': 'surgical consultation',
  excisional: 'excisional surgery',
  'not-surgical-candidate': 'not a surgical candidate',
};

/** A category label in a few words (the short label), or any other label in lower case. */
export function shortLabel(label: string): string {
  const cat = CANDIDACY_ORDER.find((k) => CANDIDACY_LABELS[k] === label);
  return cat ? CANDIDACY_SHORT[cat] : label.toLowerCase();
}

export type Urgency = 'emergency' | 'urgent' | 'routine';
export const URGENCY_ORDER: readonly Urgency[] = ['emergency', 'urgent', 'routine'];
export const URGENCY_LABELS: Record<Urgency, string> = {
  emergency: 'emergency (same day)',
  urgent: 'urgent',
  routine: 'routine',
};

/** An input whose value would change an undecided answer, and what it would change it to. */
export interface DecidingInput {
  input: string;
  label: string;
  /** A few words, for card summaries. */
  short: string;
  status: 'known' | 'indeterminate' | 'missing' | 'stale' | 'conflict';
  /** What the chart says now. */
  detail: string;
  action: string;
  /** Fixing this input alone settles the answer. */
  decidesAlone: boolean;
  outcomes: Array<{ value: string; results: string[] }>;
}

/** One answer of the engine: decided only when every possible value of every open input agrees. */
export interface Decision<T extends string> {
  /**
   * leading: single once the assumptions named in `assumptions` stand in for inputs that are not
   * recorded.
   */
  status: 'decided' | 'leading' | 'provisional' | 'undecided';
  /** The answer when decided. */
  value: T | null;
  /** The answer under the named assumptions, when single (also set when decided). */
  leading?: T | null;
  /**
   * Ids of the assumptions the leading answer rests on (Candidacy.assumptions has them in words).
   */
  assumptions?: AssumptionId[];
  /**
   * Open or insufficient: the answers still possible with the named assumptions standing in (a
   * subset of `possible`).
   */
  narrowed?: T[];
  /** Every answer still possible once stale and conflicting data are not trusted. */
  possible: T[];
  /**
   * The answer on the data as recorded (stale and conflicting values taken as they are), when that
   * is single.
   */
  provisional: T | null;
  deciding: DecidingInput[];
}

/** A deciding input that is stale, in conflict or missing, with what to do. */
export interface Banner {
  kind: 'stale' | 'conflict' | 'missing';
  input: string;
  text: string;
  action: string;
}

export interface Candidacy {
  headline: Headline;
  kind: AnswerKind;
  /** Emergency first: shown before the category whatever the open inputs. */
  emergency: EmergencyStatus;
  /** What makes it an emergency, or what decides whether it is one. */
  emergencyReason?: string;
  /** The assumptions the leading answer rests on (every surface says "assuming …"). */
  assumptions: AssumptionUse[];
  /**
   * Levels listed as involved but not characterised on imaging: work-up, not part of the decision.
   */
  uncharacterisedLevels: string[];
  /** One line: why (or what would decide it). */
  reason: string;
  category: Decision<CandidacyCategory>;
  urgency: Decision<Urgency> & { atLeast: Urgency | null };
  /**
   * Relative contraindications lean towards non-operative care (shown with the surgical
   * categories).
   */
  nonOperativeFavoured: Decision<'yes' | 'no'>;
  banners: Banner[];
  /** Every statement, each with its side and certainty. */
  statements: Statement[];
  /** Views of `statements`, for readers that list by side. */
  indications: Statement[];
  possibleIndications: Statement[];
  contraindications: Statement[];
  urgencyReasons: Statement[];
  context: Statement[];
  conflicts: Statement[];
}

export type OptionId =
  | 'radiotherapy-first'
  | 'systemic-first'
  | 'vertebral-augmentation'
  | 'mist'
  | 'posterior-decompression-stabilization'
  | 'decompression-alone'
  | 'anterior'
  | 'combined'
  | 'en-bloc';

/** MAPS headings (ACTA2020 Table I, after Fourney and Gokaslan). */
export type MapsHeading = 'M' | 'A' | 'P' | 'S';
export const MAPS_LABELS: Record<MapsHeading, string> = {
  M: 'Method of resection',
  A: 'Anatomy of spinal disease',
  P: 'Patient fitness',
  S: 'Stabilisation',
};

export interface ApproachStatement extends Statement {
  heading: MapsHeading;
  /** Signed weight this rule adds when it applies (0 for notes). */
  weight: number;
}

export interface ApproachOption {
  id: OptionId;
  label: string;
  /** Sum of the weights of the rules that apply; `weightRange` adds the ones that could. */
  weight: number;
  weightRange: { min: number; max: number };
  status: 'favoured' | 'option' | 'caution' | 'not-advised';
  for: ApproachStatement[];
  against: ApproachStatement[];
}

export interface Approach {
  /** The top option: decided only when it ranks first whatever the open inputs. */
  top: Decision<OptionId | 'none'>;
  /** Options that can be offered, best first (tie rule: docs/decisions.md). */
  ranked: ApproachOption[];
  /** Options ruled out, with why. */
  ruledOut: ApproachOption[];
  /**
   * Set when no operation is offered until re-assessment (the answer rests on stale or conflicting
   * data).
   */
  deferred?: string;
}

export interface RiskFlag extends Statement {
  severity: 'high' | 'moderate' | 'info';
}

export interface ExpectedCourseRow {
  source: PaperKey;
  group: string;
  measures: Array<{ name: string; before?: string; after: string; when: string }>;
  note?: string;
}

/** What an EHR can act on for a standard action (a CDS Hooks suggestion, an order in the app). */
export type ActionSuggestionKind =
  'stat-spine-referral' | 'radiotherapy-referral' | 'palliative-care-referral' | 'biopsy';

/**
 * A standard action or red flag shown beside the decision (evidence.md §6): not part of the
 * candidacy decision, never hidden inside a score cell. Rules: src/recommend/rules/action-rules.ts.
 */
export interface StandardAction {
  id: ActionRuleId;
  kind: 'action' | 'red-flag';
  /** A few words, answer first, for the header band and the card. */
  short: string;
  text: string;
  citations: PaperKey[];
  inputs: RuleInput[];
  suggestion?: { kind: ActionSuggestionKind; text: string };
}

export interface Recommendations {
  candidacy: Candidacy;
  approach: Approach;
  riskFlags: RiskFlag[];
  expectedCourse: ExpectedCourseRow[];
  /** Work-up the evidence asks for before a decision (e.g. whole-spine MRI). */
  workup: Statement[];
  /** Standard actions and red flags beside the decision; none for a deceased patient. */
  actions: StandardAction[];
  disclaimer: string;
}
