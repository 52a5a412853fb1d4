/**
 * A worker thread of the batch CLI: reads its patients from the export (patient-reader.ts) and
 * assesses them (process-patient.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { PatientRanges } from './export-index.js';
import { PatientReader } from './patient-reader.js';
import {
  processPatientPieces,
  type PatientOutput,
  type ProcessOptions,
} from './process-patient.js';

export interface WorkerInit extends ProcessOptions {
  files: string[];
  lenient?: boolean;
}
export interface WorkerTask {
  seq: number;
  patient: PatientRanges;
}
/** First the shared resources the index found (Medications), then batches of patients. */
export type WorkerMessage =
  { kind: 'shared'; shared: string[] } | { kind: 'tasks'; tasks: WorkerTask[] };
/**
 * One batch's results. The batch's stdout travels as one transferred buffer (moved, not copied)
 * with
 * each patient's byte length: the main thread only writes bytes, it neither copies nor encodes
 * them.
 */
export interface WorkerResults {
  seqs: number[];
  outs: Array<Omit<PatientOutput, 'stdout'>>;
  bytes: number[];
  stdout: ArrayBuffer;
}

const init = workerData as WorkerInit;
let reader: PatientReader | undefined;
let scratch = Buffer.allocUnsafeSlow(4 << 20);

parentPort!.on('message', (m: WorkerMessage) => {
  if (m.kind === 'shared') {
    reader = new PatientReader(init.files, m.shared, init.lenient);
    return;
  }
  const outs = m.tasks.map((t) => {
    const { resources, errors, warnings } = reader!.read(t.patient);
    const out = processPatientPieces(t.patient.patientId, resources, init);
    if (warnings.length) out.stderr.unshift(...warnings);
    if (errors.length) {
      out.stderr.unshift(...errors);
      out.failed = true;
    }
    return out;
  });
  // The pieces are encoded into the worker's scratch buffer (at most 3 UTF-8 bytes per UTF-16
  // unit),
  // then the used bytes are copied into an exact buffer that moves to the main thread.
  let capacity = 0;
  for (const o of outs) for (const p of o.pieces) capacity += p.length * 3;
  if (scratch.length < capacity)
    scratch = Buffer.allocUnsafeSlow(Math.max(capacity, scratch.length * 2));
  let at = 0;
  const bytes = outs.map((o) => {
    const from = at;
    for (const p of o.pieces) at += scratch.write(p, at);
    return at - from;
  });
  const stdout = Buffer.allocUnsafeSlow(at);
  scratch.copy(stdout, 0, 0, at);
  const results: WorkerResults = {
    seqs: m.tasks.map((t) => t.seq),
    outs: outs.map(({ pieces: _p, ...rest }) => rest),
    bytes,
    stdout: stdout.buffer as ArrayBuffer,
  };
  parentPort!.postMessage(results, [results.stdout]);
});
