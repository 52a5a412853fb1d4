import smartConfig from '../../../smart-config.json' with { type: 'json' };
import { parseResourceScope } from '../../smart/scopes.js';
import type { IssEntry, SmartConfig } from './smart-config-schema.js';

export type { IssEntry } from './smart-config-schema.js';

/**
 * smart-config.json as validated at build (launch/vite.config.ts) and in test/smart-config.test.ts.
 */
export const SMART_CONFIG: SmartConfig = smartConfig as SmartConfig;

/**
 * The registration for an `iss`, or undefined when the server is not on the allow-list (B-30):
 * the app must not even fetch `.well-known` from an unknown server. The sandbox entry (dev_only)
 * also matches the sandbox on another loopback port of the page's own origin.
 */
export function registrationFor(
  iss: string,
  pageOrigin: string,
  entries: readonly IssEntry[] = SMART_CONFIG.iss_allowlist,
): IssEntry | undefined {
  const exact = entries.find((e) => e.iss === iss);
  if (exact) return exact;
  let u: URL;
  try {
    u = new URL(iss);
  } catch {
    return undefined;
  }
  return entries.find((e) => {
    if (!e.dev_only) return false;
    const d = new URL(e.iss);
    return (
      u.origin === pageOrigin &&
      /^(127\.0\.0\.1|localhost)$/.test(u.hostname) &&
      u.pathname === d.pathname
    );
  });
}

/**
 * v1 or v2 syntax: the EHR's registration says which, or (`auto`) the server's capabilities (B-23).
 */
export function scopeVersion(
  capabilities: readonly string[],
  entry: Pick<IssEntry, 'scope_version'>,
): 'v1' | 'v2' {
  if (entry.scope_version !== 'auto') return entry.scope_version;
  return capabilities.includes('permission-v2') || !capabilities.includes('permission-v1')
    ? 'v2'
    : 'v1';
}

/** A scope that only writes (`.c`, `.cu`, `.write`); one that also reads stays. */
function writeOnly(raw: string): boolean {
  const r = parseResourceScope(raw);
  return !!r && !r.permissions.has('r') && !r.permissions.has('s');
}

/**
 * Exactly the configured scopes of that version, never mixed, nothing added: an EHR that enforces
 * the registered scopes refuses anything else. Two rules take scopes away, none adds one: the
 * launch scope of the other launch mode (`launch` is for EHR launch, `launch/patient` asks the
 * server to pick a patient), and the write scopes when the EHR's registration says
 * `writeback: false`. Refresh is asked for by listing `online_access` or `offline_access`.
 */
export function scopesFor(
  capabilities: readonly string[],
  launch: 'ehr' | 'standalone',
  entry: Pick<IssEntry, 'scope_version' | 'writeback'>,
  config: Pick<SmartConfig, 'scope_v1' | 'scope_v2'> = SMART_CONFIG,
): string {
  const version = scopeVersion(capabilities, entry);
  const configured = (version === 'v2' ? config.scope_v2 : config.scope_v1)
    .split(/\s+/)
    .filter(Boolean);
  return configured
    .filter((s) => s !== (launch === 'ehr' ? 'launch/patient' : 'launch'))
    .filter((s) => entry.writeback || !writeOnly(s))
    .join(' ');
}

export const REDIRECT_PATH = '/index.html';
