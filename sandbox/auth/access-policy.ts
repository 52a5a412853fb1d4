import { matchesSearchRequest, parseSearchRequest } from '@medplum/core';
import type { Resource as MedplumResource } from '@medplum/fhirtypes';
import type { Bundle, Provenance, Resource } from 'fhir/r4';
import { errors, jwtVerify, type CryptoKey } from 'jose';
import { applyPatch, type Operation } from 'rfc6902';
import { parseScopes, type Permission, type ResourceScope, type ScopeSet } from '../../src/smart/scopes.js';
import { compartmentOf, SHARED_TYPES } from '../fhir/compartment.js';
import type { AccessPolicy, Refusal, StoredResources } from '../fhir/fhir-app.js';
import { parseOperation, type FhirOperation } from '../fhir/operation.js';

export interface TokenVerifierOptions {
  issuer: string;
  fhirBase: string;
  publicKey: CryptoKey;
  alg: string;
  revokedGrants: ReadonlySet<string>;
}

/** Bearer token → what it allows on the FHIR endpoint, as a SMART EHR enforces it. */
export function tokenAuthorizer(opts: TokenVerifierOptions): (req: Request) => Promise<AccessPolicy | Refusal> {
  return async (req) => {
    const header = req.headers.get('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) return { status: 401, message: 'An access token is required (Authorization: Bearer).' };
    try {
      const { payload } = await jwtVerify(m[1]!, opts.publicKey, { issuer: opts.issuer, audience: opts.fhirBase, algorithms: [opts.alg] });
      if (typeof payload.grant === 'string' && opts.revokedGrants.has(payload.grant)) return { status: 401, message: 'The access token was revoked.' };
      return new ScopePolicy(parseScopes(typeof payload.scope === 'string' ? payload.scope : ''), typeof payload.patient === 'string' ? payload.patient : undefined, payload.sub);
    } catch (e) {
      return { status: 401, message: e instanceof errors.JWTExpired ? 'The access token has expired.' : 'The access token is not valid for this server.' };
    }
  };
}

const NEED: Partial<Record<FhirOperation['interaction'], Permission>> = {
  read: 'r', vread: 'r', history: 'r', search: 's', create: 'c', update: 'u', patch: 'u', delete: 'd',
};


const refuse = (message: string, status: 401 | 403 = 403): Refusal => ({ status, message });

/**
 * What a SMART token allows, decided on the stored resources an interaction touches, before it
 * runs (a refusal changes nothing):
 * - a scope grants a permission on a type in a context (`patient/`, `user/`, `system/`), optionally
 *   narrowed by a v2 search restriction (`?category=…`), matched with Medplum's search evaluation;
 * - under a `patient/` scope a resource must be in the launch patient's compartment, both as
 *   stored and as it would be written (update, patch: the patched result), and a search must be
 *   confined to that patient;
 * - history across resources and conditional writes, which cannot be confined, need a
 *   `user/` or `system/` scope without restriction.
 */
export class ScopePolicy implements AccessPolicy {
  private readonly self: string | undefined;

  /** `subject`: the token's `sub` (a bulk export job belongs to the client that started it). */
  constructor(private readonly scopes: ScopeSet, private readonly patient?: string, readonly subject?: string) {
    this.self = patient ? `Patient/${patient}` : undefined;
  }

  /** Whether `perm` on this (stored or proposed) resource is granted by some scope. */
  allows(r: Resource, perm: Permission): boolean {
    return this.scopesFor(r.resourceType, perm).some((s) => this.inContext(r, s) && (!s.restriction || restrictionMatches(r, s.restriction)));
  }

  canSee(r: Resource): boolean {
    return this.allows(r, 'r') || this.allows(r, 's');
  }

  /** Whether a `system/` scope reads this type (bulk export is for back-end clients only). */
  systemReads(resourceType: string): boolean {
    return this.scopesFor(resourceType, 'r').some((s) => s.context === 'system');
  }

  async check(op: FhirOperation, stored: StoredResources): Promise<Refusal | undefined> {
    if (op.interaction === 'transaction' || op.interaction === 'batch') return this.checkBundle(op, stored);
    const need = NEED[op.interaction];
    if (!need || !op.resourceType) return refuse(`The ${op.interaction} interaction is not available to this token.`);
    const granting = this.scopesFor(op.resourceType, need);
    if (granting.length === 0) return refuse(`No granted scope allows ${op.interaction} on ${op.resourceType}.`);
    const unconfined = granting.some((s) => s.context !== 'patient' && !s.restriction);

    switch (op.interaction) {
      case 'search':
        return unconfined ? undefined : this.checkSearch(op, granting);
      case 'read': case 'vread': case 'history': {
        if (!op.id) return unconfined ? undefined : refuse('History across resources is not available to a patient-scoped or restricted token.');
        const current = await stored.read(op.resourceType, op.id);
        return current && !this.allows(current, 'r') ? refuse('The resource is outside the patient or scopes of this token.') : undefined;
      }
      case 'create': {
        if (!op.resource) return undefined; // validation answers 400
        if (!this.allows(op.resource, 'c')) return refuse('The resource is outside the patient or scopes of this token.');
        // A Provenance is about its targets: each stored target must be one this token may see.
        if (op.resource.resourceType === 'Provenance' && !unconfined) {
          for (const t of (op.resource as Provenance).target ?? []) {
            const m = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(t.reference ?? '');
            if (!m) continue; // urn:uuid targets are entries of the same transaction, checked themselves
            const target = await stored.read(m[1]!, m[2]!);
            if (!target || !this.canSee(target)) return refuse('A Provenance target is outside the patient or scopes of this token.');
          }
        }
        return undefined;
      }
      case 'update': case 'patch': case 'delete': {
        if (!op.id) return unconfined ? undefined : refuse(`A conditional ${op.interaction} is not available to a patient-scoped or restricted token.`);
        const current = await stored.read(op.resourceType, op.id);
        if (current && !this.allows(current, need)) return refuse('The resource is outside the patient or scopes of this token.');
        if (op.interaction === 'delete') return undefined;
        const proposed = op.interaction === 'update' ? op.resource : current && patched(current, op.body);
        if (op.interaction === 'patch' && current && !proposed) return undefined; // the router answers the bad patch
        if (proposed && !this.allows(proposed, need)) return refuse('The change would move the resource outside the patient or scopes of this token.');
        return undefined;
      }
      default:
        return refuse(`The ${op.interaction} interaction is not available to this token.`);
    }
  }

  private async checkBundle(op: FhirOperation, stored: StoredResources): Promise<Refusal | undefined> {
    const entries = (op.resource as Bundle | undefined)?.entry;
    if (!Array.isArray(entries)) return undefined; // validation answers 400
    for (const e of entries) {
      if (!e?.request?.url || !e.request.method) return refuse('Bundle entry without request.');
      const inner = parseOperation(e.request.method, e.request.url, e.resource);
      if (inner.interaction === 'transaction' || inner.interaction === 'batch') return refuse('A Bundle inside a Bundle is not accepted.');
      // A conditional create (ifNoneExist) is a create: the resource decides.
      const refusal = await this.check(inner, stored);
      if (refusal) return refusal;
    }
    return undefined;
  }

  /** A patient-confined search names the launch patient, and only it, in its compartment parameter. */
  private checkSearch(op: FhirOperation, granting: ResourceScope[]): Refusal | undefined {
    if (!granting.some((s) => s.context === 'patient')) return undefined; // restricted user/system: results are filtered
    if (!this.patient) return refuse('patient/ scopes without a patient in context.');
    for (const key of op.params.keys()) {
      // Chains and reverse chains reach into other resources the filter on results cannot see.
      if (key.includes('.') || key.startsWith('_has')) return refuse('Chained searches are not available to a patient-scoped token.');
    }
    const names = op.resourceType === 'Patient' ? ['_id'] : ['patient', 'subject', 'subject:Patient', 'patient:Patient'];
    const values = names.flatMap((n) => op.params.getAll(n));
    const confined = values.length > 0 && values.every((v) => referenceValues(v).every((x) => this.denotesSelf(x, op.resourceType === 'Patient')));
    return confined ? undefined : refuse(`A patient-scoped token must search with patient=${this.patient}, and only that patient.`);
  }

  private denotesSelf(value: string, bareId: boolean): boolean {
    if (bareId) return value === this.patient;
    return value === this.patient || value === this.self || value.endsWith(`/${this.self}`);
  }

  private scopesFor(resourceType: string, perm: Permission): ResourceScope[] {
    return this.scopes.resources.filter((s) => (s.resourceType === '*' || s.resourceType === resourceType) && s.permissions.has(perm));
  }

  private inContext(r: Resource, s: ResourceScope): boolean {
    if (s.context !== 'patient') return true;
    if (!this.self) return false;
    const compartment = compartmentOf(r);
    if (r.resourceType === 'Provenance') {
      // Our writeback Provenance targets the Observations of the same transaction (urn:uuid).
      return ((r as Provenance).target ?? []).every((t) => t.reference?.startsWith('urn:uuid:') || t.reference === this.self || t.reference?.startsWith('Observation/'));
    }
    if (SHARED_TYPES.has(r.resourceType)) return compartment === undefined || compartment === this.self;
    return compartment === this.self;
  }
}

/** A reference search value as FHIR reads it: comma = OR, `\,` an escaped comma. */
function referenceValues(v: string): string[] {
  return v.split(/(?<!\\),/).map((x) => x.replace(/\\,/g, ','));
}

/** Parsed restrictions by type and query: a search answer checks the same one against every resource. */
const parsedRestrictions = new Map<string, ReturnType<typeof parseSearchRequest> | null>();

/** Whether a resource satisfies a v2 scope restriction (`?category=system|code&…`). */
function restrictionMatches(r: Resource, restriction: URLSearchParams): boolean {
  const key = `${r.resourceType}?${restriction}`;
  let request = parsedRestrictions.get(key);
  if (request === undefined) {
    try { request = parseSearchRequest(key); } catch { request = null; }
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
function patched(current: Resource, body: unknown): Resource | undefined {
  if (!Array.isArray(body)) return undefined;
  const copy = structuredClone(current);
  const results = applyPatch(copy, body as Operation[]);
  return results.every((e) => e === null) ? copy : undefined;
}
