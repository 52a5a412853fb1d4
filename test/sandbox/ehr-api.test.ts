import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/server.js';
import { inProcessSandbox } from '../support/sandbox.js';

/** The EHR page's back end changes the chart: only the page itself may drive it. */
let sb: Sandbox;
beforeAll(async () => {
  sb = await inProcessSandbox();
}, 60_000);
afterAll(() => sb.close());

const ORIGIN = 'http://127.0.0.1:8440';
async function conditions() {
  const res = await sb.app.fetch(new Request(`${ORIGIN}/ehr/api/patients/s01`));
  return ((await res.json()) as { conditions: Array<{ id: string }> }).conditions.map((c) => c.id);
}
const apply = (id: string) =>
  JSON.stringify({ actions: [{ type: 'delete', resourceId: `Condition/${id}` }] });

describe('EHR back end (/ehr/api)', () => {
  const refused: Array<[string, Record<string, string>, number]> = [
    [
      'a cross-origin text/plain POST (a simple CORS request)',
      { 'content-type': 'text/plain', origin: 'https://evil.test' },
      415,
    ],
    ['a form POST without Origin', { 'content-type': 'application/x-www-form-urlencoded' }, 415],
    [
      'a JSON POST from another origin',
      { 'content-type': 'application/json', origin: 'https://evil.test' },
      403,
    ],
    [
      'a JSON POST from a sibling port',
      { 'content-type': 'application/json', origin: 'http://127.0.0.1:9999' },
      403,
    ],
    [
      'a JSON POST marked cross-site by the browser',
      { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      403,
    ],
  ];
  it.each(refused)('refuses %s and changes nothing', async (_n, headers, status) => {
    const before = await conditions();
    const res = await sb.app.fetch(
      new Request(`${ORIGIN}/ehr/api/apply`, { method: 'POST', headers, body: apply(before[0]!) }),
    );
    expect(res.status).toBe(status);
    expect(await conditions()).toEqual(before);
  });

  it('refuses another Host (DNS rebinding) even for reads; the other loopback name is the same sandbox', async () => {
    const res = await sb.app.fetch(new Request('http://rebound.evil.test:8440/ehr/api/patients'));
    expect(res.status).toBe(421);
    expect((await sb.app.fetch(new Request('http://localhost:8440/ehr/api/patients'))).status).toBe(
      200,
    );
    expect((await sb.app.fetch(new Request('http://localhost:9999/ehr/api/patients'))).status).toBe(
      421,
    );
  });

  it("accepts the page's own JSON request", async () => {
    const before = await conditions();
    const res = await sb.app.fetch(
      new Request(`${ORIGIN}/ehr/api/apply`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: ORIGIN,
          'sec-fetch-site': 'same-origin',
        },
        body: apply(before[0]!),
      }),
    );
    expect(res.status).toBe(200);
    expect(await conditions()).toEqual(before.slice(1));
  });
});
