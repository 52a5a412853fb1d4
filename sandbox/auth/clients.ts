import smartConfig from '../../smart-config.json' with { type: 'json' };
import { PUBLIC_APP_SCOPES } from './access-model.js';

export interface RegisteredClient {
  clientId: string;
  name: string;
  /** Exact redirect URIs (SMART: pre-registered, matched exactly). */
  redirectUris: string[];
  launchUri?: string;
  /** Public clients must use PKCE S256 (always enforced here). */
  public: boolean;
  /** The scopes it may be granted at most (scope-grant.ts intersects them with the request). */
  scopes: readonly string[];
}

/** The app as registered with the sandbox, its URLs moved to the sandbox's actual origin. */
export function sandboxClients(origin: string): RegisteredClient[] {
  const at = (u: string) => new URL(new URL(u).pathname, origin).href;
  const entry = smartConfig.iss_allowlist.find((e) => e.dev_only);
  return [
    {
      clientId: entry?.client_id ?? 'spinescore-sandbox',
      name: smartConfig.client_name,
      redirectUris: smartConfig.redirect_uris.map(at),
      launchUri: at(smartConfig.launch_uri),
      public: true,
      scopes: PUBLIC_APP_SCOPES,
    },
  ];
}
