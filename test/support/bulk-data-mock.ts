import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Bundle, Resource } from 'fhir/r4';
import { decodeJwt } from 'jose';

/**
 * A Bulk Data server the product did not write, as small as the tests need: it holds only some
 * resource types and behaves like the SMART reference Bulk Data server towards the others (the
 * token endpoint refuses a scope for a type it does not have, "Resources of type X do not exist on
 * this server"; so does the kick-off). SMART configuration, CapabilityStatement, client-credentials
 * token (the assertion's issuer must be the client; signatures are the real server's business),
 * `$export` kick-off, status, manifest, NDJSON files. It serves the scenario charts.
 */
export interface BulkMockOptions {
  types: string[];
  clientId: string;
  /**
   * `scopes_supported` of its SMART configuration (default `system/*.read`, as the reference
   * server).
   */
  scopesSupported?: string[];
  /** When false, `/metadata` answers 401 (a server that hides its CapabilityStatement). */
  publicMetadata?: boolean;
}

export interface BulkMock {
  fhirBase: string;
  /** Scopes asked of the token endpoint, and `_type` of each kick-off, in order. */
  tokenScopes: string[];
  exportTypes: string[];
  close(): Promise<void>;
}

export function scenarioResources(dir: string): Resource[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) =>
      ((JSON.parse(readFileSync(join(dir, f), 'utf8')) as Bundle).entry ?? [])
        .map((e) => e.resource!)
        .filter(Boolean),
    );
}

export async function startBulkMock(o: BulkMockOptions, resources: Resource[]): Promise<BulkMock> {
  const tokenScopes: string[] = [];
  const exportTypes: string[] = [];
  const tokens = new Set<string>();
  let origin = '';
  const json = (
    res: import('node:http').ServerResponse,
    status: number,
    body: unknown,
    type = 'application/json',
  ) => {
    res.writeHead(status, { 'content-type': type });
    res.end(JSON.stringify(body));
  };
  const outcome = (text: string) => ({
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: 'processing', diagnostics: text }],
  });
  const notHere = (types: string[]) => types.find((t) => !o.types.includes(t));

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const authed = tokens.has((req.headers.authorization ?? '').replace(/^Bearer /, ''));
    let body = '';
    req.on('data', (d: Buffer) => {
      body += d.toString('utf8');
    });
    req.on('end', () => {
      const path = url.pathname;
      if (path === '/fhir/.well-known/smart-configuration') {
        return json(res, 200, {
          token_endpoint: `${origin}/auth/token`,
          token_endpoint_auth_methods_supported: ['private_key_jwt'],
          scopes_supported: o.scopesSupported ?? ['system/*.read'],
          capabilities: ['client-confidential-asymmetric', 'permission-v1'],
        });
      }
      if (path === '/fhir/metadata') {
        if (o.publicMetadata === false) return json(res, 401, outcome('Unauthorized'));
        return json(
          res,
          200,
          {
            resourceType: 'CapabilityStatement',
            status: 'active',
            kind: 'instance',
            fhirVersion: '4.0.1',
            format: ['json'],
            rest: [
              {
                mode: 'server',
                resource: o.types.map((type) => ({ type })),
                operation: [
                  {
                    name: 'export',
                    definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export',
                  },
                ],
              },
            ],
          },
          'application/fhir+json',
        );
      }
      if (path === '/auth/token' && req.method === 'POST') {
        const form = new URLSearchParams(body);
        let iss: unknown;
        try {
          iss = decodeJwt(form.get('client_assertion') ?? '').iss;
        } catch {
          iss = undefined;
        }
        if (iss !== o.clientId)
          return json(res, 401, { error: 'invalid_client', error_description: 'Unknown client' });
        const scope = form.get('scope') ?? '';
        tokenScopes.push(scope);
        const missing = notHere(
          scope
            .split(' ')
            .map((s) => /^system\/([A-Za-z*]+)\./.exec(s)?.[1] ?? '')
            .filter((t) => t !== '*'),
        );
        if (missing)
          return json(res, 400, {
            error: 'invalid_scope',
            error_description: `Resources of type ${missing} do not exist on this server`,
          });
        const token = `tok-${tokens.size + 1}`;
        tokens.add(token);
        return json(res, 200, {
          access_token: token,
          token_type: 'bearer',
          expires_in: 900,
          scope,
        });
      }
      if (!authed) return json(res, 401, outcome('Unauthorized'));
      if (path === '/fhir/Patient/$export') {
        if (req.headers.prefer !== 'respond-async')
          return json(res, 400, outcome('The Prefer header must be respond-async'));
        const types = (url.searchParams.get('_type') ?? o.types.join(',')).split(',');
        exportTypes.push(types.join(','));
        const missing = notHere(types);
        if (missing)
          return json(
            res,
            400,
            outcome(`Resources of type ${missing} do not exist on this server`),
          );
        res.writeHead(202, {
          'content-location': `${origin}/status/${exportTypes.length}?types=${types.join(',')}`,
        });
        return res.end();
      }
      if (path.startsWith('/status/')) {
        if (req.method === 'DELETE') {
          res.writeHead(202);
          return res.end();
        }
        const types = (url.searchParams.get('types') ?? '').split(',');
        return json(res, 200, {
          transactionTime: '2026-11-20T00:00:00Z',
          request: `${origin}/fhir/Patient/$export`,
          requiresAccessToken: true,
          output: types.map((type) => ({ type, url: `${origin}/files/${type}.ndjson` })),
          error: [],
        });
      }
      const file = /^\/files\/([A-Za-z]+)\.ndjson$/.exec(path);
      if (file) {
        res.writeHead(200, { 'content-type': 'application/fhir+ndjson' });
        return res.end(
          resources
            .filter((r) => r.resourceType === file[1])
            .map((r) => JSON.stringify(r))
            .join('\n') + '\n',
        );
      }
      return json(res, 404, outcome('Not found'));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    fhirBase: `${origin}/fhir`,
    tokenScopes,
    exportTypes,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
