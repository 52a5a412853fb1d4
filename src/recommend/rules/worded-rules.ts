/**
 * Statements whose words carry this patient's values (scores, levels, dates, what is missing): the
 * code that words them sits beside the data it quotes (candidacy.ts, risk-and-course.ts, index.ts),
 * while their id, side and short label are rows here, so every statement id is in a table and
 * typed.
 */
import type { PaperKey, RuleInput, Statement, StatementSide } from '../types.js';

export interface WordedRuleDef<Id extends string = string> {
  id: Id;
  side: StatementSide | 'risk';
  /** The statement in a few words (docs/rules.md; one-line surfaces). */
  short: string;
  /** The order the approach card drafts for this work-up. */
  suggestion?: 'whole-spine-mri';
}

const WORDED_TABLE = [
  { id: 'candidacy.deceased', side: 'context', short: 'Recorded as deceased: no recommendation' },
  {
    id: 'candidacy.not-assessed',
    side: 'context',
    short: 'No spinal metastasis recorded: not assessed',
  },
  {
    id: 'contra.consciousness',
    side: 'against',
    short: 'Impaired consciousness from cerebral metastasis',
  },
  {
    id: 'contra.poor-ps-and-will',
    side: 'against',
    short: 'Poor general condition with reduced will to live',
  },
  {
    id: 'contra.short-life-pain-responsive',
    side: 'against',
    short: 'Expected survival < 6 months with pain responsive to narcotics',
  },
  { id: 'context.tokuhashi', side: 'context', short: 'Revised Tokuhashi and its band' },
  { id: 'context.tomita', side: 'context', short: 'Tomita and its band' },
  {
    id: 'context.tokuhashi-underestimates',
    side: 'context',
    short: 'Survival after stabilisation often exceeded the Tokuhashi prediction',
  },
  {
    id: 'context.ps-over-life-expectancy',
    side: 'context',
    short: 'Performance status matters more than life expectancy',
  },
  { id: 'context.harrington', side: 'context', short: 'Harrington class (unverified, not used)' },
  {
    id: 'conflict.tokuhashi-vs-indication',
    side: 'conflict',
    short: 'Tokuhashi points to conservative care, indications to surgery',
  },
  {
    id: 'conflict.tomita-vs-indication',
    side: 'conflict',
    short: 'Tomita points to supportive care, indications to surgery',
  },
  {
    id: 'conflict.harrington-vs-sins',
    side: 'conflict',
    short: 'Harrington class and SINS disagree',
  },
  {
    id: 'conflict.bauer-versions',
    side: 'conflict',
    short: 'Original and modified Bauer disagree',
  },
  {
    id: 'conflict.indication-vs-contraindication',
    side: 'conflict',
    short: 'Indications and relative contraindications both present',
  },
  {
    id: 'workup.whole-spine-mri',
    side: 'workup',
    short: 'Whole-spine MRI before a decision',
    suggestion: 'whole-spine-mri',
  },
  {
    id: 'workup.uncharacterised-levels',
    side: 'workup',
    short: 'Grade the uncharacterised levels',
  },
  {
    id: 'workup.excisional-staging',
    side: 'workup',
    short: 'Confirm the staging of the excisional path',
  },
  { id: 'workup.sins-items', side: 'workup', short: 'Enter the missing SINS items' },
  { id: 'workup.stale-inputs', side: 'workup', short: 'Re-assess inputs older than their limits' },
  {
    id: 'risk.ctj',
    side: 'risk',
    short: 'Cervicothoracic junction: poor outcome after posterior-only surgery',
  },
  { id: 'risk.ctj-c7t2', side: 'risk', short: 'T2: in CTJ2018’s junction, not KANDA2021’s' },
  {
    id: 'risk.non-ambulatory',
    side: 'risk',
    short: 'Non-ambulatory: shorter survival if not regained',
  },
  {
    id: 'risk.thoracic',
    side: 'risk',
    short: 'Upper–middle thoracic: more paralysis, lower EQ-5D',
  },
  {
    id: 'risk.kanda-univariate',
    side: 'risk',
    short: 'Univariate markers of a poor cervical outcome',
  },
  { id: 'risk.complications', side: 'risk', short: 'Complication rates to quote' },
] as const satisfies readonly WordedRuleDef[];

export type WordedRuleId = (typeof WORDED_TABLE)[number]['id'];
export const WORDED_RULES: readonly WordedRuleDef<WordedRuleId>[] = WORDED_TABLE;

const BY_ID = new Map<string, WordedRuleDef<WordedRuleId>>(WORDED_RULES.map((r) => [r.id, r]));
/** The row of a worded statement (the id is checked by the type system). */
export const wordedRule = (id: WordedRuleId): WordedRuleDef<WordedRuleId> => BY_ID.get(id)!;
/** The row of any statement id, when it is a worded one. */
export const wordedRow = (id: string): WordedRuleDef<WordedRuleId> | undefined => BY_ID.get(id);

/**
 * A worded statement: its side and short label from its row, its words and inputs from the caller;
 * `short` replaces the row's label where the one-line surfaces show this patient's values.
 */
export function wordedStatement(
  id: WordedRuleId,
  text: string,
  citations: PaperKey[],
  inputs: RuleInput[],
  short?: string,
): Statement {
  const row = wordedRule(id);
  const side = row.side === 'risk' ? {} : { side: row.side };
  return { rule: id, ...side, text, short: short ?? row.short, citations, inputs };
}
