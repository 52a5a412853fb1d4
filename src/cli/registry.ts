import { ASSUMPTIONS } from '../recommend/assumptions.js';
import { INPUT_DEFS, type InputId } from '../recommend/engine/inputs.js';
import { APPROACH_RULES, OPTION_LABELS, TIE_ORDER } from '../recommend/rules/approach-rules.js';
import { CANDIDACY_RULES, CATEGORY_ROWS } from '../recommend/rules/candidacy-rules.js';
import { ACTION_RULES } from '../recommend/rules/action-rules.js';
import { WORDED_RULES } from '../recommend/rules/worded-rules.js';
import { CANDIDACY_LABELS, MAPS_LABELS, PAPERS, URGENCY_LABELS } from '../recommend/types.js';
import { SCORE_DEFS } from '../scores/index.js';
import { COMPACT_FORMAT } from './compact-record.js';

/**
 * What the ids of a compact record (compact-record.ts) join to, written once per run with
 * `--registry out.json`: the decision inputs and their values, the category rows and the rules with
 * their texts and citations, the assumptions, the approach options, the scores with their items and
 * bands (the project CodeSystem codes), and the papers. Built from the same tables as
 * docs/rules.md.
 * Risk flags, work-up, context and conflict statements carry this patient's values in their words:
 * their ids and short labels are listed (`worded`), their words per patient are in `--full`.
 */
/**
 * Statement ids worded with this patient's values (src/recommend builds their words; their ids and
 * short labels are rows of rules/worded-rules.ts). A compact record names them; `--full` has their
 * words.
 */
export const WORDED_STATEMENTS: readonly string[] = WORDED_RULES.map((r) => r.id);

export const isWordedStatement = (id: string): boolean => WORDED_STATEMENTS.includes(id);

export function registry() {
  const inputs = (Object.keys(INPUT_DEFS) as InputId[]).map((id) => {
    const d = INPUT_DEFS[id];
    return [id, { label: d.label, short: d.short, values: d.values, action: d.action }] as const;
  });
  return {
    format: COMPACT_FORMAT,
    wordedStatements: WORDED_STATEMENTS,
    worded: WORDED_RULES.map((r) => ({ id: r.id, side: r.side, short: r.short })),
    inputs: Object.fromEntries(inputs),
    categories: CANDIDACY_LABELS,
    urgencies: URGENCY_LABELS,
    categoryRows: CATEGORY_ROWS.map((r) => ({
      id: r.id,
      category: r.category,
      when: r.short,
      reads: r.reads,
      citations: r.citations,
    })),
    rules: CANDIDACY_RULES.map((r) => ({
      id: r.id,
      short: r.short,
      side: r.side,
      pillar: r.pillar,
      ...(r.urgency ? { urgency: r.urgency } : {}),
      reads: r.reads,
      text: r.text,
      citations: r.citations,
    })),
    // Standard actions and red flags: their words may carry this patient's values (--full has
    // them).
    actions: ACTION_RULES.map((r) => ({
      id: r.id,
      kind: r.kind,
      ...(typeof r.short === 'string' ? { short: r.short } : {}),
      citations: r.citations,
      ...(r.suggestion ? { suggestion: r.suggestion.kind } : {}),
    })),
    assumptions: ASSUMPTIONS.map((a) => ({
      id: a.id,
      input: a.input,
      statuses: a.statuses,
      errs: a.errs,
      citations: a.citations,
    })),
    options: OPTION_LABELS,
    tieOrder: TIE_ORDER,
    approachRules: APPROACH_RULES.map((r) => ({
      id: r.id,
      option: r.option,
      heading: r.heading,
      headingLabel: MAPS_LABELS[r.heading],
      weight: r.weight,
      ...(r.notAdvised ? { notAdvised: true } : {}),
      reads: r.reads,
      text: r.text,
      citations: r.citations,
    })),
    scores: SCORE_DEFS.map((d) => ({
      id: d.id,
      name: d.name,
      totalCode: d.totalCode,
      citation: d.citation,
      direction: d.direction,
      verification: d.verification,
      range: d.range,
      bands: d.bands,
      items: d.items.map((i) => ({
        id: i.id,
        code: i.code,
        display: i.display,
        answers: i.answers,
      })),
      ...(d.notes ? { notes: d.notes } : {}),
    })),
    papers: PAPERS,
  };
}
