import type { Resource } from 'fhir/r4';
import { fetchAllPages } from '../../src/app/data/paging.js';

/**
 * Every page of a search, flattened to resources, as the app reads it (`fetchAllPages`, the
 * app's own paging), over plain fetch instead of fhirclient; throws on an HTTP error.
 */
export function fetchAllFrom(base: string, fetchFn: typeof fetch = fetch) {
  return (url: string): Promise<Resource[]> =>
    fetchAllPages(async (u) => {
      const res = await fetchFn(/^https?:/.test(u) ? u : `${base}/${u}`, {
        headers: { accept: 'application/fhir+json' },
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return (await res.json()) as Resource;
    }, url);
}
