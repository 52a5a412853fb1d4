import type { SqlClient } from './sql-client.js';

/** Ordered, append-only. The same SQL runs on PGlite and PostgreSQL. */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'feedback and audit',
    sql: `
create table feedback (
  id bigserial primary key,
  service_id text not null,
  card_uuid text not null,
  card_kind text not null,
  outcome text not null check (outcome in ('accepted', 'overridden')),
  accepted_suggestions text[] not null default '{}',
  override_system text,
  override_code text,
  override_display text,
  user_comment text,
  outcome_at timestamptz not null,
  received_at timestamptz not null default now(),
  client_iss text,
  client_sub text,
  tenant text,
  unique (card_uuid, outcome, outcome_at)
);
create index feedback_kind_idx on feedback (service_id, card_kind);
create table audit_log (
  id bigserial primary key,
  at timestamptz not null,
  service_id text not null,
  action text not null,
  status integer not null,
  client_iss text,
  client_sub text,
  tenant text,
  hook_instance text
);
create index audit_at_idx on audit_log (at);`,
  },
  {
    version: 2,
    name: 'jwt replay store',
    sql: `
create table jwt_replay (
  key text primary key,
  expires_at timestamptz not null
);
create index jwt_replay_expires_idx on jwt_replay (expires_at);`,
  },
  {
    version: 3,
    name: 'idempotent audit entries',
    // Spooled entries are replayed at least once; their id stores each once.
    sql: `
alter table audit_log add column entry_id text;
create unique index audit_entry_id_idx on audit_log (entry_id);`,
  },
];

/** Applies pending migrations, each in a transaction, recording them in `schema_migrations`. */
export async function migrate(db: SqlClient): Promise<number[]> {
  await db.exec(
    'create table if not exists schema_migrations (version integer primary key, name ' +
      'text not null, applied_at timestamptz not null default now())',
  );
  const done = new Set(
    (await db.query<{ version: number }>('select version from schema_migrations')).rows.map((r) =>
      Number(r.version),
    ),
  );
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (done.has(m.version)) continue;
    await db.exec(
      `begin; ${m.sql}; insert into schema_migrations (version, name) values ` +
        `(${m.version}, '${m.name.replace(/'/g, "''")}'); commit;`,
    );
    applied.push(m.version);
  }
  return applied;
}
