import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** Text files, which gzip shrinks; images and fonts are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|html|json|svg|txt)$/;

/**
 * Writes a `.gz` beside every text file of the build, as a production host's build step does:
 * the sandbox's `serveStatic({ precompressed: true })` sends it to a browser that accepts gzip,
 * instead of compressing the same bytes again on each request. Written only when smaller.
 */
export function precompress(): Plugin {
  return {
    name: 'spinescore:precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir;
      if (!dir) return;
      for (const [name, out] of Object.entries(bundle)) {
        if (!COMPRESSIBLE.test(name)) continue;
        const body = out.type === 'chunk' ? Buffer.from(out.code) : Buffer.from(out.source);
        const gz = gzipSync(body, { level: 9 });
        if (gz.length < body.length) writeFileSync(join(dir, `${name}.gz`), gz);
      }
    },
  };
}
