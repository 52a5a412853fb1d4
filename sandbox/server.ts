import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import type { Bundle, Patient } from 'fhir/r4';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { createCdsApp } from '../cds-hooks/app.js';
import { defaultCdsConfig, DEFAULT_REFERRAL } from '../cds-hooks/config.js';
import { FeedbackStore } from '../cds-hooks/store/feedback-store.js';
import { openSqlClient } from '../cds-hooks/store/sql-client.js';
import { tokenAuthorizer } from './auth/access-policy.js';
import { AuthServer, type BackendClient } from './auth/auth-server.js';
import { sandboxClients } from './auth/clients.js';
import { jwks, newSigningKey } from './auth/keys.js';
import type { SandboxConfig } from './config.js';
import { SandboxCdsClient } from './ehr/cds-client.js';
import { createEhrApi, SPINE_REFERRAL_CODING } from './ehr/ehr-api.js';
import { capabilityStatement } from './fhir/capability.js';
import { loadFhirDefinitions } from './fhir/definitions.js';
import { createFhirApp } from './fhir/fhir-app.js';
import { notFound } from '../cds-hooks/outcomes.js';
import { problem, problemOnError } from './problem.js';
import { staticFiles } from './static-files.js';
import { createBulkExport } from './fhir/bulk-export.js';
import { SERVER_PROFILES } from './fhir/server-profiles.js';
import { IndexedRepository } from './fhir/indexed-repository.js';
import { loadFolder, SANDBOX_PRACTITIONER, seedGenerated, seedScenarios } from './fhir/seed.js';

export const FHIR_PATH = '/fhir/R4';
const ROOT = join(import.meta.dirname, '..');
const USER = `Practitioner/${SANDBOX_PRACTITIONER.id}`;

export interface SandboxOptions extends SandboxConfig {
  /** Where the CDS feedback database lives: a PGlite folder, `memory`, or a postgres:// URL. */
  feedbackDb?: string;
  log?: (line: string) => void;
  /** SMART Backend Services clients allowed to bulk-export (`system/*.rs`). */
  bulkClients?: BackendClient[];
  /**
   * The day the scenario charts are moved to (YYYY-MM-DD); today by default, so the demonstration
   * never ages.
   */
  scenarioDate?: string;
  /** This sandbox's own state (feedback store, audit spool); default `.data/sandbox-<port>`. */
  dataDir?: string;
}

/** Per-port state: two sandboxes of one checkout (on two ports) never share a file. */
export function sandboxDataDir(port: number): string {
  return join(ROOT, '.data', `sandbox-${port}`);
}

export interface Sandbox {
  app: Hono;
  origin: string;
  fhirBase: string;
  repo: IndexedRepository;
  auth: AuthServer;
  feedbackStore: () => Promise<FeedbackStore>;
  seedReport: { scenarios: number; loaded?: number; generated?: number; errors: string[] };
  close(): Promise<void>;
}

/**
 * Builds the whole sandbox as one Hono app on `origin`: FHIR, SMART auth, CDS Hooks, EHR page, app.
 */
export async function createSandbox(opts: SandboxOptions): Promise<Sandbox> {
  const origin = `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${opts.port}`;
  const fhirBase = `${origin}${FHIR_PATH}`;
  const log = opts.log ?? ((l: string) => console.log(l));

  loadFhirDefinitions();
  const repo = new IndexedRepository();
  const today = new Date().toISOString().slice(0, 10);
  const scenarios = await seedScenarios(repo, join(ROOT, 'fixtures', 'scenarios'), {
    asOf: opts.scenarioDate ?? today,
  });
  const seedReport: Sandbox['seedReport'] = {
    scenarios: scenarios.files,
    errors: [...scenarios.errors],
  };
  if (opts.loadDir) {
    const r = await loadFolder(repo, opts.loadDir);
    seedReport.loaded = r.resources;
    seedReport.errors.push(...r.errors);
  }
  if (opts.generatePatients > 0) {
    seedReport.generated = await seedGenerated(
      repo,
      opts.generatePatients,
      opts.generateObservations,
      today,
    );
  }

  const [authKey, ehrKey] = await Promise.all([newSigningKey('RS256'), newSigningKey('ES384')]);
  const auth = new AuthServer({
    origin,
    fhirBase,
    clients: sandboxClients(origin),
    key: authKey,
    defaultUser: USER,
    accessTokenSeconds: opts.accessTokenSeconds,
    ...(opts.bulkClients ? { backendClients: opts.bulkClients } : {}),
    listPatients: async () => {
      const b = (await repo.search({
        resourceType: 'Patient',
        count: 1000,
      })) as unknown as Bundle<Patient>;
      return (b.entry ?? [])
        .map((e) => e.resource!)
        .map((p) => ({
          id: p.id!,
          name:
            [p.name?.[0]?.given?.join(' '), p.name?.[0]?.family].filter(Boolean).join(' ') || p.id!,
          ...(p.birthDate ? { birthDate: p.birthDate } : {}),
        }));
    },
  });
  // One token check for the FHIR endpoint and bulk export.
  const authorize = tokenAuthorizer({
    issuer: auth.issuer,
    fhirBase,
    publicKey: authKey.publicKey,
    alg: authKey.alg,
    revokedGrants: auth.revokedGrants,
  });
  const fhirApp = createFhirApp({
    basePath: FHIR_PATH,
    repo,
    capabilityStatement: () =>
      capabilityStatement({
        fhirBase,
        authorizeUrl: `${auth.issuer}/authorize`,
        tokenUrl: `${auth.issuer}/token`,
      }),
    authorize,
    ...(opts.fhirProfile ? { quirks: SERVER_PROFILES[opts.fhirProfile]! } : {}),
  });

  // The EHR back end's own access, renewed before it expires.
  let ehrToken: { value: string; until: number } | undefined;
  const ehrFhir = async (relativeUrl: string, init: RequestInit = {}) => {
    if (!ehrToken || ehrToken.until < Date.now() + 30_000) {
      const t = await auth.mintToken('sandbox-ehr', 'user/*.cruds', { patient: '', user: USER });
      ehrToken = { value: t.access_token, until: Date.now() + t.expires_in * 1000 };
    }
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${ehrToken.value}`);
    return fhirApp.fetch(new Request(`${fhirBase}/${relativeUrl}`, { ...init, headers }));
  };

  let store: Promise<FeedbackStore> | undefined;
  const feedbackStore = () => {
    store ??= (async () => {
      const dataDir = opts.dataDir ?? sandboxDataDir(opts.port);
      const where = opts.feedbackDb ?? join(dataDir, 'cds-feedback');
      const spoolDir = where === 'memory' ? undefined : join(dataDir, 'cds-audit-spool');
      return FeedbackStore.open(await openSqlClient(where), {
        adoptSpool: true,
        ...(spoolDir ? { spoolDir } : {}),
      });
    })();
    // A failed open is tried again on the next call rather than remembered for good.
    store.catch(() => {
      store = undefined;
    });
    return store;
  };
  const cdsConfig = defaultCdsConfig(origin, {
    // The sandbox EHR is trusted only here: its issuer exists only inside the sandbox.
    trustedIssuers: [
      {
        iss: `${origin}/ehr`,
        jwksUrls: [`${origin}/ehr/.well-known/jwks.json`],
        algorithms: ['ES384'],
        fhirServers: [fhirBase],
        sandboxOnly: true,
      },
    ],
    corsOrigins: [origin],
    allowHttpFhir: true,
    referral: { ...DEFAULT_REFERRAL, codes: [...DEFAULT_REFERRAL.codes, SPINE_REFERRAL_CODING] },
    appLaunchUrl: `${origin}/launch.html`,
  });
  const cdsApp = createCdsApp({
    config: cdsConfig,
    store: feedbackStore,
    log,
    adminToken: 'sandbox-admin',
  });
  const cdsClient = new SandboxCdsClient({
    cdsBaseUrl: opts.cdsBaseUrl ?? origin,
    issuer: `${origin}/ehr`,
    jwksUrl: `${origin}/ehr/.well-known/jwks.json`,
    key: ehrKey,
    readFhir: async (url) => {
      const res = await ehrFhir(url);
      if (res.status === 404) return null;
      if (!res.ok) throw new Error(`prefetch ${res.status}`);
      return res.json();
    },
  });
  const ehrApi = createEhrApi({
    auth,
    cds: cdsClient,
    fhir: ehrFhir,
    fhirBase,
    launchUrl: `${origin}/launch.html`,
    user: USER,
    cdsClientId: 'spinescore-cds-service',
    origin,
  });

  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'no-referrer');
  });
  // SMART servers allow CORS on discovery and token endpoints from any origin (SMART §CORS).
  app.use(
    `${FHIR_PATH}/*`,
    cors({
      origin: '*',
      allowHeaders: ['Authorization', 'Content-Type', 'Accept', 'If-None-Exist', 'Prefer'],
      exposeHeaders: ['Location', 'ETag'],
    }),
  );
  app.use('/auth/token', cors({ origin: '*' }));
  app.get(`${FHIR_PATH}/.well-known/smart-configuration`, (c) => c.json(auth.smartConfiguration()));
  const bulk = createBulkExport({ basePath: FHIR_PATH, repo, authorize });
  // Bulk Data $export before the general FHIR endpoint (which has no operations).
  app.route(FHIR_PATH, bulk);
  app.all(FHIR_PATH, (c) => fhirApp.fetch(c.req.raw));
  app.all(`${FHIR_PATH}/*`, (c) => fhirApp.fetch(c.req.raw));
  app.route('/auth', auth.app);
  app.get('/ehr/.well-known/jwks.json', (c) => c.json(jwks(ehrKey)));
  app.route('/ehr/api', ehrApi);
  app.route('/', cdsApp);

  const dist = join(ROOT, opts.staticDir);
  const pageHeaders = async (c: import('hono').Context, next: () => Promise<void>) => {
    await next();
    // Tokens live in sessionStorage: no inline or third-party script may run (interop B-40).
    c.header(
      'content-security-policy',
      `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src ` +
        `'self' data:; connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; ` +
        `base-uri 'none'; form-action 'self'`,
    );
  };
  app.get('/', (c) => c.redirect('/ehr/', 302));
  app.use('/ehr/*', pageHeaders);
  app.get('/ehr/*', staticFiles({ root: join(dist, 'ehr'), prefix: '/ehr' }));
  app.use('/*', pageHeaders);
  app.get('/*', staticFiles({ root: join(dist, 'app') }));
  app.notFound((c) => problem(c, notFound()));
  app.onError(problemOnError(log));
  if (!existsSync(join(dist, 'app', 'index.html')))
    log(
      `[sandbox] ${join(opts.staticDir, 'app')} is missing: run npm run build to serve ` +
        `the app and the EHR page.`,
    );

  return {
    app,
    origin,
    fhirBase,
    repo,
    auth,
    feedbackStore,
    seedReport,
    close: async () => {
      if (store) await (await store).close();
    },
  };
}

/** Starts the sandbox on its port; resolves once it listens. */
export async function startSandbox(
  opts: SandboxOptions,
): Promise<Sandbox & { server: ServerType }> {
  const sandbox = await createSandbox(opts);
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: sandbox.app.fetch, hostname: opts.host, port: opts.port }, () =>
      resolve(s),
    );
    s.once('error', reject);
  });
  return {
    ...sandbox,
    server,
    close: async () => {
      // Keep-alive connections (browsers, fetch) would hold close() open: end them too.
      const closed = new Promise<void>((r) => server.close(() => r()));
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      await closed;
      await sandbox.close();
    },
  };
}
