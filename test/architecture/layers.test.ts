import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Layers of src/ point one way (docs/architecture.md). Every import, re-export and dynamic import
 * of every .ts/.tsx file under src/ is read from the text, resolved, and its folder's rank must be
 * at most the importing folder's rank. Packages are not checked (only src/ folders have ranks).
 */
const SRC = resolve(import.meta.dirname, '..', '..', 'src');

/** The order, lowest first; folders of one rank may import each other. */
export const LAYERS: ReadonlyArray<readonly string[]> = [
  ['clinical', 'provenance', 'terminology', 'smart'],
  ['facts', 'inputs'],
  ['scores'],
  ['recommend'],
  ['assess'],
  ['writeback', 'outcomes', 'synthetic'],
  ['app', 'cli'],
];

/** Imports allowed against the order, each with its reason; add one only with a why. */
const EXCEPTIONS: ReadonlyArray<{ from: string; to: string; why: string }> = [
  {
    from: 'facts/extract-observations.ts',
    to: '../scores/barthel.js',
    why:
      'a complete set of Barthel items recorded on one day becomes a total fact through the ' +
      "score's own definition (BARTHEL, barthel()), so the total has one definition; moving that " +
      'derivation to scores/ changes ClinicalFacts for every reader (a follow-up)',
  },
];

/** Files outside src/ that src/ may read, with the reason. */
const OUTSIDE_SRC: Readonly<Record<string, string>> = {
  'smart-config.json':
    "the site's configuration (docs/app.md), bundled into the app and the core's systems",
};

const rank = new Map(LAYERS.flatMap((folders, i) => folders.map((f) => [f, i] as const)));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Module specifiers of `import … from`, `export … from`, `import '…'` and `import('…')`. */
export function specifiers(text: string): string[] {
  const out: string[] = [];
  const patterns = [
    /^\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/gm,
    /^\s*import\s*['"]([^'"]+)['"]/gm,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) out.push(m[1]!);
  return out;
}

/** The src/ folder a file belongs to; outside src/, its path from the repository root. */
const folderOf = (file: string) => {
  const rel = relative(SRC, file);
  if (rel.startsWith('..')) return relative(resolve(SRC, '..'), file).split(sep).join('/');
  const parts = rel.split(sep);
  return parts.length > 1 ? parts[0]! : '';
};

function edges(): Array<{ file: string; from: string; to: string; spec: string }> {
  return sources(SRC).flatMap((file) =>
    specifiers(readFileSync(file, 'utf8'))
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => {
        const target = resolve(dirname(file), spec);
        return { file: relative(SRC, file), from: folderOf(file), to: folderOf(target), spec };
      }),
  );
}

describe('layers of src/ point one way', () => {
  const all = edges();

  it('reads the imports (the check is not vacuous)', () => {
    expect(all.length).toBeGreaterThan(200);
    expect(all.some((e) => e.from === 'assess' && e.to === 'recommend')).toBe(true);
    expect(
      specifiers(
        "import {\n  a,\n  b,\n} from '../x/y.js';\nexport * from './z.js';\nconst m = " +
          "await import('../q.js');",
      ),
    ).toEqual(['../x/y.js', './z.js', '../q.js']);
  });

  it('every folder of src/ has a rank, and no import leaves src/ for the front ends', () => {
    const folders = readdirSync(SRC, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(folders.filter((f) => !rank.has(f))).toEqual([]);
    const outside = all.filter(
      (e) => !rank.has(e.to) && !(e.to.endsWith('.json') && e.to in OUTSIDE_SRC),
    );
    expect(outside.map((e) => `${e.file} → ${e.spec}`)).toEqual([]);
  });

  it('no import points to a higher layer (except as listed, with a reason)', () => {
    const upward = all
      .filter((e) => rank.has(e.to) && rank.get(e.to)! > rank.get(e.from)!)
      .filter((e) => !EXCEPTIONS.some((x) => x.from === e.file && x.to === e.spec));
    expect(upward.map((e) => `${e.file} → ${e.spec}`)).toEqual([]);
  });

  it('every listed exception still exists (a stale one would hide nothing and mislead)', () => {
    for (const x of EXCEPTIONS)
      expect(
        all.some((e) => e.file === x.from && e.spec === x.to),
        x.from,
      ).toBe(true);
  });
});
