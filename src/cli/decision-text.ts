/**
 * The decision of one assessment as plain text for a terminal: the same words as the app and the
 * cards (recommend/describe.ts).
 */
import type { Assessment } from '../assess/assess.js';
import { certaintyMark, decisionLines, inSections } from '../recommend/describe.js';
import { MAPS_LABELS, type ApproachOption } from '../recommend/types.js';

function optionLines(o: ApproachOption, indent: string): string[] {
  const { min, max } = o.weightRange;
  const range = min !== max ? ` (${min} to ${max})` : '';
  const out = [`${indent}${o.label} — ${o.status}, weight ${o.weight}${range}`];
  for (const st of [...o.for, ...o.against]) {
    const sign = st.weight > 0 ? '+' : st.weight < 0 || st.side === 'against' ? '−' : '·';
    out.push(
      `${indent}  ${sign} [${MAPS_LABELS[st.heading]}] ` +
        `${st.text}${st.certainty ? ` (${certaintyMark(st)})` : ''} ` +
        `[${st.citations.join(', ')}]`,
    );
  }
  return out;
}

/**
 * At most this many lines a patient without --verbose: the answer, why, what it rests on, the
 * approach.
 */
export const TEXT_MAX_LINES = 25;

/**
 * The decision for a reader: short by default (≤ TEXT_MAX_LINES), every rule and option with
 * `verbose`.
 */
export function decisionText(a: Assessment, verbose = false): string {
  const r = a.recommendations;
  const c = r.candidacy;
  const lines = [
    `Patient ${a.patientId} — assessed as of ${a.asOf.slice(0, 10)}`,
    ...decisionLines(r).map((l) => `  ${l}`),
  ];
  if (c.headline === 'deceased' || c.headline === 'not-assessed') return `${lines.join('\n')}\n`;
  if (!verbose) {
    // Only what is offered: an option under caution is in --verbose, never read as an offer.
    const ranked = r.approach.ranked
      .filter((o) => o.status === 'favoured' || o.status === 'option')
      .slice(0, 3)
      .map((o) => `    ${o.label} — ${o.status}`);
    if (ranked.length) lines.push('  Approaches, best first:', ...ranked);
    if (r.approach.ruledOut.length)
      lines.push(`  Ruled out: ${r.approach.ruledOut.map((o) => o.label).join('; ')}`);
    for (const w of r.workup.slice(0, 2)) lines.push(`  Before deciding: ${w.text}`);
    lines.push('  (--verbose: every rule, input and option)');
    return `${lines.slice(0, TEXT_MAX_LINES).join('\n')}\n`;
  }
  const open = [c.category, c.urgency].find((d) => d.deciding.length);
  if (open) {
    lines.push('  What would decide it:');
    for (const d of open.deciding)
      lines.push(
        `    - ${d.label} (now: ${d.detail}): ` +
          `${d.action}${
            d.outcomes.length
              ? ` — ` +
                `${d.outcomes.map((o) => `${o.value} → ${o.results.join(' or ')}`).join('; ')}`
              : ''
          }`,
      );
  }
  lines.push('  Rules:');
  for (const st of inSections(c.statements, 'cli'))
    lines.push(
      `    ${st.side ?? 'for'}${st.certainty ? ` (${certaintyMark(st)})` : ''}: ` +
        `${st.text} [${st.citations.join(', ')}] (${st.rule})`,
    );
  lines.push('  Approaches, best first:');
  for (const o of r.approach.ranked) lines.push(...optionLines(o, '    '));
  if (r.approach.ranked.length === 0) lines.push('    none ranked');
  if (r.approach.ruledOut.length) {
    lines.push('  Ruled out:');
    for (const o of r.approach.ruledOut)
      lines.push(
        `    ${o.label}: ${o.against
          .filter((x) => !x.certainty && x.side === 'against')
          .map((x) => `${x.text} [${x.citations.join(', ')}]`)
          .join(' ')}`,
      );
  }
  if (r.approach.top.deciding.length)
    lines.push(
      `  Approach decided by: ` +
        `${r.approach.top.deciding.map((d) => `${d.label} (${d.action})`).join('; ')}`,
    );
  return `${lines.join('\n')}\n`;
}
