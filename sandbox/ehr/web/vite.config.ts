import { resolve } from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { precompress } from '../../../launch/precompress.js';

/** The sandbox EHR page, served at /ehr/. */
export default defineConfig({
  root: import.meta.dirname,
  base: '/ehr/',
  plugins: [preact(), precompress()],
  build: {
    outDir: resolve(import.meta.dirname, '..', '..', '..', 'dist', 'ehr'),
    emptyOutDir: true,
    target: 'es2022',
  },
});
