import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  APPROACH_RULES,
  OPTION_LABELS,
  TIE_ORDER,
} from '../../src/recommend/rules/approach-rules.js';
import {
  CATEGORY_ROWS,
  CANDIDACY_RULES,
  checkRules,
} from '../../src/recommend/rules/candidacy-rules.js';
import { rulesMarkdown } from '../../src/recommend/rules/rules-doc.js';
import { INPUT_DEFS, INPUT_IDS } from '../../src/recommend/engine/inputs.js';
import { explore } from '../../src/recommend/engine/explore.js';

/**
 * Table checks, like checkBandsTile for the scores: the rule tables are data and must be well
 * formed.
 */
describe('rule tables', () => {
  it('unique ids, a citation each, declared reads', () => {
    expect(checkRules(CANDIDACY_RULES)).toEqual([]);
    expect(checkRules(APPROACH_RULES as never)).toEqual([]);
    expect(new Set([...CANDIDACY_RULES, ...APPROACH_RULES].map((r) => r.id)).size).toBe(
      CANDIDACY_RULES.length + APPROACH_RULES.length,
    );
  });

  it('every input a rule reads is declared in its reads (explored over the full domain of every input)', () => {
    const full = Object.fromEntries(
      INPUT_IDS.map((id) => [id, Object.keys(INPUT_DEFS[id].values)]),
    ) as Record<(typeof INPUT_IDS)[number], string[]>;
    // Every rule without exemption: a rule that calls the candidacy decision declares what it reads
    // (CANDIDACY_READS).
    for (const r of [...CANDIDACY_RULES, ...APPROACH_RULES, ...CATEGORY_ROWS]) {
      const read = new Set(explore(full, r.when).flatMap((l) => l.ids));
      for (const id of read) expect(r.reads, `${r.id} reads ${id}`).toContain(id);
    }
  });

  it('the tie order names every option once', () => {
    expect([...TIE_ORDER].sort()).toEqual(Object.keys(OPTION_LABELS).sort());
  });

  it('docs/rules.md is current (npm run gen:rules)', () => {
    expect(readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'rules.md'), 'utf8')).toBe(
      rulesMarkdown(),
    );
  });
});

describe('the explorer (truth tables)', () => {
  const space = { a: ['t', 'f'], b: ['t', 'f'], c: ['x'] } as const;
  it.each([
    ['a and b', (g: (i: 'a' | 'b' | 'c') => string) => g('a') === 't' && g('b') === 't', 3],
    ['a or b', (g: (i: 'a' | 'b' | 'c') => string) => g('a') === 't' || g('b') === 't', 3],
    ['known c only', (g: (i: 'a' | 'b' | 'c') => string) => g('c') === 'x', 1],
    [
      'a then b always',
      (g: (i: 'a' | 'b' | 'c') => string) => (g('a') === 't') !== (g('b') === 't'),
      4,
    ],
  ] as const)('%s: branches only on what a path reads', (_n, fn, leaves) => {
    expect(explore(space, fn)).toHaveLength(leaves);
  });
  it('a function that reads inputs in a different order on replay is refused', () => {
    let calls = 0;
    expect(() => explore(space, (g) => (calls++ % 2 ? g('a') : g('b')) === 't')).toThrow(
      /not deterministic/,
    );
  });
});
