import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CdsCard } from '../../cds-hooks/cards/types.js';
import { CDS_SERVICES, discoveryEntry, type CdsService } from '../../cds-hooks/services.js';
import { SCENARIOS } from '../../src/synthetic/scenarios.js';
import {
  CDS_BASE,
  FHIR_BASE,
  draftReferral,
  post,
  scenarioFhir,
  scenarioPrefetch,
  testApp,
  testClient,
  type TestClient,
} from './cds-helpers.js';

/**
 * The service table (cds-hooks/services.ts) is the one definition of each service: what discovery
 * advertises as prefetch is exactly what the handler reads. So for every service and every
 * scenario patient, prefetch alone (filled by the sandbox EHR from the discovery templates) and
 * FHIR access alone (the embedded FHIR server with the scenario patients) give the same cards.
 */
let client: TestClient;
let app: ReturnType<typeof testApp>;
const PATIENTS = SCENARIOS.map((s) => s.id.slice(0, 3));

beforeAll(async () => {
  client = await testClient();
  const fhir = await scenarioFhir();
  const inProcess = (url: string | URL | Request, init?: RequestInit) =>
    fhir.fetch(new Request(url, init));
  // A generous deadline: this test is about what is read, not how fast (deadline.test.ts is).
  app = testApp(
    client,
    { patientViewEnabled: true, fetchDeadlineMs: 30_000 },
    { fetch: inProcess as typeof fetch },
  );
}, 60_000);

/** A hook request for the service, without prefetch or FHIR access. */
function request(s: CdsService, patientId: string, hookInstance: string): Record<string, unknown> {
  const userId = 'Practitioner/sandbox-surgeon';
  if (s.hook === 'patient-view')
    return { hook: s.hook, hookInstance, context: { userId, patientId } };
  const draft = draftReferral(patientId);
  const draftOrders = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: draft }] };
  const selections =
    s.hook === 'order-select' ? { selections: [`ServiceRequest/${draft.id}`] } : {};
  return { hook: s.hook, hookInstance, context: { userId, patientId, draftOrders, ...selections } };
}

async function cards(s: CdsService, body: Record<string, unknown>): Promise<CdsCard[]> {
  const r = await post(app, client, `/cds-services/${s.id}`, body);
  expect(r.status, r.text).toBe(200);
  return (r.json as { cards: CdsCard[] }).cards;
}

describe('the service table', () => {
  it('discovery lists each offered service from the table, its prefetch = its queries', async () => {
    const res = await app.fetch(new Request(`${CDS_BASE}/cds-services`));
    const { services } = (await res.json()) as {
      services: Array<{ id: string; prefetch: object }>;
    };
    expect(services).toEqual(CDS_SERVICES.map(discoveryEntry));
    for (const s of CDS_SERVICES) {
      expect(Object.keys(discoveryEntry(s).prefetch)).toEqual(s.queries.map((q) => q.key));
    }
    expect(
      discoveryEntry(CDS_SERVICES.find((s) => s.hook === 'patient-view')!).usageRequirements,
    ).toMatch(/ServiceRequest/);
  });

  it('ids are unique and each hook has its own id', () => {
    expect(new Set(CDS_SERVICES.map((s) => s.id)).size).toBe(CDS_SERVICES.length);
    expect(new Set(CDS_SERVICES.map((s) => s.hook)).size).toBe(CDS_SERVICES.length);
  });

  const cases = CDS_SERVICES.flatMap((s) => PATIENTS.map((p) => [s.id, p] as const));
  const counted = new Map<string, number>();
  it.each(cases)(
    '%s, %s: prefetch only and FHIR access only give the same cards',
    async (id, p) => {
      const s = CDS_SERVICES.find((x) => x.id === id)!;
      // One hookInstance for both calls: card uuids derive from it, so whole cards can be compared.
      const base = request(s, p, randomUUID());
      const prefetched = await cards(s, { ...base, prefetch: await scenarioPrefetch(p, s.id) });
      const fetched = await cards(s, {
        ...base,
        fhirServer: FHIR_BASE,
        fhirAuthorization: {
          access_token: 'ehr-token',
          token_type: 'Bearer',
          expires_in: 300,
          scope: 'patient/*.rs',
          subject: 'spinescore-cds',
          patient: p,
        },
      });
      expect(prefetched).toEqual(fetched);
      counted.set(id, (counted.get(id) ?? 0) + prefetched.length);
    },
    30_000,
  );

  it('every service spoke for some scenario patient (the comparison above is not of empty lists)', () => {
    for (const s of CDS_SERVICES) expect(counted.get(s.id), s.id).toBeGreaterThan(0);
  });
});
