import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CdsResponse } from '../../cds-hooks/cards/types.js';
import {
  FHIR_BASE,
  orderSelect,
  post,
  scenarioFhir,
  testApp,
  testClient,
  type TestClient,
} from './cds-helpers.js';

/**
 * The EHR's FHIR server is outside the product: msw plays it. By default it forwards to the
 * embedded FHIR server with the scenario patients; each test breaks one thing.
 */
const server = setupServer();
let client: TestClient;
const DEADLINE = 300;
const SERVICE = '/cds-services/spine-surgery-referral';
const seen: string[] = [];

beforeAll(async () => {
  client = await testClient();
  const fhir = await scenarioFhir();
  server.listen({ onUnhandledRequest: 'error' });
  server.events.on('request:start', ({ request }) => {
    seen.push(request.headers.get('authorization') ?? '');
  });
  server.resetHandlers();
  (globalThis as { __forward?: unknown }).__forward = fhir;
});
/**
 * A "slower than the deadline" FHIR server holds its answers until the service has answered (no
 * sleeping): an answer that arrives while they are held was cut by the deadline.
 */
let release: () => void = () => undefined;
let released = false;
let held = new Promise<void>((r) => {
  release = r;
});
afterEach(() => {
  release();
  released = false;
  held = new Promise<void>((r) => {
    release = () => {
      released = true;
      r();
    };
  });
  server.resetHandlers();
  seen.length = 0;
});
afterAll(() => server.close());

async function forward(request: Request) {
  const fhir = await scenarioFhir();
  return fhir.fetch(new Request(request.url, { method: request.method, headers: request.headers }));
}

function withFhir(patientId: string) {
  return {
    ...orderSelect(patientId),
    fhirServer: FHIR_BASE,
    fhirAuthorization: {
      access_token: 'ehr-token-123',
      token_type: 'Bearer',
      expires_in: 300,
      scope: 'patient/*.rs',
      subject: 'spinescore-cds',
      patient: patientId,
    },
  };
}

async function timed(body: unknown) {
  const app = testApp(client, { fetchDeadlineMs: DEADLINE });
  const r = await post(app, client, SERVICE, body);
  return { ...r, cards: (r.json as unknown as CdsResponse | undefined)?.cards ?? [] };
}

describe('fetching from fhirServer when there is no prefetch', () => {
  it('fetches every query in parallel with the bearer token and gives the same cards as with prefetch', async () => {
    server.use(http.all(`${FHIR_BASE}/*`, ({ request }) => forward(request)));
    const r = await timed(withFhir('s03'));
    expect(r.status).toBe(200);
    expect(r.cards[0]!.summary).toMatch(
      /^Surgical consultation — assuming fit for surgery — SINS 7 at L3/,
    );
    expect(seen.length).toBeGreaterThanOrEqual(7);
    expect(seen.every((h) => h === 'Bearer ehr-token-123')).toBe(true);
  });

  it('never calls a fhirServer that is not on the allow-list for the issuer', async () => {
    server.use(http.all('https://other.test/*', () => HttpResponse.json({}, { status: 500 })));
    const body = { ...withFhir('s03'), fhirServer: 'https://other.test/fhir' };
    const r = await timed(body);
    expect(seen).toHaveLength(0);
    expect(r.status).toBe(412); // nothing prefetched, the server may not be contacted
  });
});

describe('fhirServer is normalised before the allow-list: the token never leaves the configured base', () => {
  const hostile = [
    `${FHIR_BASE}/ok/../../x`,
    `${FHIR_BASE}/%2e%2e/%2e%2e/x`,
    `${FHIR_BASE}/%2E%2E%2Fx`,
    `${FHIR_BASE}/..%2f..%2fx`,
    `${FHIR_BASE}\\..\\..\\x`,
    `${FHIR_BASE}/%5c..%5cx`,
    `https://ehr.test/fhir/R4@evil.test/fhir/R4`,
    `https://ehr.test:443@evil.test/fhir/R4`,
    `${FHIR_BASE}?next=https://evil.test`,
    `${FHIR_BASE}#x`,
    `${FHIR_BASE}x`,
  ];
  it.each(hostile)('%s: nothing fetched outside the base', async (fhirServer) => {
    const urls: string[] = [];
    server.use(
      http.all('*', ({ request }) => {
        urls.push(request.url);
        return forward(request);
      }),
    );
    const r = await timed({ ...withFhir('s03'), fhirServer });
    expect(r.status).toBeLessThan(500);
    for (const u of urls) expect(new URL(u).href.startsWith(`${FHIR_BASE}/`), u).toBe(true);
  });

  it('a base given with a trailing slash or a harmless dot-segment is the same base', async () => {
    server.use(http.all(`${FHIR_BASE}/*`, ({ request }) => forward(request)));
    for (const fhirServer of [
      `${FHIR_BASE}/`,
      `${FHIR_BASE}/./`,
      `https://EHR.test/fhir/x/../R4`,
    ]) {
      const r = await timed({ ...withFhir('s03'), fhirServer });
      expect(r.cards[0]!.summary, fhirServer).toMatch(/^Surgical consultation/);
    }
  });
});

describe('faults: the service still answers within its deadline', () => {
  const faults: Array<[string, Parameters<typeof http.all>[1], RegExp]> = [
    [
      'a FHIR server slower than the deadline',
      async () => {
        await held;
        return HttpResponse.json({});
      },
      /not read within/,
    ],
    [
      '500 errors',
      () => HttpResponse.json({ resourceType: 'OperationOutcome' }, { status: 500 }),
      /answered 500/,
    ],
    [
      'HTML instead of JSON',
      () =>
        new HttpResponse('<html>oops</html>', {
          status: 200,
          headers: { 'content-type': 'text/html' },
        }),
      /not JSON/,
    ],
    ['a connection reset', () => HttpResponse.error(), /could not be reached/],
    ['401 for the token', () => HttpResponse.json({}, { status: 401 }), /answered 401/],
  ];
  it.each(faults)(
    '%s on Observation searches: cards with a note of what was missing',
    async (_n, handler, note) => {
      server.use(
        http.get(`${FHIR_BASE}/Observation`, handler),
        http.all(`${FHIR_BASE}/*`, ({ request }) => forward(request)),
      );
      const r = await timed(withFhir('s03'));
      expect(r.status).toBe(200);
      // Answered while the slow server still held its answers: the deadline, not the server, ended
      // it.
      expect(released).toBe(false);
      if (note.source === 'not read within') {
        // Data not read in time decides nothing it could change (test/cds-hooks/deadline.test.ts).
        expect(r.cards).toHaveLength(1);
        expect(r.cards[0]!.detail).toMatch(
          /The chart could not be read in time:\*\* performance status, labs/,
        );
        return;
      }
      expect(r.cards).toHaveLength(2);
      expect(r.cards[0]!.detail).toMatch(/Data not available for this card/);
      expect(r.cards[0]!.detail).toMatch(note);
    },
  );

  it.each(faults)(
    '%s on everything: an honest "unavailable" card, no guess',
    async (name, handler) => {
      server.use(http.all(`${FHIR_BASE}/*`, handler));
      const r = await timed(withFhir('s03'));
      if (name.startsWith('401')) {
        // The token gives no access to conditions: required data unobtainable (CDS Hooks 412).
        expect(r.status).toBe(412);
        return;
      }
      expect(r.status).toBe(200);
      expect(released).toBe(false);
      expect(r.cards).toHaveLength(1);
      expect(r.cards[0]!.summary).toMatch(/unavailable/);
      expect(r.cards[0]!.indicator).toBe('info');
    },
  );

  it('malformed Bundles on secondary queries: cards that say which data was not used', async () => {
    server.use(
      http.get(`${FHIR_BASE}/Procedure`, () =>
        HttpResponse.json({
          resourceType: 'Bundle',
          type: 'searchset',
          entry: [
            null,
            7,
            { resource: 'x' },
            { resource: { resourceType: 'Procedure', status: 5 } },
          ],
        }),
      ),
      http.get(`${FHIR_BASE}/MedicationRequest`, () =>
        HttpResponse.json({ resourceType: 'Bundle', entry: 'not an array', link: 'nope' }),
      ),
      http.all(`${FHIR_BASE}/*`, ({ request }) => forward(request)),
    );
    const r = await timed(withFhir('s03'));
    expect(r.status).toBe(200);
    expect(r.cards[0]!.summary).toMatch(/^Surgical consultation/);
    expect(r.cards[0]!.detail).toMatch(/medication orders: the answer was a malformed Bundle/);
    expect(r.cards[0]!.detail).toMatch(/procedures[^;]*: the answer was a malformed Bundle/);
  });

  const conditionAnswers: Array<[string, () => Promise<unknown>]> = [
    ['entry is a string', async () => ({ resourceType: 'Bundle', type: 'searchset', entry: 'x' })],
    [
      'junk entries',
      async () => ({ resourceType: 'Bundle', type: 'searchset', entry: [{ resource: 'x' }, 5] }),
    ],
    [
      "another patient's conditions",
      async () =>
        (
          await (await scenarioFhir()).fetch(new Request(`${FHIR_BASE}/Condition?patient=s01`))
        ).json(),
    ],
  ];
  it.each(conditionAnswers)(
    'a Condition answer with %s: "unavailable", never an empty chart',
    async (_n, answer) => {
      server.use(
        http.get(`${FHIR_BASE}/Condition`, async () =>
          HttpResponse.json((await answer()) as object),
        ),
        http.all(`${FHIR_BASE}/*`, ({ request }) => forward(request)),
      );
      const r = await timed(withFhir('s03'));
      expect(r.status).toBe(200);
      expect(r.cards).toHaveLength(1);
      expect(r.cards[0]!.summary).toMatch(/unavailable/);
    },
  );

  it('an unreadable Observation answer when the problem list shows no spinal metastasis: "unavailable", not silence', async () => {
    const empty = { resourceType: 'Bundle', type: 'searchset', entry: [] };
    server.use(
      http.get(`${FHIR_BASE}/Condition`, () => HttpResponse.json(empty)),
      http.get(`${FHIR_BASE}/Observation`, () => HttpResponse.json(empty)),
      http.all(`${FHIR_BASE}/*`, ({ request }) => forward(request)),
    );
    expect((await timed(withFhir('s03'))).cards).toHaveLength(0); // all read, nothing found: silent
    server.resetHandlers();
    server.use(
      http.get(`${FHIR_BASE}/Condition`, () => HttpResponse.json(empty)),
      http.get(`${FHIR_BASE}/Observation`, () => HttpResponse.json({}, { status: 500 })),
      http.all(`${FHIR_BASE}/*`, ({ request }) => forward(request)),
    );
    const r = await timed(withFhir('s03'));
    expect(r.cards).toHaveLength(1);
    expect(r.cards[0]!.summary).toMatch(/unavailable/);
    expect(r.cards[0]!.detail).toMatch(/answered 500/);
  });

  it('a paging loop is cut and reported', async () => {
    let calls = 0;
    server.use(
      http.get(`${FHIR_BASE}/Condition`, async ({ request }) => {
        calls++;
        const page = (await (await forward(request)).json()) as Record<string, unknown>;
        return HttpResponse.json({
          ...page,
          link: [{ relation: 'next', url: `${FHIR_BASE}/Condition?patient=s03&page=loop` }],
        });
      }),
      http.all(`${FHIR_BASE}/*`, ({ request }) => forward(request)),
    );
    const r = await timed(withFhir('s03'));
    expect(r.status).toBe(200);
    expect(calls).toBeLessThanOrEqual(3);
    expect(r.cards[0]!.detail).toMatch(/paging loop/);
  });

  it('a next link to another server is not followed (the token stays home)', async () => {
    const prefetchBundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [],
      link: [{ relation: 'next', url: 'https://evil.test/steal' }],
    };
    server.use(
      http.all('https://evil.test/*', () => HttpResponse.json({})),
      http.all(`${FHIR_BASE}/*`, ({ request }) => forward(request)),
    );
    const body = { ...withFhir('s03'), prefetch: { procedures: prefetchBundle } };
    const r = await timed(body);
    expect(r.status).toBe(200);
    expect(seen.every((h) => h === 'Bearer ehr-token-123')).toBe(true);
    expect(r.cards[0]!.detail).toMatch(/only the first page/);
  });

  it('prefetch holding an OperationOutcome is treated as absent and fetched', async () => {
    let conditionCalls = 0;
    server.use(
      http.get(`${FHIR_BASE}/Condition`, ({ request }) => {
        conditionCalls++;
        return forward(request);
      }),
      http.all(`${FHIR_BASE}/*`, ({ request }) => forward(request)),
    );
    const body = {
      ...withFhir('s03'),
      prefetch: {
        conditions: {
          resourceType: 'OperationOutcome',
          issue: [{ severity: 'error', code: 'exception' }],
        },
      },
    };
    const r = await timed(body);
    expect(conditionCalls).toBe(1);
    expect(r.cards[0]!.summary).toMatch(/^Surgical consultation/);
  });

  it("a prefetch holding another patient's conditions is not read as this patient's chart", async () => {
    const fhir = await scenarioFhir();
    const other = await (
      await fhir.fetch(new Request(`${FHIR_BASE}/Condition?patient=s01`))
    ).json();
    server.use(http.all(`${FHIR_BASE}/*`, ({ request }) => forward(request)));
    const body = { ...withFhir('s03'), prefetch: { conditions: other } };
    const r = await timed(body);
    expect(r.status).toBe(200);
    expect(r.cards).toHaveLength(1);
    expect(r.cards[0]!.summary).toMatch(/unavailable/);
    expect(r.cards[0]!.detail).toMatch(/another patient/);
  });
});
