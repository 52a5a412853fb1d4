import type { Assessment } from '../../src/assess/assess.js';
import { PAPERS, type PaperKey, type Statement } from '../../src/recommend/types.js';
import type { ScoreResult } from '../../src/scores/types.js';
import type { Source } from '../../src/provenance/fact.js';
import type { DataNote } from '../data/gather.js';
import { md, table } from './markdown.js';
import { certaintyMark, sideLabel } from '../../src/recommend/describe.js';

/** Markdown sections shared by the candidacy and approach cards. */

export function scoreValue(r: ScoreResult): string {
  return r.complete ? String(r.total) : `${r.range.min}–${r.range.max} (incomplete)`;
}

export function bandText(r: ScoreResult): string {
  if (r.band) return md(r.band.label);
  if (r.possibleBands.length) return `undecided: ${r.possibleBands.map((b) => md(b.label)).join(' or ')}`;
  return '—';
}

export function scoresTable(a: Assessment): string {
  const s = a.scores;
  const rows: string[][] = [];
  const add = (name: string, r: ScoreResult) => rows.push([name, scoreValue(r), bandText(r), r.verification === 'unverified' ? 'table unverified' : '']);
  add('Revised Tokuhashi', s.tokuhashi);
  add('Tomita', s.tomita);
  for (const l of s.sinsLesions) add(`SINS ${l.level}${l === s.sinsIndex ? ' (index)' : ''}`, l.result);
  add('New Katagiri', s.katagiri);
  add('Modified Bauer', s.bauerModified);
  if (s.escc) rows.push([`ESCC ${s.escc.level}`, md(s.escc.grade.value), '', '']);
  rows.push(['NOMS', s.noms.paths.map(md).join(' or ') || '—', `stabilisation ${s.noms.stabilisation}`, '']);
  return table(['Score', 'Value', 'Band', 'Note'], rows);
}

function sourceText(s: Source): string {
  return `${s.reference ? `\`${s.reference}\`` : md(s.kind)}${s.date ? ` ${s.date.slice(0, 10)}` : ''}`;
}

/** Statement lines with their side, and their certainty when it is not plain. */
export function statementLines(list: readonly Statement[]): string[] {
  return list.map((x) => `- **${sideLabel(x)}${x.certainty ? ` (${md(certaintyMark(x))})` : ''}:** ${md(x.text)} — rule \`${x.rule}\`${x.citations.length ? ` [${x.citations.join(', ')}]` : ''}`);
}

/** Every input the statements used, once, with value, date and source resource. */
export function inputsTable(statements: readonly Statement[]): string {
  const seen = new Set<string>();
  const rows: string[][] = [];
  for (const st of statements) {
    for (const i of st.inputs) {
      const key = `${i.name}|${i.value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push([md(i.name), md(i.value) + (i.stale ? ' **(stale)**' : ''), i.sources.map(sourceText).join(', ') || 'clinician / derived']);
      if (rows.length >= 25) return table(['Input', 'Value', 'Source and date'], rows);
    }
  }
  return table(['Input', 'Value', 'Source and date'], rows);
}

/** What is missing and how far it could move each decision-relevant score. */
export function missingLines(a: Assessment): string[] {
  const s = a.scores;
  const lines: string[] = [];
  const scores: Array<[string, ScoreResult | undefined]> = [
    [`SINS ${s.sinsIndex?.level ?? ''}`.trim(), s.sinsIndex?.result], ['Revised Tokuhashi', s.tokuhashi], ['Tomita', s.tomita], ['New Katagiri', s.katagiri],
  ];
  for (const [name, r] of scores) {
    if (!r || r.complete) continue;
    const bands = r.possibleBands.length > 1 ? `; band could be ${r.possibleBands.map((b) => md(b.label)).join(' or ')}` : r.band ? `; band already decided: ${md(r.band.label)}` : '';
    lines.push(`- ${name}: missing ${r.missing.map((m) => md(m.label)).join(', ')} → total ${r.range.min}–${r.range.max}${bands}`);
  }
  if (s.noms.missing.length) lines.push(`- NOMS: missing ${s.noms.missing.map(md).join(', ')}`);
  return lines;
}

export function dataNoteLines(notes: readonly DataNote[]): string[] {
  return notes.map((n) => `- ${md(n.label)}: ${md(n.text)}`);
}

export function citationLines(keys: Iterable<PaperKey>): string[] {
  return [...new Set(keys)].sort().map((k) => `- **${k}**: ${md(PAPERS[k].title)}${PAPERS[k].doi ? ` [doi:${PAPERS[k].doi}](https://doi.org/${PAPERS[k].doi})` : ''}`);
}

/** The paper behind the card: the first one cited, statements being in order of weight (urgency first). */
export function mainPaper(statements: readonly Statement[]): PaperKey | undefined {
  return statements.find((s) => s.citations.length)?.citations[0];
}
