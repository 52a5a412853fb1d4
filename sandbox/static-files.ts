import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Context, MiddlewareHandler } from 'hono';
import { getMimeType } from 'hono/utils/mime';

/**
 * The built pages (dist/app, dist/ehr) served as a production host serves them: each file held in
 * memory with its gzip form made once, a strong ETag, and a Cache-Control by kind. Vite names
 * every file under /assets/ by its content's hash, so those are cached for a year, `immutable` (a
 * change is a new name); an HTML page names the current hashes, so it is revalidated every time
 * (`no-cache`, a 304 when unchanged). A file is read again when its size or time on disk changes
 * (a rebuild while the sandbox runs). Paths that leave the root are refused; a missing file falls
 * through to the next handler (the sandbox's 404).
 */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

interface Entry {
  mtimeMs: number;
  size: number;
  type: string;
  body: Uint8Array;
  /** The gzip form, when it is smaller. */
  gzip?: Uint8Array;
  etag: string;
}

/** Text types, which gzip shrinks; images and fonts are compressed already. */
const COMPRESSIBLE = /^(text\/|application\/(javascript|json|manifest\+json|xml)|image\/svg)/;
/** Vite's hashed output names: `name-<8 or more base64url characters>.ext`. */
const HASHED = /^\/assets\/[^/]+-[\w-]{8,}\.[a-z0-9]+$/;

export function staticFiles(opts: {
  root: string;
  /** A path prefix the files are mounted under (`/ehr`), taken off before the lookup. */
  prefix?: string;
}): MiddlewareHandler {
  const root = resolve(opts.root);
  const cache = new Map<string, Entry>();

  async function load(file: string): Promise<Entry | undefined> {
    const s = await stat(file).catch(() => undefined);
    if (!s?.isFile()) return undefined;
    const had = cache.get(file);
    if (had && had.mtimeMs === s.mtimeMs && had.size === s.size) return had;
    const body = new Uint8Array(await readFile(file));
    const type = getMimeType(file) ?? 'application/octet-stream';
    const gz = COMPRESSIBLE.test(type) ? new Uint8Array(gzipSync(body, { level: 9 })) : undefined;
    const entry: Entry = {
      mtimeMs: s.mtimeMs,
      size: s.size,
      type,
      body,
      ...(gz && gz.length < body.length ? { gzip: gz } : {}),
      etag: createHash('sha256').update(body).digest('base64url').slice(0, 27),
    };
    cache.set(file, entry);
    return entry;
  }

  return async (c, next) => {
    const path = requestPath(c, opts.prefix ?? '');
    if (path === undefined) return next();
    const file = resolve(root, `.${path.endsWith('/') ? `${path}index.html` : path}`);
    // resolve() has already folded any `..`: what is left must still be inside the root.
    if (!file.startsWith(root + sep)) return next();
    const entry = await load(file);
    if (!entry) return next();
    const gzip =
      entry.gzip && acceptsGzip(c.req.header('accept-encoding')) ? entry.gzip : undefined;
    // Each form has its own tag (strong ETags name one representation); either one revalidates.
    const etag = `"${entry.etag}${gzip ? '-gz' : ''}"`;
    c.header('cache-control', HASHED.test(path) ? IMMUTABLE : REVALIDATE);
    c.header('etag', etag);
    if (entry.gzip) c.header('vary', 'Accept-Encoding');
    if (matches(c.req.header('if-none-match'), entry.etag)) return c.body(null, 304);
    c.header('content-type', entry.type);
    if (gzip) c.header('content-encoding', 'gzip');
    return c.body((gzip ?? entry.body) as Uint8Array<ArrayBuffer>, 200);
  };
}

/** The request's path below the prefix, decoded; undefined when it is not a plain file path. */
function requestPath(c: Context, prefix: string): string | undefined {
  let raw = c.req.path;
  if (prefix) {
    if (raw !== prefix && !raw.startsWith(`${prefix}/`)) return undefined;
    raw = raw.slice(prefix.length) || '/';
  }
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  // Encoded separators, NUL and dot segments are never part of a file the build wrote.
  if (/[\\\0]/.test(path) || path.split('/').some((s) => s === '..' || s === '.')) return undefined;
  return path;
}

function acceptsGzip(header: string | undefined): boolean {
  return (header ?? '').split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return (coding === 'gzip' || coding === '*') && (q === undefined || Number(q.slice(2)) > 0);
  });
}

/** If-None-Match (weak comparison, RFC 9110 §13.1.2): `*`, or a tag of either form. */
function matches(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const v = t.trim().replace(/^W\//, '');
    return v === '*' || v === `"${tag}"` || v === `"${tag}-gz"`;
  });
}
