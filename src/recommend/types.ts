import type { Source } from '../provenance/fact.js';

/** Source papers (evidence.md). */
export type PaperKey = 'CTJ2018' | 'KANDA2021' | 'SEGI2025' | 'UEI2018' | 'ACTA2020';

export const PAPERS: Record<PaperKey, { title: string; doi?: string }> = {
  CTJ2018: { title: 'Surgical treatment indications and outcomes in patients with spinal metastases in the cervicothoracic junction. J Orthop Surg Res 2018', doi: '10.1186/s13018-018-0732-2' },
  KANDA2021: { title: 'Kanda Y, et al. Surgical outcomes and risk factors for poor outcomes in patients with cervical spine metastasis. J Orthop Surg Res 2021;16:423', doi: '10.1186/s13018-021-02562-8' },
  SEGI2025: { title: 'Segi N, et al. Effects of palliative surgical treatment for spinal metastases on QOL by segment. Global Spine J 2025;15(4):2286–2299', doi: '10.1177/21925682241297948' },
  UEI2018: { title: 'Uei H, Tokuhashi Y, et al. Multidisciplinary therapy including palliative posterior spinal stabilization. J Orthop Surg Res 2018', doi: '10.1186/s13018-018-0735-z' },
  ACTA2020: { title: 'Thoraco lumbar spine metastasis: current concepts and an update on surgical management. Acta Orthop Belg 2020;86(e-Suppl 2)' },
};

/** One input a rule used, as shown beside the rule: its value, date and source. */
export interface RuleInput {
  name: string;
  value: string;
  sources: Source[];
  stale?: boolean;
}

/** Every statement names its rule, its inputs and its citation. */
export interface Statement {
  rule: string;
  text: string;
  citations: PaperKey[];
  inputs: RuleInput[];
}

export type CandidacyCategory = 'urgent-surgical-consultation' | 'surgical-consultation' | 'excisional-path' | 'palliative-surgery' | 'non-operative';

export const CANDIDACY_LABELS: Record<CandidacyCategory, string> = {
  'urgent-surgical-consultation': 'Urgent surgical consultation',
  'surgical-consultation': 'Surgical consultation',
  'excisional-path': 'Excisional (en bloc) path to consider',
  'palliative-surgery': 'Palliative surgery to consider',
  'non-operative': 'Non-operative care',
};

export interface Candidacy {
  /** The category when the decided inputs settle it, else null. */
  category: CandidacyCategory | null;
  /** Categories still possible given missing inputs (one when decided). */
  possible: CandidacyCategory[];
  indications: Statement[];
  /** Indications that missing inputs could still trigger. */
  possibleIndications: Statement[];
  /** Relative contraindications: shown, never a silent veto. */
  contraindications: Statement[];
  /** Prognosis as context, not as a veto. */
  context: Statement[];
  conflicts: Statement[];
  urgency: Statement[];
}

export type OptionId =
  | 'posterior-decompression-stabilization'
  | 'mist'
  | 'anterior'
  | 'combined'
  | 'vertebral-augmentation'
  | 'en-bloc'
  | 'decompression-alone'
  | 'radiotherapy-first';

export interface ApproachOption {
  id: OptionId;
  label: string;
  /** Higher ranks first; the number is for ordering only. */
  weight: number;
  status: 'favoured' | 'option' | 'caution' | 'not-advised';
  for: Statement[];
  against: Statement[];
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

export interface Recommendations {
  candidacy: Candidacy;
  approach: ApproachOption[];
  riskFlags: RiskFlag[];
  expectedCourse: ExpectedCourseRow[];
  /** Work-up the evidence asks for before a decision (e.g. whole-spine MRI). */
  workup: Statement[];
  disclaimer: string;
}
