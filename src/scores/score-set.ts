import type { Fact } from '../provenance/fact.js';
import type { SpineLevel } from '../clinical/spine-levels.js';
import type { LesionSins } from './sins.js';
import type { NomsResult } from './noms.js';
import type { GradeResult, ScoreResult } from './types.js';
import type { HarringtonClass } from './harrington.js';
import type { EsccGrade } from './escc.js';

/**
 * Every score of one patient (built by assess/score-all.ts); the recommendation layer reads this
 * type.
 */
export interface ScoreSet {
  tokuhashi: ScoreResult;
  tomita: ScoreResult;
  /** One SINS per lesion level, index level first. */
  sinsLesions: LesionSins[];
  /** The lesion the recommendations reason about: the index level, else the worst lesion. */
  sinsIndex?: LesionSins;
  katagiri: ScoreResult;
  bauerOriginal: ScoreResult;
  bauerModified: ScoreResult;
  bauerVersionsDisagree: boolean;
  nesms: ScoreResult & { capped: boolean };
  osri: ScoreResult;
  harrington: GradeResult<HarringtonClass>;
  escc?: { level: SpineLevel; grade: Fact<EsccGrade> };
  noms: NomsResult;
}
