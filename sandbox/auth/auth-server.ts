import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { createLocalJWKSet, decodeJwt, jwtVerify, SignJWT, type JWK } from 'jose';
import { parseScopes } from '../../src/smart/scopes.js';
import type { ClientKind } from './access-model.js';
import type { RegisteredClient } from './clients.js';
import { grantScopes } from './scope-grant.js';
import type { SigningKey } from './keys.js';
import { pickerPage, errorPage, type PatientChoice } from './pages.js';
import { notFound } from '../../cds-hooks/outcomes.js';
import { sameSecret } from '../../cds-hooks/same-secret.js';
import { problem, problemOnError } from '../problem.js';

/** Context an EHR binds to a `launch` value before it opens the app. */
export interface LaunchContext {
  patient: string;
  encounter?: string;
  /** `Practitioner/<id>` of the signed-in user. */
  user: string;
  /** CDS Hooks `appContext` from a card link, passed through to the token response. */
  appContext?: string;
  /** Simulates a user without write permission: write scopes are not granted. */
  readOnly?: boolean;
}

export interface AuthServerOptions {
  /** e.g. `http://127.0.0.1:8440` */
  origin: string;
  fhirBase: string;
  clients: RegisteredClient[];
  key: SigningKey;
  defaultUser: string;
  listPatients: () => Promise<PatientChoice[]>;
  accessTokenSeconds?: number;
  refreshTokenSeconds?: number;
  now?: () => number;
  /** SMART Backend Services clients (client credentials, private-key JWT): bulk export. */
  backendClients?: BackendClient[];
}

/** A registered back-end client: its public keys and the system scopes it may be granted. */
export interface BackendClient {
  clientId: string;
  jwks: JWK[];
  scopes: string[];
}

interface CodeGrant {
  clientId: string;
  redirectUri: string;
  scope: string;
  challenge: string;
  context: LaunchContext;
  expiresAt: number;
  used: boolean;
  grantId: string;
}
interface RefreshGrant {
  clientId: string;
  scope: string;
  context: LaunchContext;
  expiresAt: number;
  grantId: string;
  kind: ClientKind;
}

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/**
 * The sandbox's SMART App Launch 2 authorization server: EHR and standalone launch,
 * authorization code with PKCE S256 (required), refresh tokens, OpenID Connect id_token.
 * The signed-in user is the sandbox practitioner; there is no password in a sandbox.
 */
export class AuthServer {
  readonly app = new Hono();
  readonly issuer: string;
  private readonly launches = new Map<string, LaunchContext & { expiresAt: number }>();
  private readonly codes = new Map<string, CodeGrant>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();
  /** Grants whose code was replayed: every token from them is refused (RFC 6749 §4.1.2). */
  readonly revokedGrants = new Set<string>();
  /** Client assertion ids seen (until they expire): a replayed assertion is refused. */
  private readonly usedAssertions = new Map<string, number>();

  constructor(private readonly opts: AuthServerOptions) {
    this.issuer = `${opts.origin}/auth`;
    this.routes();
  }

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  smartConfiguration() {
    const a = this.issuer;
    return {
      issuer: a,
      jwks_uri: `${a}/jwks`,
      authorization_endpoint: `${a}/authorize`,
      token_endpoint: `${a}/token`,
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      token_endpoint_auth_methods_supported: ['none', 'private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
      scopes_supported: [
        'openid',
        'fhirUser',
        'launch',
        'launch/patient',
        'offline_access',
        'online_access',
        'patient/*.cruds',
        'user/*.cruds',
        'patient/*.read',
        'patient/*.write',
        'user/*.read',
        'user/*.write',
        'system/*.rs',
        'system/*.read',
      ],
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      capabilities: [
        'launch-ehr',
        'launch-standalone',
        'client-public',
        'client-confidential-asymmetric',
        'permission-v2',
        'context-ehr-patient',
        'context-standalone-patient',
        'context-banner',
        'context-style',
        'permission-patient',
        'permission-user',
        'permission-offline',
        'permission-v2',
        'permission-v1',
        'sso-openid-connect',
      ],
    };
  }

  /** Binds a launch value to patient and user context (what an EHR does before opening the app). */
  createLaunch(context: LaunchContext): string {
    const id = randomBytes(18).toString('base64url');
    this.launches.set(id, { ...context, expiresAt: this.now() + 10 * 60_000 });
    return id;
  }

  /**
   * A token for the sandbox's own back end (EHR-side prefetch, the CDS service's
   * fhirAuthorization).
   */
  async mintToken(
    clientId: string,
    scope: string,
    context: LaunchContext,
  ): Promise<{ access_token: string; expires_in: number; scope: string }> {
    const r = await this.issue(clientId, scope, context, randomUUID(), 'ehr');
    return { access_token: r.access_token as string, expires_in: r.expires_in as number, scope };
  }

  private routes(): void {
    const app = this.app;
    app.get('/jwks', (c) => c.json({ keys: [this.opts.key.publicJwk] }));
    app.get('/authorize', (c) => this.authorize(c, new URL(c.req.url).searchParams));
    app.post('/authorize', async (c) => {
      const form = await c.req.parseBody();
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) if (typeof v === 'string') params.set(k, v);
      return this.authorize(c, params);
    });
    app.post('/token', (c) => this.token(c));
    // Everything else (unknown paths, failures) is problem details; a failure inside the OAuth
    // endpoints also carries RFC 6749's `error` member, which OAuth clients read.
    app.all('*', (c) => problem(c, notFound()));
    const onError = problemOnError();
    const onOAuthError = problemOnError(undefined, { error: 'server_error' });
    app.onError((err, c) =>
      (/\/(token|authorize)$/.test(new URL(c.req.url).pathname) ? onOAuthError : onError)(err, c),
    );
  }

  private async authorize(c: Context, q: URLSearchParams): Promise<Response> {
    const client = this.opts.clients.find((x) => x.clientId === q.get('client_id'));
    const redirectUri = q.get('redirect_uri') ?? '';
    // Unknown client or redirect: never redirect (no open redirector), say so on a page.
    if (!client)
      return c.html(
        errorPage('Unknown client_id', 'This application is not registered with the sandbox.'),
        400,
      );
    if (!client.redirectUris.includes(redirectUri))
      return c.html(
        errorPage('redirect_uri not registered', `Registered: ${client.redirectUris.join(', ')}`),
        400,
      );
    const state = q.get('state');
    const fail = (error: string, description: string) => {
      const u = new URL(redirectUri);
      u.searchParams.set('error', error);
      u.searchParams.set('error_description', description);
      if (state) u.searchParams.set('state', state);
      return c.redirect(u.href, 302);
    };
    if (q.get('response_type') !== 'code')
      return fail('unsupported_response_type', 'response_type must be code.');
    if (!state) return fail('invalid_request', 'state is required.');
    if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge'))
      return fail('invalid_request', 'PKCE with code_challenge_method=S256 is required.');
    if (q.get('aud') !== this.opts.fhirBase)
      return fail('invalid_request', `aud must be the FHIR base URL ${this.opts.fhirBase}.`);
    const scope = q.get('scope') ?? '';
    const scopes = parseScopes(scope);

    let context: LaunchContext | undefined;
    const launch = q.get('launch');
    if (launch) {
      const bound = this.launches.get(launch);
      if (!bound || bound.expiresAt < this.now())
        return fail(
          'invalid_request',
          'The launch value is unknown or expired. Launch the app again from the EHR.',
        );
      const { expiresAt: _e, ...rest } = bound;
      context = rest;
    } else if (scopes.other.has('launch')) {
      return fail('invalid_scope', 'Scope "launch" needs a launch parameter (EHR launch).');
    } else if (q.get('deny')) {
      // The user refused on the consent / patient-picker page (RFC 6749 §4.1.2.1).
      return fail('access_denied', 'The user did not allow access.');
    } else if (q.get('patient')) {
      // Patient chosen on the picker page.
      const patients = await this.opts.listPatients();
      if (!patients.some((p) => p.id === q.get('patient')))
        return fail('invalid_request', 'Unknown patient.');
      context = { patient: q.get('patient')!, user: this.opts.defaultUser };
    } else if (
      scopes.other.has('launch/patient') ||
      scopes.resources.some((s) => s.context === 'patient')
    ) {
      return c.html(pickerPage(await this.opts.listPatients(), q));
    } else {
      context = { patient: '', user: this.opts.defaultUser };
    }

    // What the client asked for ∩ what it is registered for ∩ what the launch allows (never
    // system/).
    const granted = grantScopes(scope, client.scopes, 'public-app', {
      readOnly: !!context.readOnly,
    });
    const code = randomBytes(32).toString('base64url');
    this.codes.set(code, {
      clientId: client.clientId,
      redirectUri,
      scope: granted.join(' '),
      challenge: q.get('code_challenge')!,
      context,
      expiresAt: this.now() + 60_000,
      used: false,
      grantId: randomUUID(),
    });
    const u = new URL(redirectUri);
    u.searchParams.set('code', code);
    u.searchParams.set('state', state);
    return c.redirect(u.href, 302);
  }

  private async token(c: Context): Promise<Response> {
    const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' };
    const err = (error: string, description: string, status: 400 | 401 = 400) =>
      c.json({ error, error_description: description }, status, noStore);
    let form: Record<string, string | File>;
    try {
      form = await c.req.parseBody();
    } catch {
      return err('invalid_request', 'Send application/x-www-form-urlencoded.');
    }
    const s = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : undefined);
    if (s('grant_type') === 'client_credentials') return this.clientCredentials(c, s, err, noStore);
    if (s('grant_type') === 'refresh_token') return this.refresh(c, s, err, noStore);
    const client = this.opts.clients.find((x) => x.clientId === s('client_id'));
    if (!client) return err('invalid_client', 'Unknown client_id.', 401);

    if (s('grant_type') === 'authorization_code') {
      const code = s('code') ?? '';
      const grant = this.codes.get(code);
      if (!grant || grant.clientId !== client.clientId)
        return err('invalid_grant', 'Unknown authorization code.');
      if (grant.used) {
        this.revokedGrants.add(grant.grantId);
        return err(
          'invalid_grant',
          'Authorization code already used; tokens issued from it are revoked.',
        );
      }
      grant.used = true;
      if (grant.expiresAt < this.now()) return err('invalid_grant', 'Authorization code expired.');
      if (s('redirect_uri') !== grant.redirectUri)
        return err('invalid_grant', 'redirect_uri differs from the authorization request.');
      const verifier = s('code_verifier') ?? '';
      if (
        !VERIFIER.test(verifier) ||
        !sameSecret(createHash('sha256').update(verifier).digest('base64url'), grant.challenge)
      ) {
        return err('invalid_grant', 'PKCE code_verifier does not match the code_challenge.');
      }
      return c.json(
        await this.issue(client.clientId, grant.scope, grant.context, grant.grantId, 'public-app'),
        200,
        noStore,
      );
    }
    return err('unsupported_grant_type', 'Use authorization_code or refresh_token.');
  }

  /**
   * Refresh grant. The refresh token is bound to the client it was issued to: a public client need
   * not send `client_id` (RFC 6749 §6 asks client authentication only of confidential clients, and
   * fhirclient omits it), but one that does must name that client.
   */
  private async refresh(
    c: Context,
    s: (k: string) => string | undefined,
    err: (e: string, d: string, st?: 400 | 401) => Response,
    noStore: Record<string, string>,
  ): Promise<Response> {
    const token = s('refresh_token') ?? '';
    const grant = this.refreshTokens.get(token);
    const client = grant && this.opts.clients.find((x) => x.clientId === grant.clientId);
    const named = s('client_id');
    if (named !== undefined && !this.opts.clients.some((x) => x.clientId === named))
      return err('invalid_client', 'Unknown client_id.', 401);
    if (
      !grant ||
      !client ||
      (named !== undefined && named !== grant.clientId) ||
      (named === undefined && !client.public) ||
      grant.expiresAt < this.now() ||
      this.revokedGrants.has(grant.grantId)
    ) {
      return err(
        'invalid_grant',
        'Refresh token unknown, expired, revoked or issued to another client.',
      );
    }
    this.refreshTokens.delete(token); // rotation
    return c.json(
      await this.issue(client.clientId, grant.scope, grant.context, grant.grantId, grant.kind),
      200,
      noStore,
    );
  }

  /**
   * SMART Backend Services: the client proves itself with a JWT signed by its registered key
   * (RFC 7523: iss = sub = client_id, aud = this token endpoint, exp within 5 minutes, jti used
   * once) and gets a token for the system scopes it asked for and is allowed.
   */
  private async clientCredentials(
    c: Context,
    s: (k: string) => string | undefined,
    err: (e: string, d: string, st?: 400 | 401) => Response,
    noStore: Record<string, string>,
  ): Promise<Response> {
    if (s('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer')
      return err(
        'invalid_request',
        'client_assertion_type must be urn:ietf:params:oauth:client-assertion-type:jwt-bearer.',
      );
    const assertion = s('client_assertion') ?? '';
    let iss: unknown;
    try {
      iss = decodeJwt(assertion).iss;
    } catch {
      return err('invalid_client', 'client_assertion is not a JWT.', 401);
    }
    const client = this.opts.backendClients?.find((x) => x.clientId === iss);
    if (!client) return err('invalid_client', 'Unknown client.', 401);
    try {
      const { payload } = await jwtVerify(assertion, createLocalJWKSet({ keys: client.jwks }), {
        issuer: client.clientId,
        subject: client.clientId,
        audience: `${this.issuer}/token`,
        algorithms: ['RS384', 'ES384'],
        requiredClaims: ['exp', 'jti'],
        currentDate: new Date(this.now()),
      });
      if (payload.exp! * 1000 > this.now() + 5 * 60_000 + 60_000)
        return err('invalid_client', 'client_assertion lifetime over 5 minutes.', 401);
      if (this.usedAssertions.has(payload.jti!))
        return err('invalid_client', 'client_assertion jti already used.', 401);
      this.usedAssertions.set(payload.jti!, payload.exp! * 1000);
      for (const [jti, exp] of this.usedAssertions)
        if (exp < this.now()) this.usedAssertions.delete(jti);
    } catch {
      return err('invalid_client', 'client_assertion signature or claims are not valid.', 401);
    }
    const asked = (s('scope') ?? '').split(/\s+/).filter(Boolean);
    // A back-end client asks for exactly what it may have: anything else is refused, not trimmed.
    const grantable = grantScopes(asked.join(' '), client.scopes, 'backend');
    if (asked.length === 0 || asked.some((x) => !grantable.includes(x)))
      return err('invalid_scope', `Allowed scopes: ${client.scopes.join(' ')}.`);
    const lifetime = this.opts.accessTokenSeconds ?? 3600;
    const nowSec = Math.floor(this.now() / 1000);
    const token = await new SignJWT({
      scope: asked.join(' '),
      client_id: client.clientId,
      client_kind: 'backend',
      grant: randomUUID(),
    })
      .setProtectedHeader({ alg: this.opts.key.alg, kid: this.opts.key.kid, typ: 'at+jwt' })
      .setIssuer(this.issuer)
      .setAudience(this.opts.fhirBase)
      .setSubject(client.clientId)
      .setIssuedAt(nowSec)
      .setExpirationTime(nowSec + lifetime)
      .setJti(randomUUID())
      .sign(this.opts.key.privateKey);
    return c.json(
      { access_token: token, token_type: 'Bearer', expires_in: lifetime, scope: asked.join(' ') },
      200,
      noStore,
    );
  }

  private async issue(
    clientId: string,
    scope: string,
    context: LaunchContext,
    grantId: string,
    kind: ClientKind,
  ) {
    const lifetime = this.opts.accessTokenSeconds ?? 3600;
    const nowSec = Math.floor(this.now() / 1000);
    const key = this.opts.key;
    const fhirUser = `${this.opts.fhirBase}/${context.user}`;
    const claims: Record<string, unknown> = {
      scope,
      client_id: clientId,
      client_kind: kind,
      grant: grantId,
      fhirUser: context.user,
    };
    if (context.patient) claims.patient = context.patient;
    const accessToken = await new SignJWT(claims)
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt' })
      .setIssuer(this.issuer)
      .setAudience(this.opts.fhirBase)
      .setSubject(context.user)
      .setIssuedAt(nowSec)
      .setExpirationTime(nowSec + lifetime)
      .setJti(randomUUID())
      .sign(key.privateKey);
    const scopes = parseScopes(scope);
    const response: Record<string, unknown> = {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: lifetime,
      scope,
    };
    if (context.patient) {
      response.patient = context.patient;
      response.need_patient_banner = false;
    }
    if (context.encounter) response.encounter = context.encounter;
    if (context.appContext) response.appContext = context.appContext;
    if (scopes.other.has('fhirUser')) response.fhirUser = fhirUser;
    if (scopes.other.has('openid')) {
      response.id_token = await new SignJWT(scopes.other.has('fhirUser') ? { fhirUser } : {})
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
        .setIssuer(this.issuer)
        .setAudience(clientId)
        .setSubject(context.user)
        .setIssuedAt(nowSec)
        .setExpirationTime(nowSec + lifetime)
        .sign(key.privateKey);
    }
    if (scopes.other.has('offline_access') || scopes.other.has('online_access')) {
      const refresh = randomBytes(32).toString('base64url');
      this.refreshTokens.set(refresh, {
        clientId,
        scope,
        context,
        grantId,
        kind,
        expiresAt: this.now() + (this.opts.refreshTokenSeconds ?? 86_400) * 1000,
      });
      response.refresh_token = refresh;
    }
    return response;
  }
}
