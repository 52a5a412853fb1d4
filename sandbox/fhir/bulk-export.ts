import { randomUUID } from 'node:crypto';
import type { Bundle, Group, Resource } from 'fhir/r4';
import { Hono, type Context } from 'hono';
import { compartmentOf, SHARED_TYPES } from './compartment.js';
import type { AccessPolicy, Refusal } from './fhir-app.js';
import { fhirError, isRefusal, storedResources } from './fhir-app.js';
import {
  badRequest,
  forbidden,
  normalizeOutcome,
  notFound,
  OutcomeError,
  serverError,
  tooManyRequests,
  type Outcome,
} from '../../cds-hooks/outcomes.js';
import type { IndexedRepository } from './indexed-repository.js';

/**
 * FHIR Bulk Data Access (Flat FHIR) `$export` for the sandbox: system, Patient and Group level,
 * `_type` and `_since`, async kick-off (202 + Content-Location), polling (202 + X-Progress +
 * Retry-After), the manifest, NDJSON files behind the same token, and cancellation (DELETE).
 * Only confidential back-end clients (SMART Backend Services, `system/` scopes) may export; a job
 * belongs to the client that started it. Jobs and their files are kept for `jobLifetimeMs` after
 * they finish (the manifest's `Expires`), and the server keeps at most `maxJobs` jobs and
 * `maxBytes` of files: a kick-off beyond that is 429 with `Retry-After`.
 */
export interface BulkExportOptions {
  basePath: string;
  repo: IndexedRepository;
  authorize: (req: Request) => Promise<AccessPolicy | Refusal>;
  /** A job takes at least this long (so clients are seen to poll); default 200 ms. */
  minJobMs?: number;
  now?: () => number;
  /** How long a finished job and its files are kept; default one hour. */
  jobLifetimeMs?: number;
  /** Jobs kept at once (running or finished, all clients); default 8. */
  maxJobs?: number;
  /** Bytes of export files kept at once; default 256 MiB. */
  maxBytes?: number;
}

export const BULK_DEFAULTS = {
  jobLifetimeMs: 3_600_000,
  maxJobs: 8,
  maxBytes: 256 * 1024 * 1024,
} as const;

interface Job {
  id: string;
  request: string;
  transactionTime: string;
  state: 'running' | 'done' | 'failed';
  files: Map<string, string>;
  counts: Map<string, number>;
  /** The client (`client_id`) that started it. */
  owner: string;
  bytes: number;
  /** When it and its files are deleted (set when it finishes). */
  expiresAt?: number;
}

const TYPE = /^[A-Z][A-Za-z]+$/;

export function createBulkExport(opts: BulkExportOptions): Hono {
  const app = new Hono();
  const jobs = new Map<string, Job>();
  const stored = storedResources(opts.repo);
  const now = opts.now ?? Date.now;
  const lifetime = opts.jobLifetimeMs ?? BULK_DEFAULTS.jobLifetimeMs;
  const maxJobs = opts.maxJobs ?? BULK_DEFAULTS.maxJobs;
  const maxBytes = opts.maxBytes ?? BULK_DEFAULTS.maxBytes;
  const fail = (c: Context, o: Outcome, headers: Record<string, string> = {}) =>
    fhirError(c, o, headers);
  const keptBytes = () => [...jobs.values()].reduce((n, j) => n + j.bytes, 0);

  /** Drops expired jobs (on every request: nothing is kept past its lifetime once anyone calls). */
  function sweep(): void {
    const t = now();
    for (const [id, j] of jobs) if (j.expiresAt !== undefined && j.expiresAt <= t) jobs.delete(id);
  }
  /** Seconds until the next kept job expires (a running one: its lifetime from now). */
  function retryAfter(): string {
    const t = now();
    const next = Math.min(...[...jobs.values()].map((j) => j.expiresAt ?? t + lifetime));
    return String(Math.max(1, Math.ceil((next - t) / 1000)));
  }

  async function policyOf(c: Context): Promise<AccessPolicy | Response> {
    const p = await opts.authorize(c.req.raw);
    return isRefusal(p) ? fhirError(c, p) : p;
  }

  async function kickOff(
    c: Context,
    level: 'system' | 'patient' | 'group',
    groupId?: string,
  ): Promise<Response> {
    const policy = await policyOf(c);
    if (policy instanceof Response) return policy;
    sweep();
    if (policy.clientKind !== 'backend' || !policy.clientId)
      return fail(
        c,
        forbidden('Bulk export is for confidential back-end clients (SMART Backend Services).'),
      );
    if (c.req.header('prefer') !== 'respond-async')
      return fail(c, badRequest('Bulk export needs the header Prefer: respond-async.'));
    const fmt = c.req.query('_outputFormat');
    if (fmt && !['application/fhir+ndjson', 'application/ndjson', 'ndjson'].includes(fmt))
      return fail(
        c,
        badRequest(
          `_outputFormat ${fmt} is not supported; use application/fhir+ndjson.`,
          'not-supported',
        ),
      );
    const types = (c.req.query('_type') ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    const bad = types.find((t) => !TYPE.test(t));
    if (bad) return fail(c, badRequest(`_type ${bad} is not a resource type.`));
    const sinceText = c.req.query('_since');
    const since = sinceText ? Date.parse(sinceText) : undefined;
    if (sinceText && Number.isNaN(since))
      return fail(c, badRequest('_since must be a FHIR instant.'));
    const wanted = types.length
      ? types
      : [
          'Patient',
          'Condition',
          'Observation',
          'MedicationRequest',
          'MedicationStatement',
          'Procedure',
          'ServiceRequest',
          'Medication',
        ];
    const refused = wanted.find((t) => !policy.systemReads?.(t));
    if (refused)
      return fail(
        c,
        forbidden(
          `No system/ scope reads ${refused}: bulk export is for back-end clients (SMART ` +
            `Backend Services).`,
        ),
      );
    let members: Set<string> | undefined;
    if (level === 'group') {
      let group: Group;
      try {
        group = (await opts.repo.readResource('Group', groupId!)) as Group;
      } catch {
        return fail(c, notFound(`Group/${groupId} not found.`));
      }
      members = new Set(
        (group.member ?? [])
          .map((m) => m.entity.reference ?? '')
          .filter((r) => r.startsWith('Patient/')),
      );
    }
    if (jobs.size >= maxJobs || keptBytes() >= maxBytes) {
      return fail(
        c,
        tooManyRequests(
          `The server keeps ${maxJobs} export jobs (${maxBytes} bytes) at most; delete a ` +
            `finished job or retry later.`,
        ),
        { 'retry-after': retryAfter() },
      );
    }
    const base = `${new URL(c.req.url).origin}${opts.basePath}`;
    const job: Job = {
      id: randomUUID(),
      request: c.req.url,
      transactionTime: new Date(now()).toISOString(),
      state: 'running',
      files: new Map(),
      counts: new Map(),
      owner: policy.clientId,
      bytes: 0,
    };
    jobs.set(job.id, job);
    const started = now();
    const finish = (state: 'done' | 'failed') => {
      job.state = state;
      job.expiresAt = now() + lifetime;
    };
    void (async () => {
      for (const type of wanted) {
        const lines: string[] = [];
        for (let offset = 0; ; offset += 1000) {
          // One page at a time, other requests in between: an export never stalls the server.
          await new Promise((r) => setImmediate(r));
          const page = (await opts.repo.search({
            resourceType: type as 'Patient',
            count: 1000,
            offset,
          })) as unknown as Bundle;
          const rs = (page.entry ?? []).map((e) => e.resource!) as Resource[];
          for (const r of rs) {
            if (!jobs.has(job.id)) return; // cancelled
            const compartment = compartmentOf(r);
            if (level !== 'system' && !compartment && !SHARED_TYPES.has(r.resourceType)) continue;
            if (members && compartment && !members.has(compartment)) continue;
            if (since !== undefined && Date.parse(r.meta?.lastUpdated ?? '') < since) continue;
            if (!(await policy.canSee(r, stored))) continue;
            const line = JSON.stringify(r);
            job.bytes += line.length + 1;
            lines.push(line);
          }
          if (keptBytes() > maxBytes) {
            // Over what the server keeps: the job fails and its files are dropped.
            job.files.clear();
            job.bytes = 0;
            finish('failed');
            return;
          }
          if (rs.length < 1000) break;
        }
        if (lines.length) {
          job.files.set(type, `${lines.join('\n')}\n`);
          job.counts.set(type, lines.length);
        }
      }
      const wait = (opts.minJobMs ?? 200) - (now() - started);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      finish('done');
    })().catch(() => {
      job.files.clear();
      job.bytes = 0;
      finish('failed');
    });
    return c.body(null, 202, { 'content-location': `${base}/$export-status/${job.id}` });
  }

  /** Only the client that started a job may see, download or cancel it. */
  const ownJob = (c: Context, policy: AccessPolicy): Job | undefined => {
    sweep();
    const job = jobs.get(c.req.param('job') ?? '');
    return job &&
      policy.clientKind === 'backend' &&
      policy.clientId !== undefined &&
      job.owner === policy.clientId
      ? job
      : undefined;
  };

  app.get('/$export', (c) => kickOff(c, 'system'));
  app.get('/Patient/$export', (c) => kickOff(c, 'patient'));
  app.get('/Group/:id/$export', (c) => kickOff(c, 'group', c.req.param('id')));

  app.get('/$export-status/:job', async (c) => {
    const policy = await policyOf(c);
    if (policy instanceof Response) return policy;
    const job = ownJob(c, policy);
    if (!job)
      return fail(
        c,
        notFound('No such export job (finished and deleted, cancelled, or never started).'),
      );
    if (job.state === 'running')
      return c.body(null, 202, { 'x-progress': 'in progress', 'retry-after': '1' });
    const expires = new Date(job.expiresAt!).toUTCString();
    if (job.state === 'failed')
      return fail(
        c,
        serverError(
          `The export is larger than the server keeps (${maxBytes} bytes); export fewer ` +
            `types or patients.`,
          'too-costly',
        ),
        { expires },
      );
    const base = `${new URL(c.req.url).origin}${opts.basePath}`;
    return c.json(
      {
        transactionTime: job.transactionTime,
        request: job.request,
        requiresAccessToken: true,
        output: [...job.files.keys()].map((type) => ({
          type,
          url: `${base}/$export-file/${job.id}/${type}.ndjson`,
          count: job.counts.get(type),
        })),
        error: [],
      },
      200,
      { 'content-type': 'application/json', expires },
    );
  });

  app.delete('/$export-status/:job', async (c) => {
    const policy = await policyOf(c);
    if (policy instanceof Response) return policy;
    const job = ownJob(c, policy);
    if (!job) return fail(c, notFound('No such export job.'));
    jobs.delete(job.id);
    return c.body(null, 202);
  });

  app.get('/$export-file/:job/:file', async (c) => {
    const policy = await policyOf(c);
    if (policy instanceof Response) return policy;
    const job = ownJob(c, policy);
    const type = c.req.param('file').replace(/\.ndjson$/, '');
    const text = job?.state === 'done' ? job.files.get(type) : undefined;
    if (text === undefined) return fail(c, notFound('No such export file.'));
    return c.body(text, 200, {
      'content-type': 'application/fhir+ndjson',
      expires: new Date(job!.expiresAt!).toUTCString(),
    });
  });
  // The one error handler: an OutcomeError as itself, anything else the generic 500.
  app.onError((err, c) =>
    fhirError(c, normalizeOutcome(err), err instanceof OutcomeError ? { ...err.headers } : {}),
  );
  return app;
}
