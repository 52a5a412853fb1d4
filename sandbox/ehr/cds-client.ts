import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { SigningKey } from '../auth/keys.js';

export interface DiscoveredService {
  id: string;
  hook: string;
  title?: string;
  description: string;
  prefetch?: Record<string, string>;
}

export interface CdsClientOptions {
  /** Base of the CDS service (`…/cds-services` is appended). */
  cdsBaseUrl: string;
  /** The EHR's issuer URL and signing key; its JWKS is published at `jwksUrl`. */
  issuer: string;
  jwksUrl: string;
  key: SigningKey;
  /** Reads the EHR's own FHIR data (for prefetch). Returns parsed JSON or null when not found. */
  readFhir: (relativeUrl: string) => Promise<unknown>;
  fetch?: typeof fetch;
}

export interface HookCall {
  /** The service is found by hook in discovery (each hook has its own service id). */
  hook: string;
  context: Record<string, unknown>;
  fhirServer?: string;
  fhirAuthorization?: Record<string, unknown>;
  /** Satisfy the prefetch templates (default true); false exercises the service's own fetching. */
  prefetch?: boolean;
}

/**
 * The sandbox EHR acting as a CDS client, as CDS Hooks 2.0 describes it: discovery, prefetch
 * filled from its own FHIR data, a JWT signed with its key (ES384) per call, feedback.
 */
export class SandboxCdsClient {
  private services: DiscoveredService[] | undefined;
  constructor(private readonly opts: CdsClientOptions) {}

  private get base() {
    return `${this.opts.cdsBaseUrl.replace(/\/+$/, '')}/cds-services`;
  }

  async jwt(aud: string): Promise<string> {
    const k = this.opts.key;
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: k.alg, kid: k.kid, typ: 'JWT', jku: this.opts.jwksUrl })
      .setIssuer(this.opts.issuer)
      .setAudience(aud)
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .setJti(randomUUID())
      .sign(k.privateKey);
  }

  async discover(refresh = false): Promise<DiscoveredService[]> {
    if (this.services && !refresh) return this.services;
    const res = await (this.opts.fetch ?? fetch)(this.base, {
      headers: { authorization: `Bearer ${await this.jwt(this.base)}`, accept: 'application/json' },
    });
    if (!res.ok) throw new Error(`CDS discovery failed: HTTP ${res.status}`);
    this.services = ((await res.json()) as { services: DiscoveredService[] }).services;
    return this.services;
  }

  /** Fills `{{context.x}}` and user tokens; templates with unknown tokens are skipped. */
  async prefetchFor(
    service: DiscoveredService,
    context: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    await Promise.all(
      Object.entries(service.prefetch ?? {}).map(async ([key, template]) => {
        let unresolved = false;
        const url = template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_m, token: string) => {
          const v = token.startsWith('context.')
            ? context[token.slice(8)]
            : token === 'userPractitionerId'
              ? String(context.userId ?? '').split('/')[1]
              : undefined;
          if (typeof v !== 'string' || !v) {
            unresolved = true;
            return '';
          }
          return encodeURIComponent(v);
        });
        if (unresolved) return;
        try {
          const value = await this.opts.readFhir(url);
          const empty =
            value &&
            typeof value === 'object' &&
            (value as { resourceType?: string }).resourceType === 'Bundle' &&
            !(value as { entry?: unknown[] }).entry?.length;
          out[key] = value === null || empty ? null : value;
        } catch {
          // A prefetch that fails is left out, so the service fetches it itself (A6).
        }
      }),
    );
    return out;
  }

  async call(
    call: HookCall,
  ): Promise<{ serviceId: string; status: number; body: unknown; ms: number }> {
    const services = await this.discover();
    const service = services.find((s) => s.hook === call.hook);
    if (!service) throw new Error(`The CDS service offers no ${call.hook} service.`);
    const started = performance.now();
    const prefetch =
      call.prefetch === false ? undefined : await this.prefetchFor(service, call.context);
    const url = `${this.base}/${encodeURIComponent(service.id)}`;
    const body = {
      hook: call.hook,
      hookInstance: randomUUID(),
      context: call.context,
      ...(call.fhirServer ? { fhirServer: call.fhirServer } : {}),
      ...(call.fhirAuthorization ? { fhirAuthorization: call.fhirAuthorization } : {}),
      ...(prefetch ? { prefetch } : {}),
    };
    const res = await (this.opts.fetch ?? fetch)(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await this.jwt(url)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = { error: 'not JSON' };
    }
    return {
      serviceId: service.id,
      status: res.status,
      body: parsed,
      ms: performance.now() - started,
    };
  }

  async feedback(serviceId: string, feedback: unknown[]): Promise<number> {
    const url = `${this.base}/${encodeURIComponent(serviceId)}/feedback`;
    const res = await (this.opts.fetch ?? fetch)(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await this.jwt(url)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ feedback }),
    });
    return res.status;
  }
}
