import { readFileSync } from 'node:fs';
import type { Bundle } from 'fhir/r4';
import { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClientKind } from '../../sandbox/auth/access-model.js';
import { unauthorized } from '../../cds-hooks/outcomes.js';
import { ScopePolicy } from '../../sandbox/auth/access-policy.js';
import { createBulkExport, type BulkExportOptions } from '../../sandbox/fhir/bulk-export.js';
import { loadFhirDefinitions } from '../../sandbox/fhir/definitions.js';
import { IndexedRepository } from '../../sandbox/fhir/indexed-repository.js';
import { loadBundle } from '../../sandbox/fhir/seed.js';
import { parseScopes } from '../../src/smart/scopes.js';

/**
 * Bulk export's jobs: only a confidential back-end client starts one, a job belongs to the client
 * that started it, jobs and files expire, and the server keeps a bounded number (429 beyond).
 * The token a request carries is given here as the policy it resolves to (bearer = its name).
 */
const BASE = 'http://fhir.test/fhir/R4';
const policies: Record<string, ScopePolicy> = {};
/**
 * `sub` is the same for every token here: ownership must not rest on it (a user's tokens share it).
 */
const policy = (name: string, scope: string, kind: ClientKind, patient?: string) => {
  policies[name] = new ScopePolicy(parseScopes(scope), patient, 'Practitioner/sandbox-surgeon', {
    kind,
    id: name,
  });
};
let repo: IndexedRepository;
beforeAll(async () => {
  loadFhirDefinitions();
  repo = new IndexedRepository();
  for (const f of ['s01-ctj-lung-cord-compression', 's02-thyroid-solitary-t10']) {
    await loadBundle(
      repo,
      JSON.parse(readFileSync(`fixtures/scenarios/${f}.json`, 'utf8')) as Bundle,
    );
  }
  policy('registry', 'system/*.rs', 'backend');
  policy('other-registry', 'system/*.rs', 'backend');
  policy('app-s01', 'patient/*.cruds system/*.rs', 'public-app', 's01');
  policy('app-user', 'user/*.rs system/*.rs', 'public-app');
});

function bulk(o: Partial<BulkExportOptions> = {}) {
  let t = Date.parse('2026-12-01T10:00:00Z');
  const app = new Hono().route(
    '/fhir/R4',
    createBulkExport({
      basePath: '/fhir/R4',
      repo,
      minJobMs: 0,
      now: () => t,
      authorize: async (req) =>
        policies[(req.headers.get('authorization') ?? '').replace('Bearer ', '')] ??
        unauthorized('no token'),
      ...o,
    }),
  );
  const call = (who: string, path: string, method = 'GET') =>
    app.fetch(
      new Request(path.startsWith('http') ? path : `${BASE}/${path}`, {
        method,
        headers: { authorization: `Bearer ${who}`, prefer: 'respond-async' },
      }),
    );
  const start = async (who: string, path = 'Patient/$export?_type=Patient,Observation') => {
    const res = await call(who, path);
    expect(res.status, await res.clone().text()).toBe(202);
    return res.headers.get('content-location')!;
  };
  const finished = async (who: string, status: string) => {
    await expect.poll(async () => (await call(who, status)).status).toBe(200);
    return call(who, status);
  };
  return {
    call,
    start,
    finished,
    advance: (ms: number) => {
      t += ms;
    },
    now: () => t,
  };
}

describe('bulk export jobs', () => {
  it.each(['app-s01', 'app-user'])(
    'a public app token (%s) cannot start an export, whatever its scopes',
    async (who) => {
      const { call } = bulk();
      for (const path of ['Patient/$export', '$export', 'Group/g/$export'])
        expect((await call(who, path)).status).toBe(403);
    },
  );

  it('a job belongs to the client that started it: another client or a patient token gets 404', async () => {
    const b = bulk();
    const status = await b.start('registry');
    const manifest = (await (await b.finished('registry', status)).json()) as {
      output: { url: string; count: number }[];
    };
    const file = manifest.output.find((o) => o.url.endsWith('Observation.ndjson'))!;
    expect(file.count).toBeGreaterThan(0);
    for (const who of ['other-registry', 'app-s01', 'app-user']) {
      expect((await b.call(who, status)).status).toBe(404);
      expect((await b.call(who, file.url)).status).toBe(404);
      expect((await b.call(who, status, 'DELETE')).status).toBe(404);
    }
    // Still there for its owner, and only the owner deletes it.
    expect((await b.call('registry', file.url)).status).toBe(200);
    expect((await b.call('registry', status, 'DELETE')).status).toBe(202);
    expect((await b.call('registry', status)).status).toBe(404);
  });

  it('a finished job and its files expire: Expires on the manifest, 404 after it', async () => {
    const b = bulk({ jobLifetimeMs: 60_000 });
    const status = await b.start('registry');
    const res = await b.finished('registry', status);
    const expires = Date.parse(res.headers.get('expires')!);
    expect(expires).toBe(b.now() + 60_000 - (b.now() % 1000)); // HTTP dates have whole seconds
    const url = ((await res.json()) as { output: { url: string }[] }).output[0]!.url;
    b.advance(59_000);
    expect((await b.call('registry', url)).status).toBe(200);
    b.advance(1_000);
    expect((await b.call('registry', url)).status).toBe(404);
    expect((await b.call('registry', status)).status).toBe(404);
  });

  it('the jobs kept are bounded: 429 with Retry-After beyond, room again once one expires', async () => {
    const b = bulk({ maxJobs: 2, jobLifetimeMs: 120_000 });
    const first = await b.start('registry');
    await b.finished('registry', first);
    b.advance(30_000);
    await b.finished('other-registry', await b.start('other-registry'));
    const refused = await b.call('registry', 'Patient/$export');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('90');
    b.advance(90_000);
    await b.start('registry');
  });

  it('an export larger than the bytes kept fails and keeps nothing', async () => {
    const b = bulk({ maxBytes: 2_000 });
    const status = await b.start('registry');
    await expect.poll(async () => (await b.call('registry', status)).status).toBe(500);
    const again = await b.call('registry', 'Patient/$export?_type=Patient');
    expect(again.status).toBe(202); // the failed job's files were released
  });
});
