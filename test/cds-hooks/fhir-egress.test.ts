import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gather } from '../../cds-hooks/data/gather.js';
import type { CoreQuery } from '../../src/facts/queries.js';

/**
 * The service never leaves the allow-listed FHIR base: an allow-listed server that answers with a
 * redirect (to another host or another path) or a `next` link climbing out with `..` gets no
 * request there, and the token goes nowhere else. A real HTTP server on loopback, real fetch.
 */
type Hit = { path: string; auth: string | undefined };
let fhir: Server;
let other: Server;
let fhirOrigin: string;
let otherOrigin: string;
const hits: Hit[] = [];
const otherHits: Hit[] = [];
/** How the allow-listed server answers the first page, by test. */
let firstPage: (res: ServerResponse) => void = () => undefined;

const bundle = (next?: string) =>
  JSON.stringify({
    resourceType: 'Bundle',
    type: 'searchset',
    entry: [
      {
        resource: {
          resourceType: 'Observation',
          id: 'o1',
          status: 'final',
          code: { text: 'x' },
          subject: { reference: 'Patient/p1' },
        },
      },
    ],
    ...(next ? { link: [{ relation: 'next', url: next }] } : {}),
  });

function listen(s: Server): Promise<string> {
  return new Promise((resolve) =>
    s.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`),
    ),
  );
}

beforeAll(async () => {
  fhir = createServer((req: IncomingMessage, res: ServerResponse) => {
    hits.push({ path: req.url ?? '', auth: req.headers.authorization });
    if (req.url === '/fhir/Observation?patient=p1') return firstPage(res);
    res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(bundle());
  });
  other = createServer((req, res) => {
    otherHits.push({ path: req.url ?? '', auth: req.headers.authorization });
    res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(bundle());
  });
  [fhirOrigin, otherOrigin] = await Promise.all([listen(fhir), listen(other)]);
});
afterAll(() => {
  fhir.close();
  other.close();
});

const QUERY: CoreQuery = {
  key: 'observations',
  template: 'Observation?patient={{context.patientId}}',
  newestOnly: false,
  label: 'Observations',
};
const run = () =>
  gather({
    patientId: 'p1',
    fhirServer: `${fhirOrigin}/fhir`,
    accessToken: 'secret-token',
    deadlineMs: 10_000,
    queries: [QUERY],
  });
const outside = () => hits.filter((h) => !h.path.startsWith('/fhir/'));

describe('FHIR reads stay on the allow-listed base', () => {
  it.each([
    ['another host', () => `${otherOrigin}/fhir/Observation`],
    ['another path on the same host', () => `${fhirOrigin}/admin/export`],
    ['a path under the base (still not followed)', () => `${fhirOrigin}/fhir/Observation?page=2`],
  ])(
    'a redirect to %s is not followed and the read is reported as failed',
    async (_label, target) => {
      hits.length = 0;
      otherHits.length = 0;
      for (const status of [301, 302, 307, 308]) {
        firstPage = (res) => res.writeHead(status, { location: target() }).end();
        const g = await run();
        expect(g.notes).toEqual([
          expect.objectContaining({ key: 'observations', problem: 'error' }),
        ]);
        expect(g.resources).toHaveLength(0);
      }
      expect(hits).toHaveLength(4); // only the four first pages
      expect(otherHits).toHaveLength(0);
    },
  );

  it.each([
    ['../ in an absolute link', () => `${fhirOrigin}/fhir/../admin/x?page=2`],
    ['an encoded ../', () => `${fhirOrigin}/fhir/%2e%2E/admin/x`],
    ['a relative ../', () => '../admin/x'],
    ['a backslash ..', () => `${fhirOrigin}/fhir\\..\\admin`],
    ['a sibling path sharing the prefix', () => `${fhirOrigin}/fhirx/Observation`],
    ['credentials in the link', () => `http://u:p@${fhirOrigin.slice(7)}/fhir/Observation?page=2`],
    ['another host', () => `${otherOrigin}/fhir/Observation?page=2`],
  ])('a next link with %s is not followed', async (_label, next) => {
    hits.length = 0;
    otherHits.length = 0;
    firstPage = (res) =>
      res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(bundle(next()));
    const g = await run();
    expect(g.notes).toEqual([expect.objectContaining({ problem: 'partial' })]);
    expect(g.resources).toHaveLength(1);
    expect(outside()).toEqual([]);
    expect(hits).toHaveLength(1);
    expect(otherHits).toHaveLength(0);
  });

  it('a relative next link under the base is resolved and followed, with the token', async () => {
    hits.length = 0;
    firstPage = (res) =>
      res
        .writeHead(200, { 'content-type': 'application/fhir+json' })
        .end(bundle('Observation?patient=p1&page=2'));
    const g = await run();
    expect(g.notes).toEqual([]);
    expect(g.resources).toHaveLength(2);
    expect(hits.map((h) => h.path)).toEqual([
      '/fhir/Observation?patient=p1',
      '/fhir/Observation?patient=p1&page=2',
    ]);
    expect(hits.every((h) => h.auth === 'Bearer secret-token')).toBe(true);
  });
});
