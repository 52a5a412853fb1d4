import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMMUTABLE, REVALIDATE, staticFiles } from '../../sandbox/static-files.js';

// A built site of its own in the ignored .artifacts/ (tests never rewrite tracked files).
const ROOT = join(import.meta.dirname, '..', '..', '.artifacts', 'static-files-test');
const SITE = join(ROOT, 'site');
const SCRIPT = `export const answer = ${JSON.stringify('x'.repeat(2000))};\n`;
const PRE_GZ = gzipSync(SCRIPT, { level: 1 });
const app = new Hono();

beforeAll(() => {
  rmSync(ROOT, { recursive: true, force: true });
  mkdirSync(join(SITE, 'assets'), { recursive: true });
  writeFileSync(join(SITE, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(SITE, 'assets', 'App-C9B9_OwG.js'), SCRIPT);
  writeFileSync(join(SITE, 'assets', 'tiny-Df8rjLJI.css'), 'a{}');
  // A file the build precompressed (launch/precompress.ts): its `.gz` is sent as written.
  writeFileSync(join(SITE, 'assets', 'pre-BL174iyh.js'), SCRIPT);
  writeFileSync(join(SITE, 'assets', 'pre-BL174iyh.js.gz'), PRE_GZ);
  // A file beside the root that a path with `..` would reach.
  writeFileSync(join(ROOT, 'secret.txt'), 'outside the root');
  // Mounted once the site exists, as the sandbox mounts dist/ after the build.
  app.get('/ehr/*', staticFiles({ root: SITE, prefix: '/ehr' }));
  app.get('/*', staticFiles({ root: SITE }));
  app.notFound((c) => c.text('not here', 404));
});
afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

const get = (path: string, headers: Record<string, string> = {}) =>
  app.fetch(new Request(`http://sandbox.test${path}`, { headers }));

describe('the sandbox serves the built pages as a production host would', () => {
  it('caches a hashed asset for a year, immutable, with a strong ETag', async () => {
    const res = await get('/assets/App-C9B9_OwG.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe(IMMUTABLE);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    expect(await res.text()).toBe(SCRIPT);
  });

  it('has an HTML page revalidated every time, and answers 304 when it is unchanged', async () => {
    for (const path of ['/', '/index.html', '/ehr/', '/ehr']) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe(REVALIDATE);
      expect(await res.text()).toContain('<title>app</title>');
    }
    const etag = (await get('/index.html')).headers.get('etag')!;
    const again = await get('/index.html', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');
  });

  it('sends the gzip form when the browser accepts it, the plain one otherwise', async () => {
    const zipped = await get('/assets/App-C9B9_OwG.js', { 'accept-encoding': 'gzip, deflate' });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toBe('Accept-Encoding');
    const bytes = new Uint8Array(await zipped.arrayBuffer());
    expect(bytes.length).toBeLessThan(SCRIPT.length / 10);
    expect(gunzipSync(bytes).toString()).toBe(SCRIPT);
    for (const ae of ['identity', 'gzip;q=0', 'br']) {
      const plain = await get('/assets/App-C9B9_OwG.js', { 'accept-encoding': ae });
      expect(plain.headers.get('content-encoding'), ae).toBeNull();
      expect(await plain.text()).toBe(SCRIPT);
    }
    // The two forms are two representations: two tags, and either revalidates.
    const plainTag = (await get('/assets/App-C9B9_OwG.js')).headers.get('etag');
    expect(zipped.headers.get('etag')).not.toBe(plainTag);
    const revalidated = await get('/assets/App-C9B9_OwG.js', { 'if-none-match': plainTag! });
    expect(revalidated.status).toBe(304);
    // A file that gzip does not shrink goes as it is.
    const css = await get('/assets/tiny-Df8rjLJI.css', { 'accept-encoding': 'gzip' });
    expect(css.headers.get('content-encoding')).toBeNull();
    expect(await css.text()).toBe('a{}');
  });

  it("sends the build's own .gz of a file when there is one, not a new compression", async () => {
    const res = await get('/assets/pre-BL174iyh.js', { 'accept-encoding': 'gzip' });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('cache-control')).toBe(IMMUTABLE);
    expect(Buffer.from(await res.arrayBuffer()).equals(PRE_GZ)).toBe(true);
    const plain = await get('/assets/pre-BL174iyh.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(SCRIPT);
  });

  it('answers 404 for a file that is not there', async () => {
    for (const path of ['/assets/App-00000000.js', '/nothing.html', '/assets/', '/ehr/nope.js']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(await res.text()).toBe('not here');
    }
  });

  it('never serves a file outside its root, however the path is written', async () => {
    // fetch() would fold a literal `/../` before sending: these are the raw forms that arrive.
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2E%2E%2F%2E%2E%2Fsecret.txt',
      '/..%5csecret.txt',
      '/ehr/%2e%2e/secret.txt',
      '/index.html%00.js',
    ]) {
      const res = await app.fetch(rawRequest(path));
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).not.toContain('outside the root');
    }
  });

  it('reads a file again once a rebuild changed it', async () => {
    const before = await get('/index.html');
    const etag = before.headers.get('etag')!;
    writeFileSync(join(SITE, 'index.html'), '<!doctype html><title>rebuilt app</title>');
    const after = await get('/index.html', { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain('rebuilt app');
  });
});

/** A request whose path is kept exactly as written (no URL normalisation of dot segments). */
function rawRequest(path: string): Request {
  const req = new Request('http://sandbox.test/');
  // Hono reads the path from req.url: give it the unnormalised one, as a raw HTTP request has it.
  Object.defineProperty(req, 'url', { value: `http://sandbox.test${path}` });
  return req;
}
