import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';
import { readSmartConfig } from '../src/app/smart/smart-config-schema.js';

/** smart-config.json is checked before anything is built: a bad setting stops the build, named. */
function smartConfigCheck(): Plugin {
  const file = resolve(import.meta.dirname, '..', 'smart-config.json');
  return {
    name: 'spinescore:smart-config',
    buildStart() {
      let json: unknown;
      try { json = JSON.parse(readFileSync(file, 'utf8')); } catch (e) { throw new Error(`smart-config.json is not valid JSON: ${(e as Error).message}`); }
      readSmartConfig(json);
      this.addWatchFile(file);
    },
  };
}

/** The SMART app: launch.html (launch entry) and index.html (the app, redirect URI). */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [smartConfigCheck(), preact()],
  // UCUM is loaded lazily in the browser (src/app/ucum-lazy.ts); deep imports still reach the real package.
  resolve: { alias: [{ find: /^@lhncbc\/ucum-lhc$/, replacement: resolve(import.meta.dirname, '..', 'src', 'app', 'ucum-lazy.ts') }] },
  build: {
    outDir: resolve(import.meta.dirname, '..', 'dist', 'app'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: { index: resolve(import.meta.dirname, 'index.html'), launch: resolve(import.meta.dirname, 'launch.html') },
      // fhirclient's isomorphic-webcrypto ships a UMD shim in an .mjs; harmless in the browser build.
      onLog(level, log, next) {
        if (log.code === 'COMMONJS_VARIABLE_IN_ESM' && log.id?.includes('isomorphic-webcrypto')) return;
        next(level, log);
      },
    },
  },
});
