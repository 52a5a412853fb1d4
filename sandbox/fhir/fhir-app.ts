import {
  getStatus,
  OperationOutcomeError,
  parseSearchRequest,
  validateResource,
} from '@medplum/core';
import { FhirRouter, type FhirRequest, type HttpMethod } from '@medplum/fhir-router';
import type { Resource as MedplumResource } from '@medplum/fhirtypes';
import type { Bundle, OperationOutcome, OperationOutcomeIssue, Resource } from 'fhir/r4';
import { Hono, type Context } from 'hono';
import { bodyLimit } from '../../cds-hooks/body-limit.js';
import {
  badRequest,
  contentTooLarge,
  forbidden,
  fromStatus,
  isOutcome,
  notFound,
  OutcomeError,
  serverError,
  statusOf,
  type Outcome,
} from '../../cds-hooks/outcomes.js';
import { compartmentOf } from './compartment.js';
import type { IndexedRepository } from './indexed-repository.js';
import { parseOperation, type FhirOperation } from './operation.js';
import { requiredBindingIssues } from './required-bindings.js';
import { PageTokens, withOutcomeWarning, type ServerQuirks } from './server-profiles.js';

/** The stored state an access decision looks at (the current version of a resource). */
export interface StoredResources {
  read(resourceType: string, id: string): Promise<Resource | undefined>;
  /**
   * What a condition (`_id=…&…`) matches, as the router evaluates it; undefined if it is not a
   * search.
   */
  search(resourceType: string, query: string): Promise<Resource[] | undefined>;
}

/** The stored state of a repository, for access decisions. */
export function storedResources(repo: IndexedRepository): StoredResources {
  return {
    read: async (type, id) => {
      try {
        return (await repo.readResource(type as never, id)) as Resource;
      } catch {
        return undefined;
      }
    },
    search: async (type, query) => {
      let request;
      try {
        request = parseSearchRequest(`${type}?${query}`);
      } catch {
        return undefined;
      }
      try {
        return (await repo.searchResources(request)) as Resource[];
      } catch {
        return undefined;
      }
    },
  };
}

/** What the access policy of a request allows (see sandbox/auth/access-policy.ts). */
export interface AccessPolicy {
  /** A refusal for this interaction (decided before it runs), or undefined when it is allowed. */
  check(op: FhirOperation, stored: StoredResources): Promise<Refusal | undefined>;
  /** Whether a returned resource is inside what the token may see. */
  canSee(resource: Resource, stored: StoredResources): Promise<boolean>;
  /** Whether this token may bulk-export this type (a back-end client's `system/` scope). */
  systemReads?(resourceType: string): boolean;
  /** Who the token was issued to (`sub`). */
  readonly subject?: string | undefined;
  /** The client the token was issued to, and its kind (sandbox/auth/access-model.ts). */
  readonly clientId?: string | undefined;
  readonly clientKind?: string | undefined;
}
/** A refused request (cds-hooks/outcomes.ts): 400, 401, 403 or 412. */
export type Refusal = Outcome;

export interface FhirAppOptions {
  /** Path prefix, e.g. `/fhir/R4`. */
  basePath: string;
  repo: IndexedRepository;
  capabilityStatement: () => Resource;
  /** Resolves the request's bearer token to a policy; absent = open server. */
  authorize?: (req: Request) => Promise<AccessPolicy | Refusal>;
  /** Page size when the client sends no `_count`, and the cap on `_count`. */
  defaultPageSize?: number;
  maxPageSize?: number;
  maxBodyBytes?: number;
  /** Behave like a less helpful real EHR server (server-profiles.ts). */
  quirks?: ServerQuirks;
}

const FHIR_JSON = { 'content-type': 'application/fhir+json; charset=utf-8' };

/**
 * Every error of the FHIR endpoints (this app and Bulk Data), rendered in one place: the
 * OperationOutcome with its status (cds-hooks/outcomes.ts); a 401 carries a Bearer challenge.
 */
export function fhirError(c: Context, o: Outcome, headers: Record<string, string> = {}): Response {
  const challenge: Record<string, string> =
    statusOf(o) === 401 ? { 'www-authenticate': 'Bearer error="invalid_token"' } : {};
  return c.json(o, statusOf(o), { ...FHIR_JSON, ...challenge, ...headers });
}

export function isRefusal(v: AccessPolicy | Refusal): v is Refusal {
  return isOutcome(v);
}

/**
 * The embedded FHIR R4 endpoint: Medplum's FhirRouter over an indexed in-memory repository,
 * plus what MemoryRepository lacks for real clients (CapabilityStatement, bare-id references,
 * paging links, validation on write, Location headers) and the sandbox's token enforcement.
 */
export function createFhirApp(opts: FhirAppOptions): Hono {
  const router = new FhirRouter();
  const app = new Hono();
  const pageSize = opts.defaultPageSize ?? 100;
  const quirks = opts.quirks ?? {};
  const maxPage = Math.min(opts.maxPageSize ?? 1000, quirks.maxCount ?? Infinity);
  const tokens = new PageTokens();
  const stored = storedResources(opts.repo);

  app.use(
    '*',
    bodyLimit(opts.maxBodyBytes ?? 50 * 1024 * 1024, (c) =>
      fhirError(c, contentTooLarge('Request body too large.')),
    ),
  );

  app.all('*', async (c) => {
    let url = new URL(c.req.url);
    let relPath = url.pathname.slice(opts.basePath.length).replace(/^\/+/, '');
    const pageToken =
      relPath === '' && c.req.method === 'GET' ? url.searchParams.get('_getpages') : null;
    if (pageToken !== null) {
      const target = tokens.resolve(pageToken);
      if (!target) return fhirError(c, notFound('Unknown or expired page token.'));
      url = new URL(`${url.origin}${opts.basePath}/${target}`);
      relPath = url.pathname.slice(opts.basePath.length).replace(/^\/+/, '');
    }
    const method = c.req.method.toUpperCase() as HttpMethod;
    let body: unknown;
    if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
      const text = await c.req.text();
      if (text.trim()) {
        try {
          body = JSON.parse(text);
        } catch {
          return fhirError(c, badRequest('Request body is not valid JSON.', 'structure'));
        }
      }
    }
    normalizeReferenceParams(url.searchParams);
    const op = parseOperation(method, relPath + url.search, body);
    const ifNoneExist = c.req.header('if-none-exist');
    if (ifNoneExist !== undefined && op.interaction === 'create') op.ifNoneExist = ifNoneExist;

    if (op.interaction === 'capabilities')
      return c.json(opts.capabilityStatement(), 200, FHIR_JSON);

    let policy: AccessPolicy | undefined;
    if (opts.authorize) {
      const auth = await opts.authorize(c.req.raw);
      if (isRefusal(auth)) return fhirError(c, auth);
      policy = auth;
      const refusal = await policy.check(op, stored);
      if (refusal) return fhirError(c, refusal);
    }

    const invalid = validateBody(op);
    if (invalid) return fhirError(c, invalid);

    if (op.interaction === 'search') {
      if (
        quirks.observationNeedsCodeOrCategory &&
        op.resourceType === 'Observation' &&
        !url.searchParams.has('code') &&
        !url.searchParams.has('category')
      ) {
        return fhirError(
          c,
          badRequest('Observation searches need a code or category parameter.', 'required'),
        );
      }
      if (quirks.ignoreSort) url.searchParams.delete('_sort');
      const requested = Number(url.searchParams.get('_count') ?? pageSize);
      url.searchParams.set(
        '_count',
        String(
          Number.isFinite(requested) && requested >= 0 ? Math.min(requested, maxPage) : pageSize,
        ),
      );
    }
    const req: FhirRequest = {
      method,
      url: relPath + (url.searchParams.size ? `?${url.searchParams}` : ''),
      pathname: '',
      body,
      params: {},
      query: {},
      headers: Object.fromEntries(c.req.raw.headers),
    };
    const [result, resource] = await router.handleRequest(req, opts.repo);
    const status = getStatus(result);
    // The router's refusals answer as ours do (one outcome model, one renderer).
    if (status >= 400)
      return fhirError(c, fromStatus(status, result.issue as OperationOutcomeIssue[]));
    let out = (resource ?? result) as Resource;
    const base = `${url.origin}${opts.basePath}`;
    if (out.resourceType === 'Bundle') {
      out = await decorateBundle(
        out as Bundle,
        base,
        url,
        relPath,
        policy && ((r) => policy.canSee(r, stored)),
      );
      if ((out as Bundle).type === 'searchset')
        out = applyPagingQuirks(out as Bundle, quirks, tokens, base);
    } else if (
      policy &&
      status < 300 &&
      (op.interaction === 'read' || op.interaction === 'vread') &&
      !(await policy.canSee(out, stored))
    ) {
      // Defence in depth for reads; writes were decided on the stored and proposed resources.
      return fhirError(
        c,
        forbidden('The resource is outside the patient or scopes of this token.'),
      );
    }
    const headers: Record<string, string> = { ...FHIR_JSON };
    if (resource && 'id' in out && out.id && out.resourceType !== 'Bundle') {
      const vid = out.meta?.versionId;
      if (vid) headers.etag = `W/"${vid}"`;
      if (status === 201)
        headers.location = `${base}/${out.resourceType}/${out.id}${vid ? `/_history/${vid}` : ''}`;
    }
    return c.json(out, status as 200, headers);
  });

  app.onError((err, c) => {
    if (err instanceof OutcomeError) return fhirError(c, err.outcome, { ...err.headers });
    // The message of a library error can quote request content; log only its class.
    console.error(`[fhir] ${c.req.method} ${new URL(c.req.url).pathname}: ${err.name}`);
    return fhirError(c, serverError('The FHIR server could not process the request.'));
  });
  return app;
}

/** `patient=123` → `patient=Patient/123`: MemoryRepository only matches full references. */
function normalizeReferenceParams(q: URLSearchParams): void {
  for (const [name, type] of [
    ['patient', 'Patient'],
    ['subject', 'Patient'],
    ['encounter', 'Encounter'],
  ] as const) {
    // Every occurrence (repeated = AND), every comma-separated value (= OR).
    const values = q.getAll(name);
    if (values.length === 0) continue;
    q.delete(name);
    for (const v of values)
      q.append(
        name,
        v
          .split(',')
          .map((x) => (x && !x.includes('/') ? `${type}/${x}` : x))
          .join(','),
      );
  }
}

/** Validation issues (each names its path) as one 400 outcome, the first issue's text leading. */
const invalidResource = (issues: OperationOutcomeIssue[]): Outcome => fromStatus(400, issues);

function validateBody(op: FhirOperation): Outcome | undefined {
  const resources: Resource[] = [];
  if (op.interaction === 'create' || op.interaction === 'update') {
    if (!op.resource) return badRequest('A resource body is required.', 'required');
    resources.push(op.resource);
  } else if (op.interaction === 'transaction' || op.interaction === 'batch') {
    for (const e of (op.resource as Bundle).entry ?? []) if (e.resource) resources.push(e.resource);
  }
  for (const r of resources) {
    try {
      validateResource(r as MedplumResource);
    } catch (e) {
      // Medplum's validation issues name the path: kept, as a 400 of ours.
      if (e instanceof OperationOutcomeError)
        return invalidResource(e.outcome.issue as OperationOutcome['issue']);
      return badRequest('The resource is not valid FHIR R4.', 'structure');
    }
    const issues = requiredBindingIssues(r);
    if (issues.length) return invalidResource(issues);
  }
  return undefined;
}

async function decorateBundle(
  bundle: Bundle,
  base: string,
  url: URL,
  relPath: string,
  canSee?: (r: Resource) => Promise<boolean>,
): Promise<Bundle> {
  // Every resource returned, whatever the Bundle (search, history, batch answer), passes the
  // policy.
  let visible: NonNullable<Bundle['entry']> = [];
  for (const e of bundle.entry ?? [])
    if (!e.resource || !canSee || (await canSee(e.resource))) visible.push(e);
  // An `_include`d Patient (the repository's one include, of its matches' compartments) comes only
  // with a match the token sees: else it would tell that a hidden match exists.
  if (visible.some((e) => e.search?.mode === 'include')) {
    const seen = new Set(
      visible.flatMap((e) =>
        e.search?.mode !== 'include' && e.resource ? [compartmentOf(e.resource)] : [],
      ),
    );
    visible = visible.filter(
      (e) => e.search?.mode !== 'include' || (!!e.resource && seen.has(compartmentOf(e.resource))),
    );
  }
  const hidden = visible.length !== (bundle.entry ?? []).length;
  if (bundle.type === 'searchset') {
    const q = url.searchParams;
    const count = Number(q.get('_count'));
    const offset = Number(q.get('_offset') ?? 0) || 0;
    const self = `${base}/${relPath}`;
    const link: NonNullable<Bundle['link']> = [{ relation: 'self', url: `${self}?${q}` }];
    if (count > 0 && offset + count < (bundle.total ?? 0)) {
      const next = new URLSearchParams(q);
      next.set('_offset', String(offset + count));
      link.push({ relation: 'next', url: `${self}?${next}` });
    }
    const entry = visible.map((e) => ({
      ...e,
      fullUrl: `${base}/${e.resource!.resourceType}/${e.resource!.id}`,
      // An `_include`d resource stays one; every other entry of a search matched it.
      search: { mode: e.search?.mode === 'include' ? ('include' as const) : ('match' as const) },
    }));
    const out: Bundle = { ...bundle, link };
    if (entry.length) out.entry = entry;
    else delete out.entry;
    // A total counting hidden resources would tell what the token may not see.
    if (hidden) delete out.total;
    return out;
  }
  if (!hidden) return bundle;
  const out: Bundle = { ...bundle, entry: visible };
  if (bundle.type === 'history') delete out.total;
  return out;
}

/** Opaque `next` tokens and warning entries, for the server profiles that have them. */
function applyPagingQuirks(
  b: Bundle,
  quirks: ServerQuirks,
  tokens: PageTokens,
  base: string,
): Bundle {
  let out = b;
  if (quirks.opaqueNext && out.link) {
    out = {
      ...out,
      link: out.link.map((l) =>
        l.relation === 'next'
          ? {
              relation: 'next',
              url: `${base}?_getpages=${tokens.issue(l.url.slice(base.length + 1))}`,
            }
          : l,
      ),
    };
  }
  if (quirks.outcomeWarnings) out = withOutcomeWarning(out);
  return out;
}
