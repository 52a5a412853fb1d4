/**
 * docs/rules.md, generated from the rule tables so the documentation cannot drift from the code.
 */
import { INPUT_DEFS, type InputId } from '../engine/inputs.js';
import { MAPS_LABELS, PAPERS } from '../types.js';
import { APPROACH_RULES, OPTION_LABELS, TIE_ORDER } from './approach-rules.js';
import { CANDIDACY_RULES, CATEGORY_ROWS } from './candidacy-rules.js';
import { ASSUMPTIONS } from '../assumptions.js';
import { CANDIDACY_LABELS } from '../types.js';
import { ACTION_RULES, type ActionFacts } from './action-rules.js';
import { WORDED_RULES } from './worded-rules.js';

/**
 * Chart values used to word the rules whose text depends on them (marked "example" in the table).
 */
const EXAMPLE: ActionFacts = {
  msccDeficit: true,
  haematological: 'possible',
  chemotherapyFirst: false,
  unknownPrimary: true,
  hypervascular: true,
  answer: null,
  calcium: { mgDl: 10.8, corrected: true, high: true },
  platelets: { perUl: 85_000, low: true },
  priorRadiotherapy: [
    { levels: ['T4'], date: '2025-01-10', display: 'Palliative radiotherapy 30 Gy/10', doseGy: 30 },
  ],
  antiAngiogenic: ['bevacizumab'],
};

const esc = (s: string) => s.replace(/\|/g, '\\|');

export function rulesMarkdown(): string {
  const lines = [
    '# Decision rules',
    '',
    'Generated from `src/recommend/rules/*.ts` by `npm run gen:rules` (a test fails when ' +
      'this file is stale).',
    'How the engine uses them: [decisions.md](decisions.md#decision-engine).',
    '',
    '## Decision inputs',
    '',
    '| input | values | what settles it |',
    '|---|---|---|',
    ...(Object.keys(INPUT_DEFS) as InputId[]).map(
      (id) =>
        `| \`${id}\` ${esc(INPUT_DEFS[id].label)} | ${Object.values(
          INPUT_DEFS[id].values as Record<string, string>,
        )
          .map(esc)
          .join('; ')} | ${esc(INPUT_DEFS[id].action)} |`,
    ),
    '',
    '## Category (first row that holds)',
    '',
    '| row | category | when | reads | sources |',
    '|---|---|---|---|---|',
    ...CATEGORY_ROWS.map(
      (r) =>
        `| \`${r.id}\` | ${esc(CANDIDACY_LABELS[r.category])} | ${esc(r.short)} | ` +
        `${r.reads.map((x) => `\`${x}\``).join(', ')} | ${r.citations.join(', ')} |`,
    ),
    '',
    '## Candidacy and urgency rules',
    '',
    'The urgency is the first `urgent` rule that holds, emergency first (else routine).',
    '',
    'The short label is what one-line surfaces show (reasons, card summaries, the board).',
    '',
    '| rule | short | side | urgency | NOMS pillar | reads | statement | sources |',
    '|---|---|---|---|---|---|---|---|',
    ...CANDIDACY_RULES.map(
      (r) =>
        `| \`${r.id}\` | ${esc(r.short)} | ${r.side} | ${r.urgency ?? ''} | ${r.pillar} ` +
        `| ${r.reads.map((x) => `\`${x}\``).join(', ')} | ${esc(r.text)} | ` +
        `${r.citations.join(', ')} |`,
    ),
    '',
    "## Statements worded with the patient's values",
    '',
    'Worded in code beside the data they quote (scores, levels, dates); their ids and ' +
      'short labels are one table (`rules/worded-rules.ts`).',
    '',
    '| statement | side | short |',
    '|---|---|---|',
    ...WORDED_RULES.map((r) => `| \`${r.id}\` | ${r.side} | ${esc(r.short)} |`),
    '',
    '## Assumptions a leading answer may rest on',
    '',
    'Named on every surface when the answer rests on them ' +
      '([decisions.md](decisions.md#three-kinds-of-answer)).',
    '',
    '| assumption | input | stands in when | errs | sources |',
    '|---|---|---|---|---|',
    ...ASSUMPTIONS.map(
      (a) =>
        `| \`${a.id}\` | \`${a.input}\` | ${a.statuses.join(', ')} | ${esc(a.errs)} | ` +
        `${a.citations.join(', ')} |`,
    ),
    '',
    '## Approach rules (MAPS, ACTA2020)',
    '',
    `Tie rule: equal weights rank the less invasive option first: ` +
      `${TIE_ORDER.map((o) => OPTION_LABELS[o]).join(' › ')}.`,
    '',
    '| rule | option | heading | weight | reads | statement | sources |',
    '|---|---|---|---|---|---|---|',
    ...APPROACH_RULES.map(
      (r) =>
        `| \`${r.id}\` | ${r.option} | ${r.heading} ${MAPS_LABELS[r.heading]} | ` +
        `${r.notAdvised ? 'rules out' : r.weight} | ` +
        `${r.reads.map((x) => `\`${x}\``).join(', ')} | ${esc(r.text)} | ` +
        `${r.citations.join(', ')} |`,
    ),
    '',
    '## Standard actions and red flags',
    '',
    'Beside the decision, not part of it (evidence.md §6): shown in the header band, on ' +
      'the candidacy card and on the board summary. Thresholds and their sources: ' +
      '[decisions.md](decisions.md#standard-actions-and-red-flags).',
    '',
    '| rule | kind | short | reads | when (threshold and its source) | statement | ' +
      'sources | EHR suggestion |',
    '|---|---|---|---|---|---|---|---|',
    ...ACTION_RULES.map(
      (r) =>
        `| \`${r.id}\` | ${r.kind} | ` +
        `${esc(typeof r.short === 'string' ? r.short : `${r.short(EXAMPLE)} (example)`)} ` +
        `| ${r.reads.map((x) => `\`${x}\``).join(', ')} | ${esc(r.basis)} | ` +
        `${esc(typeof r.text === 'string' ? r.text : `${r.text(EXAMPLE)} (example)`)} | ` +
        `${r.citations.join(', ') || '—'} | ` +
        `${r.suggestion ? esc(`${r.suggestion.kind}: ${r.suggestion.text}`) : '—'} |`,
    ),
    '',
    '## Sources',
    '',
    ...Object.entries(PAPERS).map(
      ([k, p]) =>
        `- **${k}**: ${esc(p.title)}${p.doi ? ` doi:${p.doi}` : ''}${p.url ? ` ${p.url}` : ''}`,
    ),
    '',
  ];
  return lines.join('\n');
}
