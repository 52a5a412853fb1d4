import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPINE_REFERRAL_CODING } from '../../sandbox/ehr/ehr-api.js';
import { freePort } from '../e2e/browser.js';
import { ISS, orderSelect, scenarioPrefetch, testClient, type TestClient } from './cds-helpers.js';
import { schemaUrl } from './pg-schema.js';

/**
 * `npm run cds` as a hospital runs it: one process on the embedded database, or workers on
 * PostgreSQL.
 */
let client: TestClient;
let jwks: Server;
let jwksUrl: string;
let dir: string;
let body: string;

beforeAll(async () => {
  client = await testClient();
  jwks = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [client.key.publicJwk] }));
  });
  await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
  jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
  dir = mkdtempSync(join(tmpdir(), 'cds-server-'));
  body = JSON.stringify(orderSelect('s01', await scenarioPrefetch('s01')));
}, 60_000);
afterAll(() => {
  jwks.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start(
  env: Record<string, string>,
  fhirServers: string[] = [],
  ownProcessGroup = false,
) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const config = join(dir, `config-${port}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      publicBaseUrl: base,
      trustedIssuers: [{ iss: ISS, jwksUrls: [jwksUrl], algorithms: ['ES384'], fhirServers }],
      extraReferralCodes: [SPINE_REFERRAL_CODING],
      allowHttpFhir: true,
    }),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'cds-hooks/server.ts'], {
    // Every file a run writes stays in the temporary folder (no .data/ in the checkout).
    env: {
      ...process.env,
      CDS_CONFIG: config,
      CDS_PORT: String(port),
      CDS_ADMIN_TOKEN: 'admin-secret',
      CDS_SPOOL_DIR: join(dir, `spool-${port}`),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: ownProcessGroup,
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
  await expect.poll(output, { timeout: 45_000, interval: 100 }).toMatch(/CDS Hooks service on/);
  return { child, exited, output, base };
}

/**
 * The EHR's FHIR server (outside the product), answering empty searches at once, or holding its
 * answers from `hold()` until `release()`: a test knows a call is in flight when its search
 * arrived here, instead of sleeping for it.
 */
async function fhirServer() {
  let gate: Promise<void> | undefined;
  let open: () => void = () => undefined;
  const arrived: string[] = [];
  const server = createServer((req, res) => {
    arrived.push(new URL(req.url!, 'http://x').pathname);
    void (gate ?? Promise.resolve()).then(() => {
      res.setHeader('content-type', 'application/fhir+json');
      res.end(JSON.stringify({ resourceType: 'Bundle', type: 'searchset', entry: [] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`,
    /** How many Condition searches arrived: one per hook call. */
    conditionSearches: () => arrived.filter((p) => p.endsWith('/Condition')).length,
    hold: () => {
      gate = new Promise<void>((r) => {
        open = r;
      });
    },
    release: () => {
      open();
      gate = undefined;
    },
    close: () => {
      open();
      server.close();
    },
  };
}

/** Resolves once the service answers with `Connection: close`: it has taken the stop signal. */
async function draining(base: string) {
  const closes = () =>
    new Promise<boolean>((resolve) => {
      request(`${base}/health`, { agent: false }, (res) => {
        res.resume();
        resolve(res.headers.connection === 'close');
      })
        .on('error', () => resolve(false))
        .end();
    });
  await expect.poll(closes, { timeout: 15_000, interval: 20 }).toBe(true);
}

/** A POST on a new connection each time, so the primary hands each one to the next worker. */
function postFresh(
  url: string,
  text: string,
  token: string,
): Promise<{
  status: number;
  json: { cards?: Array<{ uuid: string; suggestions?: Array<{ uuid: string }> }> } | undefined;
}> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      },
      (res) => {
        let t = '';
        res
          .setEncoding('utf8')
          .on('data', (d: string) => {
            t += d;
          })
          .on('end', () =>
            resolve({ status: res.statusCode!, json: t ? JSON.parse(t) : undefined }),
          );
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

async function hookAndFeedback(base: string) {
  const url = `${base}/cds-services/spine-surgery-referral`;
  const token = await client.sign(url);
  const first = await postFresh(url, body, token);
  expect(first.status).toBe(200);
  expect(first.json!.cards).toHaveLength(2);
  // The same token again, on fresh connections (other workers when there are several): replays.
  for (let i = 0; i < 5; i++) expect((await postFresh(url, body, token)).status).toBe(401);
  const cand = first.json!.cards![0]!;
  const fb = JSON.stringify({
    feedback: [
      {
        card: cand.uuid,
        outcome: 'accepted',
        acceptedSuggestions: [{ id: cand.suggestions![0]!.uuid }],
        outcomeTimestamp: '2026-11-20T10:00:00Z',
      },
    ],
  });
  expect(
    (await postFresh(`${url}/feedback`, fb, await client.sign(`${url}/feedback`))).status,
  ).toBe(200);
  const stats = await fetch(`${base}/cds-admin/feedback-stats`, {
    headers: { authorization: 'Bearer admin-secret' },
  });
  expect(((await stats.json()) as { cards: unknown[] }).cards).toEqual([
    expect.objectContaining({ cardKind: 'candidacy', accepted: 1 }),
  ]);
}

describe('stand-alone CDS service (npm run cds)', () => {
  it('one process on the embedded database: hooks, replay refusal, feedback, clean stop', async () => {
    const s = await start({ CDS_DATA_DIR: join(dir, 'pglite'), CDS_LOG: 'quiet' });
    expect(s.output()).not.toMatch(/workers/);
    await hookAndFeedback(s.base);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  }, 90_000);

  it('finishes a call in flight when stopped, then exits 0', async () => {
    // The FHIR server holds its answers: the call is still running when SIGTERM arrives.
    const fhir = await fhirServer();
    fhir.hold();
    const s = await start({ CDS_DATA_DIR: join(dir, 'pglite-stop'), CDS_LOG: 'quiet' }, [fhir.url]);
    const url = `${s.base}/cds-services/spine-surgery-referral`;
    const { prefetch: _none, ...noPrefetch } = JSON.parse(body) as Record<string, unknown>;
    const call = postFresh(
      url,
      JSON.stringify({
        ...noPrefetch,
        fhirServer: fhir.url,
        fhirAuthorization: {
          access_token: 't',
          token_type: 'Bearer',
          expires_in: 300,
          scope: 'patient/*.rs',
          subject: 'cds',
        },
      }),
      await client.sign(url),
    );
    await expect.poll(fhir.conditionSearches, { timeout: 15_000 }).toBe(1);
    s.child.kill('SIGTERM');
    await draining(s.base);
    fhir.release();
    expect((await call).status).toBe(200);
    expect(await s.exited).toBe(0);
    fhir.close();
  }, 90_000);

  /**
   * 50 calls in flight on keep-alive connections (their FHIR searches held), then SIGTERM: every
   * call is answered (no connection reset) and the process exits 0 by itself.
   */
  async function drainUnderLoad(env: Record<string, string>) {
    const fhir = await fhirServer();
    const s = await start({ CDS_LOG: 'quiet', ...env }, [fhir.url]);
    const url = `${s.base}/cds-services/spine-surgery-referral`;
    const { prefetch: _none, ...noPrefetch } = JSON.parse(body) as Record<string, unknown>;
    const text = JSON.stringify({
      ...noPrefetch,
      fhirServer: fhir.url,
      fhirAuthorization: {
        access_token: 't',
        token_type: 'Bearer',
        expires_in: 300,
        scope: 'patient/*.rs',
        subject: 'cds',
      },
    });
    const agent = new Agent({ keepAlive: true, maxSockets: 50 });
    const one = async () => {
      const token = await client.sign(url);
      return new Promise<number | string>((resolve) => {
        const req = request(
          url,
          {
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          },
          (res) => {
            res.resume().on('end', () => resolve(res.statusCode!));
          },
        );
        req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
        req.end(text);
      });
    };
    // Warm the connections, then 50 at once, each waiting on the FHIR server.
    await Promise.all(Array.from({ length: 10 }, one));
    fhir.hold();
    const before = fhir.conditionSearches();
    const calls = Array.from({ length: 50 }, one);
    await expect.poll(() => fhir.conditionSearches() - before, { timeout: 30_000 }).toBe(50);
    s.child.kill('SIGTERM');
    await draining(s.base);
    fhir.release();
    const statuses = await Promise.all(calls);
    expect(await s.exited).toBe(0);
    agent.destroy();
    fhir.close();
    expect(statuses.filter((x) => x !== 200)).toEqual([]);
  }

  it('one process: SIGTERM during 50 concurrent calls answers every one of them and exits 0', async () => {
    await drainUnderLoad({
      CDS_DATA_DIR: join(dir, 'pglite-drain'),
      CDS_SPOOL_DIR: join(dir, 'spool-drain'),
    });
  }, 90_000);

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'two workers: SIGTERM during 50 concurrent calls answers every one of them and exits ' +
      '0 (3 trials)',
    async () => {
      for (let trial = 0; trial < 3; trial++)
        await drainUnderLoad({
          CDS_WORKERS: '2',
          CDS_DATABASE_URL: (await schemaUrl('server_drain'))!,
          CDS_SPOOL_DIR: join(dir, `spool-drain-w${trial}`),
        });
    },
    180_000,
  );

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'database blackholed after calls were answered: SIGTERM exits within its bound, the ' +
      'next start writes every audit entry once',
    async () => {
      const { TcpFaultProxy } = await import('../support/tcp-fault-proxy.js');
      const { postgresClient } = await import('../../cds-hooks/store/sql-client.js');
      const real = new URL((await schemaUrl('server_blackhole'))!);
      const proxy = await TcpFaultProxy.start(real.hostname, Number(real.port || 5432));
      const viaProxy = new URL(real);
      viaProxy.hostname = '127.0.0.1';
      viaProxy.port = String(proxy.port);
      const env = {
        CDS_DATABASE_URL: viaProxy.toString(),
        CDS_SPOOL_DIR: join(dir, 'spool-blackhole'),
        CDS_LOG: 'quiet',
      };
      const s = await start(env);
      const url = `${s.base}/cds-services/spine-surgery-referral`;
      const n = 12;
      for (let i = 0; i < n; i++)
        expect((await postFresh(url, body, await client.sign(url))).status).toBe(200);
      proxy.set('blackhole');
      // The database never answers: the process exiting by itself is the bound at work.
      s.child.kill('SIGTERM');
      expect(await s.exited).toBe(0);
      proxy.set('pass');
      const again = await start(env);
      const db = await postgresClient(real.toString());
      await expect
        .poll(
          async () =>
            Number(
              (
                await db.query<{ n: string }>(
                  "select count(*) as n from audit_log where action = 'hook'",
                )
              ).rows[0]!.n,
            ),
          { timeout: 15_000 },
        )
        .toBe(n);
      again.child.kill('SIGTERM');
      expect(await again.exited).toBe(0);
      await db.close();
      await proxy.close();
    },
    120_000,
  );

  it('refuses several workers on the embedded database, with the reason', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cds-hooks/server.ts'], {
      env: {
        ...process.env,
        CDS_CONFIG: 'cds-hooks/cds-config.example.json',
        CDS_WORKERS: '2',
        CDS_DATA_DIR: join(dir, 'x'),
        CDS_SPOOL_DIR: join(dir, 'spool-x'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(2);
    expect(out).toMatch(/CDS_WORKERS above 1 needs CDS_DATABASE_URL \(PostgreSQL\)/);
  }, 30_000);

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'two workers on PostgreSQL share jti replay and feedback, and a dead worker is replaced',
    async () => {
      const s = await start(
        { CDS_WORKERS: '2', CDS_DATABASE_URL: (await schemaUrl('server_test'))! },
        [],
        true,
      );
      expect(s.output()).toMatch(/with 2 workers/);
      await hookAndFeedback(s.base);
      const workers = () => [
        ...new Set([...s.output().matchAll(/"worker":(\d+)/g)].map((m) => Number(m[1]))),
      ];
      expect(workers()).toHaveLength(2); // both served requests
      process.kill(workers()[0]!, 'SIGKILL');
      await expect
        .poll(s.output, { timeout: 30_000 })
        .toMatch(/exited \(SIGKILL\); starting another/);
      const url = `${s.base}/cds-services/spine-surgery-referral`;
      await expect
        .poll(async () => (await postFresh(url, body, await client.sign(url))).status, {
          timeout: 30_000,
        })
        .toBe(200);
      // Ctrl-C in a terminal signals the primary and its workers together.
      process.kill(-s.child.pid!, 'SIGINT');
      expect(await s.exited).toBe(0);
      expect(s.output()).not.toMatch(/Error|Unhandled/);
    },
    120_000,
  );
});
