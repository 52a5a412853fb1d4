/**
 * A worker thread of the batch CLI: reads its patients from the export (patient-reader.ts) and
 * assesses them (process-patient.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { PatientRanges } from './export-index.js';
import { PatientReader } from './patient-reader.js';
import { processPatient, type OutputMode, type PatientOutput } from './process-patient.js';

export interface WorkerInit { files: string[]; shared: string[]; asOf?: string; mode: OutputMode; table: boolean }
export interface WorkerTask { seq: number; patient: PatientRanges }
/**
 * One batch's results. The batch's stdout travels as one transferred buffer (moved, not copied) with
 * each patient's byte length: the main thread only writes bytes, it neither copies nor encodes them.
 */
export interface WorkerResults { seqs: number[]; outs: Array<Omit<PatientOutput, 'stdout'>>; bytes: number[]; stdout: ArrayBuffer }

const init = workerData as WorkerInit;
const reader = new PatientReader(init.files, init.shared);

parentPort!.on('message', (tasks: WorkerTask[]) => {
  const outs = tasks.map((t) => {
    const { resources, errors } = reader.read(t.patient);
    const out = processPatient(t.patient.patientId, resources, init);
    if (errors.length) { out.stderr.unshift(...errors); out.failed = true; }
    return out;
  });
  const texts = outs.map((o) => (typeof o.stdout === 'string' ? o.stdout : ''));
  const bytes = texts.map((t) => Buffer.byteLength(t));
  const stdout = Buffer.allocUnsafeSlow(bytes.reduce((a, b) => a + b, 0));
  let at = 0;
  for (const t of texts) at += stdout.write(t, at);
  const results: WorkerResults = { seqs: tasks.map((t) => t.seq), outs: outs.map(({ stdout: _s, ...rest }) => rest), bytes, stdout: stdout.buffer as ArrayBuffer };
  parentPort!.postMessage(results, [results.stdout]);
});
