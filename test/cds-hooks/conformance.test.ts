import type { Resource } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CdsCard, CdsResponse } from '../../cds-hooks/cards/types.js';
import { validateR4 } from '../writeback/fhir-validate.js';
import { assessScenario } from '../scenario-helpers.js';
import { SCENARIOS } from '../../src/synthetic/scenarios.js';
import { decisionLines, headlineText } from '../../src/recommend/describe.js';
import { summarize } from '../../src/cli/summarize.js';
import {
  CDS_BASE,
  draftReferral,
  orderSelect,
  post,
  scenarioPrefetch,
  testApp,
  testClient,
  type TestClient,
} from './cds-helpers.js';

let client: TestClient;
let app: ReturnType<typeof testApp>;
const SERVICE = '/cds-services/spine-surgery-referral';

beforeAll(async () => {
  client = await testClient();
  app = testApp(client);
});

/** CDS Hooks §Use of JSON (A-04): no null, "", [] or {} except `cards: []`. */
function emptyMembers(v: unknown, path = ''): string[] {
  if (v === null || v === '') return [path];
  if (Array.isArray(v))
    return v.length === 0 && path !== '.cards'
      ? [path]
      : v.flatMap((x, i) => emptyMembers(x, `${path}[${i}]`));
  if (typeof v === 'object') {
    const entries = Object.entries(v as object);
    if (entries.length === 0) return [path];
    return entries.flatMap(([k, x]) => (x === undefined ? [] : emptyMembers(x, `${path}.${k}`)));
  }
  return [];
}

function checkCard(card: CdsCard): void {
  expect(card.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(card.summary.length).toBeLessThan(140);
  expect(['info', 'warning', 'critical']).toContain(card.indicator);
  expect(card.source.label.length).toBeGreaterThan(0);
  expect(card.source.url).toMatch(/^https:\/\//);
  if (card.suggestions) {
    expect(['at-most-one', 'any']).toContain(card.selectionBehavior);
    for (const s of card.suggestions) {
      expect(s.uuid).toBeTruthy();
      for (const a of s.actions ?? []) {
        expect(['create', 'update', 'delete']).toContain(a.type);
        expect(a.description.length).toBeGreaterThan(0);
        if (a.resource) expect(validateR4(a.resource as Resource)).toEqual([]);
        // A-51: no urn:uuid cross-links inside suggested resources.
        expect(JSON.stringify(a.resource ?? {})).not.toMatch(/urn:uuid/);
      }
    }
  }
  for (const r of card.overrideReasons ?? []) expect(r.display).toBeTruthy();
  for (const l of card.links ?? []) {
    expect(['absolute', 'smart']).toContain(l.type);
    if (l.appContext) {
      expect(l.type).toBe('smart');
      expect(() => JSON.parse(l.appContext!)).not.toThrow();
    }
  }
}

/** The scenario charts by their short id (`s01`…), from their one definition. */
const SCENARIO_IDS = SCENARIOS.map((x) => x.id.slice(0, 3));

describe('discovery', () => {
  it('lists the referral service for order-select and order-sign with valid prefetch templates', async () => {
    const res = await app.fetch(new Request(`${CDS_BASE}/cds-services`));
    expect(res.status).toBe(200);
    const { services } = (await res.json()) as {
      services: Array<Record<string, unknown> & { prefetch: Record<string, string> }>;
    };
    // One id per hook: clients that key services by id keep both.
    expect(services.map((s) => `${s.id}:${s.hook}`)).toEqual([
      'spine-surgery-referral:order-select',
      'spine-surgery-referral-sign:order-sign',
    ]);
    expect(new Set(services.map((s) => s.id)).size).toBe(services.length);
    for (const s of services) {
      for (const k of ['id', 'hook', 'title', 'description', 'usageRequirements'])
        expect(typeof s[k]).toBe('string');
      for (const t of Object.values(s.prefetch)) {
        // A-10/A-12: only root-level context tokens, only the recommended search subset.
        for (const token of t.match(/\{\{[^}]*\}\}/g) ?? [])
          expect(token).toBe('{{context.patientId}}');
        expect(t).not.toMatch(/_include|_revinclude|_has|_elements|:(?!\/\/)[a-z]+=/);
        // Every value percent-encoded: nothing a proxy could read as a path or a second query.
        const query = t.split('?')[1];
        for (const part of query ? query.split('&') : [])
          expect(part.split('=')[1]!.replace('{{context.patientId}}', '')).toMatch(
            /^[A-Za-z0-9%,._~-]*$/,
          );
      }
      expect(Object.keys(s.prefetch).length).toBeLessThanOrEqual(9);
    }
    expect(emptyMembers({ services })).toEqual([]);
  });

  it("refuses a hook at the other hook's service id", async () => {
    const body = orderSelect('s03', await scenarioPrefetch('s03'));
    expect((await post(app, client, `${SERVICE}-sign`, body)).status).toBe(400);
    expect((await post(app, client, SERVICE, { ...body, hook: 'order-sign' })).status).toBe(400);
  });

  it('lists the patient-view service only when enabled', async () => {
    const on = testApp(client, { patientViewEnabled: true });
    const { services } = (await (
      await on.fetch(new Request(`${CDS_BASE}/cds-services`))
    ).json()) as { services: Array<{ hook: string }> };
    expect(services.map((s) => s.hook)).toContain('patient-view');
  });

  it('verifies a JWT when one is sent (aud = the discovery URL)', async () => {
    const good = await app.fetch(
      new Request(`${CDS_BASE}/cds-services`, {
        headers: { authorization: `Bearer ${await client.sign(`${CDS_BASE}/cds-services`)}` },
      }),
    );
    expect(good.status).toBe(200);
    const bad = await app.fetch(
      new Request(`${CDS_BASE}/cds-services`, {
        headers: { authorization: `Bearer ${await client.sign(`${CDS_BASE}/elsewhere`)}` },
      }),
    );
    expect(bad.status).toBe(401);
  });
});

describe('cards for the scenario patients (evidence.md)', () => {
  const cards = async (id: string, hook = 'order-select'): Promise<CdsCard[]> => {
    const body = { ...orderSelect(id, await scenarioPrefetch(id)), hook };
    if (hook === 'order-sign') delete (body.context as { selections?: unknown }).selections;
    const r = await post(app, client, hook === 'order-sign' ? `${SERVICE}-sign` : SERVICE, body);
    expect(r.status).toBe(200);
    expect(emptyMembers(r.json)).toEqual([]);
    const list = (r.json as unknown as CdsResponse).cards;
    list.forEach(checkCard);
    return list;
  };

  it('s01 C7 cord compression with progressive deficit: critical card led by the emergency, its assumptions named, stat suggestion, posterior approach (CTJ2018)', async () => {
    const [cand, appr] = await cards('s01-ctj-lung-cord-compression'.slice(0, 3));
    expect(cand!.indicator).toBe('critical');
    // Two overlapping parts of one sentence: the lead, then how the assumptions are counted.
    expect(cand!.summary).toMatch(
      /^Emergency: spine surgical review today — surgical consultation/,
    );
    expect(cand!.summary).toMatch(/surgical consultation — on 2 assumptions \(details\)/);
    expect(cand!.detail).toMatch(/Assuming: expected survival of 3 months or more/);
    expect(cand!.detail).toMatch(/Assuming: fit for surgery/);
    expect(cand!.detail).toMatch(/CTJ2018/);
    // Cord compression with a deficit: the stat update (NICE NG234, same-day review) supersedes
    // "urgent".
    expect(cand!.suggestions!.some((s) => s.label === 'Mark this referral urgent')).toBe(false);
    const stat = cand!.suggestions!.find(
      (s) => s.label === 'Make this referral stat: same-day spinal review',
    )!;
    expect(stat.actions![0]!.type).toBe('update');
    expect((stat.actions![0]!.resource as { id?: string; priority?: string }).id).toBe('draft-1');
    expect((stat.actions![0]!.resource as { priority?: string }).priority).toBe('stat');
    expect(appr!.summary).toMatch(
      /^Approach: Posterior \(posterolateral\) decompression and stabilisation/,
    );
    expect(cand!.source.label).toMatch(/PATCHELL2005|CTJ2018|KANDA2021/);
  });

  it('s02 solitary thyroid T10: excisional path decided, info (nothing to do before signing), no radiation-oncology suggestion', async () => {
    const [cand, appr] = await cards('s02');
    expect(cand!.summary).toMatch(/^Consider excisional \(en bloc\) surgery/);
    expect(cand!.indicator).toBe('info');
    expect(cand!.suggestions ?? []).toEqual([]);
    expect(appr!.summary).toMatch(/en bloc/i);
  });

  it('s03 renal L3 SINS 7: surgical consultation, MISt favoured', async () => {
    const [cand, appr] = await cards('s03');
    expect(cand!.summary).toMatch(
      /^Surgical consultation — assuming fit for surgery — SINS 7 at L3/,
    );
    expect(appr!.summary).toMatch(/MISt/);
  });

  it('s04 myeloma, T8 characterised, T6 and L2 listed only: the index lesion decides (radiotherapy first), the other levels are work-up; radiation-oncology referral suggested', async () => {
    const [cand, appr] = await cards('s04');
    expect(cand!.summary).toMatch(
      /^Radiotherapy or systemic therapy first, surgery not indicated now/,
    );
    expect(cand!.detail).toMatch(/Work-up: grade T6 and L2 on the whole-spine MRI/);
    expect(cand!.indicator).toBe('info');
    expect(appr!.summary).toMatch(/^Approach: Radiotherapy first/);
    expect(cand!.suggestions!.map((s) => s.label)).toContain('Also refer to radiation oncology');
    expect(cand!.suggestions!.map((s) => s.label)).not.toContain('Mark this referral urgent');
  });

  it('s07 Frankel D without an ESCC grade: a possible emergency leads (grade it today), consultation either way; links to the inputs', async () => {
    const [cand] = await cards('s07');
    expect(cand!.summary).toMatch(/^Possible emergency: confirm today — surgical consultation/);
    expect(cand!.detail).toMatch(
      /Possible emergency: no ESCC grade is recorded .*Frankel D; ESCC decides/,
    );
    expect(cand!.indicator).toBe('warning');
    const link = cand!.links![0]!;
    expect(link.type).toBe('smart');
    expect(JSON.parse(link.appContext!)).toMatchObject({
      view: 'inputs',
      serviceRequest: 'ServiceRequest/draft-1',
    });
    expect(link.label).toMatch(/Enter missing/);
  });

  it('s11 unstable T6 with deficit, ECOG 4 and reduced will to live: cord compression treated today, not a surgical candidate on the named assumption; critical', async () => {
    const [cand] = await cards('s11');
    expect(cand!.indicator).toBe('critical');
    expect(cand!.summary).toMatch(
      /^Emergency: cord compression — treat today — not a surgical candidate/,
    );
    expect(cand!.summary).toMatch(
      /not a surgical candidate — (assuming general health too poor for surgery|on 1 assumption)/,
    );
    expect(cand!.detail).toMatch(/Dexamethasone now/);
    expect(cand!.detail).toMatch(/Assuming: general health too poor for surgery/);
  });

  it('s13 lymphoma ESCC 2, intact: radiotherapy or systemic therapy first, urgently; not critical; no urgent-surgery suggestion', async () => {
    const [cand, appr] = await cards('s13');
    expect(cand!.summary).toMatch(
      /^Radiotherapy or systemic therapy first, surgery not indicated now — urgent/,
    );
    expect(cand!.indicator).not.toBe('critical');
    expect(cand!.suggestions!.map((s) => s.label)).toEqual(['Also refer to radiation oncology']);
    expect(appr!.summary).toMatch(/Systemic therapy first/);
  });

  it('the approach card says what was read from the chart, query group by group', async () => {
    const [, appr] = await cards('s03');
    const prefetch = await scenarioPrefetch('s03');
    const count = (k: string) =>
      ((prefetch[k] as { entry?: unknown[] } | null)?.entry ?? []).length;
    const obs =
      count('clinicalObservations') +
      count('receptorObservations') +
      count('clinicianInputs') +
      count('panelObservations');
    expect(appr!.detail).toContain(
      `Read from the chart: ${count('conditions')} conditions, ${obs} observations, ` +
        `${count('medicationRequests') + count('medicationStatements')} medication ` +
        `records, ${count('procedures')} procedures.`,
    );
  });

  it('order-sign gives the same cards on the complete draft', async () => {
    const [cand] = await cards('s03', 'order-sign');
    expect(cand!.summary).toMatch(/^Surgical consultation/);
  });

  it('a patient recorded as deceased gets one info card saying so, no approach and no suggestion', async () => {
    const prefetch = await scenarioPrefetch('s03');
    const patient = prefetch.patient as { deceasedDateTime?: string };
    expect(patient).toBeTruthy();
    patient.deceasedDateTime = '2026-11-01';
    const r = await post(app, client, SERVICE, orderSelect('s03', prefetch));
    const list = (r.json as unknown as CdsResponse).cards;
    expect(list).toHaveLength(1);
    checkCard(list[0]!);
    expect(list[0]!.summary).toMatch(/^No recommendation: the patient is recorded as deceased/);
    expect(list[0]!.indicator).toBe('info');
    expect(list[0]!.suggestions ?? []).toEqual([]);
  });

  it('one engine: the card, the CLI JSON and the app say the same decision for every scenario', async () => {
    expect(SCENARIO_IDS).toEqual(
      Array.from({ length: 13 }, (_, i) => `s${`${i + 1}`.padStart(2, '0')}`),
    );
    const unescape = (t: string) => t.replace(/\\(.)/g, '$1');
    for (const scenario of SCENARIOS) {
      const id = scenario.id.slice(0, 3);
      const a = assessScenario(scenario.id);
      const [cand] = await cards(id);
      const lines = decisionLines(a.recommendations);
      expect(unescape(cand!.detail!), id).toContain(`- ${lines[0]}`);
      // The summary opens with the headline (its assumptions counted when naming them would not
      // fit).
      const c = a.recommendations.candidacy;
      const head = headlineText({ ...c, assumptions: [] }, true);
      expect(cand!.summary.startsWith(head), id).toBe(true);
      for (const x of c.assumptions)
        expect(unescape(cand!.detail!), id).toContain(`Assuming: ${x.text}`);
      expect(summarize(a).decision.lines).toEqual(lines);
    }
  }, 30_000);

  it('every scenario gives two valid cards, each detail within 1,200 characters that cite their sources', async () => {
    for (const id of SCENARIO_IDS) {
      const list = await cards(id);
      expect(list).toHaveLength(2);
      for (const card of list) {
        expect(card.detail!.length, `${id}: ${card.detail}`).toBeLessThanOrEqual(1200);
        expect(card.detail).toMatch(/Sources: /);
      }
    }
  }, 30_000);

  it('says nothing when the order is not a spine referral, or the patient has no spinal metastasis', async () => {
    const other = draftReferral('s01', { code: { text: 'Referral to dermatology' }, id: 'derm' });
    const r1 = await post(
      app,
      client,
      SERVICE,
      orderSelect('s01', await scenarioPrefetch('s01'), other),
    );
    expect(r1.json).toEqual({ cards: [] });
    const r2 = await post(
      app,
      client,
      SERVICE,
      orderSelect('s01', { ...(await scenarioPrefetch('s01')), conditions: null }),
    );
    expect(r2.json).toEqual({ cards: [] });
  });

  it('advises only on the selected orders (order-select)', async () => {
    const body = orderSelect('s01', await scenarioPrefetch('s01'));
    (body.context as { selections: string[] }).selections = ['ServiceRequest/something-else'];
    expect((await post(app, client, SERVICE, body)).json).toEqual({ cards: [] });
  });

  it('answers 412 when conditions were neither prefetched nor fetchable', async () => {
    const prefetch = await scenarioPrefetch('s01');
    delete prefetch.conditions;
    const r = await post(app, client, SERVICE, orderSelect('s01', prefetch));
    expect(r.status).toBe(412);
    expect(r.json!.resourceType).toBe('OperationOutcome');
  });

  it('gives stable card uuids for the same hookInstance, and other uuids for another', async () => {
    const body = orderSelect('s03', await scenarioPrefetch('s03'));
    const uuids = async (b: typeof body) =>
      ((await post(app, client, SERVICE, b)).json as unknown as CdsResponse).cards.map(
        (c) => c.uuid,
      );
    const a = await uuids(body);
    expect(a).toHaveLength(2);
    expect(await uuids(body)).toEqual(a);
    const other = await uuids({ ...body, hookInstance: crypto.randomUUID() });
    expect(other.filter((u) => a.includes(u))).toEqual([]);
  });
});

describe('JWT verification (CDS Hooks §Trusting CDS Clients)', () => {
  const url = `${CDS_BASE}${SERVICE}`;
  const body = () => orderSelect('s01');
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const cases: Array<[string, () => Promise<string | null>]> = [
    ['no Authorization header', async () => null],
    [
      'a signature from another key',
      async () =>
        client.sign(url, {
          key: await (await import('../../sandbox/auth/keys.js')).newSigningKey('ES384'),
        }),
    ],
    ['aud of another endpoint', async () => client.sign(`${CDS_BASE}/cds-services/other`)],
    [
      'expired',
      async () =>
        client.sign(url, {
          iat: Math.floor(Date.now() / 1000) - 900,
          exp: Math.floor(Date.now() / 1000) - 300,
        }),
    ],
    [
      'iat in the future',
      async () =>
        client.sign(url, {
          iat: Math.floor(Date.now() / 1000) + 600,
          exp: Math.floor(Date.now() / 1000) + 900,
        }),
    ],
    [
      'a lifetime over one hour',
      async () => client.sign(url, { exp: Math.floor(Date.now() / 1000) + 7200 }),
    ],
    ['no jti', async () => client.sign(url, { jti: null })],
    ['an empty jti', async () => client.sign(url, { jti: '' })],
    ['a numeric jti', async () => client.sign(url, { jti: null, claims: { jti: 12345 } })],
    ['a jti over 256 characters', async () => client.sign(url, { jti: 'j'.repeat(257) })],
    ['no kid', async () => client.sign(url, { header: { kid: undefined } })],
    ['typ other than JWT', async () => client.sign(url, { header: { typ: 'at+jwt' } })],
    ['exp at the epoch', async () => client.sign(url, { exp: 0 })],
    [
      'a tampered payload',
      async () => {
        const [h, , s] = (await client.sign(url)).split('.');
        const iat = Math.floor(Date.now() / 1000);
        return `${h}.${b64({ iss: 'https://ehr.test', aud: url, exp: 9e9, iat, jti: 'x' })}.${s}`;
      },
    ],
    ['an untrusted issuer', async () => client.sign(url, { iss: 'https://evil.test' })],
    [
      'a jku off the allow-list',
      async () => client.sign(url, { header: { jku: 'https://evil.test/jwks.json' } }),
    ],
    [
      'alg none',
      async () => {
        const claims = { iss: 'https://ehr.test', aud: url, exp: 9e9, iat: 1, jti: 'n' };
        return `${b64({ alg: 'none', typ: 'JWT', kid: 'x' })}.${b64(claims)}.`;
      },
    ],
    [
      'alg HS256',
      async () => {
        const claims = { iss: 'https://ehr.test', aud: url, exp: 9e9, iat: 1, jti: 'h' };
        return `${b64({ alg: 'HS256', typ: 'JWT', kid: 'x' })}.${b64(claims)}.c2ln`;
      },
    ],
    ['garbage', async () => 'not-a-jwt'],
  ];
  it.each(cases)('refuses %s with 401 and no detail', async (_name, make) => {
    const token = await make();
    const r = await post(app, client, SERVICE, body(), token);
    expect(r.status).toBe(401);
    // One body whatever the reason: the reason goes to the log only.
    expect(r.json).toEqual({
      resourceType: 'OperationOutcome',
      id: 'unauthorized',
      issue: [
        {
          severity: 'error',
          code: 'login',
          details: { text: 'A valid CDS client JWT is required.' },
        },
      ],
    });
  });

  it('refuses a replayed jti', async () => {
    const token = await client.sign(url);
    expect((await post(app, client, SERVICE, body(), token)).status).not.toBe(401);
    expect((await post(app, client, SERVICE, body(), token)).status).toBe(401);
  });

  it('checks the tenant when the issuer lists tenants', async () => {
    const strict = testApp(
      { ...client, issuer: { ...client.issuer, tenants: ['hospital-a'] } } as TestClient,
      { trustedIssuers: [{ ...client.issuer, tenants: ['hospital-a'] }] },
    );
    expect(
      (
        await post(
          strict,
          client,
          SERVICE,
          body(),
          await client.sign(url, { claims: { tenant: 'hospital-b' } }),
        )
      ).status,
    ).toBe(401);
    expect(
      (
        await post(
          strict,
          client,
          SERVICE,
          body(),
          await client.sign(url, { claims: { tenant: 'hospital-a' } }),
        )
      ).status,
    ).not.toBe(401);
  });

  it('accepts the feedback audience (…/feedback)', async () => {
    const r = await post(app, client, `${SERVICE}/feedback`, {
      feedback: [{ card: 'c', outcome: 'overridden', outcomeTimestamp: '2026-11-20T10:00:00Z' }],
    });
    expect(r.status).toBe(200);
  });
});

describe('malformed requests never give 5xx', () => {
  const bodies: Array<[string, unknown]> = [
    ['bad JSON', '{"hook": '],
    ['a JSON array', '[]'],
    ['a JSON string', '"order-select"'],
    ['null', 'null'],
    ['no hook', { hookInstance: 'x', context: {} }],
    ['hook of the wrong type', { hook: 5, hookInstance: 'x', context: {} }],
    [
      'a hook this service does not answer',
      {
        hook: 'patient-view',
        hookInstance: 'x',
        context: { userId: 'Practitioner/1', patientId: '1' },
      },
    ],
    ['no context', { hook: 'order-select', hookInstance: 'x' }],
    [
      'context without draftOrders',
      {
        hook: 'order-select',
        hookInstance: 'x',
        context: { userId: 'Practitioner/1', patientId: 'p', selections: [] },
      },
    ],
    [
      'draftOrders of the wrong type',
      {
        hook: 'order-select',
        hookInstance: 'x',
        context: { userId: 'Practitioner/1', patientId: 'p', selections: [], draftOrders: 'x' },
      },
    ],
    [
      'order-select without selections',
      {
        hook: 'order-select',
        hookInstance: 'x',
        context: {
          userId: 'Practitioner/1',
          patientId: 'p',
          draftOrders: { resourceType: 'Bundle' },
        },
      },
    ],
    [
      'fhirAuthorization without fhirServer',
      {
        ...orderSelect('s01'),
        fhirAuthorization: {
          access_token: 'a',
          token_type: 'Bearer',
          expires_in: 1,
          scope: 's',
          subject: 'x',
        },
      },
    ],
    ['prefetch that is not an object', { ...orderSelect('s01'), prefetch: [1, 2] }],
    [
      'prefetch with junk values',
      {
        ...orderSelect('s01'),
        prefetch: {
          conditions: {
            resourceType: 'Bundle',
            entry: [null, 5, { resource: { resourceType: 'Condition', code: 7, bodySite: 'x' } }],
          },
        },
      },
    ],
    [
      'a draft order with junk members',
      {
        ...orderSelect('s01', undefined, {
          resourceType: 'ServiceRequest',
          id: 'draft-1',
          code: 5,
          performerType: 'x',
          category: 'y',
          bodySite: [null],
        } as never),
      },
    ],
  ];
  const deep = (n: number) => {
    let v: unknown = {};
    for (let i = 0; i < n; i++) v = { resourceType: 'Condition', extension: [v] };
    return v;
  };
  const refused: Array<[string, unknown]> = [
    [
      'a prefetch Bundle whose entry is a string',
      { ...orderSelect('s01'), prefetch: { conditions: { resourceType: 'Bundle', entry: 'x' } } },
    ],
    [
      'a prefetch Bundle whose entry is an object',
      {
        ...orderSelect('s01'),
        prefetch: { conditions: { resourceType: 'Bundle', entry: { resource: {} } } },
      },
    ],
    [
      'a prefetch Bundle whose link is a string',
      { ...orderSelect('s01'), prefetch: { conditions: { resourceType: 'Bundle', link: 'next' } } },
    ],
    // Written as text: the test's own JSON.stringify would overflow on it.
    [
      'a resource nested 5,000 levels deep',
      JSON.stringify({
        ...orderSelect('s01'),
        prefetch: { conditions: { resourceType: 'Bundle', entry: [{ resource: 'DEEP' }] } },
      }).replace(
        '"DEEP"',
        `${'{"resourceType":"Condition","extension":['.repeat(5000)}{}${']}'.repeat(5000)}`,
      ),
    ],
    ['a context nested 100 levels deep', { ...orderSelect('s01'), context: deep(100) }],
  ];
  it.each(refused)('%s → 400 with an OperationOutcome', async (_n, b) => {
    const r = await post(app, client, SERVICE, b);
    expect(r.status).toBe(400);
    expect(r.json!.resourceType).toBe('OperationOutcome');
  });

  it.each(bodies)('%s → 4xx or a valid answer', async (_n, b) => {
    const r = await post(app, client, SERVICE, b);
    expect(r.status).toBeLessThan(500);
    if (r.status >= 400 && r.status !== 401) expect(r.json!.resourceType).toBe('OperationOutcome');
  });

  it('refuses bodies over the size limit with 413', async () => {
    const huge = { ...orderSelect('s01'), padding: 'x'.repeat(3 * 1024 * 1024) };
    const r = await post(app, client, SERVICE, huge);
    expect(r.status).toBe(413);
  });

  it('survives random JSON structures (property check)', async () => {
    // Deterministic generator: nested values of every JSON type at the request's key paths.
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const value = (d: number): unknown => {
      const k = Math.floor(rnd() * 7);
      if (d > 3 || k === 0) return null;
      if (k === 1) return rnd() * 1e6;
      if (k === 2) return 'x'.repeat(Math.floor(rnd() * 20));
      if (k === 3) return rnd() < 0.5;
      if (k === 4) return Array.from({ length: Math.floor(rnd() * 4) }, () => value(d + 1));
      if (k === 5)
        return {
          resourceType: ['Bundle', 'ServiceRequest', 'Condition', 'Observation'][
            Math.floor(rnd() * 4)
          ],
          entry: value(d + 1),
          id: value(d + 1),
        };
      return Object.fromEntries(
        [
          'hook',
          'hookInstance',
          'context',
          'prefetch',
          'draftOrders',
          'selections',
          'patientId',
          'userId',
        ]
          .filter(() => rnd() < 0.4)
          .map((key) => [key, value(d + 1)]),
      );
    };
    for (let i = 0; i < 150; i++) {
      const base = orderSelect('s01') as Record<string, unknown>;
      const key = ['hook', 'hookInstance', 'context', 'prefetch', 'fhirServer'][i % 5]!;
      const r = await post(app, client, SERVICE, { ...base, [key]: value(0) });
      expect(r.status, `case ${i}`).toBeLessThan(500);
    }
  });
});

describe('CORS (CDS Hooks §CORS, A-90)', () => {
  it('answers the preflight for an allowed origin without a JWT', async () => {
    const res = await app.fetch(
      new Request(`${CDS_BASE}${SERVICE}`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://ehr.test',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      }),
    );
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://ehr.test');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toMatch(/authorization/);
  });
  it('never reflects an unknown origin', async () => {
    const res = await app.fetch(
      new Request(`${CDS_BASE}/cds-services`, { headers: { origin: 'https://evil.test' } }),
    );
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
  it.each([
    {
      who: 'a browser client on an allowed origin',
      origin: 'https://ehr.test',
      allow: 'https://ehr.test',
    },
    { who: 'a server-to-server client (no Origin)', origin: undefined, allow: null },
  ])('hook answers for $who carry Vary: Origin', async ({ origin, allow }) => {
    const url = `${CDS_BASE}${SERVICE}`;
    const res = await app.fetch(
      new Request(url, {
        method: 'POST',
        body: JSON.stringify(orderSelect('s02', await scenarioPrefetch('s02'))),
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await client.sign(url)}`,
          ...(origin ? { origin } : {}),
        },
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(allow);
    expect(res.headers.get('vary')).toBe('Origin');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });
});

describe('health', () => {
  it('GET /health', async () => {
    const res = await app.fetch(new Request(`${CDS_BASE}/health`));
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});
