import { readFileSync } from 'node:fs';
import type { Bundle } from 'fhir/r4';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unauthorized } from '../../cds-hooks/outcomes.js';
import { ScopePolicy } from '../../sandbox/auth/access-policy.js';
import { createEhrApi } from '../../sandbox/ehr/ehr-api.js';
import { createBulkExport } from '../../sandbox/fhir/bulk-export.js';
import { IndexedRepository } from '../../sandbox/fhir/indexed-repository.js';
import { loadBundle } from '../../sandbox/fhir/seed.js';
import type { Sandbox } from '../../sandbox/server.js';
import { inProcessSandbox } from '../support/sandbox.js';
import { parseScopes } from '../../src/smart/scopes.js';
import { expectOutcome, expectProblem } from '../support/error-shapes.js';

/**
 * Every error the sandbox's servers can answer, one case per way in, with status, content type and
 * body (cds-hooks/outcomes.ts): OperationOutcome on FHIR and Bulk Data routes, RFC 9457 problem
 * details on the EHR API, the auth server's non-OAuth routes and the site; OAuth token errors keep
 * RFC 6749's shape.
 */
let sb: Sandbox;
const ORIGIN = 'http://127.0.0.1:8440';
const FHIR_TYPE = /^application\/fhir\+json/;
let s01Token: string;

beforeAll(async () => {
  sb = await inProcessSandbox();
  s01Token = (
    await sb.auth.mintToken('sandbox-ehr', 'patient/*.cruds', {
      patient: 's01',
      user: 'Practitioner/sandbox-surgeon',
    })
  ).access_token;
}, 60_000);
afterAll(() => sb.close());

const fhir = (path: string, init: RequestInit & { token?: string | null } = {}) => {
  const { token = s01Token, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  if (rest.body) headers.set('content-type', 'application/fhir+json');
  return sb.app.fetch(new Request(`${sb.fhirBase}/${path}`, { ...rest, headers }));
};

describe('FHIR endpoint: OperationOutcome, status from its kind', () => {
  const condition = {
    resourceType: 'Condition',
    subject: { reference: 'Patient/s01' },
    code: { text: 'x' },
  };
  const cases: Array<[string, number, () => Promise<Response> | Response]> = [
    ['a body that is not JSON', 400, () => fhir('Condition', { method: 'POST', body: '{' })],
    [
      'a resource that is not valid FHIR',
      400,
      () =>
        fhir('Condition', {
          method: 'POST',
          body: JSON.stringify({ ...condition, onsetDateTime: 5 }),
        }),
    ],
    ['a create without a body', 400, () => fhir('Condition', { method: 'POST', body: ' ' })],
    ['no token', 401, () => fhir('Patient/s01', { token: null })],
    ['a token of another server', 401, () => fhir('Patient/s01', { token: 'e30.e30.sig' })],
    ["another patient's record", 403, () => fhir('Patient/s02')],
    ['an unknown page token', 404, () => fhir('?_getpages=nope')],
    ["an unknown resource (the router's own answer)", 404, () => fhir('Condition/nope')],
    [
      "a deleted resource (the router's own answer)",
      404,
      async () => {
        const created = await fhir('Condition', {
          method: 'POST',
          body: JSON.stringify(condition),
        });
        const id = ((await created.json()) as { id: string }).id;
        expect((await fhir(`Condition/${id}`, { method: 'DELETE' })).status).toBe(200);
        return fhir(`Condition/${id}`);
      },
    ],
    [
      'a conditional create matching what the token may not see',
      412,
      () =>
        fhir('Condition', {
          method: 'POST',
          body: JSON.stringify(condition),
          headers: { 'if-none-exist': 'patient=s02' },
        }),
    ],
  ];
  it.each(cases)('%s → %i', async (_n, status, call) => {
    const res = await call();
    await expectOutcome(res, status, FHIR_TYPE);
    if (status === 401) expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });
});

describe('Bulk Data: OperationOutcome, status from its kind', () => {
  const BASE = 'http://fhir.test/fhir/R4';
  let repo: IndexedRepository;
  beforeAll(async () => {
    repo = new IndexedRepository();
    await loadBundle(
      repo,
      JSON.parse(
        readFileSync('fixtures/scenarios/s02-thyroid-solitary-t10.json', 'utf8'),
      ) as Bundle,
    );
  });
  const policies: Record<string, ScopePolicy> = {
    registry: new ScopePolicy(parseScopes('system/*.rs'), undefined, 'x', {
      kind: 'backend',
      id: 'registry',
    }),
    app: new ScopePolicy(parseScopes('patient/*.rs'), 's02', 'x', {
      kind: 'public-app',
      id: 'app',
    }),
  };
  const bulk = (o: { maxJobs?: number; maxBytes?: number } = {}) =>
    new Hono().route(
      '/fhir/R4',
      createBulkExport({
        basePath: '/fhir/R4',
        repo,
        minJobMs: 0,
        ...o,
        authorize: async (req) =>
          policies[(req.headers.get('authorization') ?? '').replace('Bearer ', '')] ??
          unauthorized('No token.'),
      }),
    );
  const call = (app: Hono, path: string, o: { who?: string; prefer?: string } = {}) =>
    app.fetch(
      new Request(`${BASE}/${path}`, {
        headers: {
          authorization: `Bearer ${o.who ?? 'registry'}`,
          ...(o.prefer === '' ? {} : { prefer: o.prefer ?? 'respond-async' }),
        },
      }),
    );
  const cases: Array<[string, number, () => Promise<Response> | Response]> = [
    ['no Prefer: respond-async', 400, () => call(bulk(), '$export', { prefer: '' })],
    ['an unsupported _outputFormat', 400, () => call(bulk(), '$export?_outputFormat=text/csv')],
    ['no token', 401, () => call(bulk(), '$export', { who: 'nobody' })],
    ['a client that is not a back-end client', 403, () => call(bulk(), '$export', { who: 'app' })],
    ['an unknown job', 404, () => call(bulk(), '$export-status/nope')],
    [
      'more jobs than kept',
      429,
      async () => {
        const app = bulk({ maxJobs: 1 });
        expect((await call(app, '$export')).status).toBe(202);
        return call(app, '$export');
      },
    ],
    [
      'an export larger than kept',
      500,
      async () => {
        const app = bulk({ maxBytes: 10 });
        const status = (await call(app, '$export')).headers
          .get('content-location')!
          .slice(BASE.length + 1);
        await expect.poll(async () => (await call(app, status)).status).not.toBe(202);
        return call(app, status);
      },
    ],
  ];
  it.each(cases)('%s → %i', async (_n, status, run) => {
    const res = await run();
    await expectOutcome(res, status, FHIR_TYPE);
    if (status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('EHR API, auth server and site: RFC 9457 problem details', () => {
  const ehr = (path: string, init: RequestInit = {}, origin = ORIGIN) =>
    sb.app.fetch(new Request(`${origin}/ehr/api${path}`, init));
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    ehr(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const cases: Array<[string, number, () => Promise<Response> | Response]> = [
    ['a launch without a patient', 400, () => post('/launch', {})],
    ['a hook call without a draft', 400, () => post('/hooks', { patient: 's01' })],
    ['actions that are not a list', 400, () => post('/apply', { actions: 5 })],
    [
      'an order that is not a ServiceRequest',
      400,
      () => post('/orders', { order: { resourceType: 'Patient' } }),
    ],
    ['feedback without a service', 400, () => post('/feedback', {})],
    [
      'a JSON POST from another origin',
      403,
      () => post('/apply', { actions: [] }, { origin: 'https://evil.test' }),
    ],
    ['an unknown patient', 404, () => ehr('/patients/nobody')],
    ['an unknown EHR API path', 404, () => ehr('/nothing')],
    [
      'a form POST',
      415,
      () =>
        ehr('/apply', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'a=1',
        }),
    ],
    ['another Host', 421, () => ehr('/patients', {}, 'http://rebound.evil.test:8440')],
    ['an unknown auth server path', 404, () => sb.app.fetch(new Request(`${ORIGIN}/auth/nothing`))],
    [
      'an unknown site path',
      404,
      () => sb.app.fetch(new Request(`${ORIGIN}/nothing`, { method: 'POST' })),
    ],
    [
      'an EHR API failure',
      500,
      () => {
        const api = createEhrApi({
          auth: sb.auth,
          cds: undefined as never,
          fhirBase: sb.fhirBase,
          launchUrl: `${ORIGIN}/launch.html`,
          user: 'Practitioner/sandbox-surgeon',
          cdsClientId: 'x',
          origin: ORIGIN,
          fhir: async () => {
            throw new Error('FHIR server gone, patient s01');
          },
        });
        return api.fetch(new Request(`${ORIGIN}/worklist`));
      },
    ],
  ];
  it.each(cases)('%s → %i', async (_n, status, call) => {
    const body = await expectProblem(await call(), status);
    if (status === 500) expect(body.detail).not.toMatch(/s01|gone/);
  });

  it("OAuth token errors keep RFC 6749's shape", async () => {
    const res = await sb.app.fetch(
      new Request(`${ORIGIN}/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=password',
      }),
    );
    expect(res.status).toBe(401); // no client named: invalid_client
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Object.keys(await res.json()).sort()).toEqual(['error', 'error_description']);
  });
});
