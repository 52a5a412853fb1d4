import type { Resource } from 'fhir/r4';
import { CORE_QUERIES, fillTemplate, type CoreQuery, type QueryRead } from '../../facts/queries.js';

/** Fetches every page of a search, flattened to resources (fhirclient `pageLimit: 0, flat: true`). */
export type FetchAll = (url: string) => Promise<Resource[]>;

export interface LoadProgress { key: string; label: string; state: 'loading' | 'done' | 'failed'; count?: number }

/**
 * The core's queries, in parallel, all pages. The app wants whole histories for the trend
 * screen, so the newest-only queries ask for large pages instead of one small page.
 */
export async function loadChart(patientId: string, fetchAll: FetchAll, onProgress: (p: LoadProgress) => void, queries: readonly CoreQuery[] = CORE_QUERIES): Promise<{ resources: Resource[]; failed: LoadProgress[]; reads: QueryRead[] }> {
  const failed: LoadProgress[] = [];
  const reads: QueryRead[] = [];
  const parts = await Promise.all(queries.map(async (q) => {
    const url = fillTemplate(q.newestOnly ? q.template.replace(/_count=\d+/, '_count=1000') : q.template, patientId);
    onProgress({ key: q.key, label: q.label, state: 'loading' });
    try {
      // Outcome entries (warnings some servers add to every search) are not chart data.
      const resources = (await fetchAll(url)).filter((r) => r.resourceType !== 'OperationOutcome');
      onProgress({ key: q.key, label: q.label, state: 'done', count: resources.length });
      reads.push({ key: q.key, label: q.label, count: resources.length, failed: false });
      return resources;
    } catch (e) {
      if (q.key === 'patient' || q.key === 'conditions') throw e;
      if (q.optional) {
        reads.push({ key: q.key, label: q.label, count: undefined, failed: false, unsupported: true });
        onProgress({ key: q.key, label: q.label, state: 'done' });
        return [];
      }
      const p: LoadProgress = { key: q.key, label: q.label, state: 'failed' };
      failed.push(p);
      reads.push({ key: q.key, label: q.label, count: undefined, failed: true });
      onProgress(p);
      return [];
    }
  }));
  // In plan order, whatever order the answers came in.
  reads.sort((a, b) => queries.findIndex((q) => q.key === a.key) - queries.findIndex((q) => q.key === b.key));
  return { resources: parts.flat(), failed, reads };
}
