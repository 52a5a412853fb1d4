import { createHash, randomBytes } from 'node:crypto';
import type { Bundle } from 'fhir/r4';
import { decodeJwt, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/server.js';
import { inProcessSandbox } from '../support/sandbox.js';
import { tokenAuthorizer } from '../../sandbox/auth/access-policy.js';
import { AuthServer } from '../../sandbox/auth/auth-server.js';
import { newSigningKey } from '../../sandbox/auth/keys.js';
import { isRefusal } from '../../sandbox/fhir/fhir-app.js';

let sb: Sandbox;
const ORIGIN = 'http://127.0.0.1:8440';
const REDIRECT = `${ORIGIN}/index.html`;
const CLIENT = 'spinescore-sandbox';

beforeAll(async () => {
  sb = await inProcessSandbox();
}, 60_000);

const fetchApp = (url: string, init?: RequestInit) => sb.app.fetch(new Request(url, init));

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

async function authorize(params: Record<string, string>) {
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT,
    redirect_uri: REDIRECT,
    aud: sb.fhirBase,
    state: randomBytes(16).toString('hex'),
    code_challenge_method: 'S256',
    ...params,
  });
  return fetchApp(`${ORIGIN}/auth/authorize?${q}`, { redirect: 'manual' });
}

async function token(form: Record<string, string>) {
  const res = await fetchApp(`${ORIGIN}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: CLIENT, ...form }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

/** EHR launch for a patient, then the code exchange; returns the token response. */
async function ehrLaunch(
  patient: string,
  scope: string,
  opts: { readOnly?: boolean; appContext?: string } = {},
) {
  const launch = sb.auth.createLaunch({ patient, user: 'Practitioner/sandbox-surgeon', ...opts });
  const { verifier, challenge } = pkce();
  const res = await authorize({ launch, scope, code_challenge: challenge });
  expect(res.status).toBe(302);
  const to = new URL(res.headers.get('location')!);
  const code = to.searchParams.get('code')!;
  expect(code).toBeTruthy();
  return {
    code,
    verifier,
    ...(await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    })),
  };
}

const READ =
  'launch openid fhirUser offline_access patient/Patient.r patient/Condition.rs ' +
  'patient/Observation.rs patient/Observation.c';
const fhir = (path: string, tok?: string) =>
  fetchApp(`${sb.fhirBase}/${path}`, tok ? { headers: { authorization: `Bearer ${tok}` } } : {});

describe('SMART configuration', () => {
  it('advertises SMART App Launch 2 capabilities, S256 only', async () => {
    const c = (await (
      await fetchApp(`${sb.fhirBase}/.well-known/smart-configuration`)
    ).json()) as Record<string, string[]>;
    expect(c.code_challenge_methods_supported).toEqual(['S256']);
    expect(c.capabilities).toEqual(
      expect.arrayContaining([
        'launch-ehr',
        'launch-standalone',
        'client-public',
        'permission-v2',
        'permission-v1',
        'sso-openid-connect',
        'context-ehr-patient',
      ]),
    );
  });
});

describe('EHR launch with PKCE', () => {
  it('issues a token bound to the launch patient and user, with an id_token carrying fhirUser', async () => {
    const t = await ehrLaunch('s01', READ, { appContext: '{"view":"inputs"}' });
    expect(t.status).toBe(200);
    expect(t.body).toMatchObject({
      token_type: 'Bearer',
      patient: 's01',
      appContext: '{"view":"inputs"}',
      fhirUser: `${sb.fhirBase}/Practitioner/sandbox-surgeon`,
    });
    expect(Number(t.body.expires_in)).toBe(300);
    const id = decodeJwt(t.body.id_token!);
    expect(id).toMatchObject({
      aud: CLIENT,
      iss: `${ORIGIN}/auth`,
      fhirUser: `${sb.fhirBase}/Practitioner/sandbox-surgeon`,
    });
    const keys = (await (await fetchApp(`${ORIGIN}/auth/jwks`)).json()) as { keys: JsonWebKey[] };
    const { importJWK } = await import('jose');
    await expect(
      jwtVerify(t.body.id_token!, await importJWK(keys.keys[0] as never, 'RS256'), {
        audience: CLIENT,
        issuer: `${ORIGIN}/auth`,
      }),
    ).resolves.toBeTruthy();
    expect((await fhir('Patient/s01', t.body.access_token)).status).toBe(200);
    const obs = (await (
      await fhir('Observation?patient=s01&_count=5', t.body.access_token)
    ).json()) as Bundle;
    expect(obs.entry!.length).toBeGreaterThan(0);
  });

  it('refreshes with offline_access and rotates the refresh token', async () => {
    const t = await ehrLaunch('s02', READ);
    const r = await token({ grant_type: 'refresh_token', refresh_token: t.body.refresh_token! });
    expect(r.status).toBe(200);
    expect(r.body.patient).toBe('s02');
    expect(
      (await token({ grant_type: 'refresh_token', refresh_token: t.body.refresh_token! })).status,
    ).toBe(400);
  });

  it('refreshes without client_id (a public client need not send it), bound to the client it was issued to, and the new token saves', async () => {
    const t = await ehrLaunch(
      's02',
      'launch openid fhirUser online_access patient/Patient.r patient/Observation.rs ' +
        'patient/Observation.c',
    );
    const form = (f: Record<string, string>) =>
      fetchApp(`${ORIGIN}/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(f),
      });
    // Another client may not use it (and the attempt does not burn it).
    expect(
      (
        await form({
          grant_type: 'refresh_token',
          refresh_token: t.body.refresh_token!,
          client_id: 'someone-else',
        })
      ).status,
    ).toBe(401);
    const r = await form({ grant_type: 'refresh_token', refresh_token: t.body.refresh_token! });
    expect(r.status).toBe(200);
    const body = (await r.json()) as Record<string, string>;
    expect(decodeJwt(body.access_token!)).toMatchObject({ client_id: CLIENT, patient: 's02' });
    const obs = {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'refresh test' },
      subject: { reference: 'Patient/s02' },
      valueInteger: 1,
    };
    const saved = await fetchApp(`${sb.fhirBase}/Observation`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${body.access_token}`,
        'content-type': 'application/fhir+json',
      },
      body: JSON.stringify(obs),
    });
    expect(saved.status).toBe(201);
  });

  it('grants no write scopes to a read-only user', async () => {
    const t = await ehrLaunch('s02', READ, { readOnly: true });
    expect(t.body.scope).not.toMatch(/Observation\.c/);
  });
});

describe('scopes granted to the public app (issue #22)', () => {
  const exportAll = (tok: string) =>
    fetchApp(`${sb.fhirBase}/Patient/$export`, {
      headers: { authorization: `Bearer ${tok}`, prefer: 'respond-async' },
    });

  it.each([[false], [true]])(
    'never system/ nor user/ write, and no bulk export (read-only launch: %s)',
    async (readOnly) => {
      const t = await ehrLaunch(
        's01',
        'launch openid system/*.rs user/*.cruds patient/Observation.rs',
        { readOnly },
      );
      expect(t.status).toBe(200);
      expect(t.body.scope).toBe(`launch openid user/*.rs patient/Observation.rs`);
      expect((await exportAll(t.body.access_token!)).status).toBe(403);
      // user/*.rs reads another patient; it writes nothing.
      expect((await fhir('Patient/s02', t.body.access_token)).status).toBe(200);
      const body = JSON.stringify({
        resourceType: 'Observation',
        status: 'final',
        code: { text: 'x' },
        subject: { reference: 'Patient/s02' },
      });
      const post = await fetchApp(`${sb.fhirBase}/Observation`, {
        method: 'POST',
        body,
        headers: {
          authorization: `Bearer ${t.body.access_token}`,
          'content-type': 'application/fhir+json',
        },
      });
      expect(post.status).toBe(403);
    },
  );

  it('a token of the EHR itself holding system/ scopes cannot export either', async () => {
    const t = await sb.auth.mintToken(CLIENT, 'system/*.rs', {
      patient: '',
      user: 'Practitioner/sandbox-surgeon',
    });
    expect((await exportAll(t.access_token)).status).toBe(403);
  });
});

describe('token enforcement on the FHIR endpoint', () => {
  let tok: string;
  beforeAll(async () => {
    tok = (await ehrLaunch('s01', READ)).body.access_token!;
  });

  it('refuses a missing token with 401', async () => {
    expect((await fhir('Patient/s01')).status).toBe(401);
  });
  it('refuses another patient (read and search) with 403', async () => {
    expect((await fhir('Patient/s02', tok)).status).toBe(403);
    expect((await fhir('Condition?patient=s02', tok)).status).toBe(403);
    expect((await fhir('Observation?code=http://loinc.org|89247-1', tok)).status).toBe(403);
  });
  it('refuses an interaction without a scope with 403', async () => {
    expect((await fhir('MedicationRequest?patient=s01', tok)).status).toBe(403);
    const body = JSON.stringify({
      resourceType: 'Condition',
      subject: { reference: 'Patient/s01' },
      code: { text: 'x' },
    });
    expect(
      (
        await fetchApp(`${sb.fhirBase}/Condition`, {
          method: 'POST',
          body,
          headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/fhir+json' },
        })
      ).status,
    ).toBe(403);
  });
  it('refuses a create for another patient, allows one for the launch patient', async () => {
    const obs = (p: string) =>
      JSON.stringify({
        resourceType: 'Observation',
        status: 'final',
        code: { text: 'x' },
        subject: { reference: `Patient/${p}` },
      });
    const post = (p: string) =>
      fetchApp(`${sb.fhirBase}/Observation`, {
        method: 'POST',
        body: obs(p),
        headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/fhir+json' },
      });
    expect((await post('s02')).status).toBe(403);
    expect((await post('s01')).status).toBe(201);
  });
  it('refuses an expired token with 401', async () => {
    const past = new AuthServer({
      origin: ORIGIN,
      fhirBase: sb.fhirBase,
      clients: [],
      key: (sb.auth as unknown as { opts: { key: never } }).opts.key,
      defaultUser: 'Practitioner/sandbox-surgeon',
      listPatients: async () => [],
      now: () => Date.now() - 2 * 3600_000,
      accessTokenSeconds: 60,
    });
    const old = await past.mintToken(CLIENT, READ, {
      patient: 's01',
      user: 'Practitioner/sandbox-surgeon',
    });
    const res = await fhir('Patient/s01', old.access_token);
    expect(res.status).toBe(401);
    expect(JSON.stringify(await res.json())).toMatch(/expired/);
  });
  it('refuses a token once it expires, though it was accepted before (checked once, kept)', async () => {
    let clock = Date.now();
    const key = await newSigningKey('RS256');
    const issuer = new AuthServer({
      origin: ORIGIN,
      fhirBase: sb.fhirBase,
      clients: [],
      key,
      defaultUser: 'Practitioner/sandbox-surgeon',
      listPatients: async () => [],
      now: () => clock,
      accessTokenSeconds: 60,
    });
    const revokedGrants = new Set<string>();
    const authorize = tokenAuthorizer({
      issuer: issuer.issuer,
      fhirBase: sb.fhirBase,
      publicKey: key.publicKey,
      alg: key.alg,
      revokedGrants,
      now: () => clock,
    });
    const { access_token } = await issuer.mintToken(CLIENT, READ, {
      patient: 's01',
      user: 'Practitioner/sandbox-surgeon',
    });
    const request = () =>
      authorize(new Request(sb.fhirBase, { headers: { authorization: `Bearer ${access_token}` } }));
    expect(isRefusal(await request())).toBe(false);
    expect(isRefusal(await request())).toBe(false);
    revokedGrants.add(String(decodeJwt(access_token).grant));
    expect(JSON.stringify(await request())).toMatch(/revoked/);
    revokedGrants.clear();
    clock += 61_000;
    expect(JSON.stringify(await request())).toMatch(/expired/);
  });
  it('refuses a token signed by someone else', async () => {
    const forged =
      tok.split('.').slice(0, 2).join('.') + '.' + Buffer.from('forged').toString('base64url');
    expect((await fhir('Patient/s01', forged)).status).toBe(401);
  });
});

describe('authorization code protections', () => {
  it('refuses a bad PKCE verifier', async () => {
    const launch = sb.auth.createLaunch({ patient: 's01', user: 'Practitioner/sandbox-surgeon' });
    const { challenge } = pkce();
    const code = new URL(
      (await authorize({ launch, scope: READ, code_challenge: challenge })).headers.get(
        'location',
      )!,
    ).searchParams.get('code')!;
    const r = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: pkce().verifier,
    });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('invalid_grant');
  });

  it('refuses a replayed code and revokes the tokens issued from it', async () => {
    const t = await ehrLaunch('s01', READ);
    expect((await fhir('Patient/s01', t.body.access_token)).status).toBe(200);
    const again = await token({
      grant_type: 'authorization_code',
      code: t.code,
      redirect_uri: REDIRECT,
      code_verifier: t.verifier,
    });
    expect(again.body.error).toBe('invalid_grant');
    expect((await fhir('Patient/s01', t.body.access_token)).status).toBe(401);
  });

  it('requires PKCE S256, state and the FHIR base as aud', async () => {
    const launch = sb.auth.createLaunch({ patient: 's01', user: 'Practitioner/sandbox-surgeon' });
    const errorOf = async (p: Record<string, string>) =>
      new URL(
        (await authorize({ launch, scope: READ, ...p })).headers.get('location')!,
      ).searchParams.get('error');
    expect(await errorOf({})).toBe('invalid_request'); // no code_challenge
    expect(
      await errorOf({ code_challenge: pkce().challenge, code_challenge_method: 'plain' }),
    ).toBe('invalid_request');
    expect(
      await errorOf({ code_challenge: pkce().challenge, aud: 'https://elsewhere.test/fhir' }),
    ).toBe('invalid_request');
    expect(await errorOf({ code_challenge: pkce().challenge, state: '' })).toBe('invalid_request');
  });

  it('never redirects to an unregistered redirect_uri or for an unknown client', async () => {
    const res = await authorize({
      redirect_uri: 'https://evil.test/cb',
      scope: READ,
      code_challenge: pkce().challenge,
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(
      (await authorize({ client_id: 'nobody', scope: READ, code_challenge: pkce().challenge }))
        .status,
    ).toBe(400);
  });

  it('standalone launch shows a patient picker and binds the chosen patient', async () => {
    const { verifier, challenge } = pkce();
    const page = await authorize({
      scope: 'launch/patient openid fhirUser patient/Patient.r',
      code_challenge: challenge,
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/Select a patient/);
    expect(html).toMatch(/value="s05"/);
    const form = new URLSearchParams({
      response_type: 'code',
      client_id: CLIENT,
      redirect_uri: REDIRECT,
      aud: sb.fhirBase,
      state: 'st-123456',
      code_challenge_method: 'S256',
      code_challenge: challenge,
      scope: 'launch/patient openid fhirUser patient/Patient.r',
      patient: 's05',
    });
    const res = await fetchApp(`${ORIGIN}/auth/authorize`, {
      method: 'POST',
      body: form,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      redirect: 'manual',
    });
    const code = new URL(res.headers.get('location')!).searchParams.get('code')!;
    const t = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    });
    expect(t.body.patient).toBe('s05');
  });

  it('accepts v1 scopes as their v2 equivalents', async () => {
    const t = await ehrLaunch('s03', 'launch patient/Patient.read patient/Observation.read');
    expect((await fhir('Observation?patient=s03&_count=1', t.body.access_token)).status).toBe(200);
    expect((await fhir('Condition?patient=s03', t.body.access_token)).status).toBe(403);
  });
});

describe('sandbox safety', () => {
  it('refuses a non-loopback address unless told explicitly', async () => {
    const { readSandboxConfig } = await import('../../sandbox/config.js');
    expect(() => readSandboxConfig(['--host', '0.0.0.0'], {})).toThrow(/Refusing to listen/);
    expect(readSandboxConfig(['--host', '0.0.0.0', '--allow-remote'], {}).host).toBe('0.0.0.0');
    expect(readSandboxConfig([], {}).port).toBe(8440);
  });
});
