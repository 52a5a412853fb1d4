import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleIsCurrent } from '../../src/cli/worker-loader.mjs';
import { writeBulkExport } from '../../src/synthetic/bulk-export.js';

/**
 * The batch workers run a prebuilt bundle when it is current (`npm run build`, dist/worker) and
 * their TypeScript source through tsx otherwise: both must write the same bytes.
 */
const root = join(import.meta.dirname, '..', '..');
const run = (worker: 'source' | 'bundle', ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/assess-cli.ts'), ...args], {
    encoding: 'utf8',
    cwd: root,
    maxBuffer: 1 << 28,
    env: { ...process.env, SPINESCORE_WORKER: worker },
  });
let dir: string;
beforeAll(() => {
  // `npm test` builds first; run alone, the bundle is built here (into the ignored dist/).
  if (!bundleIsCurrent()) {
    const b = spawnSync(
      process.execPath,
      [
        join(root, 'node_modules/vite/bin/vite.js'),
        'build',
        '-c',
        'src/cli/vite.worker.config.ts',
        '--logLevel',
        'warn',
      ],
      { cwd: root, encoding: 'utf8' },
    );
    if (b.status !== 0) throw new Error(`worker bundle build failed: ${b.stderr}`);
  }
  dir = mkdtempSync(join(tmpdir(), 'export-'));
  writeBulkExport(join(dir, 'export'), 40, '2026-11-20', { observations: 120, referralEvery: 4 });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('batch worker bundle', () => {
  it('is current after the build, and writes the bytes the TypeScript source writes (compact, --full, --table)', () => {
    expect(bundleIsCurrent()).toBe(true);
    const table = (w: string) => join(dir, `table-${w}.csv`);
    for (const extra of [[], ['--full'], ['--table']]) {
      const args = (w: string) => [
        join(dir, 'export'),
        '--as-of',
        '2026-11-20',
        '--workers',
        '2',
        ...extra,
        ...(extra[0] === '--table' ? [table(w)] : []),
      ];
      const source = run('source', ...args('source'));
      const bundle = run('bundle', ...args('bundle'));
      expect(source.status, source.stderr).toBe(0);
      expect(bundle.status, bundle.stderr).toBe(0);
      expect(source.stdout.split('\n').filter(Boolean)).toHaveLength(40);
      expect(bundle.stdout).toBe(source.stdout);
    }
    expect(readFileSync(table('bundle'), 'utf8')).toBe(readFileSync(table('source'), 'utf8'));
  }, 120_000);
});
