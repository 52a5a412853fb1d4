import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ExportIndex, PatientRanges } from './export-index.js';
import type { WorkerInit, WorkerResults, WorkerTask } from './assess-worker.js';
import type { PatientOutput } from './process-patient.js';

export interface BatchOptions extends Omit<WorkerInit, 'files' | 'shared'> {
  workers?: number;
  /** Called once per patient, in patient order (deterministic whatever the worker timing). */
  emit: (out: PatientOutput) => Promise<void> | void;
  progress?: (done: number, total: number) => void;
}

const BATCH = 16;

/**
 * Assesses the indexed patients on worker threads (all cores by default) and hands the results
 * back in the order of `patients`: a reorder buffer holds results that finish early. At most two
 * batches per worker are in flight, so memory stays bounded whatever the cohort size.
 */
export async function runBatch(index: ExportIndex, patients: readonly PatientRanges[], opts: BatchOptions): Promise<void> {
  const n = Math.max(1, Math.min(opts.workers ?? availableParallelism(), Math.ceil(patients.length / BATCH) || 1));
  const init: WorkerInit = { files: index.files, shared: index.shared, mode: opts.mode, table: opts.table, ...(opts.asOf ? { asOf: opts.asOf } : {}) };
  const workers = Array.from({ length: n }, () => new Worker(new URL('./assess-worker-entry.mjs', import.meta.url), { workerData: init }));
  const pending = new Map<number, PatientOutput>();
  let next = 0; // next patient to hand out
  let emitted = 0; // next patient to emit
  let emitting = Promise.resolve();

  await new Promise<void>((resolve, reject) => {
    const feed = (w: Worker) => {
      if (next >= patients.length) return false;
      const tasks: WorkerTask[] = [];
      for (let k = 0; k < BATCH && next < patients.length; k++, next++) tasks.push({ seq: next, patient: patients[next]! });
      w.postMessage(tasks);
      return true;
    };
    const drain = async () => {
      while (pending.has(emitted)) {
        const out = pending.get(emitted)!;
        pending.delete(emitted);
        emitted++;
        await opts.emit(out);
        opts.progress?.(emitted, patients.length);
      }
    };
    for (const w of workers) {
      w.on('message', (r: WorkerResults) => {
        let at = 0;
        r.seqs.forEach((seq, i) => {
          const n = r.bytes[i]!;
          pending.set(seq, { ...r.outs[i]!, stdout: new Uint8Array(r.stdout, at, n) });
          at += n;
        });
        emitting = emitting.then(drain).then(() => {
          feed(w);
          if (emitted === patients.length) resolve();
        }, reject);
      });
      w.on('error', reject);
      for (let k = 0; k < 2; k++) feed(w);
    }
    if (patients.length === 0) resolve();
  }).finally(async () => {
    await Promise.all(workers.map((w) => w.terminate()));
  });
}
