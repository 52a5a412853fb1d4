import type { Resource } from 'fhir/r4';
import type { AppContext } from '../smart/app-context.js';
import type { FetchAll } from '../data/load-chart.js';
import type { QueryRead } from '../../facts/queries.js';
import type { Requester } from '../writeback/save.js';

/**
 * What the screens need from the SMART session; fhirclient in the browser, a stub-free FhirClient
 * in tests.
 */
export interface AppSession {
  patientId: string;
  serverUrl: string;
  fhirUser?: string;
  canWrite: { observations: boolean; provenance: boolean; supersede?: boolean };
  /** The EHR's registration (smart-config.json) turns writeback off. */
  writebackOff?: boolean;
  /** Scopes the app asked for and the EHR did not grant. */
  notGranted?: string[];
  appContext?: AppContext;
  /** The organization the user acts for, when the launch names one (Provenance onBehalfOf). */
  organization?: string;
  fetchAll: FetchAll;
  request: Requester;
}

export interface Chart {
  resources: Resource[];
  failed: Array<{ label: string }>;
  /** Per query of the plan: what came back (absent in older callers = not shown). */
  reads?: QueryRead[];
}
export type View = 'summary' | 'scores' | 'inputs' | 'trends' | 'save';
