import { writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const root = resolve(import.meta.dirname, '..', '..');
const outDir = resolve(root, 'dist', 'worker');

/**
 * The sources the bundles were built from (repository-relative), written last: a worker uses its
 * bundle only while none of them is newer than this list (src/cli/worker-loader.mjs).
 */
function sourcesManifest(): Plugin {
  return {
    name: 'spinescore:worker-sources',
    writeBundle(_opts, bundle) {
      const ids = Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? c.moduleIds : []));
      const sources = ids
        .filter((id) => id.startsWith(root) && !id.includes('/node_modules/'))
        .map((id) => relative(root, id))
        .sort();
      writeFileSync(resolve(outDir, 'sources.json'), `${JSON.stringify(sources, null, 1)}\n`);
    },
  };
}

/**
 * The batch CLI's worker (and the parse floor's, so that the bench compares like with like) as
 * plain
 * JavaScript (`npm run build`): worker threads then skip tsx, no loader to start in each worker and
 * no per-function name wrappers. Packages stay external.
 */
export default defineConfig({
  root,
  logLevel: 'warn',
  plugins: [sourcesManifest()],
  build: {
    ssr: true,
    outDir,
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: {
      input: {
        'assess-worker': resolve(import.meta.dirname, 'assess-worker.ts'),
        'parse-floor-worker': resolve(root, 'bench', 'parse-floor-worker.ts'),
      },
      output: {
        format: 'es',
        entryFileNames: '[name].mjs',
        chunkFileNames: 'chunks/[name]-[hash].mjs',
      },
    },
  },
});
