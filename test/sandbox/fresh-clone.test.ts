import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../e2e/browser.js';

/**
 * A fresh clone has no `.data/` (git-ignored): the README's commands with default settings must
 * create what they need. The tracked files are copied to a temporary folder (node_modules linked)
 * and the sandbox and the stand-alone service are started there with their default storage.
 */
let copy: string;
beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'fresh-clone-'));
  const files = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  for (const f of files) {
    if (!existsSync(f)) continue; // deleted in the working tree, not yet committed
    mkdirSync(dirname(join(copy, f)), { recursive: true });
    cpSync(f, join(copy, f));
  }
  symlinkSync(resolve('node_modules'), join(copy, 'node_modules'), 'dir');
  if (existsSync('dist')) symlinkSync(resolve('dist'), join(copy, 'dist'), 'dir');
  // The point of the copy: no .data/ from earlier runs.
  if (existsSync(join(copy, '.data'))) throw new Error('the fresh copy already has .data/');
});
const children: Array<{ kill(signal?: NodeJS.Signals): boolean }> = [];
// A failed expectation must not leave a server running.
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(copy, { recursive: true, force: true });
});

function run(script: string, args: string[], env: Record<string, string>) {
  const {
    SANDBOX_FEEDBACK_DB: _a,
    CDS_DATA_DIR: _b,
    CDS_DATABASE_URL: _c,
    CDS_SPOOL_DIR: _d,
    ...base
  } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: copy,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  children.push(child);
  return { child, exited, output: () => out };
}

describe('a fresh clone with default settings', () => {
  it('npm start: the feedback store works and its data folder is created', async () => {
    const port = await freePort();
    const s = run('scripts/start.ts', ['--port', String(port)], {});
    await expect.poll(s.output, { timeout: 45_000, interval: 100 }).toMatch(/Ctrl-C stops/);
    const stats = await fetch(`http://127.0.0.1:${port}/cds-admin/feedback-stats`, {
      headers: { authorization: 'Bearer sandbox-admin' },
    });
    expect(stats.status).toBe(200);
    expect(await stats.json()).toEqual({ cards: [] });
    expect(existsSync(join(copy, '.data', `sandbox-${port}`, 'cds-feedback'))).toBe(true);
    s.child.kill('SIGINT');
    expect(await s.exited).toBe(0);
    expect(s.output()).not.toMatch(/audit write failed|entries lost|Error/);
  }, 90_000);

  it('npm run cds with the example configuration: starts on the embedded database and serves feedback statistics', async () => {
    const port = await freePort();
    const s = run('cds-hooks/server.ts', [], {
      CDS_CONFIG: 'cds-hooks/cds-config.example.json',
      CDS_PORT: String(port),
      CDS_ADMIN_TOKEN: 'admin-secret',
    });
    await expect.poll(s.output, { timeout: 45_000, interval: 100 }).toMatch(/CDS Hooks service on/);
    const stats = await fetch(`http://127.0.0.1:${port}/cds-admin/feedback-stats`, {
      headers: { authorization: 'Bearer admin-secret' },
    });
    expect(stats.status).toBe(200);
    expect(existsSync(join(copy, '.data', 'cds-audit-spool'))).toBe(true);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  }, 90_000);
});
