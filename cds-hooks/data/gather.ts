import type { Bundle, Resource } from 'fhir/r4';
import {
  CORE_QUERIES,
  fillTemplate,
  suspiciousReads,
  type CoreQuery,
  type QueryRead,
} from '../../src/facts/queries.js';

export interface DataNote {
  key: string;
  label: string;
  problem:
    'timeout' | 'error' | 'no-access' | 'partial' | 'not-a-bundle' | 'wrong-patient' | 'empty';
  /** Plain words for the card; never values from the chart. */
  text: string;
}

export interface GatherInput {
  patientId: string;
  prefetch?: Record<string, unknown>;
  fhirServer?: string;
  accessToken?: string;
  deadlineMs: number;
  fetch?: typeof fetch;
  queries?: readonly CoreQuery[];
}

export interface Gathered {
  resources: Resource[];
  notes: DataNote[];
  /** Keys served from prefetch, fetched, or missing: for logs and tests. */
  sources: Record<string, 'prefetch' | 'fetched' | 'missing'>;
  fetches: number;
  /** What each query of the plan returned (the card says what was read). */
  reads: QueryRead[];
}

/** Enough for a 5,000-Observation history at 50 per page; the deadline bounds it anyway. */
const MAX_PAGES = 100;

type Outcome = {
  resources: Resource[];
  note?: Omit<DataNote, 'key' | 'label'>;
  fetched: number;
  unsupported?: boolean;
};

/**
 * Prefetch first, the FHIR server for what is absent, all queries in parallel under one deadline
 * (interop A6). A failure degrades the answer and is reported; it never delays it past the
 * deadline.
 */
export async function gather(input: GatherInput): Promise<Gathered> {
  const queries = input.queries ?? CORE_QUERIES;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), input.deadlineMs);
  const out: Gathered = { resources: [], notes: [], sources: {}, fetches: 0, reads: [] };
  try {
    const results = await Promise.all(
      queries.map(async (q): Promise<[CoreQuery, Outcome, 'prefetch' | 'fetched' | 'missing']> => {
        const pre = input.prefetch?.[q.key];
        if (pre === null) return [q, { resources: [], fetched: 0 }, 'prefetch'];
        if (pre !== undefined && usablePrefetch(pre)) {
          const r = await fromPrefetch(pre as Resource, q, input, controller.signal);
          return [q, r, 'prefetch'];
        }
        if (!input.fhirServer) {
          // An optional query the EHR did not prefetch is simply not read.
          if (q.optional) return [q, { resources: [], fetched: 0, unsupported: true }, 'missing'];
          return [
            q,
            {
              resources: [],
              fetched: 0,
              note: {
                problem: 'no-access',
                text: 'not sent by the EHR and no FHIR access was granted',
              },
            },
            'missing',
          ];
        }
        const base = input.fhirServer.replace(/\/+$/, '');
        const url = `${base}/${fillTemplate(q.template, input.patientId)}`;
        const r = await fetchAll(url, q, input, controller.signal);
        return [q, r, r.note && r.resources.length === 0 ? 'missing' : 'fetched'];
      }),
    );
    for (const [q, r, source] of results) {
      out.fetches += r.fetched;
      // An answer holding another patient's resources did not honour the patient filter: none of it
      // can be trusted as this patient's chart, so the whole query counts as unread.
      if (r.resources.some((res) => belongsElsewhere(res, input.patientId))) {
        out.sources[q.key] = 'missing';
        out.notes.push({
          key: q.key,
          label: q.label,
          problem: 'wrong-patient',
          text: 'the answer held resources of another patient, so none of it was used',
        });
        continue;
      }
      out.sources[q.key] = r.note?.problem === 'not-a-bundle' ? 'missing' : source;
      if (r.note) out.notes.push({ key: q.key, label: q.label, ...r.note });
      out.resources.push(...r.resources);
      out.reads.push(
        r.unsupported
          ? { key: q.key, label: q.label, count: undefined, failed: false, unsupported: true }
          : {
              key: q.key,
              label: q.label,
              count: r.resources.length,
              failed: out.sources[q.key] === 'missing' || !!r.note,
            },
      );
    }
    for (const text of suspiciousReads(out.reads))
      out.notes.push({ key: 'observations', label: 'Observations', problem: 'empty', text });
  } finally {
    clearTimeout(timer);
  }
  return out;
}

/**
 * An OperationOutcome with an error, or a Bundle carrying one, means the EHR failed to prefetch:
 * treat as absent. Warnings and information (many servers add them to every search) are not
 * failures.
 */
function usablePrefetch(v: unknown): boolean {
  if (!v || typeof v !== 'object') return false;
  const r = v as Resource;
  if (r.resourceType === 'OperationOutcome') return !reportsError(r);
  if (r.resourceType === 'Bundle') {
    const entry: unknown = (r as Bundle).entry;
    return (
      !Array.isArray(entry) ||
      !entry.some(
        (e: NonNullable<Bundle['entry']>[number] | null) =>
          e?.resource?.resourceType === 'OperationOutcome' && reportsError(e.resource),
      )
    );
  }
  return true;
}

function reportsError(o: Resource): boolean {
  const issues: unknown = (o as { issue?: unknown }).issue;
  return (
    !Array.isArray(issues) ||
    issues.length === 0 ||
    issues.some(
      (i: { severity?: unknown } | null) =>
        i?.severity !== 'warning' && i?.severity !== 'information',
    )
  );
}

async function fromPrefetch(
  pre: Resource,
  q: CoreQuery,
  input: GatherInput,
  signal: AbortSignal,
): Promise<Outcome> {
  if (pre.resourceType !== 'Bundle') return { resources: [pre], fetched: 0 };
  const b = pre as Bundle;
  const resources = entriesOf(b);
  if (!resources) return { resources: [], fetched: 0, note: MALFORMED };
  const link = nextLink(b);
  if (!link || newestPageIsEnough(q, b, resources.length)) return { resources, fetched: 0 };
  const next = input.fhirServer ? onServer(link, input.fhirServer, input.fhirServer) : undefined;
  if (!next) {
    return {
      resources,
      fetched: 0,
      note: {
        problem: 'partial',
        text: 'only the first page was sent and the rest could not be fetched',
      },
    };
  }
  const rest = await fetchAll(next, q, input, signal);
  return {
    resources: [...resources, ...rest.resources],
    fetched: rest.fetched,
    ...(rest.note ? { note: rest.note } : {}),
  };
}

/**
 * A `_count`-bounded newest-first query needs no older pages once it holds the number it asked for,
 * but only if the server sorted: the `self` link says which parameters were used, and a server that
 * ignored `_sort` (FHIR allows it) or left no `self` link is read to the end instead (the facts
 * pick
 * the newest values themselves). A server that capped `_count` is paged until the number is
 * reached.
 */
function newestPageIsEnough(q: CoreQuery, b: Bundle, held: number): boolean {
  if (!q.newestOnly || !sortHonoured(b)) return false;
  const wanted = Number(new URLSearchParams(q.template.split('?')[1] ?? '').get('_count'));
  return held >= wanted;
}

function sortHonoured(b: Bundle): boolean {
  const self = Array.isArray(b.link)
    ? b.link.find((l) => l?.relation === 'self' && typeof l.url === 'string')?.url
    : undefined;
  if (!self) return false;
  try {
    return new URL(self).searchParams.get('_sort')?.split(',')[0] === '-date';
  } catch {
    return false;
  }
}

async function fetchAll(
  firstUrl: string,
  q: CoreQuery,
  input: GatherInput,
  signal: AbortSignal,
): Promise<Outcome> {
  const doFetch = input.fetch ?? fetch;
  const resources: Resource[] = [];
  const seen = new Set<string>();
  let url: string | undefined = firstUrl;
  let fetched = 0;
  while (url) {
    if (seen.has(url) || seen.size >= MAX_PAGES)
      return {
        resources,
        fetched,
        note: {
          problem: 'partial',
          text: seen.has(url)
            ? 'the server returned a paging loop; the pages read so far are used'
            : `more than ${MAX_PAGES} pages; the first ${MAX_PAGES} are used`,
        },
      };
    seen.add(url);
    let res: Response;
    try {
      fetched++;
      // A redirect is not followed: it would carry the token off the allow-listed server.
      res = await doFetch(url, {
        signal,
        redirect: 'manual',
        headers: {
          accept: 'application/fhir+json',
          ...(input.accessToken ? { authorization: `Bearer ${input.accessToken}` } : {}),
        },
      });
    } catch {
      return {
        resources,
        fetched,
        note: signal.aborted
          ? { problem: 'timeout', text: `not read within ${input.deadlineMs} ms` }
          : { problem: 'error', text: 'the FHIR server could not be reached' },
      };
    }
    if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) {
      void res.body?.cancel().catch(() => undefined);
      return {
        resources,
        fetched,
        note: {
          problem: 'error',
          text:
            `the FHIR server answered ${res.status || 'with a redirect'}, which is not ` +
            `followed`,
        },
      };
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      return {
        resources,
        fetched,
        note: signal.aborted
          ? { problem: 'timeout', text: `not read within ${input.deadlineMs} ms` }
          : {
              problem: 'not-a-bundle',
              text: 'the FHIR server answered with something that is not JSON',
            },
      };
    }
    if (!res.ok) {
      // An optional search the server does not support is not missing data.
      if (
        q.optional &&
        res.status >= 400 &&
        res.status < 500 &&
        res.status !== 401 &&
        res.status !== 403
      )
        return { resources, fetched, unsupported: true };
      return {
        resources,
        fetched,
        note: {
          problem: res.status === 401 || res.status === 403 ? 'no-access' : 'error',
          text: `the FHIR server answered ${res.status}`,
        },
      };
    }
    const r = body as Resource | null;
    if (!r || typeof r !== 'object' || typeof r.resourceType !== 'string')
      return {
        resources,
        fetched,
        note: {
          problem: 'not-a-bundle',
          text: 'the FHIR server answered with something that is not a FHIR resource',
        },
      };
    if (r.resourceType !== 'Bundle') {
      if (r.resourceType === 'OperationOutcome')
        return {
          resources,
          fetched,
          note: { problem: 'error', text: 'the FHIR server reported an error' },
        };
      resources.push(r);
      return { resources, fetched };
    }
    const page = entriesOf(r as Bundle);
    if (!page) return { resources: [], fetched, note: MALFORMED };
    resources.push(...page);
    if (newestPageIsEnough(q, r as Bundle, resources.length)) break;
    const link = nextLink(r as Bundle);
    const next: string | undefined =
      link && input.fhirServer ? onServer(link, url, input.fhirServer) : undefined;
    if (link && !next) {
      return {
        resources,
        fetched,
        note: {
          problem: 'partial',
          text:
            'the next page is on another server and was not fetched; the pages read so far ' +
            'are used',
        },
      };
    }
    url = next;
  }
  return { resources, fetched };
}

const MALFORMED = {
  problem: 'not-a-bundle',
  text: 'the answer was a malformed Bundle, so none of it was used',
} as const;

/**
 * The resources of a Bundle's entries, or undefined when the Bundle is malformed (entry not a
 * list, an entry without a resource): a partly unreadable answer is not read as a short chart.
 */
function entriesOf(b: Bundle): Resource[] | undefined {
  if (b.entry === undefined) return [];
  if (!Array.isArray(b.entry)) return undefined;
  const out: Resource[] = [];
  for (const e of b.entry as unknown[]) {
    if (!e || typeof e !== 'object') return undefined;
    const { resource: r, search } = e as { resource?: unknown; search?: { mode?: unknown } };
    if (search?.mode === 'outcome') continue;
    if (!r || typeof r !== 'object' || typeof (r as Resource).resourceType !== 'string')
      return undefined;
    if (search?.mode === 'include' || (r as Resource).resourceType === 'OperationOutcome') continue;
    out.push(r as Resource);
  }
  return out;
}

function nextLink(b: Bundle): string | undefined {
  return Array.isArray(b.link)
    ? b.link.find((l) => l?.relation === 'next' && typeof l.url === 'string')?.url
    : undefined;
}

/**
 * A paging link as it will be fetched, only if it stays on the EHR's own FHIR server (the token
 * must
 * not leave it): resolved against the page it came from, then below the base (or the base with a
 * query: opaque page tokens `base?_getpages=…`), same origin, no credentials. A link with `..`
 * segments (also percent-encoded) is refused rather than resolved: it was written to climb out.
 */
function onServer(link: string, from: string, fhirServer: string): string | undefined {
  if (/(?:^|[/\\])(?:\.|%2e){2}(?:[/\\?#]|$)/i.test(link)) return undefined;
  try {
    const u = new URL(link, from);
    const base = new URL(fhirServer);
    const path = base.pathname.replace(/\/+$/, '');
    if (u.origin !== base.origin || u.username || u.password) return undefined;
    if (!u.pathname.startsWith(`${path}/`) && !(u.pathname === path && u.search)) return undefined;
    u.hash = '';
    return u.href;
  } catch {
    return undefined;
  }
}

function belongsElsewhere(r: Resource, patientId: string): boolean {
  if (r.resourceType === 'Patient') return r.id !== undefined && r.id !== patientId;
  const ref =
    (r as { subject?: { reference?: unknown }; patient?: { reference?: unknown } }).subject
      ?.reference ?? (r as { patient?: { reference?: unknown } }).patient?.reference;
  if (typeof ref !== 'string' || !ref.includes('Patient/')) return false;
  return ref.slice(ref.lastIndexOf('Patient/') + 8) !== patientId;
}
