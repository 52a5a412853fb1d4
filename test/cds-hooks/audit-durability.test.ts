import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  appendFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedbackStore } from '../../cds-hooks/store/feedback-store.js';
import { pgliteClient, postgresClient, type SqlClient } from '../../cds-hooks/store/sql-client.js';
import { TcpFaultProxy, type FaultMode } from '../support/tcp-fault-proxy.js';
import {
  orderSelect,
  post,
  scenarioPrefetch,
  testApp,
  testClient,
  testConfig,
  type TestClient,
} from './cds-helpers.js';
import { schemaUrl } from './pg-schema.js';

/**
 * The audit trail and the feedback store when the database fails: nothing answered is lost, no
 * call waits on the database, every wait is bounded. First with an embedded database behind a
 * wrapper that fails on demand, then with PostgreSQL behind a TCP proxy that refuses, blackholes
 * or cuts connections (CI sets TEST_DATABASE_URL).
 */
type Fault = 'ok' | 'fail' | 'hang' | 'commit-then-fail';
class FaultySql implements SqlClient {
  fault: Fault = 'ok';
  /**
   * Queries of a hanging database never answered: while > 0, anything that returned did not wait on
   * it.
   */
  hung = 0;
  readonly kind = 'pglite' as const;
  constructor(readonly inner: SqlClient) {}
  async query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[] }> {
    if (this.fault === 'fail') throw new Error('connection refused');
    if (this.fault === 'hang') {
      this.hung++;
      return new Promise(() => undefined);
    }
    if (this.fault === 'commit-then-fail' && sql.includes('insert into audit_log')) {
      this.fault = 'ok';
      await this.inner.query(sql, params);
      throw new Error('connection lost after commit');
    }
    return this.inner.query<R>(sql, params);
  }
  exec(sql: string) {
    return this.fault === 'ok' ? this.inner.exec(sql) : Promise.reject(new Error('down'));
  }
  close() {
    return this.inner.close();
  }
}

const SERVICE = '/cds-services/spine-surgery-referral';
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'audit-spool-'));
  dirs.push(d);
  return d;
};
let client: TestClient;
let body: ReturnType<typeof orderSelect>;
beforeAll(async () => {
  client = await testClient();
  body = orderSelect('s01', await scenarioPrefetch('s01'));
}, 60_000);
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const count = async (db: SqlClient) =>
  Number((await db.query<{ n: string }>('select count(*) as n from audit_log')).rows[0]!.n);
const distinct = async (db: SqlClient) =>
  Number(
    (await db.query<{ n: string }>('select count(distinct entry_id) as n from audit_log')).rows[0]!
      .n,
  );
const entry = (i: number) => ({
  at: new Date(),
  serviceId: 'spine-surgery-referral',
  action: 'hook' as const,
  status: 200,
  iss: 'https://ehr.test',
  hookInstance: `h${i}`,
});
const spooled = (dir: string) =>
  readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean))
    .length;

describe('audit spool (embedded database behind a failing wrapper)', () => {
  async function setup() {
    const inner = await pgliteClient();
    const db = new FaultySql(inner);
    const dir = tmp();
    const store = await FeedbackStore.open(db, {
      spoolDir: dir,
      retryMs: 50,
      operationTimeoutMs: 300,
      warn: () => undefined,
    });
    return { inner, db, dir, store };
  }

  it('a database that refuses: entries go to the spool file, then to the table once it answers, once each', async () => {
    const { inner, db, dir, store } = await setup();
    db.fault = 'fail';
    for (let i = 0; i < 30; i++) store.audit(entry(i));
    await store.flush();
    expect(spooled(dir)).toBe(30);
    expect(await count(inner)).toBe(0);
    db.fault = 'ok';
    await expect.poll(() => count(inner), { timeout: 5_000 }).toBe(30);
    await expect.poll(() => store.spooling).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
    await store.close();
  });

  it('a database that never answers: the flush is bounded by the operation timeout and spools', async () => {
    const { inner, db, dir, store } = await setup();
    db.fault = 'hang';
    for (let i = 0; i < 10; i++) store.audit(entry(i));
    await store.flush();
    // The flush returned although the database never answered: the operation timeout ended it.
    expect(db.hung).toBeGreaterThan(0);
    expect(spooled(dir)).toBe(10);
    db.fault = 'ok';
    await expect.poll(() => count(inner), { timeout: 5_000 }).toBe(10);
    await store.close();
  });

  it('a connection lost after the insert committed: the replay stores each entry once', async () => {
    const { inner, db, store } = await setup();
    db.fault = 'commit-then-fail';
    for (let i = 0; i < 12; i++) store.audit(entry(i));
    await store.flush();
    await expect.poll(() => store.spooling, { timeout: 5_000 }).toBe(false);
    expect(await count(inner)).toBe(12);
    expect(await distinct(inner)).toBe(12);
    await store.close();
  });

  it('a restart during an outage: the next process writes what the last one spooled, and skips a torn line', async () => {
    const { inner, db, dir, store } = await setup();
    db.fault = 'fail';
    for (let i = 0; i < 20; i++) store.audit(entry(i));
    await store.close(); // a SIGTERM: queued entries are spooled, not lost
    // a crash mid-append
    appendFileSync(join(dir, 'audit-slot0.ndjson'), '{"entryId":"torn","at":"2026-');
    const db2 = await pgliteClient();
    const next = await FeedbackStore.open(db2, {
      spoolDir: dir,
      adoptSpool: true,
      warn: () => undefined,
    });
    expect(await count(db2)).toBe(20);
    expect(readdirSync(dir)).toEqual([]);
    await next.close();
    await inner.close().catch(() => undefined);
  });

  it("another worker slot's spool is left to its owner unless adopted (one process alone on the folder)", async () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'audit-slot1.ndjson'),
      JSON.stringify({
        entryId: 'e1',
        at: new Date().toISOString(),
        serviceId: 's',
        action: 'hook',
        status: 200,
      }) + '\n',
    );
    const a = await pgliteClient();
    const worker0 = await FeedbackStore.open(a, { spoolDir: dir, slot: 0 });
    expect(await count(a)).toBe(0);
    await worker0.close();
    const b = await pgliteClient();
    const alone = await FeedbackStore.open(b, { spoolDir: dir, adoptSpool: true });
    expect(await count(b)).toBe(1);
    await alone.close();
  });

  it('feedback answers 503 with Retry-After when it cannot be stored, and 200 once it can; the hook path never waits', async () => {
    const { inner, db, store } = await setup();
    const app = testApp(client, {}, { store: () => Promise.resolve(store), adminToken: 'admin' });
    const fb = {
      feedback: [{ card: 'c1', outcome: 'overridden', outcomeTimestamp: '2026-11-20T10:00:00Z' }],
    };
    for (const fault of ['fail', 'hang'] as const) {
      db.fault = fault;
      const r = await app.fetch(
        new Request(`https://cds.test${SERVICE}/feedback`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${await client.sign(`https://cds.test${SERVICE}/feedback`)}`,
          },
          body: JSON.stringify(fb),
        }),
      );
      expect(r.status, fault).toBe(503);
      expect(r.headers.get('retry-after')).toBeTruthy();
      expect((await post(app, client, SERVICE, body)).status).toBe(200);
      // Both answered while a hanging database still held every query: neither waited on it.
      if (fault === 'hang') expect(db.hung).toBeGreaterThan(0);
      expect(
        (
          await app.fetch(
            new Request('https://cds.test/cds-admin/feedback-stats', {
              headers: { authorization: 'Bearer admin' },
            }),
          )
        ).status,
      ).toBe(503);
    }
    db.fault = 'ok';
    expect((await post(app, client, `${SERVICE}/feedback`, fb)).status).toBe(200);
    // Two hooks and one feedback were answered: all three are in the audit trail.
    await expect
      .poll(
        async () => {
          await store.flush();
          return count(inner);
        },
        { timeout: 5_000 },
      )
      .toBe(3);
    await store.close();
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('PostgreSQL behind a TCP fault proxy', () => {
  let proxy: TcpFaultProxy;
  let direct: SqlClient;
  let url: string;
  beforeAll(async () => {
    const u = new URL((await schemaUrl('audit_faults'))!);
    direct = await postgresClient(u.toString());
    proxy = await TcpFaultProxy.start(u.hostname, Number(u.port || 5432));
    u.hostname = '127.0.0.1';
    u.port = String(proxy.port);
    url = u.toString();
  }, 60_000);
  afterAll(async () => {
    await proxy.close();
    await direct.close();
  });

  it.each(['refuse', 'blackhole'] as const)(
    '%s: the shared jti store answers 503 within its bound, then accepts again',
    async (fault) => {
      const { SqlReplayStore } = await import('../../cds-hooks/store/sql-replay-store.js');
      const db = await postgresClient(url);
      await (await FeedbackStore.open(db, { warn: () => undefined })).flush(); // migrated
      const { ClientJwtVerifier } = await import('../../cds-hooks/auth/client-jwt.js');
      const { createLocalJWKSet } = await import('jose');
      const verifier = new ClientJwtVerifier(
        testConfig(client).trustedIssuers,
        Date.now,
        () => createLocalJWKSet({ keys: [client.key.publicJwk] }),
        new SqlReplayStore(db),
      );
      const app = testApp(client, {}, { verifier });
      expect((await post(app, client, SERVICE, { ...body, hookInstance: 'r1' })).status).toBe(200);
      proxy.set(fault);
      const r = await app.fetch(
        new Request(`https://cds.test${SERVICE}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${await client.sign(`https://cds.test${SERVICE}`)}`,
          },
          body: JSON.stringify(body),
        }),
      );
      expect(r.status).toBe(503);
      expect(r.headers.get('retry-after')).toBeTruthy();
      proxy.set('pass');
      await expect
        .poll(
          async () =>
            (await post(app, client, SERVICE, { ...body, hookInstance: crypto.randomUUID() }))
              .status,
          { timeout: 10_000 },
        )
        .toBe(200);
      await db.close();
    },
    30_000,
  );

  const faults: FaultMode[] = ['refuse', 'blackhole', 'cut-after-request'];
  it.each(faults)(
    '%s: every answered call is audited once, no call waits past its bound, feedback ' +
      'says 503 or stores',
    async (fault) => {
      const dir = tmp();
      const store = await FeedbackStore.open(await postgresClient(url), {
        spoolDir: dir,
        retryMs: 200,
        operationTimeoutMs: 1_500,
        warn: () => undefined,
      });
      await store.flush();
      const before = await count(direct);
      const app = testApp(client, {}, { store: () => Promise.resolve(store) });
      let answered = 0;
      // A blackholed database never answers: every call and flush below returning at all is the
      // bound at work (a wait on the database would hang until the test's timeout).
      const call = async () => {
        const r = await post(app, client, SERVICE, { ...body, hookInstance: crypto.randomUUID() });
        expect(r.status).toBe(200);
        answered++;
      };
      for (let i = 0; i < 5; i++) await call();
      await store.flush();
      proxy.set(fault);
      for (let i = 0; i < 20; i++) await call();
      await store.flush();
      const fb = {
        feedback: [
          {
            card: crypto.randomUUID(),
            outcome: 'overridden',
            outcomeTimestamp: '2026-11-20T10:00:00Z',
          },
        ],
      };
      const r = await post(app, client, `${SERVICE}/feedback`, fb);
      if (fault !== 'cut-after-request') expect(r.status).toBe(503);
      for (let i = 0; i < 5; i++) await call();
      proxy.set('pass');
      if (r.status === 503)
        expect((await post(app, client, `${SERVICE}/feedback`, fb)).status).toBe(200);
      else expect(r.status).toBe(200);
      answered++; // the feedback, stored once
      await expect
        .poll(
          async () => {
            await store.flush();
            return (await count(direct)) - before;
          },
          { timeout: 15_000, interval: 200 },
        )
        .toBe(answered);
      expect(await distinct(direct)).toBe(await count(direct));
      await expect.poll(() => store.spooling, { timeout: 5_000 }).toBe(false);
      expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
      await store.close();
    },
    60_000,
  );
});
