import type { Context } from 'hono';
import { Hono } from 'hono';
import { ClientJwtVerifier, JwtRefused, type VerifiedClient } from './auth/client-jwt.js';
import { ReplayStoreUnavailable, type ReplayStore } from './auth/replay-store.js';
import { bodyLimit } from './body-limit.js';
import { cardKindOf } from './cards/card-ids.js';
import { cors } from './cors.js';
import { loggableId, logLine } from './log-line.js';
import { normalizeFhirBase, withinBase } from './fhir-server-url.js';
import {
  badRequest,
  contentTooLarge,
  normalizeOutcome,
  notFound,
  OutcomeError,
  statusOf,
  unauthorized,
  unavailable,
  type Outcome,
} from './outcomes.js';
import { sameSecret } from './same-secret.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.js';
import { AssessmentCache } from './data/assessment-cache.js';
import type { CdsConfig } from './config.js';
import type { AuditEntry, FeedbackStore } from './store/feedback-store.js';
import { cdsRequestSchema, describeIssues, feedbackSchema } from './request-schema.js';
import { discoveryEntry, offeredServices } from './services.js';

export interface CdsAppOptions {
  config: CdsConfig;
  /** Resolved lazily so the service answers hooks while the database starts. */
  store?: () => Promise<FeedbackStore>;
  /**
   * One JSON line per request (log-line.ts): ids, status and timing only, never clinical data or
   * tokens.
   */
  log?: (line: string) => void;
  now?: () => number;
  fetch?: typeof fetch;
  verifier?: ClientJwtVerifier;
  /** Where accepted JWT ids are remembered; default in memory (one process). */
  replayStore?: ReplayStore;
  /** Bearer token for the feedback statistics endpoint; absent = endpoint off. */
  adminToken?: string;
}

/**
 * Every error of the CDS routes, rendered in one place: an OperationOutcome (outcomes.ts) with its
 * status. CDS Hooks 2.0 leaves error bodies open; FHIR's is the shape its clients already read.
 */
function problem(c: Context, o: Outcome, headers: Record<string, string> = {}) {
  return c.json(o, statusOf(o), headers);
}
/** The same answer whatever the reason (the reason goes to the log only). */
const UNAUTHORIZED = unauthorized('A valid CDS client JWT is required.');

/**
 * The CDS Hooks 2.0 service (interop A1–A12). Mount at the site root: paths are `/cds-services…`.
 */
export function createCdsApp(opts: CdsAppOptions): Hono {
  const { config } = opts;
  const now = opts.now ?? Date.now;
  const log = opts.log ?? ((line: string) => console.log(line));
  const verifier =
    opts.verifier ?? new ClientJwtVerifier(config.trustedIssuers, now, undefined, opts.replayStore);
  const assessments = new AssessmentCache(
    config.assessmentCache.entries,
    config.assessmentCache.ttlMs,
    now,
  );
  // Discovery and the routes are built from one table (services.ts).
  const services = offeredServices(config);
  const discovery = services.map(discoveryEntry);
  const app = new Hono();

  app.get('/health', (c) => c.json({ status: 'ok' }));
  const corsMiddleware = cors(config.corsOrigins);
  app.use('/cds-services', corsMiddleware);
  app.use('/cds-services/*', corsMiddleware);
  app.use(
    '/cds-services/*',
    bodyLimit(config.maxBodyBytes, (c) =>
      problem(c, contentTooLarge(`Request body over ${config.maxBodyBytes} bytes.`)),
    ),
  );

  /** Verifies the JWT for this exact endpoint URL; undefined = refused (401 already chosen). */
  async function authenticate(
    c: Context,
    path: string,
    required: boolean,
  ): Promise<VerifiedClient | null | undefined> {
    const header = c.req.header('authorization');
    if (!header) return required && !config.allowUnauthenticated ? undefined : null;
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) return undefined;
    try {
      return await verifier.verify(m[1]!, `${config.publicBaseUrl}${path}`);
    } catch (e) {
      if (e instanceof ReplayStoreUnavailable) throw e;
      log(
        logLine('refused', {
          status: 401,
          path,
          reason: e instanceof JwtRefused ? e.message : 'verification error',
        }),
      );
      return undefined;
    }
  }
  const refuse = (c: Context) => problem(c, UNAUTHORIZED, { 'www-authenticate': 'Bearer' });

  app.get('/cds-services', async (c) => {
    const who = await authenticate(c, '/cds-services', false);
    if (who === undefined) return refuse(c);
    return c.json({ services: discovery });
  });

  app.post('/cds-services/:id/feedback', async (c) => {
    const id = c.req.param('id');
    if (!services.some((s) => s.id === id)) return problem(c, notFound('Unknown service.'));
    const who = await authenticate(c, `/cds-services/${id}/feedback`, true);
    if (who === undefined) return refuse(c);
    const body = await readJson(c);
    const bad = badBody(c, body);
    if (bad) return bad;
    const parsed = feedbackSchema.safeParse(body);
    if (!parsed.success)
      return problem(c, badRequest(`Invalid feedback: ${describeIssues(parsed.error)}`));
    if (!opts.store) return c.json({}, 200);
    const identity = {
      ...(who?.iss ? { iss: who.iss } : {}),
      ...(who?.sub ? { sub: who.sub } : {}),
      ...(who?.tenant ? { tenant: who.tenant } : {}),
    };
    let store: FeedbackStore;
    try {
      store = await opts.store();
      await store.record(
        id,
        parsed.data.feedback,
        (uuid) => cardKindOf(uuid) ?? 'unknown',
        identity,
      );
    } catch {
      // Not stored: say so, so the EHR reports it again (A-60 makes a repeat harmless).
      log(
        logLine('unavailable', {
          status: 503,
          path: `/cds-services/${id}/feedback`,
          reason: 'feedback store unavailable',
        }),
      );
      return problem(
        c,
        unavailable('The feedback could not be stored right now; send it again shortly.'),
        { 'retry-after': '10' },
      );
    }
    store.audit({
      at: new Date(now()),
      serviceId: id,
      action: 'feedback',
      status: 200,
      ...identity,
    });
    return c.json({}, 200);
  });

  app.get('/cds-admin/feedback-stats', async (c) => {
    // Compared in constant time: the token's characters cannot be found one by one by timing.
    const presented = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (!opts.adminToken || !opts.store || !sameSecret(presented, opts.adminToken))
      return refuse(c);
    try {
      return c.json({ cards: await (await opts.store()).stats() });
    } catch {
      return problem(c, unavailable('The feedback store is not answering right now.'), {
        'retry-after': '10',
      });
    }
  });

  app.post('/cds-services/:id', async (c) => {
    const started = performance.now();
    const id = c.req.param('id');
    const service = services.find((s) => s.id === id);
    if (!service) return problem(c, notFound('Unknown service.'));
    const who = await authenticate(c, `/cds-services/${id}`, true);
    if (who === undefined) return refuse(c);
    const body = await readJson(c);
    const bad = badBody(c, body);
    if (bad) return bad;
    const parsed = cdsRequestSchema.safeParse(body);
    if (!parsed.success)
      return problem(c, badRequest(`Invalid CDS Hooks request: ${describeIssues(parsed.error)}`));
    const request = parsed.data;
    if (service.hook !== request.hook)
      return problem(c, badRequest(`Service ${id} does not answer the ${request.hook} hook.`));

    // Without fhirAuthorization the service has no access to the EHR's FHIR server (CDS Hooks
    // §FHIR Resource Access): it reads prefetch only, and answers 412 when what it needs is absent.
    const fhirServer =
      request.fhirServer && request.fhirAuthorization
        ? allowedFhirServer(request.fhirServer, who, config)
        : undefined;
    if (request.fhirServer && !request.fhirAuthorization) {
      log(
        logLine('fhir-server-unused', {
          service: id,
          hookInstance: loggableId(request.hookInstance),
          reason: 'no fhirAuthorization; prefetch only',
        }),
      );
    } else if (request.fhirServer && !fhirServer) {
      log(
        logLine('fhir-server-refused', {
          service: id,
          hookInstance: loggableId(request.hookInstance),
          reason: 'not on the allow-list; not contacted',
        }),
      );
    }
    const asOf = new Date(now()).toISOString().slice(0, 10);
    const outcome = await service.run({
      request,
      config,
      asOf,
      cache: assessments,
      ...(fhirServer ? { fhirServer } : {}),
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
    });
    // A context that does not fit the hook: refused before anything is read or audited.
    if ('error' in outcome && statusOf(outcome.error) === 400) return problem(c, outcome.error);
    const status = 'error' in outcome ? statusOf(outcome.error) : 200;

    const ms = (performance.now() - started).toFixed(1);
    if (opts.store) {
      const hookInstance = loggableId(request.hookInstance);
      const entry: AuditEntry = {
        at: new Date(now()),
        serviceId: id,
        action: 'hook',
        status,
        ...(hookInstance ? { hookInstance } : {}),
        ...(who?.iss ? { iss: who.iss } : {}),
        ...(who?.sub ? { sub: who.sub } : {}),
        ...(who?.tenant ? { tenant: who.tenant } : {}),
      };
      void opts.store().then(
        (s) => s.audit(entry),
        () => undefined,
      );
    }
    // The hook was matched against the service's own list above; the hookInstance only if a UUID.
    log(
      logLine('hook', {
        service: id,
        hook: request.hook,
        hookInstance: loggableId(request.hookInstance),
        status,
        cards: 'error' in outcome ? undefined : outcome.body.cards.length,
        ms: Number(ms),
      }),
    );
    return 'error' in outcome ? problem(c, outcome.error) : c.json(outcome.body, 200);
  });

  app.notFound((c) => problem(c, notFound()));
  // The one error handler: whatever was thrown becomes an outcome (outcomes.ts).
  app.onError((err, c) => {
    const path = new URL(c.req.url).pathname;
    if (err instanceof ReplayStoreUnavailable) {
      // Neither accept nor refuse a token whose jti cannot be checked; the client may retry.
      log(logLine('unavailable', { status: 503, path, reason: 'replay store unavailable' }));
      const o = unavailable(
        'The service cannot check the request token right now; try again shortly.',
      );
      return problem(c, o, { 'retry-after': '5' });
    }
    if (err instanceof OutcomeError) return problem(c, err.outcome, { ...err.headers });
    log(logLine('error', { status: 500, path, error: err.name }));
    return problem(c, normalizeOutcome(err));
  });
  return app;
}

const BAD_JSON = Symbol('bad json');
const TOO_DEEP = Symbol('too deep');
async function readJson(c: Context): Promise<unknown> {
  let value: unknown;
  try {
    value = JSON.parse(await c.req.text());
  } catch {
    return BAD_JSON;
  }
  return nestsDeeperThan(value) ? TOO_DEEP : value;
}
function badBody(c: Context, body: unknown) {
  if (body === BAD_JSON)
    return problem(c, badRequest('Request body is not valid JSON.', 'structure'));
  if (body === TOO_DEEP)
    return problem(
      c,
      badRequest(`Request body nests deeper than ${MAX_JSON_DEPTH} levels.`, 'too-costly'),
    );
  return undefined;
}

/**
 * Only FHIR servers configured for the calling issuer are contacted; http only when allowed.
 * Returns the normalised base to use, or undefined when it may not be contacted.
 */
function allowedFhirServer(
  raw: string,
  who: VerifiedClient | null,
  config: CdsConfig,
): string | undefined {
  const url = normalizeFhirBase(raw);
  if (!url || (url.startsWith('http:') && !config.allowHttpFhir)) return undefined;
  const allowed = who
    ? who.issuer.fhirServers
    : config.allowUnauthenticated
      ? config.trustedIssuers.flatMap((i) => i.fhirServers)
      : [];
  return allowed.some((base) => withinBase(url, base)) ? url : undefined;
}
