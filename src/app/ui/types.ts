import type { Resource } from 'fhir/r4';
import type { AppContext } from '../smart/app-context.js';
import type { FetchAll } from '../data/load-chart.js';
import type { Requester } from '../writeback/save.js';

/** What the screens need from the SMART session; fhirclient in the browser, a stub-free FhirClient in tests. */
export interface AppSession {
  patientId: string;
  serverUrl: string;
  fhirUser?: string;
  canWrite: { observations: boolean; provenance: boolean };
  appContext?: AppContext;
  fetchAll: FetchAll;
  request: Requester;
}

export interface Chart { resources: Resource[]; failed: Array<{ label: string }> }
export type View = 'summary' | 'scores' | 'inputs' | 'trends' | 'save';
