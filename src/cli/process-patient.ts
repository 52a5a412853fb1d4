import type { Resource, ServiceRequest } from 'fhir/r4';
import { assessPatient } from '../assess/assess.js';
import { decisionText } from './decision-text.js';
import { summarize } from './summarize.js';
import { tableRow, type TableRow } from './table-row.js';
import { worklistEntry, type WorklistEntry } from './worklist.js';

export type OutputMode = 'json' | 'pretty' | 'text' | 'worklist';

export interface PatientOutput {
  patientId: string;
  /** What goes to stdout for this patient (empty when the worklist does not list them); bytes when it came from a worker. */
  stdout: string | Uint8Array;
  /** JSON lines for stderr: resources refused during extraction. */
  stderr: string[];
  failed: boolean;
  row?: TableRow;
}

/** One patient from resources to output; the same in the main thread and in worker threads. */
export function processPatient(patientId: string, resources: Resource[], opts: { asOf?: string; mode: OutputMode; table: boolean }): PatientOutput {
  try {
    const a = assessPatient(resources, opts.asOf ? { asOf: opts.asOf } : {});
    const errors = a.facts.issues.filter((i) => i.severity === 'error');
    const stderr = errors.map((i) => JSON.stringify({ patient: patientId, error: i.message, where: i.resource }));
    let stdout: string;
    if (opts.mode === 'text') stdout = `${decisionText(a)}\n`;
    else if (opts.mode === 'worklist') {
      const entry: WorklistEntry | undefined = worklistEntry(a, resources.filter((r): r is ServiceRequest => r.resourceType === 'ServiceRequest'));
      stdout = entry ? `${JSON.stringify(entry)}\n` : '';
    } else stdout = `${JSON.stringify(summarize(a), null, opts.mode === 'pretty' ? 2 : undefined)}\n`;
    return { patientId, stdout, stderr, failed: errors.length > 0, ...(opts.table ? { row: tableRow(a) } : {}) };
  } catch (e) {
    return { patientId, stdout: '', stderr: [JSON.stringify({ patient: patientId, error: `assessment failed: ${(e as Error).message}` })], failed: true };
  }
}
