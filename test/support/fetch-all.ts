import type { Bundle, Resource } from 'fhir/r4';

/**
 * Every page of a search, flattened to resources, as fhirclient's `pageLimit: 0, flat: true`
 * gives the app: follows `next` links as the server wrote them, throws on an HTTP error.
 */
export function fetchAllFrom(base: string, fetchFn: typeof fetch = fetch) {
  return async (url: string): Promise<Resource[]> => {
    const out: Resource[] = [];
    let next: string | undefined = `${base}/${url}`;
    while (next) {
      const res = await fetchFn(next, { headers: { accept: 'application/fhir+json' } });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = (await res.json()) as Resource;
      if (body.resourceType !== 'Bundle') return [body];
      out.push(...((body as Bundle).entry ?? []).map((e) => e.resource!));
      next = (body as Bundle).link?.find((l) => l.relation === 'next')?.url;
    }
    return out;
  };
}
