import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin, type Rollup } from 'vite';
import { readSmartConfig } from '../src/app/smart/smart-config-schema.js';
import { precompress } from './precompress.js';

/** smart-config.json is checked before anything is built: a bad setting stops the build, named. */
function smartConfigCheck(): Plugin {
  const file = resolve(import.meta.dirname, '..', 'smart-config.json');
  return {
    name: 'spinescore:smart-config',
    buildStart() {
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        throw new Error(`smart-config.json is not valid JSON: ${(e as Error).message}`);
      }
      readSmartConfig(json);
      this.addWatchFile(file);
    },
  };
}

type Graph = { getModuleInfo(id: string): { importers: readonly string[] } | null };
const APP = resolve(import.meta.dirname, '..', 'src', 'app', 'ui', 'App.tsx');
/** The pages' own scripts: what they import up front stays with the pages. */
const PAGES = [
  resolve(import.meta.dirname, '..', 'src', 'app', 'main.tsx'),
  resolve(import.meta.dirname, 'launch.ts'),
];
/** Whether a module is imported (statically, at any depth) by one that passes `test`. */
function importedBy(
  id: string,
  test: (id: string) => boolean,
  g: Graph,
  seen = new Set<string>(),
): boolean {
  if (seen.has(id)) return false;
  seen.add(id);
  const importers = g.getModuleInfo(id)?.importers ?? [];
  return test(id) || importers.some((i) => importedBy(i, test, g, seen));
}
/**
 * One chunk for the assessment and its first screen: App.tsx and every module it needs that the
 * pages do not already hold. Left to the bundler, the scores and clinical tables it shares with
 * the screens loaded later were five more chunks: five more requests while the chart loads, on
 * six connections to the server, with FHIR queries waiting behind them. UCUM stays one chunk.
 * (The bundler's runtime helpers, 0.5 KiB, then come as their own chunk.)
 */
const codeSplitting = {
  groups: [
    { name: 'ucum', test: /[\\/]@lhncbc[\\/]ucum-lhc[\\/]/ },
    {
      debugName: 'App',
      name: (id: string, g: Graph) =>
        importedBy(id, (m) => m === APP, g) && !importedBy(id, (m) => PAGES.includes(m), g)
          ? 'App'
          : null,
      // Its imports from the pages' chunks stay there (else preact would move into it).
      includeDependenciesRecursively: false,
    },
  ],
};

/**
 * launch.html prefetches what the next page, index.html, runs: its own scripts and styles, and the
 * App chunk with every chunk it imports (UCUM), which index.html asks for once the chart's searches
 * are out. launch.html spends most of its time waiting on the authorization server's redirect; the
 * browser fetches these at low priority into its cache meanwhile, and the app's page then finds
 * them there. Its own first page stays what it was (a prefetch is not run or waited for).
 */
function prefetchForApp(): Plugin {
  return {
    name: 'spinescore:prefetch-app',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.filename.endsWith('launch.html') || !ctx.bundle) return html;
        const chunks = Object.values(ctx.bundle).filter(
          (c): c is Rollup.OutputChunk => c.type === 'chunk',
        );
        const byFile = new Map(chunks.map((c) => [c.fileName, c]));
        const roots = chunks.filter((c) => c.name === 'App' || (c.isEntry && c.name === 'index'));
        if (roots.length !== 2) throw new Error('prefetch: the App or index chunk is missing');
        const files = new Set<string>();
        const add = (c: Rollup.OutputChunk) => {
          if (files.has(c.fileName)) return;
          files.add(c.fileName);
          c.viteMetadata?.importedCss.forEach((css) => files.add(css));
          c.imports.forEach((f) => add(byFile.get(f)!));
        };
        roots.forEach(add);
        return [...files]
          .filter((f) => !html.includes(`/${f}"`)) // launch.html loads it itself
          .sort()
          .map((f) => ({
            tag: 'link',
            // crossorigin: the same request mode as the module (and style) loads that reuse it.
            attrs: { rel: 'prefetch', href: `/${f}`, crossorigin: true },
            injectTo: 'head' as const,
          }));
      },
    },
  };
}

/** The SMART app: launch.html (launch entry) and index.html (the app, redirect URI). */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [smartConfigCheck(), preact(), prefetchForApp(), precompress()],
  // fhirclient's "pure" build for browsers with fetch and AbortController (every es2022 one):
  // without its polyfills, the first page is 6 KiB smaller.
  define: { FHIRCLIENT_PURE: 'true' },
  // UCUM is loaded lazily in the browser (src/app/ucum-lazy.ts); deep imports still reach the real
  // package.
  resolve: {
    alias: [
      {
        find: /^@lhncbc\/ucum-lhc$/,
        replacement: resolve(import.meta.dirname, '..', 'src', 'app', 'ucum-lazy.ts'),
      },
    ],
  },
  build: {
    outDir: resolve(import.meta.dirname, '..', 'dist', 'app'),
    emptyOutDir: true,
    target: 'es2022',
    // Browsers without <link rel=modulepreload> (Safari < 17) still load every module, later.
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: {
        index: resolve(import.meta.dirname, 'index.html'),
        launch: resolve(import.meta.dirname, 'launch.html'),
      },
      output: { codeSplitting },
      // fhirclient's isomorphic-webcrypto ships a UMD shim in an .mjs; harmless in the browser
      // build.
      onLog(level, log, next) {
        if (log.code === 'COMMONJS_VARIABLE_IN_ESM' && log.id?.includes('isomorphic-webcrypto'))
          return;
        next(level, log);
      },
    },
  },
});
