import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { importJWK, SignJWT, type JWK } from 'jose';
import { NegotiationError, planExport, type SkippedType } from './bulk-negotiate.js';

export { EXPORT_TYPES } from './bulk-negotiate.js';

/**
 * A FHIR Bulk Data client with SMART Backend Services: the types negotiated from the server's
 * CapabilityStatement and SMART configuration (bulk-negotiate.ts: only the types the core reads and
 * the server has, the rest named with their cost), a client-credentials token from a private-key
 * JWT for exactly those, `$export` kick-off (patient or group level, `_since` for incremental
 * runs), polling as the server asks (Retry-After), and the NDJSON files streamed to disk. Errors
 * say which step failed and what the server answered.
 */
export interface BulkOptions {
  fhirBase: string;
  clientId: string;
  /** The client's private key as a JWK (RS384 or ES384), registered with the EHR as its JWKS. */
  privateJwk: JWK;
  group?: string;
  since?: string;
  /** The types to ask for, narrowed by hand (`--type`); default every type the assessment reads. */
  types?: readonly string[];
  outDir: string;
  /** Longest total wait for the export (default 1 hour). */
  maxWaitMs?: number;
  fetch?: typeof fetch;
  log?: (line: string) => void;
}

export class BulkError extends Error {}

async function detail(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const j = JSON.parse(text) as {
      error_description?: string;
      error?: string;
      issue?: Array<{ details?: { text?: string }; diagnostics?: string }>;
    };
    return (
      j.error_description ??
      j.issue?.[0]?.details?.text ??
      j.issue?.[0]?.diagnostics ??
      j.error ??
      text.slice(0, 200)
    );
  } catch {
    return text.slice(0, 200);
  }
}

export interface BulkResult {
  files: string[];
  transactionTime: string;
  types: string[];
  skipped: SkippedType[];
}

export async function bulkExport(o: BulkOptions): Promise<BulkResult> {
  const f = o.fetch ?? fetch;
  const log = o.log ?? (() => undefined);
  const base = o.fhirBase.replace(/\/+$/, '');
  const cfgRes = await f(`${base}/.well-known/smart-configuration`, {
    headers: { accept: 'application/json' },
  }).catch(() => undefined);
  if (!cfgRes?.ok)
    throw new BulkError(
      `SMART configuration of ${base} could not be ` +
        `read${cfgRes ? ` (HTTP ${cfgRes.status})` : ''}.`,
    );
  const smart = (await cfgRes.json().catch(() => ({}))) as {
    token_endpoint?: string;
    scopes_supported?: unknown;
    capabilities?: unknown;
  };
  const tokenUrl = smart.token_endpoint;
  if (!tokenUrl) throw new BulkError('The server advertises no token_endpoint.');
  // The CapabilityStatement is public (FHIR R4 §3.1.0.1.6); a server that hides it restricts
  // nothing here.
  const csRes = await f(`${base}/metadata`, { headers: { accept: 'application/fhir+json' } }).catch(
    () => undefined,
  );
  const capability: unknown = csRes?.ok ? await csRes.json().catch(() => undefined) : undefined;
  let plan;
  try {
    plan = planExport({ capability, smart, ...(o.types ? { wanted: o.types } : {}) });
  } catch (e) {
    if (e instanceof NegotiationError) throw new BulkError(e.message);
    throw e;
  }
  for (const n of plan.notes) log(n);
  for (const k of plan.skipped) log(`not exported: ${k.type} (${k.reason}); ${k.cost}`);
  const scope = plan.scope;
  const alg = o.privateJwk.alg ?? (o.privateJwk.kty === 'EC' ? 'ES384' : 'RS384');
  const key = await importJWK(o.privateJwk, alg);

  let token: { value: string; until: number } | undefined;
  const accessToken = async (): Promise<string> => {
    if (token && token.until > Date.now() + 30_000) return token.value;
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({})
      .setProtectedHeader({
        alg,
        typ: 'JWT',
        ...(o.privateJwk.kid ? { kid: o.privateJwk.kid } : {}),
      })
      .setIssuer(o.clientId)
      .setSubject(o.clientId)
      .setAudience(tokenUrl)
      .setIssuedAt(now)
      .setExpirationTime(now + 240)
      .setJti(randomUUID())
      .sign(key);
    const res = await f(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        scope,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      }),
    });
    if (!res.ok)
      throw new BulkError(
        `The token endpoint refused the client (HTTP ${res.status}): ${await detail(res)}`,
      );
    const t = (await res.json()) as { access_token: string; expires_in?: number };
    token = { value: t.access_token, until: Date.now() + (t.expires_in ?? 300) * 1000 };
    return token.value;
  };
  /** A request with the token; one retry with a new token when it has expired under us. */
  const authed = async (url: string, init: RequestInit = {}): Promise<Response> => {
    let res = await f(url, {
      ...init,
      headers: { ...init.headers, authorization: `Bearer ${await accessToken()}` },
    });
    if (res.status === 401) {
      token = undefined;
      res = await f(url, {
        ...init,
        headers: { ...init.headers, authorization: `Bearer ${await accessToken()}` },
      });
    }
    return res;
  };

  const q = new URLSearchParams({
    _type: plan.types.join(','),
    _outputFormat: 'application/fhir+ndjson',
  });
  if (o.since) q.set('_since', o.since);
  const level = o.group ? `Group/${encodeURIComponent(o.group)}` : 'Patient';
  const kick = `${base}/${level}/$export?${q}`;
  const started = await authed(kick, {
    headers: { accept: 'application/fhir+json', prefer: 'respond-async' },
  });
  if (started.status !== 202)
    throw new BulkError(
      `The export was not started (HTTP ${started.status}): ${await detail(started)}`,
    );
  const status = started.headers.get('content-location');
  if (!status)
    throw new BulkError('The server started an export but gave no status URL (Content-Location).');
  log(`export started: ${status}`);

  const deadline = Date.now() + (o.maxWaitMs ?? 3_600_000);
  let manifest: {
    transactionTime: string;
    requiresAccessToken?: boolean;
    output: Array<{ type: string; url: string }>;
    error?: Array<{ url: string }>;
  };
  for (let wait = 500; ; wait = Math.min(wait * 2, 30_000)) {
    const res = await authed(status, { headers: { accept: 'application/json' } });
    if (res.status === 200) {
      manifest = (await res.json()) as typeof manifest;
      break;
    }
    if (res.status !== 202)
      throw new BulkError(`The export failed (HTTP ${res.status}): ${await detail(res)}`);
    const retry = Number(res.headers.get('retry-after'));
    const ms = Number.isFinite(retry) && retry > 0 ? retry * 1000 : wait;
    if (Date.now() + ms > deadline) {
      await authed(status, { method: 'DELETE' }).catch(() => undefined);
      throw new BulkError(
        `The export did not finish within ` +
          `${Math.round((o.maxWaitMs ?? 3_600_000) / 1000)} s; it was cancelled.`,
      );
    }
    log(
      `export ${res.headers.get('x-progress') ?? 'in progress'}; next check in ` +
        `${Math.round(ms / 1000)} s`,
    );
    await new Promise((r) => setTimeout(r, ms));
  }

  mkdirSync(o.outDir, { recursive: true });
  const files: string[] = [];
  const seen = new Map<string, number>();
  for (const out of manifest.output) {
    if (!/^[A-Z][A-Za-z]+$/.test(out.type))
      throw new BulkError(`The manifest names an unexpected type "${out.type}".`);
    const k = (seen.get(out.type) ?? 0) + 1;
    seen.set(out.type, k);
    const file = join(o.outDir, `${out.type}${k > 1 ? `.${k}` : ''}.ndjson`);
    const res =
      manifest.requiresAccessToken === false
        ? await f(out.url)
        : await authed(out.url, { headers: { accept: 'application/fhir+ndjson' } });
    if (!res.ok || !res.body)
      throw new BulkError(
        `A file of the export could not be downloaded (HTTP ${res.status}): ${out.type}`,
      );
    await pipeline(
      Readable.fromWeb(res.body as import('node:stream/web').ReadableStream),
      createWriteStream(file),
    );
    files.push(file);
  }
  // The server may delete the files now (Bulk Data §Delete).
  await authed(status, { method: 'DELETE' }).catch(() => undefined);
  log(`export downloaded: ${files.length} files`);
  return {
    files,
    transactionTime: manifest.transactionTime,
    types: plan.types,
    skipped: plan.skipped,
  };
}
