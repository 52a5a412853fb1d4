import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ExportIndex, PatientRanges } from './export-index.js';
import type { WorkerInit, WorkerMessage, WorkerResults, WorkerTask } from './assess-worker.js';
import type { PatientOutput } from './process-patient.js';

export interface BatchOptions {
  /** Called once per patient, in patient order (deterministic whatever the worker timing). */
  emit: (out: PatientOutput) => Promise<void> | void;
  progress?: (done: number, total: number) => void;
}

const BATCH = 16;

/**
 * Worker threads for a batch run (all cores by default). They are started before the export is
 * indexed, so that loading their code overlaps the index pass; `run` then assesses the patients.
 */
export class WorkerPool {
  private readonly workers: Worker[];

  constructor(init: WorkerInit, workers = availableParallelism()) {
    this.workers = Array.from(
      { length: Math.max(1, workers) },
      () => new Worker(new URL('./assess-worker-entry.mjs', import.meta.url), { workerData: init }),
    );
  }

  terminate(): Promise<unknown> {
    return Promise.all(this.workers.map((w) => w.terminate()));
  }

  /**
   * Assesses the indexed patients and hands the results back in the order of `patients`: a reorder
   * buffer holds results that finish early. At most two batches per worker are in flight, so memory
   * stays bounded whatever the cohort size. The pool is terminated at the end.
   */
  async run(
    index: ExportIndex,
    patients: readonly PatientRanges[],
    opts: BatchOptions,
  ): Promise<void> {
    const needed = Math.max(1, Math.ceil(patients.length / BATCH));
    const workers = this.workers.slice(0, needed);
    const pending = new Map<number, PatientOutput>();
    let next = 0; // next patient to hand out
    let emitted = 0; // next patient to emit
    let emitting = Promise.resolve();

    await new Promise<void>((resolve, reject) => {
      const feed = (w: Worker) => {
        if (next >= patients.length) return;
        const tasks: WorkerTask[] = [];
        for (let k = 0; k < BATCH && next < patients.length; k++, next++)
          tasks.push({ seq: next, patient: patients[next]! });
        w.postMessage({ kind: 'tasks', tasks } satisfies WorkerMessage);
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
        w.postMessage({ kind: 'shared', shared: index.shared } satisfies WorkerMessage);
        for (let k = 0; k < 2; k++) feed(w);
      }
      if (patients.length === 0) resolve();
    }).finally(() => this.terminate());
  }
}
