/**
 * A worker thread of the batch CLI: reads its patients' byte ranges from the export files, parses
 * them, adds the shared resources they reference, and assesses them (process-patient.ts).
 */
import { openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { Resource } from 'fhir/r4';
import type { PatientRanges } from './export-index.js';
import { processPatient, type OutputMode, type PatientOutput } from './process-patient.js';

export interface WorkerInit { files: string[]; shared: string[]; asOf?: string; mode: OutputMode; table: boolean }
export interface WorkerTask { seq: number; patient: PatientRanges }
export interface WorkerResult { seq: number; out: PatientOutput }

const init = workerData as WorkerInit;
const fds = init.files.map((f) => openSync(f, 'r'));
const shared = new Map<string, Resource>();
for (const text of init.shared) {
  const r = JSON.parse(text) as Resource;
  if (r.id) shared.set(`${r.resourceType}/${r.id}`, r);
}
let buf = Buffer.allocUnsafe(1 << 20);

function readPatient(p: PatientRanges): { resources: Resource[]; errors: string[] } {
  const resources: Resource[] = [];
  const errors: string[] = [];
  for (let i = 0; i < p.ranges.length; i += 3) {
    const [fi, start, end] = [p.ranges[i]!, p.ranges[i + 1]!, p.ranges[i + 2]!];
    const len = end - start;
    if (buf.length < len) buf = Buffer.allocUnsafe(Math.max(len, buf.length * 2));
    readSync(fds[fi]!, buf, 0, len, start);
    for (const line of buf.toString('utf8', 0, len).split('\n')) {
      if (!line.trim()) continue;
      try { resources.push(JSON.parse(line) as Resource); } catch (e) { errors.push(JSON.stringify({ patient: p.patientId, error: `not valid JSON: ${(e as Error).message}`, where: init.files[fi] })); }
    }
  }
  // Shared Medications are referenced, not owned: each patient gets the ones it names.
  if (shared.size) {
    const named = new Set<string>();
    for (const r of resources) {
      const ref = (r as { medicationReference?: { reference?: string } }).medicationReference?.reference;
      if (ref && shared.has(ref)) named.add(ref);
    }
    for (const ref of named) resources.push(shared.get(ref)!);
  }
  return { resources, errors };
}

// The files stay open for the worker's life: a batch run ends with its process.
parentPort!.on('message', (tasks: WorkerTask[]) => {
  const results: WorkerResult[] = tasks.map((t) => {
    const { resources, errors } = readPatient(t.patient);
    const out = processPatient(t.patient.patientId, resources, init);
    if (errors.length) { out.stderr.unshift(...errors); out.failed = true; }
    return { seq: t.seq, out };
  });
  parentPort!.postMessage(results);
});
