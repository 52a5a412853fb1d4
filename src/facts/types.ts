import type { Fact } from '../provenance/fact.js';
import type { SpineLevel } from '../clinical/spine-levels.js';
import type { PrimaryCancer } from '../clinical/primary-site.js';
import type { LesionCount, VisceralDisease } from '../clinical/disease-extent.js';
import type { PerformanceStatus } from '../clinical/performance.js';
import type { Ambulation, NeuroStatus } from '../clinical/neuro.js';
import type { SinsInputs } from '../clinical/sins-items.js';
import type { EsccGrade } from '../clinical/escc.js';
import type { KatagiriLabs } from '../clinical/labs.js';
import type { PainScore } from '../clinical/pain.js';
import type { Eq5dResult } from '../clinical/eq5d.js';
import type { TomitaGrowth } from '../clinical/primary-site.js';
import type { CordCompression } from './cord-compression.js';
import type { INPUT_TABLE } from '../inputs/input-table.js';

export type ExpectedSurvival = 'lt3m' | '3to6m' | 'ge6m';

export type LesionPosition = 'body' | 'posterior' | 'body-and-posterior' | 'circumferential';

/**
 * A resource or value that could not be used, with a clear reason. No clinical values in the
 * message beyond the offending unit or code.
 */
export interface FactIssue {
  severity: 'error' | 'warning';
  /** `Observation/123`, or the bundle position when the resource has no id. */
  resource: string;
  message: string;
}

export interface RadiotherapyRecord {
  date?: string;
  levels: SpineLevel[];
  display: string;
  /** Total dose in Gy when the record states one ("30 Gy/10"); absent when it does not. */
  doseGy?: number;
}
export interface SurgeryRecord {
  date?: string;
  levels: SpineLevel[];
  display: string;
}

export interface SpineFacts {
  /** Each involved level with the resources that name it. */
  levels: Array<Fact<SpineLevel>>;
  indexLevel?: Fact<SpineLevel>;
  vertebral?: Fact<LesionCount>;
  extraspinalBone?: Fact<LesionCount>;
  sins: Partial<Record<SpineLevel, SinsInputs>>;
  escc: Partial<Record<SpineLevel, Fact<EsccGrade>>>;
  lesionPosition: Partial<Record<SpineLevel, Fact<LesionPosition>>>;
  judgedUnstable: Partial<Record<SpineLevel, Fact<boolean>>>;
}

type InputTable = typeof INPUT_TABLE;
type JudgementOf<K extends keyof InputTable> = InputTable[K]['fact'] extends `judgements.${infer J}`
  ? J
  : never;
/** Each yes/no row of the input table whose home is in judgements: a boolean fact. */
type YesNoJudgements = {
  [
    K in keyof InputTable as InputTable[K]['value'] extends 'boolean' ? JudgementOf<K> : never
  ]?: Fact<boolean>;
};

/**
 * Clinician judgements as entered (inputs/input-table.ts). The yes/no ones come from the table
 * (pathological fracture, progressive deficit, intractable pain, pain from instability, impaired
 * consciousness, declines surgery, fit for surgery, reduced will to live, pain responsive to
 * narcotics, and the entries below); the others have their value type here.
 */
export interface Judgements extends YesNoJudgements {
  tomitaGrowth?: Fact<TomitaGrowth>;
  /** Clinician estimate of survival. */
  expectedSurvival?: Fact<ExpectedSurvival>;
  /** When the current motor deficit began (ISO date-time). */
  deficitOnset?: Fact<string>;
  osriPtp?: Fact<1 | 2 | 3 | 4 | 5>;
  // Also here as entered, so each input has one home, are the clinician's entries that extract.ts
  // combines with other records: visceral staging into `visceral`, chemotherapy into
  // `therapy.previousChemotherapy`, hormone dependence and targeted therapy into `primary`.
}

export interface TherapyFacts {
  /**
   * True when any cytotoxic chemotherapy is recorded; false only when a clinician confirmed none.
   */
  previousChemotherapy?: Fact<boolean>;
  /** Molecularly targeted drugs recorded (any time). */
  targetedTherapy?: Fact<boolean>;
  hormonalTherapy?: Fact<boolean>;
  /** Monoclonal antibodies and checkpoint inhibitors recorded (any time). */
  antibodyTherapy?: Fact<boolean>;
  /**
   * Current anti-angiogenic drugs (VEGF antibodies, VEGFR kinase inhibitors): active, or within 90
   * days, or undated.
   */
  antiAngiogenic?: Fact<boolean>;
  radiotherapy: Array<Fact<RadiotherapyRecord>>;
  spineSurgery: Array<Fact<SurgeryRecord>>;
}

export interface Histories {
  kps: Array<Fact<number>>;
  ecog: Array<Fact<number>>;
  neuro: Array<Fact<NeuroStatus>>;
  pain: Array<Fact<PainScore>>;
  barthel: Array<Fact<number>>;
  eq5d: Array<Fact<Eq5dResult>>;
}

/** Everything the scores and the rules need about one patient, each value with its provenance. */
export interface ClinicalFacts {
  patientId: string;
  /** The date the assessment is made; staleness is measured from it. */
  asOf: string;
  birthDate?: string;
  /** Age at the assessment date, or at death for a deceased patient. */
  ageYears?: number;
  /** Present when the Patient resource records death: no recommendation is made. */
  deceased?: Fact<{ date?: string }>;
  primary?: Fact<PrimaryCancer>;
  spine: SpineFacts;
  visceral?: Fact<VisceralDisease>;
  performance?: Fact<PerformanceStatus>;
  neuro?: Fact<NeuroStatus>;
  ambulation?: Fact<readonly Ambulation[]>;
  pain?: Fact<PainScore>;
  /**
   * The newest active charted spinal cord compression (ICD-10-CM G95.20/G95.29/G99.2, SNOMED CT
   * 71286001); `onset` is its onset, else the date it was recorded (then `derivation` says so).
   */
  cordCompression?: Fact<CordCompression>;
  /** The newest active order or statement of a strong (WHO step 3) opioid. */
  strongOpioid?: Fact<{ name: string }>;
  labs: KatagiriLabs;
  therapy: TherapyFacts;
  judgements: Judgements;
  history: Histories;
  issues: FactIssue[];
}

/** Days after which a value is flagged stale (docs/decisions.md). */
export interface StalenessLimits {
  labs: number;
  performance: number;
  neuro: number;
  pain: number;
  imaging: number;
  staging: number;
  function: number;
}

export const DEFAULT_STALENESS: StalenessLimits = {
  labs: 30,
  performance: 30,
  neuro: 14,
  pain: 30,
  imaging: 42,
  staging: 90,
  function: 30,
};
