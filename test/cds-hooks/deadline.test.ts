import { readdirSync } from 'node:fs';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CdsCard, CdsResponse } from '../../cds-hooks/cards/types.js';
import { DEFAULT_FETCH_DEADLINE_MS } from '../../cds-hooks/config.js';
import { CORE_QUERIES } from '../../src/facts/queries.js';
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
 * A FHIR server slower than the deadline must never change the answer silently: the card says what
 * was not read in time and decides nothing the unread data could change. The EHR's FHIR server is
 * msw (outside the product), forwarding to the embedded server with the scenario patients; a "slow"
 * query is held until the service has answered (no sleeping in the test).
 */
const server = setupServer();
let client: TestClient;
const SERVICE = '/cds-services/spine-surgery-referral';
const DEADLINE = 250;
const seen: string[] = [];
let release: () => void = () => undefined;
let held = new Promise<void>((r) => {
  release = r;
});

beforeAll(async () => {
  client = await testClient();
  await scenarioFhir();
  server.listen({ onUnhandledRequest: 'error' });
  server.events.on('request:start', ({ request }) => {
    seen.push(request.url);
  });
});
afterEach(() => {
  release();
  held = new Promise<void>((r) => {
    release = r;
  });
  server.resetHandlers();
  seen.length = 0;
});
afterAll(() => server.close());

/** Which query of the plan a request is (so a test can make that one slow). */
function queryKeyOf(url: string): string {
  const u = new URL(url);
  const type = u.pathname.split('/')[3]!;
  const p = u.searchParams;
  if (type === 'Patient') return 'patient';
  if (type === 'Condition') return 'conditions';
  if (type === 'MedicationRequest') return 'medicationRequests';
  if (type === 'MedicationStatement') return 'medicationStatements';
  if (type === 'Procedure') return 'procedures';
  if (p.has('component-code')) return 'panelObservations';
  const code = p.get('code') ?? '';
  if (code.includes('spine-scores')) return 'clinicianInputs';
  return code.includes('16112-5') ? 'receptorObservations' : 'clinicalObservations';
}

async function forward(request: Request) {
  return (await scenarioFhir()).fetch(
    new Request(request.url, { method: request.method, headers: request.headers }),
  );
}

const withFhir = (patientId: string) => ({
  ...orderSelect(patientId),
  fhirServer: FHIR_BASE,
  fhirAuthorization: {
    access_token: 'ehr-token',
    token_type: 'Bearer',
    expires_in: 300,
    scope: 'patient/*.rs',
    subject: 'spinescore-cds',
    patient: patientId,
  },
});

async function call(body: unknown, deadline = DEADLINE) {
  const r = await post(testApp(client, { fetchDeadlineMs: deadline }), client, SERVICE, body);
  return { status: r.status, cards: (r.json as unknown as CdsResponse | undefined)?.cards ?? [] };
}

const label = (key: string) => CORE_QUERIES.find((q) => q.key === key)!.label;
const NOT_DECIDED = 'Spine surgery candidacy not decided: the chart could not be read in time';
const PATIENTS = readdirSync('fixtures/scenarios')
  .filter((f) => /^s\d+-.*\.json$/.test(f))
  .map((f) => f.split('-')[0]!)
  .sort();
/** Slow queries, two sets per patient: every query of the plan is slow for some patients. */
const SLOW: string[][] = [
  ['clinicalObservations'],
  ['procedures', 'medicationStatements'],
  ['patient'],
  ['clinicianInputs', 'panelObservations'],
  ['receptorObservations', 'medicationRequests'],
];

describe('a FHIR server slower than the deadline', () => {
  const cases = PATIENTS.flatMap(
    (p, i) =>
      [
        [p, SLOW[i % SLOW.length]!],
        [p, SLOW[(i + 2) % SLOW.length]!],
      ] as Array<[string, string[]]>,
  );

  it.each(cases)(
    '%s, slow %j: the card names what was not read and never decides otherwise than with prefetch',
    async (patient, slow) => {
      const withPrefetch = await call(orderSelect(patient, await scenarioPrefetch(patient)));
      expect(withPrefetch.status).toBe(200);
      server.use(
        http.all(`${FHIR_BASE}/*`, async ({ request }) => {
          if (slow.includes(queryKeyOf(request.url))) await held;
          return forward(request);
        }),
      );
      const r = await call(withFhir(patient));
      expect(r.status).toBe(200);
      // Every slow query was asked (in parallel with the rest), none answered before the service
      // did.
      for (const k of slow) expect(seen.map(queryKeyOf)).toContain(k);
      const decided = (cards: CdsCard[]) =>
        cards.filter((c) => c.summary !== NOT_DECIDED && !/unavailable/.test(c.summary));
      // Nothing decided on part of the chart that the prefetch answer does not say too.
      for (const c of decided(r.cards))
        expect(withPrefetch.cards.map((x) => x.summary)).toContain(c.summary);
      // no spine metastasis on record: nothing to decide
      if (withPrefetch.cards.length === 0) return;
      const card = r.cards[0]!;
      expect(card.summary).toBe(NOT_DECIDED);
      expect(card.indicator).toBe('warning');
      expect(card.detail).toMatch(/^- \*\*The chart could not be read in time:\*\* /);
      // md() escapes parentheses
      for (const k of slow) expect(card.detail!.replace(/\\/g, '')).toContain(label(k));
      expect(card.detail).toMatch(
        /\*\*Not decided because of it:\*\* the surgical category, its urgency and the approach/,
      );
      expect(card.links?.[0]?.type).toBe('smart');
    },
  );

  it('no Conditions in time: the unavailable card says the chart could not be read in time', async () => {
    server.use(
      http.all(`${FHIR_BASE}/*`, async ({ request }) => {
        if (queryKeyOf(request.url) === 'conditions') await held;
        return forward(request);
      }),
    );
    const r = await call(withFhir('s01'));
    expect(r.status).toBe(200);
    expect(r.cards).toHaveLength(1);
    expect(r.cards[0]!.detail).toMatch(/the chart could not be read in time: conditions/);
  });

  it('searches of 0.4–1 s fit the default deadline: the same cards as with prefetch', async () => {
    expect(DEFAULT_FETCH_DEADLINE_MS).toBeGreaterThanOrEqual(2_000);
    let n = 0;
    server.use(
      http.all(`${FHIR_BASE}/*`, async ({ request }) => {
        // the EHR's server is this slow; not a wait in the test
        await delay(400 + ((n++ * 150) % 600));
        return forward(request);
      }),
    );
    const patients = ['s01', 's03', 's11', 's13'];
    const [fetched, prefetched] = await Promise.all([
      Promise.all(patients.map((p) => call(withFhir(p), DEFAULT_FETCH_DEADLINE_MS))),
      Promise.all(
        patients.map(async (p) =>
          call(orderSelect(p, await scenarioPrefetch(p)), DEFAULT_FETCH_DEADLINE_MS),
        ),
      ),
    ]);
    patients.forEach((p, i) => {
      expect(
        fetched[i]!.cards.map((c) => c.summary),
        p,
      ).toEqual(prefetched[i]!.cards.map((c) => c.summary));
      expect(fetched[i]!.cards[0]!.summary).not.toBe(NOT_DECIDED);
    });
  });
});

describe('fhirServer without fhirAuthorization', () => {
  it('nothing prefetched: 412, and the FHIR server is not contacted', async () => {
    server.use(http.all(`${FHIR_BASE}/*`, ({ request }) => forward(request)));
    const { fhirAuthorization: _, ...noAuth } = withFhir('s03');
    const r = await post(testApp(client), client, SERVICE, noAuth);
    expect(r.status).toBe(412);
    expect((r.json as { resourceType?: string }).resourceType).toBe('OperationOutcome');
    expect(seen).toEqual([]);
  });

  it('everything prefetched: the cards, and still no unauthenticated query', async () => {
    server.use(http.all(`${FHIR_BASE}/*`, () => HttpResponse.json({}, { status: 500 })));
    const { fhirAuthorization: _, ...noAuth } = withFhir('s03');
    const r = await call({ ...noAuth, prefetch: await scenarioPrefetch('s03') });
    expect(r.status).toBe(200);
    expect(r.cards[0]!.summary).toMatch(/^Surgical consultation/);
    expect(seen).toEqual([]);
  });

  it('patient-view: 412 likewise', async () => {
    const app = testApp(client, { patientViewEnabled: true });
    const body = {
      hook: 'patient-view',
      hookInstance: crypto.randomUUID(),
      context: { userId: 'Practitioner/sandbox-surgeon', patientId: 's03' },
      fhirServer: FHIR_BASE,
    };
    const r = await post(app, client, '/cds-services/spine-met-actionable', body);
    expect(r.status).toBe(412);
    expect(seen).toEqual([]);
  });
});
