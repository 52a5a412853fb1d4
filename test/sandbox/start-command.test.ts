import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { importJWK, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { freePort } from '../e2e/browser.js';

/**
 * `npm start` as a newcomer runs it: prints the URLs, serves the pages, stops cleanly on Ctrl-C.
 */
function start(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', ...args], {
    env: { ...process.env, SANDBOX_FEEDBACK_DB: 'memory' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const output = () => out;
  return { child, exited, output };
}

describe('npm start', () => {
  it('prints where everything is, serves the EHR page and FHIR, and exits 0 on Ctrl-C', async () => {
    const port = await freePort();
    const { child, exited, output } = start(['--port', String(port)]);
    try {
      await expect.poll(output, { timeout: 30_000, interval: 100 }).toMatch(/Ctrl-C stops/);
      expect(output()).toContain('DEVELOPMENT ONLY');
      expect(output()).toContain(`EHR page          http://127.0.0.1:${port}/ehr/`);
      expect((await fetch(`http://127.0.0.1:${port}/ehr/`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/fhir/R4/metadata`)).status).toBe(200);
      // A keep-alive connection must not hold the shutdown open.
      await fetch(`http://127.0.0.1:${port}/fhir/R4/.well-known/smart-configuration`, {
        headers: { connection: 'keep-alive' },
      });
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGINT');
      rmSync(join('.data', `sandbox-${port}`), { recursive: true, force: true });
    }
  }, 45_000);

  it('two sandboxes of one checkout keep their own state; a second start on a busy port changes nothing', async () => {
    const ports = [await freePort(), await freePort()];
    const dirs = ports.map((p) => join('.data', `sandbox-${p}`));
    const a = start(['--port', String(ports[0])]);
    await expect.poll(a.output, { timeout: 30_000, interval: 100 }).toMatch(/Ctrl-C stops/);
    const b = start(['--port', String(ports[1])]);
    const busy = start(['--port', String(ports[0])]);
    try {
      await expect.poll(b.output, { timeout: 30_000, interval: 100 }).toMatch(/Ctrl-C stops/);
      expect(await busy.exited).toBe(2);
      expect(busy.output()).toMatch(
        new RegExp(`Port ${ports[0]} is in use .*nothing was started or changed`),
      );
      ports.forEach((p, i) =>
        expect([a, b][i]!.output()).toContain(`--key ${dirs[i]}/bulk-client.jwk.json`),
      );
      const keys = dirs.map((d) => readFileSync(join(d, 'bulk-client.jwk.json'), 'utf8'));
      expect(keys[0]).not.toBe(keys[1]);
      // The first sandbox's printed key still gets its back-end token after the others started.
      for (const [i, port] of ports.entries()) {
        const jwk = JSON.parse(keys[i]!) as { kid: string };
        const origin = `http://127.0.0.1:${port}`;
        const now = Math.floor(Date.now() / 1000);
        const assertion = await new SignJWT({})
          .setProtectedHeader({ alg: 'ES384', kid: jwk.kid, typ: 'JWT' })
          .setIssuer('spinescore-bulk')
          .setSubject('spinescore-bulk')
          .setAudience(`${origin}/auth/token`)
          .setIssuedAt(now)
          .setExpirationTime(now + 240)
          .setJti(crypto.randomUUID())
          .sign(await importJWK(jwk, 'ES384'));
        const res = await fetch(`${origin}/auth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            scope: 'system/Patient.rs',
            client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
            client_assertion: assertion,
          }),
        });
        expect(res.status, await res.clone().text()).toBe(200);
      }
    } finally {
      a.child.kill('SIGINT');
      b.child.kill('SIGINT');
      await Promise.all([a.exited, b.exited]);
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    }
  }, 90_000);

  it('refuses a non-loopback address unless told explicitly, and says why', async () => {
    const { exited, output } = start(['--host', '0.0.0.0', '--port', String(await freePort())]);
    expect(await exited).toBe(2);
    expect(output()).toMatch(
      /Refusing to listen on 0\.0\.0\.0: this is a development sandbox\. Pass --allow-remote/,
    );
  }, 30_000);
});
