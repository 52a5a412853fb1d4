import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Prettier (width 100, `npm run lint`) lays code out but never breaks a string, a comment or a
 * regular expression; this check holds those to 100 characters too, so every file reads without
 * scrolling. Characters are counted as code points (an arrow or a dash is one).
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
const FOLDERS = ['src', 'test', 'bench', 'scripts', 'launch', 'cds-hooks', 'sandbox'];
const WIDTH = 100;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(tsx?|mjs|css)$/.test(e.name) ? [p] : [];
  });
}

/** A test's title on its call line: prettier keeps `it('…', async () => {` whole, however long. */
const TEST_TITLE = /^\s*(?:it|test|describe)(?:\.\w+)*(?:\(.*?\))?\((['"`]).*\1,/;

export function longLines(text: string, width = WIDTH): number[] {
  return text
    .split('\n')
    .flatMap((l, i) => ([...l].length > width && !TEST_TITLE.test(l) ? [i + 1] : []));
}

describe('line length', () => {
  it('counts code points, not UTF-16 units or bytes', () => {
    expect(longLines('→'.repeat(100))).toEqual([]);
    expect(longLines(`ok\n${'x'.repeat(101)}\n${'—'.repeat(101)}`)).toEqual([2, 3]);
    const title = `  it('${'t'.repeat(100)}', async () => {`;
    expect(longLines(`${title}\n  const s = '${'s'.repeat(100)}';`)).toEqual([2]);
  });

  it(`no line of source is longer than ${WIDTH} characters`, () => {
    const files = FOLDERS.flatMap((f) => sources(join(ROOT, f)));
    expect(files.length).toBeGreaterThan(200);
    const over = files.flatMap((f) =>
      longLines(readFileSync(f, 'utf8')).map((n) => `${relative(ROOT, f)}:${n}`),
    );
    expect(over).toEqual([]);
  });
});
