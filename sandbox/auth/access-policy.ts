import type { Provenance, Resource } from 'fhir/r4';
import { errors, jwtVerify, type CryptoKey } from 'jose';
import { grantingContexts, parseScopes, type Permission, type ScopeSet } from '../../src/smart/scopes.js';
import type { AccessPolicy, Refusal } from '../fhir/fhir-app.js';
import type { FhirOperation } from '../fhir/operation.js';

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
      return new ScopePolicy(parseScopes(typeof payload.scope === 'string' ? payload.scope : ''), typeof payload.patient === 'string' ? payload.patient : undefined);
    } catch (e) {
      return { status: 401, message: e instanceof errors.JWTExpired ? 'The access token has expired.' : 'The access token is not valid for this server.' };
    }
  };
}

const NEED: Partial<Record<FhirOperation['interaction'], Permission>> = {
  read: 'r', vread: 'r', history: 'r', search: 's', create: 'c', update: 'u', patch: 'u', delete: 'd',
};

/** Patient compartment of a resource: `Patient/<id>` or undefined when it has none. */
export function compartmentOf(r: Resource): string | undefined {
  if (r.resourceType === 'Patient') return r.id ? `Patient/${r.id}` : undefined;
  const x = r as { subject?: { reference?: string }; patient?: { reference?: string } };
  const ref = x.subject?.reference ?? x.patient?.reference;
  return ref?.startsWith('Patient/') ? ref : undefined;
}

export class ScopePolicy implements AccessPolicy {
  constructor(private readonly scopes: ScopeSet, private readonly patient?: string) {}

  check(op: FhirOperation): Refusal | undefined {
    const need = NEED[op.interaction];
    if (!need || !op.resourceType) return { status: 403, message: `The ${op.interaction} interaction is not available to this token.` };
    const contexts = grantingContexts(this.scopes, op.resourceType, need);
    if (contexts.size === 0) return { status: 403, message: `No granted scope allows ${op.interaction} on ${op.resourceType}.` };
    if (contexts.has('user') || contexts.has('system')) return undefined;
    // Only patient/ scopes: everything must stay inside the launch patient's compartment.
    if (!this.patient) return { status: 403, message: 'patient/ scopes without a patient in context.' };
    const self = `Patient/${this.patient}`;
    if (op.interaction === 'search') {
      const p = op.params.get('patient') ?? op.params.get('subject');
      const ok = op.resourceType === 'Patient' ? op.params.get('_id') === this.patient : p !== null && normalize(p) === self;
      return ok ? undefined : { status: 403, message: `A patient-scoped token must search with patient=${this.patient}.` };
    }
    if (op.resource && (op.interaction === 'create' || op.interaction === 'update' || op.interaction === 'patch')) {
      if (!this.bodyInCompartment(op.resource, self)) return { status: 403, message: 'The resource is outside the patient in context.' };
    }
    if (op.resourceType === 'Patient' && op.id && op.id !== this.patient) return { status: 403, message: 'Another patient than the one in context.' };
    return undefined;
  }

  canSee(r: Resource): boolean {
    const contexts = new Set([...grantingContexts(this.scopes, r.resourceType, 'r'), ...grantingContexts(this.scopes, r.resourceType, 's')]);
    if (contexts.size === 0) return false;
    if (contexts.has('user') || contexts.has('system')) return true;
    const compartment = compartmentOf(r);
    if (r.resourceType === 'Provenance' || r.resourceType === 'Practitioner' || r.resourceType === 'Medication') return compartment === undefined || compartment === `Patient/${this.patient}`;
    return compartment === `Patient/${this.patient}`;
  }

  private bodyInCompartment(r: Resource, self: string): boolean {
    if (r.resourceType === 'Provenance') {
      // Our writeback Provenance targets the Observations of the same transaction (urn:uuid).
      return ((r as Provenance).target ?? []).every((t) => t.reference?.startsWith('urn:uuid:') || t.reference === self || t.reference?.startsWith('Observation/'));
    }
    return compartmentOf(r) === self;
  }
}

function normalize(ref: string): string {
  const parts = ref.split('/');
  return parts.length >= 2 ? `${parts[parts.length - 2]}/${parts[parts.length - 1]}` : `Patient/${ref}`;
}
