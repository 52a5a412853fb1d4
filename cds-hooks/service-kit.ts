import type { CoreQuery } from '../src/facts/queries.js';
import type { CdsResponse } from './cards/types.js';
import type { CdsConfig } from './config.js';
import type { AssessmentCache } from './data/assessment-cache.js';
import { gather, type Gathered } from './data/gather.js';
import type { Outcome } from './outcomes.js';
import type { CdsRequest } from './request-schema.js';

/** What a service handler is given: everything a call needs, the queries from its table row. */
export interface HookCall<C> {
  request: CdsRequest;
  /** The hook's context, validated against the service's schema. */
  context: C;
  /**
   * The EHR's FHIR server: present only when `fhirAuthorization` was sent and the server is on the
   * calling issuer's list (CDS Hooks §FHIR Resource Access: no token, no access).
   */
  fhirServer?: string;
  /** The service's queries (services.ts); discovery advertises the same ones as prefetch. */
  queries: readonly CoreQuery[];
  config: CdsConfig;
  asOf: string;
  fetch?: typeof fetch;
  /** Reuse of assessments of identical fully-prefetched charts (order-select → order-sign). */
  cache?: AssessmentCache;
}

/**
 * What a handler answers: the cards, or an error outcome (412: the chart could not be read at all).
 */
export type ServiceOutcome = { body: CdsResponse } | { error: Outcome };

/** The call's queries: prefetch first, then the FHIR server (only with its token), one deadline. */
export function gatherFor(call: HookCall<{ patientId: string }>): Promise<Gathered> {
  const { request } = call;
  const fhirServer = request.fhirAuthorization ? call.fhirServer : undefined;
  return gather({
    patientId: call.context.patientId,
    queries: call.queries,
    deadlineMs: call.config.fetchDeadlineMs,
    ...(request.prefetch ? { prefetch: request.prefetch } : {}),
    ...(fhirServer ? { fhirServer } : {}),
    ...(request.fhirAuthorization ? { accessToken: request.fhirAuthorization.access_token } : {}),
    ...(call.fetch ? { fetch: call.fetch } : {}),
  });
}

/** The problem list was neither prefetched nor fetchable: the service cannot speak (412). */
export function conditionsUnreachable(data: Gathered): boolean {
  return (
    data.sources.conditions === 'missing' &&
    data.notes.some((n) => n.key === 'conditions' && n.problem === 'no-access')
  );
}
