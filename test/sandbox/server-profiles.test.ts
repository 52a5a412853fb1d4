import type { Bundle, Resource } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import { gather } from '../../cds-hooks/data/gather.js';
import type { IndexedRepository } from '../../sandbox/fhir/indexed-repository.js';
import { SERVER_PROFILES } from '../../sandbox/fhir/server-profiles.js';
import { loadChart } from '../../src/app/data/load-chart.js';
import { assessPatient } from '../../src/assess/assess.js';
import { decisionLines } from '../../src/recommend/describe.js';
import { SCENARIO_REFERENCE_DATE } from '../../src/synthetic/scenarios.js';
import { fetchAllFrom } from '../support/fetch-all.js';
import { CHART_IDS, EHR_BASE, profileApp, seededCharts } from '../support/profile-server.js';

/**
 * The app's and the service's data gathering against FHIR servers that behave as real EHR servers
 * may (server-profiles.ts): the same decision and the same scores as on the full embedded server,
 * for every scenario patient and a generated one with 600 Observations (where paging and sorting
 * matter).
 */
let repo: IndexedRepository;
beforeAll(async () => {
  repo = await seededCharts(600);
}, 60_000);

function server(profile: string) {
  const app = profileApp(repo, profile);
  const fetchFn = ((url: string | URL | Request, init?: RequestInit) =>
    app.fetch(new Request(url, init))) as typeof fetch;
  const fetchAll = fetchAllFrom(EHR_BASE, fetchFn);
  return { fetchFn, fetchAll };
}

const summary = (resources: Resource[]) => {
  const a = assessPatient(resources, { asOf: SCENARIO_REFERENCE_DATE });
  const scores = Object.fromEntries(
    Object.entries(a.scores).map(([k, v]) => [k, JSON.stringify(v)]),
  );
  return { lines: decisionLines(a.recommendations), scores };
};

describe.each(Object.keys(SERVER_PROFILES).filter((p) => p !== 'full'))(
  'EHR server profile %s',
  (profile) => {
    it('the app reads the same chart and decides the same', async () => {
      const full = server('full');
      const quirky = server(profile);
      for (const id of CHART_IDS) {
        const [a, b] = [
          await loadChart(id, full.fetchAll, () => undefined),
          await loadChart(id, quirky.fetchAll, () => undefined),
        ];
        expect(b.failed, id).toEqual([]);
        expect(b.resources.length, id).toBe(a.resources.length);
        expect(summary(b.resources), id).toEqual(summary(a.resources));
      }
    }, 120_000);

    it('the service gathers the same facts and decides the same, with no data note', async () => {
      const full = server('full');
      const quirky = server(profile);
      for (const id of CHART_IDS) {
        const run = (fetchFn: typeof fetch) =>
          gather({ patientId: id, fhirServer: EHR_BASE, deadlineMs: 10_000, fetch: fetchFn });
        const [a, b] = [await run(full.fetchFn), await run(quirky.fetchFn)];
        expect(b.notes, id).toEqual([]);
        expect(summary(b.resources), id).toEqual(summary(a.resources));
      }
    }, 120_000);
  },
);

describe('why the self link matters', () => {
  it('a server that ignores _sort: the first page alone holds old data; the service reads on and keeps the newest', async () => {
    const quirky = server('no-sort');
    const full = server('full');
    const first = async (fetchFn: typeof fetch) => {
      const { CORE_QUERIES, fillTemplate } = await import('../../src/facts/queries.js');
      const q = CORE_QUERIES.find((x) => x.key === 'clinicalObservations')!;
      return (
        (await (await fetchFn(`${EHR_BASE}/${fillTemplate(q.template, 'c0')}`)).json()) as Bundle
      ).entry!.map((e) => e.resource!);
    };
    const newest = (rs: Resource[]) =>
      rs
        .map((r) => (r as { effectiveDateTime?: string }).effectiveDateTime ?? '')
        .sort()
        .at(-1);
    expect(newest(await first(quirky.fetchFn))! < newest(await first(full.fetchFn))!).toBe(true);
    const g = await gather({
      patientId: 'c0',
      fhirServer: EHR_BASE,
      deadlineMs: 10_000,
      fetch: quirky.fetchFn,
    });
    expect(g.fetches).toBeGreaterThan(8);
  });
});
