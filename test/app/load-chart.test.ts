import type { Resource } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IndexedRepository } from '../../sandbox/fhir/indexed-repository.js';
import { loadChart, type FetchAll } from '../../src/app/data/load-chart.js';
import { CORE_QUERIES, fillTemplate } from '../../src/facts/queries.js';
import { fetchAllFrom } from '../support/fetch-all.js';
import { CHART_IDS, EHR_BASE, profileApp, seededCharts } from '../support/profile-server.js';

/**
 * The app's reading plan (load-chart.ts) sends fewer requests than the core's queries, and reads
 * exactly what each query alone reads: the same resources under the same query, the same counts.
 */
let repo: IndexedRepository;
beforeAll(async () => {
  repo = await seededCharts(600);
}, 60_000);

/**
 * A server of a profile, its searches counted; `refuse` answers 400 to the URLs it matches,
 * `ignoreInclude` drops `_include` as a server that does not support it may.
 */
function server(profile: string, refuse?: RegExp, ignoreInclude = false) {
  const app = profileApp(repo, profile);
  const searches: string[] = [];
  const fetchFn = ((url: string | URL | Request, init?: RequestInit) => {
    searches.push(String(url));
    if (refuse?.test(String(url))) return Promise.resolve(new Response('{}', { status: 400 }));
    const sent = ignoreInclude ? String(url).replace(/&_include=[^&]*/, '') : url;
    return app.fetch(new Request(sent, init));
  }) as typeof fetch;
  return { fetchAll: fetchAllFrom(EHR_BASE, fetchFn), searches };
}

/** The reference: each query of the core's plan sent alone, every page, as the app used to read. */
async function eachAlone(id: string, fetchAll: FetchAll) {
  const byKey: Record<string, string[]> = {};
  for (const q of CORE_QUERIES) {
    const url = fillTemplate(
      q.newestOnly ? q.template.replace(/_count=\d+/, '_count=1000') : q.template,
      id,
    );
    // A search the server does not support (optional ones) reads nothing, as in the app.
    const rs = await fetchAll(url).catch((e: unknown) => {
      if (q.optional) return [];
      throw e;
    });
    byKey[q.key] = rs
      .filter((r) => r.resourceType !== 'OperationOutcome')
      .map(ref)
      .sort();
  }
  return byKey;
}
const ref = (r: Resource) => `${r.resourceType}/${r.id}`;

async function appReads(id: string, fetchAll: FetchAll) {
  const byKey: Record<string, string[]> = {};
  const { resources, reads, failed } = await loadChart(id, fetchAll, () => undefined);
  expect(failed, id).toEqual([]);
  // Each query's resources: the chart lists them in plan order, query after query.
  let at = 0;
  for (const r of reads) {
    byKey[r.key] = resources
      .slice(at, at + (r.count ?? 0))
      .map(ref)
      .sort();
    at += r.count ?? 0;
  }
  expect(at, id).toBe(resources.length);
  return byKey;
}

describe('the app reading plan', () => {
  it.each(['full', 'all-quirks'])(
    '%s server: each query reads what it alone reads, in fewer requests',
    async (profile) => {
      for (const id of CHART_IDS) {
        const alone = server(profile);
        const expected = await eachAlone(id, alone.fetchAll);
        const s = server(profile);
        expect(await appReads(id, s.fetchAll), id).toEqual(expected);
        // The three coded Observation searches as one (c0's 600 fit one page on the full server),
        // and the Patient with the Conditions when there is one.
        const withPatient = expected.conditions!.length > 0 ? 1 : 0;
        if (profile === 'full')
          expect(s.searches.length, id).toBe(alone.searches.length - 2 - withPatient);
      }
    },
    120_000,
  );

  it('a server that refuses the combined search: the searches are sent alone, nothing is lost', async () => {
    for (const id of ['s01', 'c0']) {
      const expected = await eachAlone(id, server('full').fetchAll);
      const s = server('full', /code=[^&]*loinc[^&]*spine-scores/);
      expect(await appReads(id, s.fetchAll), id).toEqual(expected);
      expect(s.searches.filter((u) => /code=[^&]*loinc[^&]*spine-scores/.test(u))).toHaveLength(1);
    }
  }, 60_000);

  it('a server that ignores or refuses _include: the Patient is read alone, nothing is lost', async () => {
    for (const id of ['s01', 'c0']) {
      const expected = await eachAlone(id, server('full').fetchAll);
      for (const s of [server('full', undefined, true), server('full', /_include=/)]) {
        expect(await appReads(id, s.fetchAll), id).toEqual(expected);
        expect(
          s.searches.filter((u) => u.endsWith(`/Patient/${id}`)),
          id,
        ).toHaveLength(1);
      }
    }
  }, 60_000);
});
