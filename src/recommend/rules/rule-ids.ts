/**
 * Every statement id, derived from the tables that define them: naming a rule that is not in a
 * table (a typo, a removed rule) is a type error, so `tsc` catches a reference that would dangle.
 */
import type { ApproachRuleId } from './approach-rules.js';
import type { CandidacyRuleId } from './candidacy-rules.js';
import type { ActionRuleId } from './action-rules.js';
import type { WordedRuleId } from './worded-rules.js';

export type { ActionRuleId, ApproachRuleId, CandidacyRuleId, WordedRuleId };
/** The id a Statement carries: a candidacy, urgency, approach or worded rule. */
export type RuleId = CandidacyRuleId | ApproachRuleId | WordedRuleId;
