import type { Resource } from 'fhir/r4';
import { CORE_QUERIES, fillTemplate, type CoreQuery } from '../../facts/queries.js';

/** Fetches every page of a search, flattened to resources (fhirclient `pageLimit: 0, flat: true`). */
export type FetchAll = (url: string) => Promise<Resource[]>;

export interface LoadProgress { key: string; label: string; state: 'loading' | 'done' | 'failed'; count?: number }

/**
 * The core's queries, in parallel, all pages. The app wants whole histories for the trend
 * screen, so the newest-only queries ask for large pages instead of one small page.
 */
export async function loadChart(patientId: string, fetchAll: FetchAll, onProgress: (p: LoadProgress) => void, queries: readonly CoreQuery[] = CORE_QUERIES): Promise<{ resources: Resource[]; failed: LoadProgress[] }> {
  const failed: LoadProgress[] = [];
  const parts = await Promise.all(queries.map(async (q) => {
    const url = fillTemplate(q.newestOnly ? q.template.replace(/_count=\d+/, '_count=1000') : q.template, patientId);
    onProgress({ key: q.key, label: q.label, state: 'loading' });
    try {
      const resources = await fetchAll(url);
      onProgress({ key: q.key, label: q.label, state: 'done', count: resources.length });
      return resources;
    } catch (e) {
      if (q.key === 'patient' || q.key === 'conditions') throw e;
      const p: LoadProgress = { key: q.key, label: q.label, state: 'failed' };
      failed.push(p);
      onProgress(p);
      return [];
    }
  }));
  return { resources: parts.flat(), failed };
}
