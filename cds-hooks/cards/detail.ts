import type { PaperKey, Statement } from '../../src/recommend/types.js';
import type { ScoreResult } from '../../src/scores/types.js';
import type { DataNote } from '../data/gather.js';
import { md } from './markdown.js';

/**
 * Small helpers shared by the candidacy and approach cards (the details themselves are in
 * referral-cards.ts).
 */

export function scoreValue(r: ScoreResult): string {
  return r.complete ? String(r.total) : `${r.range.min}–${r.range.max} (incomplete)`;
}

export function dataNoteLines(notes: readonly DataNote[]): string[] {
  return notes.map((n) => `- ${md(n.label)}: ${md(n.text)}`);
}

/**
 * The paper behind the card: the first one cited, statements being in order of weight (urgency
 * first).
 */
export function mainPaper(statements: readonly Statement[]): PaperKey | undefined {
  return statements.find((s) => s.citations.length)?.citations[0];
}
