import FHIR from 'fhirclient';
import type Client from 'fhirclient/lib/Client';
import type { Resource } from 'fhir/r4';
import { grants, parseScopes, writebackGranted } from '../../smart/scopes.js';
import { parseAppContext, type AppContext } from './app-context.js';

import { LAUNCH_MODE_KEY, noPatientProblem, readyProblem, redirectProblem, type LaunchMode, type ProblemKind, type ProblemText } from './launch-problems.js';

export type { ProblemKind } from './launch-problems.js';

/** A failure a clinician can meet, with what to do about it. */
export class LaunchProblem extends Error {
  constructor(readonly kind: ProblemKind, message: string, readonly detail?: string) {
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
  appContext?: AppContext;
  /** `Organization/…` when the launch names the organization the user acts for. */
  organization?: string;
}

export async function openSession(): Promise<Session> {
  const params = new URLSearchParams(location.search);
  const refused = redirectProblem(params);
  if (refused) throw LaunchProblem.of(refused);
  let client: Client;
  try {
    client = await FHIR.oauth2.ready();
  } catch (e) {
    throw LaunchProblem.of(readyProblem(e));
  }
  const token = client.state.tokenResponse ?? {};
  const scope = String(token.scope ?? '');
  const patientId = client.patient.id;
  if (!patientId) throw LaunchProblem.of(noPatientProblem(sessionStorage.getItem(LAUNCH_MODE_KEY) as LaunchMode | null ?? undefined));
  const set = parseScopes(scope);
  const missing = ['Patient', 'Condition', 'Observation'].filter((t) => !grants(set, t, 'r') && !grants(set, t, 's'));
  if (missing.length) throw new LaunchProblem('denied', `Read access to ${missing.join(', ')} was not granted.`, `Granted: ${scope || '(nothing)'}`);
  const fhirUser = client.getFhirUser() ?? (typeof token.fhirUser === 'string' ? token.fhirUser.split('/').slice(-2).join('/') : undefined);
  const appContext = parseAppContext(token.appContext);
  // Not a SMART core launch parameter, but EHRs that act for several organizations send one.
  const organization = typeof token.organization === 'string' && /^(Organization\/)?[A-Za-z0-9\-.]{1,64}$/.test(token.organization)
    ? (token.organization.startsWith('Organization/') ? token.organization : `Organization/${token.organization}`) : undefined;
  return {
    client, patientId, serverUrl: client.state.serverUrl, scope, canWrite: writebackGranted(scope), canRefresh: !!token.refresh_token,
    ...(fhirUser ? { fhirUser } : {}), ...(appContext ? { appContext } : {}), ...(organization ? { organization } : {}),
  };
}

/** All pages of a search as resources; a 401 after a failed refresh becomes an `expired` problem. */
export function fetchAllWith(session: Session) {
  return async (url: string): Promise<Resource[]> => {
    try {
      const r = await session.client.request<Resource[] | Resource>(url, { pageLimit: 0, flat: true });
      return Array.isArray(r) ? r : [r];
    } catch (e) {
      throw asProblem(e);
    }
  };
}

export function asProblem(e: unknown): LaunchProblem {
  if (e instanceof LaunchProblem) return e;
  const status = (e as { status?: number; statusCode?: number }).status ?? (e as { statusCode?: number }).statusCode;
  if (status === 401) return new LaunchProblem('expired', 'Your session with the EHR has ended.');
  if (status === 403) return new LaunchProblem('denied', 'The EHR refused access to part of the chart.', (e as Error).message);
  return new LaunchProblem('fhir', 'The EHR’s FHIR server could not be read.', (e as Error).message);
}
