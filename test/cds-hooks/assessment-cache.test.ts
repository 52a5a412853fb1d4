import { http } from 'msw';
import { setupServer } from 'msw/node';
import { describe, expect, it } from 'vitest';
import type { CdsResponse } from '../../cds-hooks/cards/types.js';
import { AssessmentCache } from '../../cds-hooks/data/assessment-cache.js';
import { cdsRequestSchema } from '../../cds-hooks/request-schema.js';
import { REFERRAL_SERVICE_ID, serviceById } from '../../cds-hooks/services.js';
import type { Assessment } from '../../src/assess/assess.js';
import {
  FHIR_BASE,
  orderSelect,
  scenarioFhir,
  scenarioPrefetch,
  testClient,
  testConfig,
} from './cds-helpers.js';

/** Counts what the cache served, so a test can tell reuse from recomputation. */
class CountingCache extends AssessmentCache {
  hits = 0;
  override get(key: string): Assessment | undefined {
    const a = super.get(key);
    if (a) this.hits++;
    return a;
  }
}

const ASOF = '2026-11-20';
async function run(
  body: ReturnType<typeof orderSelect> & { fhirServer?: string; fhirAuthorization?: unknown },
  cache: AssessmentCache,
) {
  const request = cdsRequestSchema.parse(JSON.parse(JSON.stringify(body)));
  const config = testConfig(await testClient());
  const out = await serviceById(REFERRAL_SERVICE_ID)!.run({
    request,
    config,
    asOf: ASOF,
    cache,
    ...(body.fhirServer ? { fhirServer: body.fhirServer } : {}),
  });
  if ('error' in out) throw new Error(out.error.issue[0].details.text);
  return out.body as CdsResponse;
}

describe('assessment cache', () => {
  it('evicts the least recently used entry and forgets entries after their time', () => {
    let t = 0;
    const c = new AssessmentCache(2, 1000, () => t);
    const a = {} as Assessment,
      b = {} as Assessment,
      d = {} as Assessment;
    c.set('a', a);
    c.set('b', b);
    expect(c.get('a')).toBe(a); // a is now the most recent
    c.set('d', d);
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBe(a);
    t = 1001;
    expect(c.get('a')).toBeUndefined();
    expect(new AssessmentCache(0).size).toBe(0);
  });

  it('keys on the exact chart content: patient, date and prefetch', () => {
    const p = { patient: { resourceType: 'Patient', id: 's01' } };
    expect(AssessmentCache.key('s01', ASOF, p)).toBe(
      AssessmentCache.key('s01', ASOF, JSON.parse(JSON.stringify(p))),
    );
    expect(AssessmentCache.key('s01', ASOF, p)).not.toBe(AssessmentCache.key('s02', ASOF, p));
    expect(AssessmentCache.key('s01', ASOF, p)).not.toBe(
      AssessmentCache.key('s01', '2026-11-21', p),
    );
    expect(AssessmentCache.key('s01', ASOF, p)).not.toBe(
      AssessmentCache.key('s01', ASOF, { patient: { ...p.patient, gender: 'male' } }),
    );
  });

  it('order-select then order-sign on the same chart: one assessment, cards of each invocation', async () => {
    const cache = new CountingCache();
    const prefetch = await scenarioPrefetch('s01');
    const first = await run(orderSelect('s01', prefetch), cache);
    const second = await run({ ...orderSelect('s01', prefetch), hook: 'order-sign' }, cache);
    expect(cache.hits).toBe(1);
    // Same content, but uuids and links belong to each hookInstance.
    expect(second.cards.map((c) => c.summary)).toEqual(first.cards.map((c) => c.summary));
    expect(second.cards[0]!.uuid).not.toBe(first.cards[0]!.uuid);
    expect(second.cards[0]!.detail).toBe(first.cards[0]!.detail);
  });

  it('a changed chart is assessed again', async () => {
    const cache = new CountingCache();
    const prefetch = await scenarioPrefetch('s07');
    await run(orderSelect('s07', prefetch), cache);
    const changed = JSON.parse(JSON.stringify(prefetch)) as {
      clinicalObservations: { entry: Array<{ resource: { valueQuantity?: { value: number } } }> };
    };
    const withValue = changed.clinicalObservations.entry.find((e) => e.resource.valueQuantity)!;
    withValue.resource.valueQuantity!.value += 1;
    await run(orderSelect('s07', changed as never), cache);
    expect(cache.hits).toBe(0);
    expect(cache.size).toBe(2);
  });

  it('nothing fetched from a FHIR server is cached: that data may change between calls', async () => {
    const fhir = await scenarioFhir();
    const server = setupServer(
      http.all(`${FHIR_BASE}/*`, ({ request }) => fhir.fetch(new Request(request.url))),
    );
    server.listen({ onUnhandledRequest: 'error' });
    try {
      const cache = new CountingCache();
      const { conditions: _omitted, ...partial } = await scenarioPrefetch('s01');
      const body = {
        ...orderSelect('s01', partial),
        fhirServer: FHIR_BASE,
        fhirAuthorization: {
          access_token: 't',
          token_type: 'Bearer',
          expires_in: 300,
          scope: 'patient/*.rs',
          subject: 'cds',
        },
      };
      const a = await run(body, cache);
      await run(body, cache);
      expect(a.cards.length).toBe(2);
      expect(cache.hits).toBe(0);
      expect(cache.size).toBe(0);
    } finally {
      server.close();
    }
  });
});
