// Worker threads do not inherit tsx's loader on Node 20. A worker runs its prebuilt bundle
// (`npm run build`: dist/worker, src/cli/vite.worker.config.ts) while no source it was built from
// is
// newer than it, else its TypeScript source through tsx. SPINESCORE_WORKER=source forces the
// source; SPINESCORE_WORKER=bundle requires a current bundle (the test that compares the two).
import { readFileSync, statSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const dist = new URL('dist/worker/', root);

/** The bundle is there and no source it was built from is newer than it. */
export function bundleIsCurrent() {
  try {
    const list = new URL('sources.json', dist);
    const built = statSync(list).mtimeMs;
    const sources = JSON.parse(readFileSync(list, 'utf8'));
    return sources.every((s) => statSync(new URL(s, root)).mtimeMs <= built);
  } catch {
    return false;
  }
}

/** Runs worker `name`: dist/worker/<name>.mjs when current, else `source` (a .ts URL) via tsx. */
export async function loadWorker(name, source) {
  const mode = process.env.SPINESCORE_WORKER;
  if (mode !== 'source' && bundleIsCurrent()) return import(new URL(`${name}.mjs`, dist).href);
  if (mode === 'bundle')
    throw new Error(
      'SPINESCORE_WORKER=bundle: dist/worker is missing or older than its sources (npm run build)',
    );
  const { register } = await import('tsx/esm/api');
  register();
  return import(source.href);
}
