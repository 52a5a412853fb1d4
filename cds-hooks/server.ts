/**
 * The CDS Hooks service on its own, for a real EHR (docs/cds-hooks.md):
 *   CDS_CONFIG=cds-config.json npm run cds
 * Environment: CDS_CONFIG (file, required), CDS_HOST (127.0.0.1), CDS_PORT (8441),
 * CDS_DATABASE_URL (postgres://…; default: embedded PGlite in CDS_DATA_DIR or .data/cds-feedback),
 * CDS_WORKERS (processes sharing the port; above 1 needs PostgreSQL), CDS_ADMIN_TOKEN (turns on
 * /cds-admin/feedback-stats), CDS_LOG=quiet (no per-request lines).
 */
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createCdsApp } from './app.js';
import { CdsConfigError, readCdsServerSettings, type CdsServerSettings } from './server-config.js';
import { FeedbackStore } from './store/feedback-store.js';
import { isPostgresUrl, openSqlClient } from './store/sql-client.js';
import { SqlReplayStore } from './store/sql-replay-store.js';

function readSettings(): CdsServerSettings {
  const file = process.env.CDS_CONFIG;
  if (!file) {
    console.error('Set CDS_CONFIG to the service configuration file (see docs/cds-hooks.md and cds-hooks/cds-config.example.json).');
    process.exit(2);
  }
  try {
    return readCdsServerSettings(readFileSync(file, 'utf8'), process.env);
  } catch (e) {
    console.error(e instanceof CdsConfigError ? e.message : `Cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    process.exit(2);
  }
}

/** Opens (and migrates) the database; a bad URL stops the start here, before any hook. */
async function openDatabase(where: string): Promise<FeedbackStore> {
  try {
    return await FeedbackStore.open(await openSqlClient(where));
  } catch (e) {
    console.error(`The feedback database could not be opened: ${(e as Error).message.split('\n')[0]}`);
    process.exit(2);
  }
}

const readyLine = (s: CdsServerSettings, port: number, workers: string) =>
  `CDS Hooks service on http://${s.host}:${port}/cds-services (public URL ${s.config.publicBaseUrl}/cds-services)${workers}`;

/** One process serving the port: the whole service, or one worker of several. */
async function runServer(settings: CdsServerSettings): Promise<void> {
  const store = await openDatabase(settings.database);
  const app = createCdsApp({
    config: settings.config, store: () => Promise.resolve(store),
    // With PostgreSQL the jti replay store is in the database, shared by every worker and host.
    ...(isPostgresUrl(settings.database) ? { replayStore: new SqlReplayStore(store.db) } : {}),
    ...(settings.adminToken ? { adminToken: settings.adminToken } : {}),
    log: settings.quiet ? () => undefined : (line) => console.log(cluster.isWorker ? line.replace(/}$/, `,"worker":${process.pid}}`) : line),
  });
  const server = serve({ fetch: app.fetch, hostname: settings.host, port: settings.port }, (info) => {
    if (cluster.isPrimary) console.log(readyLine(settings, info.port, ''));
  });
  // Once, however many signals come (Ctrl-C reaches the workers and their primary alike).
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= (async () => {
    // Stop accepting, let the calls in flight finish (each is bounded by the FHIR fetch deadline),
    // then flush the audit queue.
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      setTimeout(resolve, 5_000).unref();
    });
    await store.close();
    process.exit(0);
  })());
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * Several processes on one port (node:cluster hands connections to the workers in turn). State
 * that must be shared lives in PostgreSQL: jti replay, feedback and audit. Each worker keeps its own
 * JWKS and assessment caches. A worker that dies is replaced, unless they keep dying.
 */
async function runPrimary(settings: CdsServerSettings): Promise<void> {
  await (await openDatabase(settings.database)).close(); // migrations run once, here
  let stopping = false;
  let listening = 0;
  const deaths: number[] = [];
  cluster.on('listening', (_worker, address: AddressInfo | { port: number }) => {
    if (++listening === settings.workers) console.log(readyLine(settings, address.port, ` with ${settings.workers} workers`));
  });
  const alive = new Set<number>();
  const fork = () => alive.add(cluster.fork().id);
  const killAll = () => { for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM'); };
  cluster.on('exit', (worker, code, signal) => {
    alive.delete(worker.id);
    if (stopping) {
      if (alive.size === 0) process.exit();
      return;
    }
    const now = Date.now();
    deaths.push(now);
    while (deaths[0]! < now - 60_000) deaths.shift();
    if (deaths.length > settings.workers * 3) {
      console.error(`[cds] workers keep exiting (last: ${code ?? signal}); stopping`);
      stopping = true;
      process.exitCode = 1;
      if (alive.size === 0) process.exit();
      killAll();
      return;
    }
    console.error(`[cds] worker ${worker.process.pid} exited (${code ?? signal}); starting another`);
    fork();
  });
  for (let i = 0; i < settings.workers; i++) fork();
  const stop = () => {
    stopping = true;
    killAll();
    setTimeout(() => process.exit(), 10_000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

const settings = readSettings();
if (settings.workers > 1 && cluster.isPrimary) await runPrimary(settings);
else await runServer(settings);
