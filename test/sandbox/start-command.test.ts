import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { freePort } from '../e2e/browser.js';

/** `npm start` as a newcomer runs it: prints the URLs, serves the pages, stops cleanly on Ctrl-C. */
function start(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', ...args], { env: { ...process.env, SANDBOX_FEEDBACK_DB: 'memory' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
  child.stderr.setEncoding('utf8').on('data', (d: string) => { out += d; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const output = () => out;
  return { child, exited, output };
}

describe('npm start', () => {
  it('prints where everything is, serves the EHR page and FHIR, and exits 0 on Ctrl-C', async () => {
    const port = await freePort();
    const { child, exited, output } = start(['--port', String(port)]);
    await expect.poll(output, { timeout: 30_000, interval: 100 }).toMatch(/Ctrl-C stops/);
    expect(output()).toContain('DEVELOPMENT ONLY');
    expect(output()).toContain(`EHR page          http://127.0.0.1:${port}/ehr/`);
    expect((await fetch(`http://127.0.0.1:${port}/ehr/`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/fhir/R4/metadata`)).status).toBe(200);
    // A keep-alive connection must not hold the shutdown open.
    await fetch(`http://127.0.0.1:${port}/fhir/R4/.well-known/smart-configuration`, { headers: { connection: 'keep-alive' } });
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 45_000);

  it('refuses a non-loopback address unless told explicitly, and says why', async () => {
    const { exited, output } = start(['--host', '0.0.0.0', '--port', String(await freePort())]);
    expect(await exited).toBe(2);
    expect(output()).toMatch(/Refusing to listen on 0\.0\.0\.0: this is a development sandbox\. Pass --allow-remote/);
  }, 30_000);
});
