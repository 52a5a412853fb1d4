import type { Fact } from '../provenance/fact.js';

export type Direction = 'higher-better' | 'higher-worse';
/** How well the published table behind a score was checked (scores.md §0 tags). */
export type Verification = 'verified' | 'secondary' | 'unverified';

export interface AnswerDef {
  /** Project CodeSystem code of the answer, e.g. `sins-pain-mechanical`. */
  code: string;
  display: string;
  points: number;
}

export interface ItemDef {
  /** Stable id used in inputs and results, e.g. `pain`. */
  id: string;
  /** Project CodeSystem code of the item, e.g. `sins-pain`. */
  code: string;
  display: string;
  answers: readonly AnswerDef[];
}

export interface BandDef {
  code: string;
  min: number;
  max: number;
  label: string;
  /** The published meaning of the band (prognosis, action, strategy). */
  meaning: string;
}

export interface ScoreDef {
  id: ScoreId;
  name: string;
  /** Project code for the total, e.g. `sins-total`. */
  totalCode: string;
  /** Project code naming the published version, used as Observation.method. */
  methodCode: string;
  methodDisplay: string;
  citation: string;
  direction: Direction;
  verification: Verification;
  items: readonly ItemDef[];
  bands: readonly BandDef[];
  /** Published total range. */
  range: { min: number; max: number };
  /** Notes shown with every result (known ambiguities and the resolution taken). */
  notes?: readonly string[];
}

export type ScoreId =
  | 'tokuhashi-revised'
  | 'tomita'
  | 'sins'
  | 'katagiri-new'
  | 'bauer-original'
  | 'bauer-modified'
  | 'osri'
  | 'nesms'
  | 'barthel';

export interface ItemResult {
  id: string;
  code: string;
  label: string;
  /** Points when the item is decided; null when missing or indeterminate. */
  points: number | null;
  /** Range of points the item can still take (min = max = points when decided). */
  min: number;
  max: number;
  /** The chosen answer when decided. */
  answer?: AnswerDef;
  /** Answers still possible when not decided. */
  candidates?: AnswerDef[];
  /** Why the item resolved as it did, in words, e.g. `KPS 70 → moderate (50–70)`. */
  reason: string;
  /** The input fact(s) the item came from. */
  facts: Fact<unknown>[];
  status: 'decided' | 'indeterminate' | 'missing';
  stale: boolean;
}

export interface MissingInput {
  item: string;
  label: string;
  reason: string;
}

export interface ScoreResult {
  scoreId: ScoreId;
  name: string;
  citation: string;
  direction: Direction;
  verification: Verification;
  complete: boolean;
  /** The total when complete, else null. */
  total: number | null;
  /** The range the total can still take given what is known. */
  range: { min: number; max: number };
  items: ItemResult[];
  missing: MissingInput[];
  /** The band, when the total or the whole range falls in one band. */
  band: BandDef | null;
  /** Every band the range overlaps (one when decided). */
  possibleBands: BandDef[];
  /** Item ids whose inputs are older than their staleness limit. */
  staleItems: string[];
  notes: string[];
  warnings: string[];
}

/** A categorical result (grades and classes that are not sums of points). */
export interface GradeResult<G extends string> {
  id: string;
  name: string;
  citation: string;
  verification: Verification;
  /** The grade when decided, else null. */
  grade: G | null;
  /** Grades still possible given what is known. */
  possible: G[];
  label: string;
  meaning: string;
  reason: string;
  facts: Fact<unknown>[];
  missing: MissingInput[];
  notes: string[];
}
