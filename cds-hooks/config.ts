import { DEFAULT_REFERRAL, type ReferralMatch } from '../src/facts/referrals.js';

/** A CDS client (EHR) the service trusts: CDS Hooks §Trusting CDS Clients, interop A-82. */
export interface TrustedIssuer {
  iss: string;
  /** JWKS URLs this issuer may use (header `jku` must be one of them). The first is the default. */
  jwksUrls: string[];
  /** Allowed JWS algorithms; never `none` or HS*. */
  algorithms: string[];
  /** When set, the JWT `tenant` claim must be one of these. */
  tenants?: string[] | undefined;
  /**
   * FHIR servers this issuer may send as `fhirServer` (SSRF and token-exfiltration guard, A-22).
   */
  fhirServers: string[];
  /** Sandbox issuers are trusted only when the service runs inside the sandbox. */
  sandboxOnly?: boolean;
}

export interface CdsConfig {
  /**
   * Public base URL of the service (JWT `aud` is this + the path); never derived from Host headers.
   */
  publicBaseUrl: string;
  trustedIssuers: TrustedIssuer[];
  /** Accept requests without a JWT (local development only). */
  allowUnauthenticated: boolean;
  /** Browser origins allowed by CORS (EHR web origins). */
  corsOrigins: string[];
  /**
   * Budget for fetching what the EHR did not prefetch (ms). Seconds, as EHRs allow a CDS service:
   * a search on a busy production server takes 0.4–1 s, and data not read in time leaves the
   * decision open (the card says so).
   */
  fetchDeadlineMs: number;
  referral: ReferralMatch;
  /** The optional patient-view service (off by default: alert fatigue). */
  patientViewEnabled: boolean;
  /** SMART app launch URL used in `smart` card links. */
  appLaunchUrl: string;
  /** Link shown in card sources. */
  infoUrl: string;
  maxBodyBytes: number;
  /** Whether http:// FHIR servers are allowed (never in production). */
  allowHttpFhir: boolean;
  /** Assessments of identical prefetched charts kept for reuse (0 = off) and for how long. */
  assessmentCache: { entries: number; ttlMs: number };
}

export { DEFAULT_REFERRAL, type ReferralMatch };

/** Default FHIR fetch deadline: 3 s, within the few seconds an EHR waits for a CDS service. */
export const DEFAULT_FETCH_DEADLINE_MS = 3_000;

export function defaultCdsConfig(
  publicBaseUrl: string,
  overrides: Partial<CdsConfig> = {},
): CdsConfig {
  return {
    publicBaseUrl: publicBaseUrl.replace(/\/+$/, ''),
    trustedIssuers: [],
    allowUnauthenticated: false,
    corsOrigins: [],
    fetchDeadlineMs: DEFAULT_FETCH_DEADLINE_MS,
    referral: DEFAULT_REFERRAL,
    patientViewEnabled: false,
    appLaunchUrl: `${publicBaseUrl.replace(/\/+$/, '')}/launch.html`,
    infoUrl: 'https://github.com/spinescore/spinescore/blob/main/docs/cds-hooks.md',
    maxBodyBytes: 2 * 1024 * 1024,
    allowHttpFhir: false,
    assessmentCache: { entries: 128, ttlMs: 120_000 },
    ...overrides,
  };
}
