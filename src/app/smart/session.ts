import FHIR from 'fhirclient';
import type Client from 'fhirclient/lib/Client';
import type { Resource } from 'fhir/r4';
import { grants, parseScopes, writebackGranted } from '../../smart/scopes.js';
import { parseAppContext, type AppContext } from './app-context.js';
import { fetchAllPages } from '../data/paging.js';

import { registrationFor } from './launch-config.js';
import {
  endsSession,
  launchMode,
  noPatientProblem,
  readyProblem,
  redirectProblem,
  REQUESTED_SCOPE_KEY,
  sessionEnded,
  type ProblemKind,
  type ProblemText,
} from './launch-problems.js';

export type { ProblemKind } from './launch-problems.js';

/** A failure a clinician can meet, with what to do about it. */
export class LaunchProblem extends Error {
  constructor(
    readonly kind: ProblemKind,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
  static of(p: ProblemText): LaunchProblem {
    return new LaunchProblem(p.kind, p.message, p.detail);
  }
}

export interface Session {
  client: Client;
  patientId: string;
  serverUrl: string;
  /** `Practitioner/123` from the id_token / token response; the author of writebacks. */
  fhirUser?: string;
  scope: string;
  canWrite: { observations: boolean; provenance: boolean; supersede?: boolean };
  canRefresh: boolean;
  /** The EHR's registration says `writeback: false`: nothing is written, whatever was granted. */
  writebackOff: boolean;
  /** Scopes asked for and not granted (the screens name them). */
  notGranted: string[];
  appContext?: AppContext;
  /** `Organization/…` when the launch names the organization the user acts for. */
  organization?: string;
}

export async function openSession(): Promise<Session> {
  const params = new URLSearchParams(location.search);
  const mode = launchMode();
  const requested = (sessionStorage.getItem(REQUESTED_SCOPE_KEY) ?? '')
    .split(/\s+/)
    .filter(Boolean);
  const refused = redirectProblem(params, requested);
  if (refused) throw LaunchProblem.of(refused);
  let client: Client;
  try {
    client = await FHIR.oauth2.ready();
  } catch (e) {
    throw LaunchProblem.of(readyProblem(e, mode));
  }
  const token = client.state.tokenResponse ?? {};
  const scope = String(token.scope ?? '');
  const patientId = client.patient.id;
  if (!patientId) throw LaunchProblem.of(noPatientProblem(mode));
  const set = parseScopes(scope);
  const asked = requested.length
    ? requested
    : (client.state.scope ?? '').split(/\s+/).filter(Boolean);
  const notGranted = asked.filter(
    (s) => !set.other.has(s) && !set.resources.some((r) => r.raw === s),
  );
  const missing = ['Patient', 'Condition', 'Observation'].filter(
    (t) => !grants(set, t, 'r') && !grants(set, t, 's'),
  );
  if (missing.length) {
    const named = notGranted.filter((s) =>
      missing.some((t) => s.includes(`/${t}.`) || s.includes('/*.')),
    );
    throw new LaunchProblem(
      'denied',
      named.length
        ? `The EHR did not grant ${named.join(', ')}: read access to ${missing.join(', ')} ` +
            `is needed.`
        : `Read access to ${missing.join(', ')} was not granted.`,
      `Granted: ${scope || '(nothing)'}`,
    );
  }
  // The page the EHR redirected to reads the EHR's registration again (launch.html used it to ask).
  const writebackOff =
    registrationFor(client.state.serverUrl, location.origin)?.writeback === false;
  const fhirUser =
    client.getFhirUser() ??
    (typeof token.fhirUser === 'string'
      ? token.fhirUser.split('/').slice(-2).join('/')
      : undefined);
  const appContext = parseAppContext(token.appContext);
  // Not a SMART core launch parameter, but EHRs that act for several organizations send one.
  const organization =
    typeof token.organization === 'string' &&
    /^(Organization\/)?[A-Za-z0-9\-.]{1,64}$/.test(token.organization)
      ? token.organization.startsWith('Organization/')
        ? token.organization
        : `Organization/${token.organization}`
      : undefined;
  return {
    client,
    patientId,
    serverUrl: client.state.serverUrl,
    scope,
    canRefresh: !!token.refresh_token,
    writebackOff,
    notGranted,
    canWrite: writebackOff
      ? { observations: false, provenance: false, supersede: false }
      : writebackGranted(scope),
    ...(fhirUser ? { fhirUser } : {}),
    ...(appContext ? { appContext } : {}),
    ...(organization ? { organization } : {}),
  };
}

/**
 * All pages of a search as resources; a 401 after a failed refresh becomes an `expired` problem.
 */
export function fetchAllWith(session: Session) {
  return async (url: string): Promise<Resource[]> => {
    try {
      return await fetchAllPages((u) => session.client.request<Resource>(u), url);
    } catch (e) {
      throw asProblem(e);
    }
  };
}

/**
 * Any failure as a problem a clinician can act on; an expired or refused session is one plain
 * screen.
 */
export function asProblem(e: unknown): LaunchProblem {
  if (e instanceof LaunchProblem) return e;
  const status =
    (e as { status?: number; statusCode?: number }).status ??
    (e as { statusCode?: number }).statusCode;
  if (endsSession(e)) return LaunchProblem.of(sessionEnded(launchMode()));
  if (status === 403)
    return new LaunchProblem(
      'denied',
      'The EHR refused access to part of the chart.',
      (e as Error).message,
    );
  return new LaunchProblem(
    'fhir',
    'The EHR’s FHIR server could not be read.',
    (e as Error).message,
  );
}
