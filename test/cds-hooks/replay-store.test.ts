import { randomUUID } from 'node:crypto';
import { createLocalJWKSet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientJwtVerifier } from '../../cds-hooks/auth/client-jwt.js';
import { MemoryReplayStore, type ReplayStore } from '../../cds-hooks/auth/replay-store.js';
import { FeedbackStore } from '../../cds-hooks/store/feedback-store.js';
import { pgliteClient, postgresClient, type SqlClient } from '../../cds-hooks/store/sql-client.js';
import { SqlReplayStore } from '../../cds-hooks/store/sql-replay-store.js';
import {
  CDS_BASE,
  orderSelect,
  post,
  scenarioPrefetch,
  testApp,
  testClient,
  testConfig,
  type TestClient,
} from './cds-helpers.js';
import { schemaUrl } from './pg-schema.js';

let clock = Date.parse('2026-11-20T12:00:00Z');
const now = () => clock;

// The SQL store runs on PGlite here and on the PostgreSQL server in CI, with two connections there
// (two workers or hosts): a jti accepted through one is a replay through the other.
const backends: Array<
  [
    string,
    () => Promise<{
      a: ReplayStore;
      b: ReplayStore;
      close(): Promise<void>;
      rows(): Promise<number>;
    }>,
  ]
> = [
  [
    'memory',
    async () => {
      const m = new MemoryReplayStore(now);
      return { a: m, b: m, close: async () => undefined, rows: async () => m.size };
    },
  ],
  [
    'SQL on PGlite',
    async () => {
      const db = await pgliteClient();
      await FeedbackStore.open(db);
      const s = new SqlReplayStore(db, now);
      return { a: s, b: s, close: () => db.close(), rows: () => count(db) };
    },
  ],
];
if (process.env.TEST_DATABASE_URL) {
  backends.push([
    'SQL on PostgreSQL, two connections',
    async () => {
      const url = (await schemaUrl('replay_test'))!;
      const [db1, db2] = [await postgresClient(url), await postgresClient(url)];
      await FeedbackStore.open(db1);
      return {
        a: new SqlReplayStore(db1, now),
        b: new SqlReplayStore(db2, now),
        close: async () => {
          await db1.close();
          await db2.close();
        },
        rows: () => count(db1),
      };
    },
  ]);
}
async function count(db: SqlClient): Promise<number> {
  return Number((await db.query<{ n: string }>('select count(*) as n from jwt_replay')).rows[0]!.n);
}

describe.each(backends)('replay store: %s', (_name, open) => {
  let s: Awaited<ReturnType<(typeof backends)[number][1]>>;
  beforeAll(async () => {
    s = await open();
  }, 60_000);
  afterAll(async () => {
    await s.close();
  });

  it('accepts a jti once until it expires, then again', async () => {
    const key = `iss\u241f${randomUUID()}`;
    expect(await s.a.claim(key, clock + 300_000)).toBe(true);
    expect(await s.a.claim(key, clock + 300_000)).toBe(false);
    expect(await s.b.claim(key, clock + 300_000)).toBe(false);
    expect(await s.b.claim(`${key}x`, clock + 300_000)).toBe(true);
    clock += 300_001;
    expect(await s.b.claim(key, clock + 300_000)).toBe(true);
    expect(await s.a.claim(key, clock + 300_000)).toBe(false);
  });

  it('gives exactly one acceptance to concurrent claims of the same jti', async () => {
    const key = `iss\u241f${randomUUID()}`;
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) => (i % 2 ? s.a : s.b).claim(key, clock + 60_000)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('forgets expired entries', async () => {
    const before = await s.rows();
    await s.a.claim(`iss\u241f${randomUUID()}`, clock + 1_000);
    expect(await s.rows()).toBe(before + 1);
    clock += 3_600_000;
    await s.a.claim(`iss\u241f${randomUUID()}`, clock + 1_000);
    await expect.poll(() => s.rows()).toBe(1);
  });
});

describe('the service with a shared replay store', () => {
  let client: TestClient;
  beforeAll(async () => {
    client = await testClient();
  });

  it('refuses a token already used at another instance (another worker or host)', async () => {
    const db = await pgliteClient();
    await FeedbackStore.open(db);
    const shared = new SqlReplayStore(db);
    const instance = () => {
      const config = testConfig(client);
      const verifier = new ClientJwtVerifier(
        config.trustedIssuers,
        Date.now,
        () => createLocalJWKSet({ keys: [client.key.publicJwk] }),
        shared,
      );
      return testApp(client, {}, { verifier });
    };
    const [one, two] = [instance(), instance()];
    const url = `${CDS_BASE}/cds-services/spine-surgery-referral`;
    const token = await client.sign(url);
    const body = orderSelect('s02', await scenarioPrefetch('s02'));
    expect(
      (await post(one, client, '/cds-services/spine-surgery-referral', body, token)).status,
    ).toBe(200);
    expect(
      (await post(two, client, '/cds-services/spine-surgery-referral', body, token)).status,
    ).toBe(401);
    await db.close();
  }, 60_000);

  it('answers 503 (never 200 or 500) when the replay store cannot answer', async () => {
    const down: SqlClient = {
      kind: 'postgresql',
      query: () => Promise.reject(new Error('connection refused')),
      exec: () => Promise.reject(new Error('x')),
      close: async () => undefined,
    };
    const config = testConfig(client);
    const verifier = new ClientJwtVerifier(
      config.trustedIssuers,
      Date.now,
      () => createLocalJWKSet({ keys: [client.key.publicJwk] }),
      new SqlReplayStore(down),
    );
    const app = testApp(client, {}, { verifier });
    const r = await post(
      app,
      client,
      '/cds-services/spine-surgery-referral',
      orderSelect('s02', await scenarioPrefetch('s02')),
    );
    expect(r.status).toBe(503);
    expect(r.json).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ code: 'transient' }],
    });
    expect(r.text).not.toMatch(/connection refused/);
  });
});
