import smartConfig from '../../../smart-config.json' with { type: 'json' };

export interface IssEntry { iss: string; client_id: string; scope_version: string; writeback: boolean; dev_only?: boolean }

/**
 * The registration for an `iss`, or undefined when the server is not on the allow-list (B-30):
 * the app must not even fetch `.well-known` from an unknown server. The sandbox entry (dev_only)
 * also matches the sandbox on another loopback port of the page's own origin.
 */
export function registrationFor(iss: string, pageOrigin: string, entries: readonly IssEntry[] = smartConfig.iss_allowlist): IssEntry | undefined {
  const exact = entries.find((e) => e.iss === iss);
  if (exact) return exact;
  let u: URL;
  try { u = new URL(iss); } catch { return undefined; }
  return entries.find((e) => {
    if (!e.dev_only) return false;
    const d = new URL(e.iss);
    return u.origin === pageOrigin && /^(127\.0\.0\.1|localhost)$/.test(u.hostname) && u.pathname === d.pathname;
  });
}

/** v2 scopes when the server advertises permission-v2, else v1 (B-23); never mixed. */
export function scopesFor(capabilities: readonly string[], launch: 'ehr' | 'standalone'): string {
  const v2 = capabilities.includes('permission-v2') || !capabilities.includes('permission-v1');
  const base = (v2 ? smartConfig.scope_v2 : smartConfig.scope_v1).split(' ');
  // EHR launch needs the bare `launch` scope; standalone asks the server to pick a patient.
  const wanted = launch === 'ehr' ? base.filter((s) => s !== 'launch/patient') : base.filter((s) => s !== 'launch');
  if (capabilities.includes('permission-offline')) wanted.push('online_access');
  return wanted.join(' ');
}

export const REDIRECT_PATH = '/index.html';
