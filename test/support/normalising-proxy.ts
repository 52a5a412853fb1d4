import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A reverse proxy as some EHR gateways are: it collapses repeated slashes anywhere in the request
 * target (path and query), then forwards with the client's Host (so the server's links point back
 * through it). SMART's reference launcher's proxy did this and made `code=http://loinc.org|…`
 * into `code=http:/loinc.org|…`.
 */
export async function normalisingProxy(
  targetPort: number,
): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    const target = (req.url ?? '/').replace(/\/{2,}/g, '/');
    seen.push(target);
    const up = request(
      {
        host: '127.0.0.1',
        port: targetPort,
        method: req.method,
        path: target,
        headers: req.headers,
      },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => {
      res.writeHead(502).end();
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
