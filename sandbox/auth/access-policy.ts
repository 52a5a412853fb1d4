import { matchesSearchRequest, parseSearchRequest } from '@medplum/core';
import type { Resource as MedplumResource } from '@medplum/fhirtypes';
import type { Bundle, Provenance, Resource } from 'fhir/r4';
import { errors, jwtVerify, type CryptoKey, type JWTPayload } from 'jose';
import { applyPatch, type Operation } from 'rfc6902';
import {
  parseScopes,
  type Permission,
  type ResourceScope,
  type ScopeSet,
} from '../../src/smart/scopes.js';
import { compartmentOf, SHARED_TYPES } from '../fhir/compartment.js';
import { ACCESS_MODEL, CLIENT_KINDS, contextAllowed, type ClientKind } from './access-model.js';
import {
  badRequest,
  forbidden,
  preconditionFailed,
  unauthorized,
} from '../../cds-hooks/outcomes.js';
import type { AccessPolicy, Refusal, StoredResources } from '../fhir/fhir-app.js';
import { parseOperation, type FhirOperation } from '../fhir/operation.js';

export interface TokenVerifierOptions {
  issuer: string;
  fhirBase: string;
  publicKey: CryptoKey;
  alg: string;
  revokedGrants: ReadonlySet<string>;
  /** The clock (ms), for tests; the system clock otherwise. */
  now?: () => number;
}

/** Tokens whose signature and claims were checked, kept for the next requests that carry them. */
const VERIFIED_TOKENS = 256;

/**
 * Bearer token → what it allows on the FHIR endpoint, as a SMART EHR enforces it. A token's
 * signature is checked once (≈ 2 ms of WebCrypto a request before, a chart's load is a dozen
 * requests); its expiry and revocation on every request.
 */
export function tokenAuthorizer(
  opts: TokenVerifierOptions,
): (req: Request) => Promise<AccessPolicy | Refusal> {
  const now = opts.now ?? Date.now;
  const verified = new Map<string, JWTPayload>();
  const verify = async (token: string): Promise<JWTPayload> => {
    const kept = verified.get(token);
    if (kept) {
      if (kept.exp === undefined || kept.exp * 1000 > now()) return kept;
      verified.delete(token);
      throw new errors.JWTExpired(
        '"exp" claim timestamp check failed',
        kept,
        'exp',
        'check_failed',
      );
    }
    const { payload } = await jwtVerify(token, opts.publicKey, {
      issuer: opts.issuer,
      audience: opts.fhirBase,
      algorithms: [opts.alg],
      currentDate: new Date(now()),
    });
    verified.set(token, payload);
    // The oldest goes first (a Map iterates in insertion order).
    if (verified.size > VERIFIED_TOKENS) verified.delete(verified.keys().next().value!);
    return payload;
  };
  return async (req) => {
    const header = req.headers.get('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) return unauthorized('An access token is required (Authorization: Bearer).');
    try {
      const payload = await verify(m[1]!);
      if (typeof payload.grant === 'string' && opts.revokedGrants.has(payload.grant))
        return unauthorized('The access token was revoked.');
      const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
      // Tokens of this issuer name their client kind; one without is treated as the public app.
      const kind = str(payload.client_kind);
      const client = {
        kind: kind && kind in CLIENT_KINDS ? (kind as ClientKind) : ('public-app' as const),
        ...(str(payload.client_id) ? { id: str(payload.client_id)! } : {}),
      };
      return new ScopePolicy(
        parseScopes(str(payload.scope) ?? ''),
        str(payload.patient),
        payload.sub,
        client,
      );
    } catch (e) {
      return unauthorized(
        e instanceof errors.JWTExpired
          ? 'The access token has expired.'
          : 'The access token is not valid for this server.',
      );
    }
  };
}

const NEED: Partial<Record<FhirOperation['interaction'], Permission>> = {
  read: 'r',
  vread: 'r',
  history: 'r',
  search: 's',
  create: 'c',
  update: 'u',
  patch: 'u',
  delete: 'd',
};
const WRITE: ReadonlySet<Permission> = new Set(['c', 'u', 'd']);

const refuse = (message: string): Refusal => forbidden(message);
const OUTSIDE = 'The resource is outside the patient or scopes of this token.';
/** A conditional match the token may not see: answered as FHIR answers an unusable match. */
const HIDDEN_MATCH = preconditionFailed(
  'The condition matched no resource this token may use.',
  'conflict',
);

/** Resolves a reference made by a resource being checked (`Type/id`, or a Bundle's `urn:uuid:`). */
type Resolve = (reference: string) => Promise<Resource | undefined>;

/**
 * What a SMART token allows, decided from the access model (access-model.ts) on the request as
 * the server will carry it out, before it runs (a refusal changes nothing):
 * - every Bundle entry after its method, URL and body are decoded (a PATCH carried as a Binary or
 *   a Parameters resource included), with `urn:uuid:` references resolved within the Bundle;
 * - reads on the stored resource; writes on the stored resource and on the resource as it will be
 *   stored (the body with the URL's id, the patch applied; a create without the id it will not
 *   keep);
 * - conditional creates on what the condition matches: a match the token may not use is 412;
 * - a Provenance is in the compartment of its targets, all of them;
 * - shared types (Practitioner, Organization, …) are written only under a scope naming the type.
 */
export class ScopePolicy implements AccessPolicy {
  private readonly self: string | undefined;
  private readonly scopes: ResourceScope[];

  /**
   * `subject`: the token's `sub`; `client`: the client the token was issued to (a bulk export job
   * belongs to it). Scopes of a context the client kind may not hold are ignored.
   */
  constructor(
    scopes: ScopeSet,
    private readonly patient?: string,
    readonly subject?: string,
    readonly client: { kind: ClientKind; id?: string } = { kind: 'ehr' },
  ) {
    this.self = patient ? `Patient/${patient}` : undefined;
    this.scopes = scopes.resources.filter((s) => contextAllowed(s.context, client.kind));
  }

  get clientId(): string | undefined {
    return this.client.id;
  }
  get clientKind(): ClientKind {
    return this.client.kind;
  }

  /** Whether `perm` on this (stored or proposed) resource is granted by some scope. */
  async allows(r: Resource, perm: Permission, resolve: Resolve): Promise<boolean> {
    for (const s of this.scopesFor(r.resourceType, perm)) {
      if (s.restriction && !restrictionMatches(r, s.restriction)) continue;
      // Shared records are not patient data: `*` does not reach them for writing.
      if (SHARED_TYPES.has(r.resourceType) && WRITE.has(perm) && s.resourceType === '*') continue;
      if (ACCESS_MODEL[s.context].patientData === 'all patients') return true;
      if (await this.inLaunchCompartment(r, resolve)) return true;
    }
    return false;
  }

  async canSee(r: Resource, stored: StoredResources): Promise<boolean> {
    const resolve = storedResolver(stored);
    return (await this.allows(r, 'r', resolve)) || (await this.allows(r, 's', resolve));
  }

  /** Whether this token may start a bulk export of this type (a back-end client's system scope). */
  systemReads(resourceType: string): boolean {
    return this.scopesFor(resourceType, 'r').some((s) => ACCESS_MODEL[s.context].bulkExport);
  }

  async check(op: FhirOperation, stored: StoredResources): Promise<Refusal | undefined> {
    if (op.interaction === 'transaction' || op.interaction === 'batch')
      return this.checkBundle(op, stored);
    return this.checkOne(op, stored, storedResolver(stored));
  }

  private async checkOne(
    op: FhirOperation,
    stored: StoredResources,
    resolve: Resolve,
  ): Promise<Refusal | undefined> {
    const need = NEED[op.interaction];
    if (!need || !op.resourceType)
      return refuse(`The ${op.interaction} interaction is not available to this token.`);
    const granting = this.scopesFor(op.resourceType, need);
    if (granting.length === 0)
      return refuse(`No granted scope allows ${op.interaction} on ${op.resourceType}.`);
    const unconfined = granting.some((s) => ACCESS_MODEL[s.context].unconfined && !s.restriction);
    const may = (r: Resource, p: Permission) => this.allows(r, p, resolve);

    switch (op.interaction) {
      case 'search':
        return unconfined ? undefined : this.checkSearch(op, granting);
      case 'read':
      case 'vread':
      case 'history': {
        if (!op.id)
          return unconfined
            ? undefined
            : refuse(
                'History across resources is not available to a patient-scoped or ' +
                  'restricted token.',
              );
        const current = await stored.read(op.resourceType, op.id);
        return current && !(await may(current, 'r')) ? refuse(OUTSIDE) : undefined;
      }
      case 'create': {
        if (!op.resource) return undefined; // validation answers 400
        // The server assigns the id: the resource is checked as it will be stored.
        const { id: _ignored, ...proposed } = op.resource;
        if (!(await may(proposed as Resource, 'c'))) return refuse(OUTSIDE);
        if (op.ifNoneExist === undefined) return undefined;
        // A conditional create answers with what it matched: every match must be one the token may
        // read.
        const matches = await stored.search(op.resourceType, op.ifNoneExist);
        if (!matches) return badRequest('The If-None-Exist condition is not a valid search.');
        for (const m of matches) if (!(await may(m, 'r'))) return HIDDEN_MATCH;
        return undefined;
      }
      case 'update':
      case 'patch':
      case 'delete': {
        const ops = op.interaction === 'patch' ? patchOperations(op.body) : undefined;
        if (op.interaction === 'patch' && !ops)
          return badRequest('A PATCH body must be a JSON Patch (a list of operations).');
        let targets: Resource[];
        if (op.id) {
          const current = await stored.read(op.resourceType, op.id);
          targets = current ? [current] : [];
        } else {
          if (!unconfined)
            return refuse(
              `A conditional ${op.interaction} is not available to a patient-scoped or ` +
                `restricted token.`,
            );
          const matches = await stored.search(op.resourceType, op.params.toString());
          if (!matches) return badRequest('The condition is not a valid search.');
          for (const m of matches) if (!(await may(m, 'r'))) return HIDDEN_MATCH;
          targets = matches;
        }
        for (const current of targets) {
          if (!(await may(current, need))) return refuse(OUTSIDE);
          if (op.interaction === 'patch') {
            const proposed = patched(current, ops!);
            if (!proposed) return badRequest('The patch does not apply to the resource.');
            if (!(await may(proposed, need)))
              return refuse(
                'The change would move the resource outside the patient or scopes of this token.',
              );
          }
        }
        if (op.interaction === 'update' && op.resource) {
          // Stored under the URL's id (or the match's), whatever the body says.
          const id = op.id ?? targets[0]?.id;
          const proposed = { ...op.resource, ...(id ? { id } : {}) } as Resource;
          if (!(await may(proposed, need)))
            return refuse(
              'The change would move the resource outside the patient or scopes of this token.',
            );
        }
        return undefined;
      }
      default:
        return refuse(`The ${op.interaction} interaction is not available to this token.`);
    }
  }

  /** Every entry as the server will carry it out: method, URL, condition and decoded body. */
  private async checkBundle(
    op: FhirOperation,
    stored: StoredResources,
  ): Promise<Refusal | undefined> {
    const entries = (op.resource as Bundle | undefined)?.entry;
    if (!Array.isArray(entries)) return undefined; // validation answers 400
    // Resources this Bundle creates or updates, by fullUrl: what its `urn:uuid:` references become.
    const inBundle = new Map<string, Resource>();
    for (const e of entries) {
      const m = e?.request?.method?.toUpperCase();
      if (e?.fullUrl?.startsWith('urn:uuid:') && e.resource && (m === 'POST' || m === 'PUT'))
        inBundle.set(e.fullUrl, e.resource);
    }
    const fromStore = storedResolver(stored);
    const resolve: Resolve = async (ref) =>
      ref.startsWith('urn:uuid:') ? inBundle.get(ref) : fromStore(ref);
    for (const e of entries) {
      if (!e?.request?.url || !e.request.method) return refuse('Bundle entry without request.');
      const method = e.request.method.toUpperCase();
      let body: unknown = e.resource;
      if (method === 'PATCH') {
        body = decodeEntryPatch(e.resource);
        if (!body)
          return badRequest(
            'A PATCH entry must carry its JSON Patch as a Binary or a Parameters resource.',
          );
      }
      const inner = parseOperation(method, e.request.url, body);
      if (inner.interaction === 'transaction' || inner.interaction === 'batch')
        return refuse('A Bundle inside a Bundle is not accepted.');
      if (e.request.ifNoneExist !== undefined) {
        if (inner.interaction !== 'create') return badRequest('ifNoneExist is only for a create.');
        inner.ifNoneExist = e.request.ifNoneExist;
      }
      const refusal = await this.checkOne(inner, stored, resolve);
      if (refusal) return refusal;
    }
    return undefined;
  }

  /**
   * A patient-confined search names the launch patient, and only it, in its compartment parameter.
   */
  private checkSearch(op: FhirOperation, granting: ResourceScope[]): Refusal | undefined {
    // restricted user/system: results are filtered
    if (!granting.some((s) => s.context === 'patient')) return undefined;
    if (!this.patient) return refuse('patient/ scopes without a patient in context.');
    for (const key of op.params.keys()) {
      // Chains and reverse chains reach into other resources the filter on results cannot see.
      if (key.includes('.') || key.startsWith('_has'))
        return refuse('Chained searches are not available to a patient-scoped token.');
    }
    const names =
      op.resourceType === 'Patient'
        ? ['_id']
        : ['patient', 'subject', 'subject:Patient', 'patient:Patient'];
    const values = names.flatMap((n) => op.params.getAll(n));
    const confined =
      values.length > 0 &&
      values.every((v) =>
        referenceValues(v).every((x) => this.denotesSelf(x, op.resourceType === 'Patient')),
      );
    return confined
      ? undefined
      : refuse(
          `A patient-scoped token must search with patient=${this.patient}, and only that patient.`,
        );
  }

  private denotesSelf(value: string, bareId: boolean): boolean {
    if (bareId) return value === this.patient;
    return value === this.patient || value === this.self || value.endsWith(`/${this.self}`);
  }

  /** Scopes granting `perm` on the type, within what their context may carry at all. */
  private scopesFor(resourceType: string, perm: Permission): ResourceScope[] {
    return this.scopes.filter(
      (s) =>
        (s.resourceType === '*' || s.resourceType === resourceType) &&
        s.permissions.has(perm) &&
        ACCESS_MODEL[s.context].permissions.includes(perm),
    );
  }

  private async inLaunchCompartment(r: Resource, resolve: Resolve): Promise<boolean> {
    if (!this.self) return false;
    if (r.resourceType === 'Provenance') {
      // About its targets, all of them: each must resolve to a resource of the launch patient.
      const targets = (r as Provenance).target ?? [];
      if (targets.length === 0) return false;
      for (const t of targets) {
        const target = t.reference ? await resolve(t.reference) : undefined;
        if (!target || target.resourceType === 'Provenance' || compartmentOf(target) !== this.self)
          return false;
      }
      return true;
    }
    const compartment = compartmentOf(r);
    if (SHARED_TYPES.has(r.resourceType))
      return compartment === undefined || compartment === this.self;
    return compartment === this.self;
  }
}

const LOCAL_REF = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/**
 * `Type/id` references read from the store; anything else (another server, urn:uuid) is unresolved.
 */
function storedResolver(stored: StoredResources): Resolve {
  return async (ref) => {
    const m = LOCAL_REF.exec(ref);
    return m ? stored.read(m[1]!, m[2]!) : undefined;
  };
}

/** A reference search value as FHIR reads it: comma = OR, `\,` an escaped comma. */
function referenceValues(v: string): string[] {
  return v.split(/(?<!\\),/).map((x) => x.replace(/\\,/g, ','));
}

/**
 * Parsed restrictions by type and query: a search answer checks the same one against every
 * resource.
 */
const parsedRestrictions = new Map<string, ReturnType<typeof parseSearchRequest> | null>();

/** Whether a resource satisfies a v2 scope restriction (`?category=system|code&…`). */
function restrictionMatches(r: Resource, restriction: URLSearchParams): boolean {
  const key = `${r.resourceType}?${restriction}`;
  let request = parsedRestrictions.get(key);
  if (request === undefined) {
    try {
      request = parseSearchRequest(key);
    } catch {
      request = null;
    }
    if (parsedRestrictions.size > 1000) parsedRestrictions.clear();
    parsedRestrictions.set(key, request);
  }
  if (!request) return false; // a restriction the server cannot evaluate grants nothing
  try {
    return matchesSearchRequest(r as MedplumResource, request);
  } catch {
    return false;
  }
}

/** The resource a JSON Patch would produce, or undefined when the patch does not apply. */
function patched(current: Resource, ops: Operation[]): Resource | undefined {
  const copy = structuredClone(current);
  try {
    const results = applyPatch(copy, ops);
    return results.every((e) => e === null) ? copy : undefined;
  } catch {
    return undefined;
  }
}

/** A JSON Patch body: a list of operation objects. */
function patchOperations(body: unknown): Operation[] | undefined {
  return Array.isArray(body) &&
    body.every((o) => o && typeof o === 'object' && typeof (o as { op?: unknown }).op === 'string')
    ? (body as Operation[])
    : undefined;
}

/**
 * The JSON Patch a Bundle PATCH entry carries, decoded as the router decodes it: a Binary's
 * base64 data, or a FHIRPath Patch Parameters resource's `operation` parts.
 */
export function decodeEntryPatch(resource: unknown): Operation[] | undefined {
  const r = resource as { resourceType?: unknown; data?: unknown; parameter?: unknown } | undefined;
  try {
    if (r?.resourceType === 'Binary' && typeof r.data === 'string') {
      return patchOperations(JSON.parse(Buffer.from(r.data, 'base64').toString('utf8')));
    }
    if (r?.resourceType === 'Parameters' && Array.isArray(r.parameter)) {
      const ops: Record<string, unknown>[] = [];
      for (const p of r.parameter as {
        name?: string;
        part?: { name?: string; valueCode?: string; valueString?: string }[];
      }[]) {
        if (p?.name !== 'operation') continue;
        const parts = Array.isArray(p.part) ? p.part : [];
        const op: Record<string, unknown> = { op: parts.find((x) => x?.name === 'op')?.valueCode };
        for (const x of parts) {
          if ((x?.name === 'path' || x?.name === 'from') && !(x.name in op))
            op[x.name] = x.valueString;
          if (x?.name === 'value') op.value = JSON.parse(x.valueString ?? '');
        }
        ops.push(op);
      }
      return patchOperations(ops);
    }
  } catch {
    return undefined;
  }
  return undefined;
}
