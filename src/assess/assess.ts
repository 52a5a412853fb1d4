import type { Resource } from 'fhir/r4';
import { extractFacts, type ExtractOptions } from '../facts/extract.js';
import type { ClinicalFacts } from '../facts/types.js';
import { recommend, type Recommendations } from '../recommend/index.js';
import { scoreAll, type ScoreSet } from './score-all.js';

export interface Assessment {
  patientId: string;
  asOf: string;
  facts: ClinicalFacts;
  scores: ScoreSet;
  recommendations: Recommendations;
}

/** One patient's resources → facts → scores → recommendations. Pure. */
export function assessPatient(
  resources: readonly Resource[],
  opts: ExtractOptions = {},
): Assessment {
  const facts = extractFacts(resources, opts);
  return assessFacts(facts);
}

/** Facts (possibly with clinician edits applied) → scores → recommendations. */
export function assessFacts(facts: ClinicalFacts): Assessment {
  const scores = scoreAll(facts);
  return {
    patientId: facts.patientId,
    asOf: facts.asOf,
    facts,
    scores,
    recommendations: recommend(facts, scores),
  };
}
