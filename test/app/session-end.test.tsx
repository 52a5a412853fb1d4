// @vitest-environment happy-dom
import { createHash, randomBytes } from 'node:crypto';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import FHIR from 'fhirclient/lib/entry/browser';
import type Client from 'fhirclient/lib/Client';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/server.js';
import { inProcessSandbox } from '../support/sandbox.js';
import { scopesFor, SMART_CONFIG } from '../../src/app/smart/launch-config.js';
import { fetchAllWith } from '../../src/app/smart/session.js';
import { writebackGranted } from '../../src/smart/scopes.js';
import { Root } from '../../src/app/ui/Root.js';
import type { AppSession } from '../../src/app/ui/types.js';

/**
 * The session against the sandbox's own authorization server and FHIR server (msw hands the real
 * fhirclient's requests to the sandbox app): silent refresh the way fhirclient does it, without
 * `client_id`, and a session that ends in the middle of a save.
 */
const ORIGIN = 'http://127.0.0.1:8440';
let sb: Sandbox;
const tokenRequests: URLSearchParams[] = [];
const server = setupServer(
  http.all(`${ORIGIN}/*`, async ({ request }) => {
    const body = request.method === 'GET' ? undefined : await request.text();
    if (new URL(request.url).pathname === '/auth/token')
      tokenRequests.push(new URLSearchParams(body));
    return sb.app.fetch(
      new Request(request.url, {
        method: request.method,
        headers: request.headers,
        ...(body === undefined ? {} : { body }),
      }),
    );
  }),
);

beforeAll(async () => {
  sb = await inProcessSandbox();
  server.listen({ onUnhandledRequest: 'error' });
}, 60_000);
afterEach(() => {
  cleanup();
  sessionStorage.clear();
  tokenRequests.length = 0;
});
afterAll(() => server.close());

const CLIENT = SMART_CONFIG.iss_allowlist[0]!.client_id;
const REDIRECT = `${ORIGIN}/index.html`;

/**
 * An EHR launch with exactly the scopes the app asks for, as fhirclient holds it after `ready()`.
 */
async function launch(patient: string): Promise<Client> {
  const scope = scopesFor(['permission-v2'], 'ehr', SMART_CONFIG.iss_allowlist[0]!);
  const verifier = randomBytes(32).toString('base64url');
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT,
    redirect_uri: REDIRECT,
    aud: sb.fhirBase,
    state: 'x'.repeat(16),
    scope,
    code_challenge_method: 'S256',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    launch: sb.auth.createLaunch({ patient, user: 'Practitioner/sandbox-surgeon' }),
  });
  const to = new URL(
    (await sb.app.fetch(new Request(`${ORIGIN}/auth/authorize?${q}`))).headers.get('location')!,
  );
  const res = await sb.app.fetch(
    new Request(`${ORIGIN}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: to.searchParams.get('code')!,
        redirect_uri: REDIRECT,
        code_verifier: verifier,
        client_id: CLIENT,
      }),
    }),
  );
  const tokenResponse = (await res.json()) as Record<string, string>;
  expect(tokenResponse.refresh_token).toBeTruthy();
  return FHIR.client({
    serverUrl: sb.fhirBase,
    clientId: CLIENT,
    tokenUri: `${ORIGIN}/auth/token`,
    scope,
    tokenResponse,
    expiresAt: Math.floor(Date.now() / 1000) + 300,
  });
}

/** What src/app/main.tsx makes of the session. */
function appSession(client: Client, patientId: string): AppSession {
  return {
    patientId,
    serverUrl: sb.fhirBase,
    fhirUser: 'Practitioner/sandbox-surgeon',
    canWrite: writebackGranted(String(client.state.tokenResponse!.scope)),
    fetchAll: fetchAllWith({ client } as never),
    request: (init) =>
      client.request(
        init.method
          ? {
              url: init.url,
              method: init.method,
              ...(init.body ? { body: init.body } : {}),
              headers: init.headers ?? {},
            }
          : init.url,
      ),
  };
}

/**
 * The access token's lifetime is over (no sleeping: fhirclient refreshes when `expiresAt` has
 * passed).
 */
const expire = (client: Client) => {
  client.state.expiresAt = Math.floor(Date.now() / 1000) - 60;
};

async function enterSurvival(value: string) {
  fireEvent.click(await screen.findByRole('tab', { name: 'Inputs' }, { timeout: 10_000 }));
  fireEvent.change(
    await screen.findByLabelText('Expected survival (clinician estimate)', {}, { timeout: 10_000 }),
    { target: { value } },
  );
  await waitFor(() =>
    expect(
      (screen.getByLabelText('Expected survival (clinician estimate)') as HTMLSelectElement).value,
    ).toBe(value),
  );
}

describe('session', () => {
  it('an expired access token is refreshed silently, without client_id, and the save goes through', async () => {
    const client = await launch('s02');
    render(<Root open={async () => appSession(client, 's02')} />);
    await screen.findByRole('heading', { name: /Decision:/ }, { timeout: 15_000 });
    expire(client);
    fireEvent.click(await screen.findByRole('tab', { name: 'Save to chart' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Save to chart' }));
    await screen.findByRole('heading', { name: 'Saved' }, { timeout: 10_000 });
    expect(tokenRequests).toHaveLength(1);
    expect(tokenRequests[0]!.get('grant_type')).toBe('refresh_token');
    expect(tokenRequests[0]!.has('client_id')).toBe(false);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a session the EHR ends in the middle of a save says so plainly and keeps the unsaved inputs, also after reopening', async () => {
    const client = await launch('s03');
    render(<Root open={async () => appSession(client, 's03')} />);
    await screen.findByRole('heading', { name: /Decision:/ }, { timeout: 15_000 });
    await enterSurvival('expected-survival-3to6m');
    // The EHR revoked the grant: the refresh is refused (400 invalid_grant).
    expire(client);
    client.state.tokenResponse!.refresh_token = 'revoked';
    fireEvent.click(await screen.findByRole('tab', { name: 'Save to chart' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Save to chart' }));
    const alert = await screen.findByRole('alert', {}, { timeout: 10_000 });
    expect(alert.textContent).toMatch(
      /^Your session ended — reopen the app from the patient’s chart\./,
    );
    expect(alert.textContent).toMatch(/Unsaved inputs kept: 1\./);
    expect(alert.textContent).not.toMatch(/invalid_grant|HttpError|400/);
    expect(
      (screen.getByRole('button', { name: 'Save to chart' }) as HTMLButtonElement).disabled,
    ).toBe(true);
    // Still on screen…
    fireEvent.click(await screen.findByRole('tab', { name: 'Inputs' }));
    expect(
      (screen.getByLabelText('Expected survival (clinician estimate)') as HTMLSelectElement).value,
    ).toBe('expected-survival-3to6m');
    // …and back when the app is reopened from the chart in this window.
    cleanup();
    const again = await launch('s03');
    render(<Root open={async () => appSession(again, 's03')} />);
    await screen.findByText(
      /1 input from your earlier session in this window, not yet saved to the chart, restored/,
      {},
      { timeout: 15_000 },
    );
    fireEvent.click(await screen.findByRole('tab', { name: 'Inputs' }));
    expect(
      (
        (await screen.findByLabelText(
          'Expected survival (clinician estimate)',
          {},
          { timeout: 10_000 },
        )) as HTMLSelectElement
      ).value,
    ).toBe('expected-survival-3to6m');
  });

  it('a saved input is not offered again', async () => {
    const client = await launch('s04');
    render(<Root open={async () => appSession(client, 's04')} />);
    await screen.findByRole('heading', { name: /Decision:/ }, { timeout: 15_000 });
    await enterSurvival('expected-survival-3to6m');
    fireEvent.click(await screen.findByRole('tab', { name: 'Save to chart' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Save to chart' }));
    await screen.findByRole('heading', { name: 'Saved' }, { timeout: 10_000 });
    cleanup();
    render(<Root open={async () => appSession(client, 's04')} />);
    await screen.findByRole('heading', { name: /Decision:/ }, { timeout: 15_000 });
    expect(screen.queryByText(/from your earlier session/)).toBeNull();
  });
});
