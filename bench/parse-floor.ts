/**
 * The floor under `npm run assess` on an export: the same index and the same patient reader on the
 * same number of worker threads, but no assessment and no output. What the batch path cannot beat
 * on
 * this machine whatever the assessment costs (bench/batch-bench.ts runs it beside the real run).
 *   tsx bench/parse-floor.ts <export folder> [--workers N]
 */
import { availableParallelism } from 'node:os';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { indexExport, type PatientRanges } from '../src/cli/export-index.js';
import { opt } from './lib.js';

const [dir, ...rest] = process.argv.slice(2);
if (!dir) throw new Error('usage: tsx bench/parse-floor.ts <export folder> [--workers N]');
const n = Number(opt(rest, 'workers', String(availableParallelism())));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ndjson'))
  .sort()
  .map((f) => join(dir, f));
const index = indexExport(files);
const patients = [...index.patients.values()];
const BATCH = 16;
let next = 0;
let resources = 0;
await Promise.all(
  Array.from(
    { length: n },
    () =>
      new Promise<void>((resolve, reject) => {
        const w = new Worker(new URL('./parse-floor-worker.mjs', import.meta.url), {
          workerData: { files, shared: index.shared },
        });
        const feed = () => {
          if (next >= patients.length) {
            void w.terminate().then(() => resolve());
            return;
          }
          const batch: PatientRanges[] = patients.slice(next, (next += BATCH));
          w.postMessage(batch);
        };
        w.on('message', (count: number) => {
          resources += count;
          feed();
        });
        w.on('error', reject);
        feed();
      }),
  ),
);
process.stderr.write(`${JSON.stringify({ patients: patients.length, resources })}\n`);
