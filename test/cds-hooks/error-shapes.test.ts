import { createLocalJWKSet } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { ClientJwtVerifier } from '../../cds-hooks/auth/client-jwt.js';
import { ReplayStoreUnavailable } from '../../cds-hooks/auth/replay-store.js';
import type { FeedbackStore } from '../../cds-hooks/store/feedback-store.js';
import { expectOutcome } from '../support/error-shapes.js';
import {
  CDS_BASE,
  FHIR_BASE,
  orderSelect,
  testApp,
  testClient,
  testConfig,
  type TestClient,
} from './cds-helpers.js';

/**
 * Every error the CDS Hooks routes can answer, with its status, content type and body: an
 * OperationOutcome whose kind (cds-hooks/outcomes.ts) maps to that status. One case per way in.
 */
let client: TestClient;
const JSON_TYPE = /^application\/json/;
const SERVICE = '/cds-services/spine-surgery-referral';
const FEEDBACK = `${SERVICE}/feedback`;
const down = async (): Promise<FeedbackStore> => {
  throw new Error('database down');
};

beforeAll(async () => {
  client = await testClient();
});

async function send(
  app: ReturnType<typeof testApp>,
  path: string,
  o: {
    body?: unknown;
    token?: string | null;
    method?: string;
    headers?: Record<string, string>;
  } = {},
) {
  const url = `${CDS_BASE}${path}`;
  const token = o.token === null ? undefined : (o.token ?? (await client.sign(url)));
  return app.fetch(
    new Request(url, {
      method: o.method ?? 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...o.headers,
      },
      ...(o.body === undefined
        ? {}
        : { body: typeof o.body === 'string' ? o.body : JSON.stringify(o.body) }),
    }),
  );
}

describe('CDS Hooks errors: one OperationOutcome shape, status from its kind', () => {
  const deep = `{"a":${'['.repeat(100)}${']'.repeat(100)}}`;
  const patientView = {
    hook: 'patient-view',
    hookInstance: 'pv',
    context: { userId: 'Practitioner/1' },
  };
  const cases: Array<[string, number, () => Promise<Response>]> = [
    ['body not JSON', 400, () => send(testApp(client), SERVICE, { body: '{"hook": ' })],
    ['body nested too deep', 400, () => send(testApp(client), SERVICE, { body: deep })],
    ['request schema not met', 400, () => send(testApp(client), SERVICE, { body: { hook: 5 } })],
    [
      'a hook the service does not answer',
      400,
      () => send(testApp(client), SERVICE, { body: { ...orderSelect('s01'), hook: 'order-sign' } }),
    ],
    [
      'a context the hook does not accept',
      400,
      () =>
        send(testApp(client, { patientViewEnabled: true }), '/cds-services/spine-met-actionable', {
          body: patientView,
        }),
    ],
    [
      'order-select without selections',
      400,
      () => {
        const b = orderSelect('s01');
        delete (b.context as { selections?: unknown }).selections;
        return send(testApp(client), SERVICE, { body: b });
      },
    ],
    ['invalid feedback', 400, () => send(testApp(client), FEEDBACK, { body: { feedback: [] } })],
    [
      'no JWT on a hook',
      401,
      () => send(testApp(client), SERVICE, { body: orderSelect('s01'), token: null }),
    ],
    [
      'a JWT for another endpoint',
      401,
      async () =>
        send(testApp(client), SERVICE, {
          body: orderSelect('s01'),
          token: await client.sign(`${CDS_BASE}/elsewhere`),
        }),
    ],
    ['no JWT on feedback', 401, () => send(testApp(client), FEEDBACK, { body: {}, token: null })],
    [
      'feedback statistics with a wrong admin token',
      401,
      () =>
        send(
          testApp(client, {}, { adminToken: 'admin-secret', store: down }),
          '/cds-admin/feedback-stats',
          { method: 'GET', token: 'admin-secre' },
        ),
    ],
    [
      'an unknown service',
      404,
      () => send(testApp(client), '/cds-services/unknown', { body: orderSelect('s01') }),
    ],
    [
      'a disabled service',
      404,
      () => send(testApp(client), '/cds-services/spine-met-actionable', { body: patientView }),
    ],
    [
      'feedback for an unknown service',
      404,
      () => send(testApp(client), '/cds-services/unknown/feedback', { body: {} }),
    ],
    ['an unknown path', 404, () => send(testApp(client), '/nothing-here', { method: 'GET' })],
    [
      'no Conditions and no FHIR access',
      412,
      () =>
        send(testApp(client), SERVICE, { body: { ...orderSelect('s01'), fhirServer: FHIR_BASE } }),
    ],
    [
      'patient-view, no Conditions and no FHIR access',
      412,
      () =>
        send(testApp(client, { patientViewEnabled: true }), '/cds-services/spine-met-actionable', {
          body: { ...patientView, context: { userId: 'Practitioner/1', patientId: 's01' } },
        }),
    ],
    [
      'a body over the limit',
      413,
      () =>
        send(testApp(client), SERVICE, {
          body: { ...orderSelect('s01'), pad: 'x'.repeat(3 * 1024 * 1024) },
        }),
    ],
    [
      'an unexpected failure',
      500,
      () =>
        send(
          testApp(
            client,
            {},
            {
              now: () => {
                throw new Error('clock');
              },
            },
          ),
          SERVICE,
          { body: orderSelect('s01') },
        ),
    ],
    [
      'feedback the store cannot take',
      503,
      () =>
        send(testApp(client, {}, { store: down }), FEEDBACK, {
          body: {
            feedback: [
              { card: 'c', outcome: 'overridden', outcomeTimestamp: '2026-11-20T10:00:00Z' },
            ],
          },
        }),
    ],
    [
      'statistics the store cannot give',
      503,
      () =>
        send(
          testApp(client, {}, { adminToken: 'admin-secret', store: down }),
          '/cds-admin/feedback-stats',
          { method: 'GET', token: 'admin-secret' },
        ),
    ],
    [
      'a token whose jti cannot be checked',
      503,
      () => {
        const config = testConfig(client);
        const verifier = new ClientJwtVerifier(
          config.trustedIssuers,
          Date.now,
          () => createLocalJWKSet({ keys: [client.key.publicJwk] }),
          {
            claim: async () => {
              throw new ReplayStoreUnavailable('down');
            },
          },
        );
        return send(testApp(client, {}, { verifier }), SERVICE, { body: orderSelect('s01') });
      },
    ],
  ];

  it.each(cases)('%s → %i', async (_n, status, call) => {
    const res = await call();
    const body = await expectOutcome(res, status, JSON_TYPE);
    if (status === 401) {
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(body.issue[0].details.text).toBe('A valid CDS client JWT is required.');
    }
    if (status === 503) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    if (status === 500) expect(body.issue[0].details.text).not.toMatch(/clock/);
  });
});
