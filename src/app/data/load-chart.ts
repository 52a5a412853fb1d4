import type { Resource } from 'fhir/r4';
import { CORE_QUERIES, fillTemplate, type CoreQuery, type QueryRead } from '../../facts/queries.js';

/** Fetches every page of a search, flattened to resources (`fetchAllPages`, paging.ts). */
export type FetchAll = (url: string) => Promise<Resource[]>;

export interface LoadProgress {
  key: string;
  label: string;
  state: 'loading' | 'done' | 'failed';
  count?: number;
}

/**
 * The app wants whole histories for the trend screen: the newest-only queries ask for large pages.
 */
const wholeHistory = (q: CoreQuery) =>
  q.newestOnly ? q.template.replace(/_count=\d+/, '_count=1000') : q.template;

/** A search's `code` values and the rest of its query, apart. */
function codeSplit(template: string): { rest: string; codes: string[] } | undefined {
  const [path, query = ''] = template.split('?');
  const params = query.split('&');
  const code = params.filter((p) => p.startsWith('code='));
  if (code.length !== 1) return undefined;
  return {
    rest: `${path}?${params.filter((p) => !p.startsWith('code=')).join('&')}`,
    codes: code[0]!.slice(5).split(','),
  };
}

/**
 * Whether a resource answers one of a search's token values (`system|code`, or `system|` for any
 * code). The values are decoded once per search, not once per resource: a chart's answer may hold
 * thousands of resources.
 */
function answerer(codes: readonly string[]): (r: Resource) => boolean {
  const tokens = codes.map(decodeURIComponent).map((t) => {
    const bar = t.indexOf('|');
    return bar < 0 ? { code: t } : { system: t.slice(0, bar), code: t.slice(bar + 1) };
  });
  return (r) => {
    const codings =
      (r as { code?: { coding?: Array<{ system?: string; code?: string }> } }).code?.coding ?? [];
    return codings.some((c) =>
      tokens.some(
        (t) =>
          (t.system === undefined || c.system === t.system) && (t.code === '' || c.code === t.code),
      ),
    );
  };
}

/** One request of the app's reading plan and how its answer divides among the plan's queries. */
interface Step {
  queries: CoreQuery[];
  url: string;
  /** Each query's resources from the answer; undefined: the answer lacks them, read it alone. */
  divide(rs: Resource[]): Array<Resource[] | undefined>;
}

/**
 * The Patient comes with the Conditions (`_include=Condition:patient`, the patient of each
 * Condition): one request fewer, and the plan's requests then fit the six connections a browser
 * opens to a server, none waiting for another to finish. A server that ignores `_include`, or a
 * chart with no Condition, leaves the Patient out of the answer, and it is read alone as before
 * (one round trip after the Conditions' answer: the price of the saved request on such a server);
 * a server that refuses the search has both read alone.
 */
function patientWithConditions(patientId: string, queries: readonly CoreQuery[]): Step | undefined {
  const patient = queries.find((q) => q.key === 'patient');
  const conditions = queries.find((q) => q.key === 'conditions');
  if (!patient || !conditions || !/^Condition\?patient=[^&]+$/.test(conditions.template))
    return undefined;
  return {
    queries: [patient, conditions],
    url: `${fillTemplate(conditions.template, patientId)}&_include=Condition:patient`,
    divide: (rs) => {
      const p = rs.find((r) => r.resourceType === 'Patient' && r.id === patientId);
      return [p ? [p] : undefined, rs.filter((r) => r.resourceType === 'Condition')];
    },
  };
}

/**
 * Fewer requests for the same reads: the plan's searches of one type that differ only in their
 * codes (the coded Observation searches, once all of them read whole histories) are sent as one
 * search with every code, each resource then filed under the searches whose codes it has, as each
 * search alone would have returned it; the Patient comes with the Conditions
 * (`patientWithConditions`). A combined search that fails is retried as the separate searches, so
 * nothing is lost to it.
 */
function plan(patientId: string, queries: readonly CoreQuery[]): Step[] {
  const steps: Step[] = [];
  const withPatient = patientWithConditions(patientId, queries);
  if (withPatient) steps.push(withPatient);
  const byRest = new Map<string, Array<{ q: CoreQuery; codes: string[] }>>();
  for (const q of queries) {
    const s = q.optional ? undefined : codeSplit(wholeHistory(q));
    if (s) byRest.set(s.rest, [...(byRest.get(s.rest) ?? []), { q, codes: s.codes }]);
  }
  const grouped = new Set<CoreQuery>(withPatient?.queries);
  for (const [rest, group] of byRest) {
    if (group.length < 2) continue;
    group.forEach((g) => grouped.add(g.q));
    const [path, query] = rest.split('?');
    const matchers = group.map((g) => answerer(g.codes));
    steps.push({
      queries: group.map((g) => g.q),
      url: fillTemplate(
        `${path}?${query!.replace(/^([^&]*)/, `$1&code=${codesOf(group)}`)}`,
        patientId,
      ),
      // A resource the server matched and no code here names (other token rules) stays, under the
      // first.
      divide: (rs) => {
        const out = group.map((): Resource[] => []);
        for (const r of rs) {
          let any = false;
          group.forEach((_, i) => {
            if (matchers[i]!(r)) {
              out[i]!.push(r);
              any = true;
            }
          });
          if (!any) out[0]!.push(r);
        }
        return out;
      },
    });
  }
  for (const q of queries)
    if (!grouped.has(q))
      steps.push({
        queries: [q],
        url: fillTemplate(wholeHistory(q), patientId),
        divide: (rs) => [rs],
      });
  return steps;
}

/** The codes of a group of searches, as one `code=` value. */
const codesOf = (group: ReadonlyArray<{ codes: readonly string[] }>) =>
  group.flatMap((g) => g.codes).join(',');

/**
 * The core's queries (the plan the CDS service reads with), in parallel, all pages, with fewer
 * requests (`plan`). Each query's resources, read and failure are what it alone would give.
 */
export async function loadChart(
  patientId: string,
  fetchAll: FetchAll,
  onProgress: (p: LoadProgress) => void,
  queries: readonly CoreQuery[] = CORE_QUERIES,
): Promise<{ resources: Resource[]; failed: LoadProgress[]; reads: QueryRead[] }> {
  const failed: LoadProgress[] = [];
  const reads: QueryRead[] = [];
  const found = new Map<string, Resource[]>();
  // Outcome entries (warnings some servers add to every search) are not chart data.
  const read = async (url: string) =>
    (await fetchAll(url)).filter((r) => r.resourceType !== 'OperationOutcome');
  const done = (q: CoreQuery, resources: Resource[]) => {
    found.set(q.key, resources);
    onProgress({ key: q.key, label: q.label, state: 'done', count: resources.length });
    reads.push({ key: q.key, label: q.label, count: resources.length, failed: false });
  };
  const alone = async (q: CoreQuery) => {
    try {
      done(q, await read(fillTemplate(wholeHistory(q), patientId)));
    } catch (e) {
      if (q.key === 'patient' || q.key === 'conditions') throw e;
      if (q.optional) {
        reads.push({
          key: q.key,
          label: q.label,
          count: undefined,
          failed: false,
          unsupported: true,
        });
        onProgress({ key: q.key, label: q.label, state: 'done' });
        return;
      }
      const p: LoadProgress = { key: q.key, label: q.label, state: 'failed' };
      failed.push(p);
      reads.push({ key: q.key, label: q.label, count: undefined, failed: true });
      onProgress(p);
    }
  };
  await Promise.all(
    plan(patientId, queries).map(async (step) => {
      for (const q of step.queries) onProgress({ key: q.key, label: q.label, state: 'loading' });
      if (step.queries.length === 1) return alone(step.queries[0]!);
      const parts = await read(step.url).then(
        (rs) => step.divide(rs),
        () => undefined,
      );
      if (!parts) return Promise.all(step.queries.map(alone));
      return Promise.all(step.queries.map((q, i) => (parts[i] ? done(q, parts[i]) : alone(q))));
    }),
  );
  // In plan order, whatever order the answers came in.
  const order = (key: string) => queries.findIndex((q) => q.key === key);
  reads.sort((a, b) => order(a.key) - order(b.key));
  return { resources: queries.flatMap((q) => found.get(q.key) ?? []), failed, reads };
}
