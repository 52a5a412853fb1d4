// Worker threads do not inherit tsx's loader on Node 20 (as src/cli/assess-worker-entry.mjs).
import { register } from 'tsx/esm/api';

register();
await import('./parse-floor-worker.ts');
