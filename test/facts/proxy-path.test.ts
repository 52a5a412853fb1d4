import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadChart } from '../../src/app/data/load-chart.js';
import { assessPatient } from '../../src/assess/assess.js';
import { CORE_QUERIES, PATIENT_TOKEN, type CoreQuery } from '../../src/facts/queries.js';
import { decisionLines } from '../../src/recommend/describe.js';
import { SCENARIO_REFERENCE_DATE } from '../../src/synthetic/scenarios.js';
import {
  orderSelect,
  post,
  scenarioFhir,
  testApp,
  testClient,
  type TestClient,
} from '../cds-hooks/cds-helpers.js';
import { fetchAllFrom } from '../support/fetch-all.js';
import { normalisingProxy } from '../support/normalising-proxy.js';

/**
 * The path between the app (or the CDS service) and the EHR's FHIR server is not ours: a gateway
 * that normalises `//` must not change a single decision. The embedded FHIR server runs on a real
 * port with the proxy in front; every scenario patient is read directly and through the proxy.
 */
let server: Server;
let direct: string;
let proxy: Awaited<ReturnType<typeof normalisingProxy>>;
let client: TestClient;
const ids = readdirSync('fixtures/scenarios')
  .map((f) => f.split('-')[0]!)
  .sort();

beforeAll(async () => {
  const fhir = await scenarioFhir();
  server = serve({ fetch: fhir.fetch, hostname: '127.0.0.1', port: 0 }) as Server;
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as AddressInfo).port;
  direct = `http://127.0.0.1:${port}/fhir/R4`;
  proxy = await normalisingProxy(port);
  client = await testClient();
}, 60_000);
afterAll(async () => {
  await proxy.close();
  server.close();
});

async function appDecision(base: string, id: string, queries: readonly CoreQuery[] = CORE_QUERIES) {
  const { resources, reads } = await loadChart(id, fetchAllFrom(base), () => undefined, queries);
  return {
    lines: decisionLines(
      assessPatient(resources, { asOf: SCENARIO_REFERENCE_DATE }).recommendations,
    ),
    count: resources.length,
    reads,
  };
}

describe('through a path-normalising reverse proxy', () => {
  it('the app reads every scenario chart whole and decides exactly as directly', async () => {
    for (const id of ids) {
      const [a, b] = [await appDecision(direct, id), await appDecision(`${proxy.url}/fhir/R4`, id)];
      expect(b.count, id).toBe(a.count);
      expect(b.lines, id).toEqual(a.lines);
    }
    expect(proxy.seen.some((u) => u.includes('code=http%3A%2F%2Floinc.org%7C'))).toBe(true);
  }, 120_000);

  it('the cards are the same through the proxy as directly', async () => {
    const app = testApp(client, {
      allowHttpFhir: true,
      trustedIssuers: [{ ...client.issuer, fhirServers: [direct, `${proxy.url}/fhir/R4`] }],
    });
    const auth = {
      access_token: 't',
      token_type: 'Bearer',
      expires_in: 300,
      scope: 'patient/*.rs',
      subject: 'cds',
    };
    for (const id of ids) {
      const call = async (fhirServer: string) => {
        const r = await post(app, client, '/cds-services/spine-surgery-referral', {
          ...orderSelect(id),
          fhirServer,
          fhirAuthorization: { ...auth, patient: id },
        });
        return (r.json as { cards: Array<{ summary: string; detail: string }> }).cards.map((c) => [
          c.summary,
          c.detail.replace(/[0-9a-f-]{36}/g, ''),
        ]);
      };
      const plain = await call(direct);
      expect(plain.length, id).toBeGreaterThan(0);
      expect(plain[0]![0], id).not.toMatch(/unavailable/);
      expect(await call(`${proxy.url}/fhir/R4`), id).toEqual(plain);
    }
  }, 120_000);

  it('the plan as it was (values not encoded) loses the coded Observations there, and the app then warns', async () => {
    // Shows the test above can fail: `code=http://loinc.org|…` reaches the server as
    // `http:/loinc.org|…`.
    const raw = CORE_QUERIES.map((q) => ({
      ...q,
      template: decodeURIComponent(q.template.replace(PATIENT_TOKEN, '\u0000')).replace(
        '\u0000',
        PATIENT_TOKEN,
      ),
    }));
    const a = await appDecision(direct, 's01', raw);
    const b = await appDecision(`${proxy.url}/fhir/R4`, 's01', raw);
    expect(b.count).toBeLessThan(a.count);
    expect(b.lines).not.toEqual(a.lines);
    const { suspiciousReads } = await import('../../src/facts/queries.js');
    expect(suspiciousReads(b.reads)).toHaveLength(1);
    expect(suspiciousReads(a.reads)).toEqual([]);
  }, 60_000);
});
