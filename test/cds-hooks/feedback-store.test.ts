import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedbackStore } from '../../cds-hooks/store/feedback-store.js';
import { MIGRATIONS, migrate } from '../../cds-hooks/store/migrations.js';
import { pgliteClient, type SqlClient } from '../../cds-hooks/store/sql-client.js';
import { orderSelect, post, testApp, testClient } from './cds-helpers.js';
import { postgresInSchema } from './pg-schema.js';

/**
 * The same store, schema and migrations on embedded PGlite and on a PostgreSQL server.
 * CI starts PostgreSQL and sets TEST_DATABASE_URL; without it only PGlite runs here.
 */
const backends: Array<[string, () => Promise<SqlClient>]> = [
  ['PGlite (embedded)', () => pgliteClient()],
];
if (process.env.TEST_DATABASE_URL)
  backends.push(['PostgreSQL server', async () => (await postgresInSchema('feedback_test'))!]);

describe.each(backends)('feedback store on %s', (_name, open) => {
  let db: SqlClient;
  let store: FeedbackStore;
  beforeAll(async () => {
    db = await open();
    store = await FeedbackStore.open(db);
  }, 60_000);
  afterAll(async () => {
    await store.close();
  });

  it('migrations are recorded and applying them again does nothing', async () => {
    expect(await migrate(db)).toEqual([]);
    const rows = (
      await db.query<{ version: number }>('select version from schema_migrations order by version')
    ).rows;
    expect(rows.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('stores outcomes once and reports acceptance and override rates per card kind', async () => {
    const kinds: Record<string, string> = {
      a: 'candidacy',
      b: 'candidacy',
      c: 'candidacy',
      d: 'approach',
    };
    const fb = [
      {
        card: 'a',
        outcome: 'accepted' as const,
        acceptedSuggestions: [{ id: 's1' }],
        outcomeTimestamp: '2026-11-20T10:00:00Z',
      },
      {
        card: 'b',
        outcome: 'overridden' as const,
        overrideReason: {
          reason: { system: 'x', code: 'nonoperative-by-mdt', display: 'Non-operative plan' },
          userComment: 'RT first',
        },
        outcomeTimestamp: '2026-11-20T10:01:00Z',
      },
      {
        card: 'c',
        outcome: 'overridden' as const,
        overrideReason: {
          reason: { system: 'x', code: 'nonoperative-by-mdt', display: 'Non-operative plan' },
        },
        outcomeTimestamp: '2026-11-20T10:02:00Z',
      },
      {
        card: 'd',
        outcome: 'accepted' as const,
        acceptedSuggestions: [{ id: 's2' }],
        outcomeTimestamp: '2026-11-20T10:03:00Z',
      },
    ];
    expect(
      await store.record('spine-surgery-referral', fb, (u) => kinds[u]!, {
        iss: 'https://ehr.test',
      }),
    ).toBe(4);
    // Reported twice: idempotent.
    expect(
      await store.record('spine-surgery-referral', fb.slice(0, 2), (u) => kinds[u]!, {
        iss: 'https://ehr.test',
      }),
    ).toBe(0);
    const stats = await store.stats();
    const cand = stats.find((s) => s.cardKind === 'candidacy')!;
    expect(cand).toMatchObject({ accepted: 1, overridden: 2 });
    expect(cand.acceptanceRate).toBeCloseTo(1 / 3);
    expect(cand.overrideRate).toBeCloseTo(2 / 3);
    expect(cand.topOverrideReasons[0]).toEqual({
      code: 'nonoperative-by-mdt',
      display: 'Non-operative plan',
      count: 2,
    });
    expect(stats.find((s) => s.cardKind === 'approach')!.acceptanceRate).toBe(1);
  });

  it('audit entries are batched and hold who, when, which service and status only', async () => {
    for (let i = 0; i < 50; i++)
      store.audit({
        at: new Date(),
        serviceId: 'spine-surgery-referral',
        action: 'hook',
        status: 200,
        iss: 'https://ehr.test',
        hookInstance: `h${i}`,
      });
    expect(await store.auditCount()).toBeGreaterThanOrEqual(50);
    const cols = (
      await db.query<{ column_name: string }>(
        'select column_name from information_schema.columns where table_name = ' +
          "'audit_log' and table_schema = current_schema() order by ordinal_position",
      )
    ).rows.map((r) => r.column_name);
    expect(cols).toEqual([
      'id',
      'at',
      'service_id',
      'action',
      'status',
      'client_iss',
      'client_sub',
      'tenant',
      'hook_instance',
      'entry_id',
    ]);
  });
});

describe('feedback endpoint end to end (embedded store)', () => {
  it('stores feedback for cards the service issued, by kind, and serves the statistics', async () => {
    const client = await testClient();
    const db = await pgliteClient();
    const store = FeedbackStore.open(db);
    const issuer = testApp(client, {}, { store: () => store });
    // Feedback reaches another instance (another worker, host, or the service after a restart):
    // the card's kind comes from its uuid, not from the memory of the instance that issued it.
    const app = testApp(client, {}, { store: () => store, adminToken: 'admin' });
    const { scenarioPrefetch } = await import('./cds-helpers.js');
    const r = await post(
      issuer,
      client,
      '/cds-services/spine-surgery-referral',
      orderSelect('s01', await scenarioPrefetch('s01')),
    );
    const [cand, appr] = (
      r.json as { cards: Array<{ uuid: string; suggestions?: Array<{ uuid: string }> }> }
    ).cards;
    const fb = await post(app, client, '/cds-services/spine-surgery-referral/feedback', {
      feedback: [
        {
          card: cand!.uuid,
          outcome: 'accepted',
          acceptedSuggestions: [{ id: cand!.suggestions![0]!.uuid }],
          outcomeTimestamp: '2026-11-20T10:00:00Z',
        },
        {
          card: appr!.uuid,
          outcome: 'overridden',
          overrideReason: {
            reason: {
              system: 'https://spinescore.example.org/fhir/CodeSystem/override-reasons',
              code: 'inputs-incorrect',
              display: 'Chart inputs are wrong or outdated',
            },
          },
          outcomeTimestamp: '2026-11-20T10:00:05Z',
        },
        {
          card: '0b5c3e2a-1f4d-4c6e-9a8b-7d6e5f4a3b2c',
          outcome: 'accepted',
          acceptedSuggestions: [{ id: 's9' }],
          outcomeTimestamp: '2026-11-20T10:00:06Z',
        },
      ],
    });
    expect(fb.status).toBe(200);
    expect(fb.json).toEqual({});
    const bad = await post(app, client, '/cds-services/spine-surgery-referral/feedback', {
      feedback: [{ card: 'x', outcome: 'accepted', outcomeTimestamp: 'yesterday' }],
    });
    expect(bad.status).toBe(400);
    const res = await app.fetch(
      new Request('https://cds.test/cds-admin/feedback-stats', {
        headers: { authorization: 'Bearer admin' },
      }),
    );
    const stats = (
      (await res.json()) as {
        cards: Array<{ cardKind: string; accepted: number; overridden: number }>;
      }
    ).cards;
    expect(stats).toEqual([
      expect.objectContaining({ cardKind: 'approach', accepted: 0, overridden: 1 }),
      expect.objectContaining({ cardKind: 'candidacy', accepted: 1, overridden: 0 }),
      expect.objectContaining({ cardKind: 'unknown', accepted: 1, overridden: 0 }),
    ]);
    expect((await app.fetch(new Request('https://cds.test/cds-admin/feedback-stats'))).status).toBe(
      401,
    );
    await (await store).close();
  }, 60_000);
});
