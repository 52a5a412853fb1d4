import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a real server that fails the way networks and databases fail:
 * - `pass`: forwards both ways;
 * - `refuse`: cuts every open connection and resets new ones (a stopped server);
 * - `blackhole`: holds connections open and forwards nothing (a dead host, a dropped route);
 * - `cut-after-request`: forwards the next client packet, then cuts that connection, so the
 *   server may have done the work while the client sees an error (a connection lost mid-query).
 */
export type FaultMode = 'pass' | 'refuse' | 'blackhole' | 'cut-after-request';

export class TcpFaultProxy {
  private mode: FaultMode = 'pass';
  private readonly pairs = new Set<[Socket, Socket]>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(targetHost: string, targetPort: number): Promise<TcpFaultProxy> {
    let proxy: TcpFaultProxy | undefined;
    const server = createServer((client) => proxy!.accept(client, targetHost, targetPort));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    proxy = new TcpFaultProxy(server, (server.address() as AddressInfo).port);
    return proxy;
  }

  private accept(client: Socket, host: string, port: number): void {
    client.on('error', () => undefined);
    if (this.mode === 'refuse') {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(port, host);
    upstream.on('error', () => client.destroy());
    const pair: [Socket, Socket] = [client, upstream];
    this.pairs.add(pair);
    const drop = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', drop);
    upstream.on('close', drop);
    let cutOnAnswer = false;
    client.on('data', (d) => {
      if (this.mode === 'blackhole') return;
      upstream.write(d);
      if (this.mode === 'cut-after-request') {
        this.mode = 'pass';
        cutOnAnswer = true;
      }
    });
    upstream.on('data', (d) => {
      // The server's answer shows it ran the statement: the connection dies before the client reads
      // it.
      if (cutOnAnswer) {
        client.resetAndDestroy();
        upstream.destroy();
        return;
      }
      if (this.mode !== 'blackhole') client.write(d);
    });
  }

  set(mode: FaultMode): void {
    const leavingBlackhole = this.mode === 'blackhole' && mode !== 'blackhole';
    this.mode = mode;
    // A stopped server drops its connections; a healed partition resets the stale ones.
    if (mode === 'refuse' || leavingBlackhole)
      for (const [c, u] of this.pairs) {
        c.resetAndDestroy();
        u.destroy();
      }
  }

  get connections(): number {
    return this.pairs.size;
  }

  async close(): Promise<void> {
    this.set('refuse');
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
