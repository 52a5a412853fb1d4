import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * The two things the store needs from a PostgreSQL connection, so PGlite and `pg` share one store.
 */
export interface SqlClient {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
  readonly kind: 'pglite' | 'postgresql';
}

/** Embedded PostgreSQL (PGlite, WASM): no set-up; a data directory keeps it across restarts. */
export async function pgliteClient(dataDir?: string): Promise<SqlClient> {
  const { PGlite } = await import('@electric-sql/pglite');
  // PGlite creates the data folder but not its parents (`.data/` is git-ignored: absent on a fresh
  // clone).
  if (dataDir) mkdirSync(dirname(resolve(dataDir)), { recursive: true });
  const db = dataDir ? new PGlite(dataDir) : new PGlite();
  await db.waitReady;
  return {
    kind: 'pglite',
    query: async <R>(sql: string, params?: unknown[]) => ({
      rows: (await db.query<R>(sql, params)).rows,
    }),
    exec: async (sql) => {
      await db.exec(sql);
    },
    close: () => db.close(),
  };
}

/** A PostgreSQL server (`postgres://…`), pooled. */
export async function postgresClient(url: string): Promise<SqlClient> {
  const pg = (await import('pg')).default;
  // Every wait is bounded: a refused, blackholed or stalled server fails a call within seconds
  // (the callers spool or answer 503), never holds it for the kernel's TCP timeout.
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    keepAlive: true,
    connectionTimeoutMillis: 3_000,
    query_timeout: 5_000,
    statement_timeout: 5_000,
    idle_in_transaction_session_timeout: 10_000,
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', () => {
    /* a dropped idle connection is replaced on next use */
  });
  return {
    kind: 'postgresql',
    query: async <R>(sql: string, params?: unknown[]) => ({
      rows: (await pool.query(sql, params)).rows as R[],
    }),
    exec: async (sql) => {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}

export function isPostgresUrl(where: string): boolean {
  return /^postgres(ql)?:\/\//.test(where);
}

/** `postgres://…` → that server; otherwise a PGlite data folder (`memory`: in memory only). */
export function openSqlClient(where: string): Promise<SqlClient> {
  return isPostgresUrl(where)
    ? postgresClient(where)
    : pgliteClient(where === 'memory' ? undefined : where);
}
