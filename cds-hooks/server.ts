/**
 * The CDS Hooks service on its own, for a real EHR (docs/cds-hooks.md):
 *   CDS_CONFIG=cds-config.json npm run cds
 * Environment: CDS_CONFIG (file, required), CDS_HOST (127.0.0.1), CDS_PORT (8441),
 * CDS_DATABASE_URL (postgres://…; default: embedded PGlite in CDS_DATA_DIR or .data/cds-feedback),
 * CDS_SPOOL_DIR (audit entries waiting for the database; default .data/cds-audit-spool),
 * CDS_WORKERS (processes sharing the port; above 1 needs PostgreSQL), CDS_ADMIN_TOKEN (turns on
 * /cds-admin/feedback-stats), CDS_LOG=quiet (no per-request lines).
 */
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createCdsApp } from './app.js';
import { CdsConfigError, readCdsServerSettings, type CdsServerSettings } from './server-config.js';
import { FeedbackStore } from './store/feedback-store.js';
import { isPostgresUrl, openSqlClient } from './store/sql-client.js';
import { SqlReplayStore } from './store/sql-replay-store.js';

function readSettings(): CdsServerSettings {
  const file = process.env.CDS_CONFIG;
  if (!file) {
    console.error(
      'Set CDS_CONFIG to the service configuration file (see docs/cds-hooks.md and ' +
        'cds-hooks/cds-config.example.json).',
    );
    process.exit(2);
  }
  try {
    return readCdsServerSettings(readFileSync(file, 'utf8'), process.env);
  } catch (e) {
    console.error(
      e instanceof CdsConfigError
        ? e.message
        : `Cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`,
    );
    process.exit(2);
  }
}

/** Opens (and migrates) the database; a bad URL stops the start here, before any hook. */
async function openDatabase(
  s: CdsServerSettings,
  slot: number,
  adoptSpool: boolean,
): Promise<FeedbackStore> {
  try {
    return await FeedbackStore.open(await openSqlClient(s.database), {
      spoolDir: s.spoolDir,
      slot,
      adoptSpool,
    });
  } catch (e) {
    console.error(
      `The feedback database could not be opened: ${(e as Error).message.split('\n')[0]}`,
    );
    process.exit(2);
  }
}

const readyLine = (s: CdsServerSettings, port: number, workers: string) =>
  `CDS Hooks service on http://${s.host}:${port}/cds-services (public URL ` +
  `${s.config.publicBaseUrl}/cds-services)${workers}`;

/**
 * How long a stop waits for calls in flight (each is itself bounded by the FHIR fetch deadline).
 */
const DRAIN_MS = 8_000;
/** Idle time that ends a drain early. */
const QUIET_MS = 300;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One process serving the port: the whole service, or one worker of several. */
async function runServer(settings: CdsServerSettings): Promise<void> {
  const slot = Number(process.env.CDS_WORKER_SLOT ?? 0);
  const store = await openDatabase(settings, slot, cluster.isPrimary);
  let draining = false;
  const cds = createCdsApp({
    config: settings.config,
    store: () => Promise.resolve(store),
    // With PostgreSQL the jti replay store is in the database, shared by every worker and host.
    ...(isPostgresUrl(settings.database) ? { replayStore: new SqlReplayStore(store.db) } : {}),
    ...(settings.adminToken ? { adminToken: settings.adminToken } : {}),
    log: settings.quiet
      ? () => undefined
      : (line) =>
          console.log(cluster.isWorker ? line.replace(/}$/, `,"worker":${process.pid}}`) : line),
  });
  // While draining, every answer closes its connection, so a keep-alive client opens its next
  // request elsewhere (another worker or host) instead of on a socket about to go away.
  let inFlight = 0;
  let lastBusy = Date.now();
  const app = new Hono();
  app.use('*', async (c, next) => {
    inFlight++;
    try {
      await next();
    } finally {
      inFlight--;
      lastBusy = Date.now();
    }
    if (draining) c.header('connection', 'close');
  });
  app.route('/', cds);
  const server = serve(
    { fetch: app.fetch, hostname: settings.host, port: settings.port },
    (info) => {
      if (cluster.isPrimary) console.log(readyLine(settings, info.port, ''));
    },
  ) as Server;
  // Once, however many signals come (Ctrl-C reaches the workers and their primary alike).
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      draining = true;
      const deadline = Date.now() + DRAIN_MS;
      // Keep accepting until the service has been idle for a moment: connections already queued
      // (in the kernel backlog, or at the cluster primary while this worker was busy) are served
      // rather than reset when the listener closes.
      while (Date.now() < deadline && (inFlight > 0 || Date.now() - lastBusy < QUIET_MS))
        await sleep(25);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const idle = setInterval(() => server.closeIdleConnections(), 25);
      await Promise.race([closed, sleep(Math.max(0, deadline - Date.now()))]);
      clearInterval(idle);
      server.closeAllConnections();
      // Queued audit entries are written or spooled (bounded), then the database is closed.
      await store.close();
      process.exit(0);
    })());
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * Several processes on one port (node:cluster hands connections to the workers in turn). State
 * that must be shared lives in PostgreSQL: jti replay, feedback and audit. Each worker keeps its
 * own
 * JWKS and assessment caches. A worker that dies is replaced, unless they keep dying.
 */
async function runPrimary(settings: CdsServerSettings): Promise<void> {
  // Migrations run once, here, and spooled audit entries of earlier runs (any slot) are replayed
  // before any worker writes its own.
  await (await openDatabase(settings, 0, true)).close();
  let stopping = false;
  let listening = 0;
  const deaths: number[] = [];
  cluster.on('listening', (_worker, address: AddressInfo | { port: number }) => {
    if (++listening === settings.workers)
      console.log(readyLine(settings, address.port, ` with ${settings.workers} workers`));
  });
  const alive = new Set<number>();
  // Each worker has a slot (its own audit spool file); a replacement takes the slot of the dead
  // one.
  const slots = new Map<number, number>();
  const fork = (slot: number) => {
    const w = cluster.fork({ CDS_WORKER_SLOT: String(slot) });
    alive.add(w.id);
    slots.set(w.id, slot);
  };
  const killAll = () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
  };
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
    console.error(
      `[cds] worker ${worker.process.pid} exited (${code ?? signal}); starting another`,
    );
    fork(slots.get(worker.id) ?? 0);
  });
  for (let i = 0; i < settings.workers; i++) fork(i);
  const stop = () => {
    if (stopping) return;
    stopping = true;
    killAll();
    // Each worker drains within DRAIN_MS and closes its database within its operation bound.
    setTimeout(() => process.exit(), DRAIN_MS + 7_000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

const settings = readSettings();
if (settings.workers > 1 && cluster.isPrimary) await runPrimary(settings);
else await runServer(settings);
