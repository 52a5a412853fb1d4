import type { Bundle, Resource } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IndexedRepository } from '../../sandbox/fhir/indexed-repository.js';
import {
  fetchAllPages,
  pagesFrom,
  PARALLEL_PAGES,
  type GetJson,
} from '../../src/app/data/paging.js';
import { EHR_BASE, profileApp, seededCharts } from '../support/profile-server.js';

/**
 * The app's paging (src/app/data/paging.ts): the pages of a long history asked for together when
 * the server's links allow it, with exactly the resources, in exactly the order, that following
 * every `next` link one by one gives.
 */
const QUERY = 'Observation?patient=c0&_sort=-date&_count=100';
let repo: IndexedRepository;

beforeAll(async () => {
  repo = await seededCharts(650, { scenarios: false });
}, 60_000);

/** A server of a profile, read through a counter of requests and of requests in flight together. */
function server(profile: string) {
  const app = profileApp(repo, profile);
  const stats = { requests: 0, inFlight: 0, maxInFlight: 0 };
  const get: GetJson = async (url) => {
    stats.requests++;
    stats.maxInFlight = Math.max(stats.maxInFlight, ++stats.inFlight);
    try {
      const res = await app.fetch(
        new Request(url.startsWith('https:') ? url : `${EHR_BASE}/${url}`),
      );
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return (await res.json()) as Resource;
    } finally {
      stats.inFlight--;
    }
  };
  return { get, stats };
}

/** The reference: every `next` link followed as written, one page after another. */
async function oneByOne(get: GetJson, url: string): Promise<string[]> {
  const ids: string[] = [];
  for (let next: string | undefined = url; next;) {
    const b = (await get(next)) as Bundle;
    ids.push(...(b.entry ?? []).map((e) => `${e.resource!.resourceType}/${e.resource!.id}`));
    next = b.link?.find((l) => l.relation === 'next')?.url;
  }
  return ids;
}
const idsOf = (rs: Resource[]) => rs.map((r) => `${r.resourceType}/${r.id}`);

describe('fetchAllPages', () => {
  it('an offset-paging server: the same resources in the same order, the later pages asked for together', async () => {
    const s = server('full');
    const expected = await oneByOne(s.get, QUERY);
    expect(expected.length).toBeGreaterThan(600);
    s.stats.requests = 0;
    s.stats.maxInFlight = 0;
    expect(idsOf(await fetchAllPages(s.get, QUERY))).toEqual(expected);
    expect(s.stats.requests).toBe(Math.ceil(expected.length / 100));
    expect(s.stats.maxInFlight).toBe(Math.ceil(expected.length / 100) - 1);
  });

  it('opaque page tokens are followed one by one, as written, to the same result', async () => {
    const s = server('opaque-paging');
    const all = await fetchAllPages(s.get, QUERY);
    expect(s.stats.maxInFlight).toBe(1);
    expect(idsOf(all).sort()).toEqual((await oneByOne(server('full').get, QUERY)).sort());
  });

  it('small pages: many batches, none larger than PARALLEL_PAGES, the same order', async () => {
    const s = server('small-pages');
    const expected = await oneByOne(s.get, QUERY);
    s.stats.maxInFlight = 0;
    expect(idsOf(await fetchAllPages(s.get, QUERY))).toEqual(expected);
    expect(s.stats.maxInFlight).toBe(PARALLEL_PAGES);
  });

  it('a read is its one resource', async () => {
    expect(idsOf(await fetchAllPages(server('full').get, 'Patient/c0'))).toEqual(['Patient/c0']);
  });
});

describe('pagesFrom', () => {
  const page = (self: string, total?: number): Bundle => ({
    resourceType: 'Bundle',
    type: 'searchset',
    ...(total !== undefined ? { total } : {}),
    link: [{ relation: 'self', url: self }],
  });
  const self = `${EHR_BASE}/Observation?patient=p&_count=10`;
  const next = `${EHR_BASE}/Observation?patient=p&_count=10&_offset=10`;

  it('plans the pages up to the total', () => {
    expect(pagesFrom(page(self, 35), next)).toEqual(
      [10, 20, 30].map((o) => next.replace('_offset=10', `_offset=${o}`)),
    );
  });
  it('no more than the cap at once', () => {
    expect(pagesFrom(page(self, 1_000), next, 3)).toHaveLength(3);
  });
  it('follows the link as written when the server states no total', () => {
    expect(pagesFrom(page(self), next)).toEqual([next]);
  });
  it('follows the link as written when it does not continue this page (another query, another step)', () => {
    expect(pagesFrom(page(self, 35), next.replace('patient=p', 'patient=q'))).toEqual([
      next.replace('patient=p', 'patient=q'),
    ]);
    expect(pagesFrom(page(self, 35), next.replace('_offset=10', '_offset=15'))).toEqual([
      next.replace('_offset=10', '_offset=15'),
    ]);
  });
});
