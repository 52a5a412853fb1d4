// The batch CLI's worker thread: its bundle when current, else its source via tsx
// (worker-loader.mjs).
import { loadWorker } from './worker-loader.mjs';

await loadWorker('assess-worker', new URL('./assess-worker.ts', import.meta.url));
