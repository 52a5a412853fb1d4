import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyLimit } from '../../cds-hooks/body-limit.js';

// Through a real Node server: the limit must hold whether the client declares a length or streams
// chunks.
const LIMIT = 1_000;
let server: ServerType;
let port: number;

beforeAll(async () => {
  const app = new Hono();
  app.use(
    '*',
    bodyLimit(LIMIT, (c) => c.text('too big', 413)),
  );
  app.post('*', async (c) => c.text(String((await c.req.text()).length)));
  app.get('*', (c) => c.text('get'));
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function send(
  method: string,
  chunks: string[],
  declare: boolean,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const length = chunks.reduce((n, c) => n + Buffer.byteLength(c), 0);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: '/x',
        headers: declare ? { 'content-length': length } : { 'transfer-encoding': 'chunked' },
      },
      (res) => {
        let text = '';
        res
          .setEncoding('utf8')
          .on('data', (d: string) => {
            text += d;
          })
          .on('end', () => resolve({ status: res.statusCode!, text }));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) =>
      e.code === 'EPIPE' || e.code === 'ECONNRESET'
        ? resolve({ status: 413, text: 'closed while sending' })
        : reject(e),
    );
    for (const c of chunks) req.write(c);
    req.end();
  });
}

describe('bodyLimit', () => {
  it.each([
    {
      how: 'declared length',
      declare: true,
      chunks: ['x'.repeat(LIMIT)],
      status: 200,
      text: String(LIMIT),
    },
    {
      how: 'declared length',
      declare: true,
      chunks: ['x'.repeat(LIMIT + 1)],
      status: 413,
      text: 'too big',
    },
    {
      how: 'chunked',
      declare: false,
      chunks: ['x'.repeat(600), 'x'.repeat(400)],
      status: 200,
      text: String(LIMIT),
    },
    {
      how: 'chunked',
      declare: false,
      chunks: ['x'.repeat(600), 'x'.repeat(401)],
      status: 413,
      text: 'too big',
    },
    { how: 'declared empty', declare: true, chunks: [], status: 200, text: '0' },
  ])('$how, $chunks.length chunks → $status', async ({ declare, chunks, status, text }) => {
    const r = await send('POST', chunks, declare);
    expect(r.status).toBe(status);
    expect(r.text).toBe(text);
  });

  it('lets bodiless methods through', async () => {
    expect(await send('GET', [], true)).toEqual({ status: 200, text: 'get' });
  });
});
