import { parentPort, workerData } from 'node:worker_threads';
import type { PatientRanges } from '../src/cli/export-index.js';
import { PatientReader } from '../src/cli/patient-reader.js';

/**
 * Reads and parses each patient of a batch, as the assess worker does, and only counts the
 * resources.
 */
const reader = new PatientReader(workerData.files as string[], workerData.shared as string[]);
parentPort!.on('message', (batch: PatientRanges[]) => {
  let count = 0;
  for (const p of batch) count += reader.read(p).resources.length;
  parentPort!.postMessage(count);
});
