import { randomUUID } from 'node:crypto';
import type { ServiceRequest } from 'fhir/r4';
import { createLocalJWKSet, SignJWT } from 'jose';
import { createCdsApp, type CdsAppOptions } from '../../cds-hooks/app.js';
import { ClientJwtVerifier } from '../../cds-hooks/auth/client-jwt.js';
import {
  defaultCdsConfig,
  DEFAULT_REFERRAL,
  type CdsConfig,
  type TrustedIssuer,
} from '../../cds-hooks/config.js';
import { discoveryEntry, REFERRAL_SERVICE_ID, serviceById } from '../../cds-hooks/services.js';
import { newSigningKey, type SigningKey } from '../../sandbox/auth/keys.js';
import { SandboxCdsClient } from '../../sandbox/ehr/cds-client.js';
import { SPINE_REFERRAL_CODING } from '../../sandbox/ehr/ehr-api.js';
import { capabilityStatement } from '../../sandbox/fhir/capability.js';
import { loadFhirDefinitions } from '../../sandbox/fhir/definitions.js';
import { createFhirApp } from '../../sandbox/fhir/fhir-app.js';
import { IndexedRepository } from '../../sandbox/fhir/indexed-repository.js';
import { seedScenarios } from '../../sandbox/fhir/seed.js';
import { SCENARIO_REFERENCE_DATE } from '../../src/synthetic/scenarios.js';

export const CDS_BASE = 'https://cds.test';
export const FHIR_BASE = 'https://ehr.test/fhir/R4';
export const ISS = 'https://ehr.test';
export const JWKS_URL = 'https://ehr.test/.well-known/jwks.json';

export interface TestClient {
  key: SigningKey;
  issuer: TrustedIssuer;
  sign(
    aud: string,
    o?: {
      claims?: Record<string, unknown>;
      header?: Record<string, unknown>;
      key?: SigningKey;
      iat?: number;
      exp?: number;
      jti?: string | null;
      iss?: string;
    },
  ): Promise<string>;
}

export async function testClient(): Promise<TestClient> {
  const key = await newSigningKey('ES384');
  const issuer: TrustedIssuer = {
    iss: ISS,
    jwksUrls: [JWKS_URL],
    algorithms: ['ES384'],
    fhirServers: [FHIR_BASE],
  };
  return {
    key,
    issuer,
    async sign(aud, o = {}) {
      const k = o.key ?? key;
      const now = Math.floor(Date.now() / 1000);
      let jwt = new SignJWT(o.claims ?? {})
        .setProtectedHeader({ alg: k.alg, kid: k.kid, typ: 'JWT', ...o.header })
        .setIssuer(o.iss ?? ISS)
        .setAudience(aud)
        .setIssuedAt(o.iat ?? now)
        .setExpirationTime(o.exp ?? now + 300);
      if (o.jti !== null) jwt = jwt.setJti(o.jti ?? randomUUID());
      return jwt.sign(k.privateKey);
    },
  };
}

export function testConfig(client: TestClient, overrides: Partial<CdsConfig> = {}): CdsConfig {
  return defaultCdsConfig(CDS_BASE, {
    trustedIssuers: [client.issuer],
    corsOrigins: ['https://ehr.test'],
    referral: { ...DEFAULT_REFERRAL, codes: [...DEFAULT_REFERRAL.codes, SPINE_REFERRAL_CODING] },
    ...overrides,
  });
}

/** The CDS app with the test client's keys as its JWKS and the scenario reference date as today. */
export function testApp(
  client: TestClient,
  overrides: Partial<CdsConfig> = {},
  extra: Partial<CdsAppOptions> = {},
) {
  const config = testConfig(client, overrides);
  const verifier = new ClientJwtVerifier(config.trustedIssuers, Date.now, () =>
    createLocalJWKSet({ keys: [client.key.publicJwk] }),
  );
  return createCdsApp({
    config,
    verifier,
    log: () => undefined,
    now: () => Date.parse(`${SCENARIO_REFERENCE_DATE}T12:00:00Z`),
    ...extra,
  });
}

let fhir: ReturnType<typeof createFhirApp> | undefined;
/** The embedded FHIR server with the scenario patients, open (no tokens), for building prefetch. */
export async function scenarioFhir() {
  if (!fhir) {
    loadFhirDefinitions();
    const repo = new IndexedRepository();
    await seedScenarios(repo, 'fixtures/scenarios');
    fhir = createFhirApp({
      basePath: '/fhir/R4',
      repo,
      capabilityStatement: () => capabilityStatement({ fhirBase: FHIR_BASE }),
    });
  }
  return fhir;
}

/** Prefetch exactly as the sandbox EHR builds it from the service's discovery templates. */
export async function scenarioPrefetch(
  patientId: string,
  serviceId = REFERRAL_SERVICE_ID,
): Promise<Record<string, unknown>> {
  const app = await scenarioFhir();
  const client = new SandboxCdsClient({
    cdsBaseUrl: CDS_BASE,
    issuer: ISS,
    jwksUrl: JWKS_URL,
    key: undefined as never,
    readFhir: async (url) => {
      const res = await app.fetch(new Request(`${FHIR_BASE}/${url}`));
      return res.status === 404 ? null : res.json();
    },
  });
  const def = discoveryEntry(serviceById(serviceId)!);
  return client.prefetchFor(def, { patientId, userId: 'Practitioner/sandbox-surgeon' });
}

export function draftReferral(
  patientId: string,
  over: Partial<ServiceRequest> = {},
): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    id: 'draft-1',
    status: 'draft',
    intent: 'order',
    priority: 'routine',
    code: { coding: [SPINE_REFERRAL_CODING], text: 'Referral to spine surgery' },
    subject: { reference: `Patient/${patientId}` },
    requester: { reference: 'Practitioner/sandbox-surgeon' },
    ...over,
  };
}

export function orderSelect(
  patientId: string,
  prefetch?: Record<string, unknown>,
  draft = draftReferral(patientId),
) {
  return {
    hook: 'order-select',
    hookInstance: randomUUID(),
    context: {
      userId: 'Practitioner/sandbox-surgeon',
      patientId,
      selections: [`ServiceRequest/${draft.id}`],
      draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: draft }] },
    },
    ...(prefetch ? { prefetch } : {}),
  };
}

export async function post(
  app: ReturnType<typeof createCdsApp>,
  client: TestClient,
  path: string,
  body: unknown,
  token?: string | null,
) {
  const url = `${CDS_BASE}${path}`;
  const auth: Record<string, string> =
    token === null ? {} : { authorization: `Bearer ${token ?? (await client.sign(url))}` };
  const res = await app.fetch(
    new Request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
  const text = await res.text();
  return {
    status: res.status,
    text,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  };
}
