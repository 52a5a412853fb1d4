import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  FHIR_BASE,
  orderSelect,
  post,
  scenarioFhir,
  scenarioPrefetch,
  testApp,
  testClient,
  type TestClient,
} from './cds-helpers.js';

/**
 * Property-based fuzz of both hook services and the feedback endpoint (bounded: a few hundred
 * cases each, seeded so a failure replays): whatever the body, the answer is a 2xx or 4xx, never a
 * 500, within a bound, and the service is healthy afterwards. The EHR's FHIR server is the
 * embedded one (no call leaves the process).
 */
let client: TestClient;
let app: ReturnType<typeof testApp>;
let valid: Record<string, unknown>;

beforeAll(async () => {
  client = await testClient();
  const fhir = await scenarioFhir();
  app = testApp(
    client,
    { patientViewEnabled: true, fetchDeadlineMs: 500 },
    {
      fetch: ((url: string | URL | Request, init?: RequestInit) =>
        fhir.fetch(new Request(url, init))) as typeof fetch,
    },
  );
  valid = {
    ...orderSelect('s03', await scenarioPrefetch('s03')),
    fhirServer: FHIR_BASE,
    fhirAuthorization: {
      access_token: 't',
      token_type: 'Bearer',
      expires_in: 300,
      scope: 'patient/*.rs',
      subject: 'cds',
      patient: 's03',
    },
  };
}, 60_000);

/** Sets `value` at a dotted path, creating objects on the way (array indexes as keys). */
function setPath(body: unknown, path: string, value: unknown): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  const keys = path.split('.');
  let at: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) {
    if (!at[k] || typeof at[k] !== 'object') at[k] = {};
    at = at[k] as Record<string, unknown>;
  }
  at[keys.at(-1)!] = value;
  return copy;
}

const PATHS = [
  'hook',
  'hookInstance',
  'fhirServer',
  'fhirAuthorization',
  'fhirAuthorization.access_token',
  'fhirAuthorization.patient',
  'context',
  'context.patientId',
  'context.userId',
  'context.selections',
  'context.draftOrders',
  'context.draftOrders.entry',
  'context.draftOrders.entry.0.resource',
  'context.draftOrders.entry.0.resource.code',
  'context.draftOrders.entry.0.resource.subject',
  'prefetch',
  'prefetch.conditions',
  'prefetch.conditions.entry',
  'prefetch.conditions.entry.0',
  'prefetch.conditions.entry.0.resource',
  'prefetch.conditions.entry.0.resource.code',
  'prefetch.conditions.entry.0.resource.bodySite',
  'prefetch.clinicalObservations.entry.0.resource.valueQuantity',
  'prefetch.clinicalObservations.entry.0.resource.effectiveDateTime',
  'prefetch.clinicalObservations.link',
  'prefetch.patient',
  'prefetch.patient.birthDate',
  'prefetch.patient.deceasedDateTime',
  'prefetch.procedures',
];
const json = fc.jsonValue({ maxDepth: 4 });
const resourceish = fc.record(
  {
    resourceType: fc.constantFrom(
      'Bundle',
      'Condition',
      'Observation',
      'Patient',
      'ServiceRequest',
      'OperationOutcome',
      '',
    ),
    entry: json,
    id: json,
    code: json,
    subject: json,
  },
  { requiredKeys: ['resourceType'] },
);
const mutation = fc.tuple(
  fc.constantFrom(...PATHS),
  fc.oneof(json, resourceish, fc.constant(null), fc.string({ maxLength: 300 })),
);

/** A 2xx or 4xx answer. A request that hangs fails the property by the test's own timeout. */
async function expectSane(path: string, body: unknown) {
  const r = await post(app, client, path, body);
  expect(r.status, JSON.stringify(body).slice(0, 300)).toBeLessThan(500);
}

describe('fuzz (fast-check)', () => {
  it('order-select / order-sign with one to three mutated members: no 500, always answered', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('order-select', 'order-sign'),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        async (hook, muts) => {
          let body: unknown = { ...valid, hook };
          for (const [path, value] of muts) body = setPath(body, path, value);
          await expectSane('/cds-services/spine-surgery-referral', body);
        },
      ),
      { numRuns: 250, seed: 20261201 },
    );
  }, 120_000);

  it('patient-view with mutated members: no 500, always answered', async () => {
    const base = {
      hook: 'patient-view',
      hookInstance: 'pv',
      context: { userId: 'Practitioner/1', patientId: 's03' },
      prefetch: valid.prefetch,
    };
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (muts) => {
        let body: unknown = base;
        for (const [path, value] of muts) body = setPath(body, path, value);
        await expectSane('/cds-services/spine-met-actionable', body);
      }),
      { numRuns: 150, seed: 20261202 },
    );
  }, 120_000);

  it('arbitrary JSON and arbitrary text bodies on every endpoint: no 500', async () => {
    const endpoints = [
      '/cds-services/spine-surgery-referral',
      '/cds-services/spine-met-actionable',
      '/cds-services/spine-surgery-referral/feedback',
      '/cds-services/unknown',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...endpoints),
        fc.oneof(fc.jsonValue({ maxDepth: 6 }), fc.string({ maxLength: 2_000 })),
        async (path, body) => {
          await expectSane(path, typeof body === 'string' ? body : JSON.stringify(body));
        },
      ),
      { numRuns: 200, seed: 20261203 },
    );
  }, 120_000);

  it('feedback with mutated members: no 500', async () => {
    const base = {
      feedback: [
        {
          card: 'c',
          outcome: 'overridden',
          overrideReason: { reason: { system: 's', code: 'c' }, userComment: 'x' },
          outcomeTimestamp: '2026-11-20T10:00:00Z',
        },
      ],
    };
    const paths = [
      'feedback',
      'feedback.0',
      'feedback.0.card',
      'feedback.0.outcome',
      'feedback.0.acceptedSuggestions',
      'feedback.0.overrideReason',
      'feedback.0.overrideReason.reason',
      'feedback.0.outcomeTimestamp',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.oneof(json, fc.string({ maxLength: 300 })),
        async (path, value) => {
          await expectSane(
            '/cds-services/spine-surgery-referral/feedback',
            setPath(base, path, value),
          );
        },
      ),
      { numRuns: 150, seed: 20261204 },
    );
  }, 120_000);

  it('is healthy afterwards', async () => {
    const res = await app.fetch(new Request('https://cds.test/health'));
    expect(res.status).toBe(200);
    // And still gives the right answer to a valid call.
    const r = await post(app, client, '/cds-services/spine-surgery-referral', {
      ...valid,
      hookInstance: 'after',
    });
    expect((r.json as { cards: Array<{ summary: string }> }).cards[0]!.summary).toMatch(
      /^Surgical consultation/,
    );
  });
});
