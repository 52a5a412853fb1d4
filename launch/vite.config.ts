import { resolve } from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

/** The SMART app: launch.html (launch entry) and index.html (the app, redirect URI). */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [preact()],
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
