/**
 * SMART launch entry (launch.html): checks `iss` against the allow-list before any network call
 * (B-30), reads the server's SMART configuration when the registration leaves the scope version
 * to it (B-23), then hands over to fhirclient with exactly the configured scopes, PKCE required
 * and a CSPRNG state key (B-10, B-11).
 */
import FHIR from 'fhirclient';
import { getAndCache } from 'fhirclient/lib/lib.js';
import { REDIRECT_PATH, registrationFor, scopesFor } from '../src/app/smart/launch-config.js';
import {
  LAUNCH_MODE_KEY,
  REQUESTED_SCOPE_KEY,
  WHAT_TO_DO,
} from '../src/app/smart/launch-problems.js';

function fail(title: string, detail: string): void {
  const main = document.getElementById('launch')!;
  main.setAttribute('role', 'alert');
  main.replaceChildren();
  const h = document.createElement('h1');
  h.textContent = title;
  const p = document.createElement('p');
  p.textContent = detail;
  main.append(h, p);
}

async function launch(): Promise<void> {
  const q = new URLSearchParams(location.search);
  const launchParam = q.get('launch');
  // Standalone launch: no iss from an EHR, use the sandbox (or the one configured) server.
  const iss = q.get('iss') ?? (launchParam ? null : `${location.origin}/fhir/R4`);
  if (!iss)
    return fail(
      'Launch incomplete',
      'The EHR did not say which FHIR server to use (iss). Launch the app again from the EHR.',
    );
  const reg = registrationFor(iss, location.origin);
  if (!reg)
    return fail(
      'Unknown EHR',
      `This app is not registered for ${iss}. ${WHAT_TO_DO['unknown-issuer']}`,
    );
  let capabilities: string[] = [];
  // Only `auto` needs the server's capabilities (fhirclient reads the configuration again anyway).
  // Read through fhirclient's own cache, where authorize() below looks first: one request, not two.
  if (reg.scope_version === 'auto')
    try {
      const url = `${iss.replace(/\/+$/, '')}/.well-known/smart-configuration`;
      const config = (await getAndCache(url)) as { capabilities?: string[] };
      capabilities = config.capabilities ?? [];
    } catch (e) {
      // An HTTP error leaves the capabilities unknown (as before); no answer at all stops here.
      if (typeof (e as { status?: unknown }).status !== 'number') {
        return fail('EHR not reachable', `The SMART configuration of ${iss} could not be read.`);
      }
    }
  // The page the EHR redirects back to words its errors for the way the app was started.
  sessionStorage.setItem(LAUNCH_MODE_KEY, launchParam ? 'ehr' : 'standalone');
  const scope = scopesFor(capabilities, launchParam ? 'ehr' : 'standalone', reg);
  // So the page the EHR redirects back to can name a scope the EHR refused.
  sessionStorage.setItem(REQUESTED_SCOPE_KEY, scope);
  const stateKey = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
  await FHIR.oauth2.authorize({
    clientId: reg.client_id,
    scope,
    redirectUri: `${location.origin}${REDIRECT_PATH}`,
    ...(launchParam ? {} : { iss }),
    pkceMode: 'required',
    stateKey,
    completeInTarget: true,
  });
}

launch().catch((e: Error) => fail('Launch failed', e.message));
