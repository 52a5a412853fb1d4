import type { Bundle, Resource } from 'fhir/r4';

/** Reads one URL (a search page or a resource) as JSON, with the session's token. */
export type GetJson = (url: string) => Promise<Resource>;

/**
 * Pages asked for at once: enough for a 5,000-Observation history, not a flood on a small server.
 */
export const PARALLEL_PAGES = 8;

const nextLink = (b: Bundle): string | undefined => b.link?.find((l) => l.relation === 'next')?.url;
const offsetOf = (url: string): number | undefined => {
  const m = /[?&]_offset=(\d+)(?:&|$)/.exec(url);
  return m ? Number(m[1]) : undefined;
};

/**
 * The pages from `next` on that can be asked for now. A server that states the search's total and
 * writes its `next` link as the same query with `_offset` moved on by `_count` (Medplum, the
 * sandbox) has its following pages known in advance; any other link (opaque page tokens) is one
 * page, followed as the server wrote it.
 */
export function pagesFrom(page: Bundle, next: string, max = PARALLEL_PAGES): string[] {
  const self = page.link?.find((l) => l.relation === 'self')?.url;
  const at = offsetOf(next);
  const count = Number(/[?&]_count=(\d+)(?:&|$)/.exec(next)?.[1]);
  if (page.total === undefined || at === undefined || !(count > 0) || !self) return [next];
  // The link must continue this page exactly: same query, offset moved on by one page.
  if (
    (offsetOf(self) ?? 0) + count !== at ||
    self.replace(/([?&])_offset=\d+&?/, '$1').replace(/[?&]$/, '') !==
      next.replace(/([?&])_offset=\d+&?/, '$1').replace(/[?&]$/, '')
  )
    return [next];
  const urls: string[] = [];
  for (let o = at; o < page.total && urls.length < max; o += count)
    urls.push(next.replace(/([?&]_offset=)\d+/, `$1${o}`));
  return urls.length ? urls : [next];
}

/**
 * Every page of a search, flattened to resources in page order (what fhirclient's
 * `pageLimit: 0, flat: true` gives), with the pages after the first asked for together where the
 * server's links allow it (`pagesFrom`): a long history costs two round trips, not one per page.
 * A read (not a Bundle) is returned as its one resource.
 */
export async function fetchAllPages(get: GetJson, url: string): Promise<Resource[]> {
  const first = await get(url);
  if (first.resourceType !== 'Bundle') return [first];
  const pages: Bundle[] = [first as Bundle];
  for (let last = first as Bundle, next = nextLink(last); next; next = nextLink(last)) {
    const batch = (await Promise.all(pagesFrom(last, next).map(get))) as Bundle[];
    pages.push(...batch);
    last = batch.at(-1)!;
  }
  return pages.flatMap((b) => (b.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : [])));
}
