import { serveStatic } from '@hono/node-server/serve-static';
import type { MiddlewareHandler } from 'hono';
import { every } from 'hono/combine';
import { compress } from 'hono/compress';
import { etag } from 'hono/etag';

/**
 * The built pages (dist/app, dist/ehr) served as a production host serves them, from Hono's own
 * middleware: the build's `.gz` beside each text file when the browser accepts gzip
 * (`serveStatic`'s `precompressed`, launch/precompress.ts; `compress` for a file without one), an
 * ETag and 304 answers (`etag`), and a Cache-Control by kind. Vite names every file under /assets/
 * by its content's hash, so those are cached for a year, `immutable` (a change is a new name); an
 * HTML page names the current hashes, so it is revalidated every time (`no-cache`). A missing file
 * falls through to the next handler (the sandbox's 404).
 */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** Vite's hashed output names: `name-<8 or more base64url characters>.ext`. */
const HASHED = /^\/assets\/[^/]+-([\w-]{8,})\.[a-z0-9]+$/;

export function staticFiles(opts: {
  root: string;
  /** A path prefix the files are mounted under (`/ehr`), taken off before the lookup. */
  prefix?: string;
}): MiddlewareHandler {
  const prefix = opts.prefix ?? '';
  const below = (path: string) => (prefix ? path.slice(prefix.length) || '/' : path);
  const cacheControl: MiddlewareHandler = async (c, next) => {
    await next();
    if (c.res.status !== 200 && c.res.status !== 304) return;
    const hashed = HASHED.exec(below(c.req.path));
    c.header('cache-control', hashed ? IMMUTABLE : REVALIDATE);
    // A hashed name is its content's hash: the ETag is the name's (one per encoding), and `etag`
    // need not read and hash the body.
    if (hashed && c.res.status === 200 && !c.res.headers.has('etag')) {
      const encoding = c.res.headers.get('content-encoding');
      c.header('etag', `"${hashed[1]}${encoding ? `-${encoding}` : ''}"`);
    }
  };
  return every(
    compress({ encoding: 'gzip' }),
    etag(),
    cacheControl,
    serveStatic({
      root: opts.root,
      precompressed: true,
      ...(prefix ? { rewriteRequestPath: below } : {}),
    }),
  );
}
