/**
 * The CDS Hooks service on its own, for a real EHR (docs/cds-hooks.md):
 *   CDS_CONFIG=cds-config.json npm run cds
 * Environment: CDS_CONFIG (file, required), CDS_HOST (127.0.0.1), CDS_PORT (8441),
 * CDS_DATABASE_URL (postgres://…; default: embedded PGlite in CDS_DATA_DIR or .data/cds-feedback),
 * CDS_ADMIN_TOKEN (turns on /cds-admin/feedback-stats), CDS_LOG=quiet (no per-request lines).
 */
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { createCdsApp } from './app.js';
import { FeedbackStore } from './feedback/feedback-store.js';
import { pgliteClient, postgresClient } from './feedback/sql-client.js';
import { CdsConfigError, readCdsServerSettings } from './server-config.js';

const file = process.env.CDS_CONFIG;
if (!file) {
  console.error('Set CDS_CONFIG to the service configuration file (see docs/cds-hooks.md and cds-hooks/cds-config.example.json).');
  process.exit(2);
}
let settings;
try {
  settings = readCdsServerSettings(readFileSync(file, 'utf8'), process.env);
} catch (e) {
  console.error(e instanceof CdsConfigError ? e.message : `Cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  process.exit(2);
}

const where = settings.database;
let store: Promise<FeedbackStore> | undefined;
const openStore = () => {
  store ??= (async () => FeedbackStore.open(where.startsWith('postgres') ? await postgresClient(where) : await pgliteClient(where)))();
  return store;
};
const app = createCdsApp({
  config: settings.config, store: openStore, ...(settings.adminToken ? { adminToken: settings.adminToken } : {}),
  log: settings.quiet ? () => undefined : (line) => console.log(line),
});
// Open (and migrate) the database before the first hook, so a bad URL stops the start here.
try {
  await openStore();
} catch (e) {
  console.error(`The feedback database could not be opened: ${(e as Error).message.split('\n')[0]}`);
  process.exit(2);
}
const server = serve({ fetch: app.fetch, hostname: settings.host, port: settings.port }, (info) => {
  console.log(`CDS Hooks service on http://${settings.host}:${info.port}/cds-services (public URL ${settings.config.publicBaseUrl}/cds-services)`);
});
const stop = async () => {
  server.close();
  await (await openStore()).close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
