// The parse floor's worker thread, loaded as the CLI's is (src/cli/worker-loader.mjs).
import { loadWorker } from '../src/cli/worker-loader.mjs';

await loadWorker('parse-floor-worker', new URL('./parse-floor-worker.ts', import.meta.url));
