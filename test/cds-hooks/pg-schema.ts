import { postgresClient, type SqlClient } from '../../cds-hooks/store/sql-client.js';

/**
 * The test PostgreSQL (CI sets TEST_DATABASE_URL) with each test file in its own, emptied schema:
 * files run in parallel and would otherwise drop each other's tables.
 */
export async function schemaUrl(schema: string): Promise<string | undefined> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return undefined;
  const admin = await postgresClient(base);
  await admin.exec(`drop schema if exists ${schema} cascade; create schema ${schema}`);
  await admin.close();
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

export async function postgresInSchema(schema: string): Promise<SqlClient | undefined> {
  const url = await schemaUrl(schema);
  return url ? postgresClient(url) : undefined;
}
