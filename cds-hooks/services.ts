import { CORE_QUERIES } from '../src/facts/queries.js';

/** One id per hook: clients that key services by id would otherwise keep only one of them. */
export const REFERRAL_SERVICE_ID = 'spine-surgery-referral';
export const REFERRAL_SIGN_SERVICE_ID = 'spine-surgery-referral-sign';
export const REFERRAL_SERVICE_IDS: readonly string[] = [REFERRAL_SERVICE_ID, REFERRAL_SIGN_SERVICE_ID];
export const PATIENT_VIEW_SERVICE_ID = 'spine-met-actionable';

export interface ServiceDefinition {
  hook: 'order-select' | 'order-sign' | 'patient-view';
  id: string;
  title: string;
  description: string;
  usageRequirements: string;
  prefetch: Record<string, string>;
}

/** The core's query plan as prefetch templates: what it needs, nothing more (interop A2, A3). */
export const PREFETCH: Record<string, string> = Object.fromEntries(CORE_QUERIES.map((q) => [q.key, q.template]));

const USAGE = 'Needs read access to Patient, Condition, Observation, MedicationRequest, MedicationStatement and Procedure through prefetch or fhirAuthorization (patient/ or user/ scopes, v1 or v2). SINS imaging items are completed in the linked SMART app.';

export function serviceDefinitions(opts: { patientView: boolean }): ServiceDefinition[] {
  const defs: ServiceDefinition[] = [
    {
      hook: 'order-select', id: REFERRAL_SERVICE_ID, title: 'Spine metastasis surgical candidacy',
      description: 'When a spine-surgery, neurosurgery or orthopaedic-spine referral or a spinal procedure is selected for a patient with spinal metastasis, scores revised Tokuhashi, Tomita, SINS, new Katagiri and more from the chart and returns a candidacy card and an approach card with their rules, inputs and sources.',
      usageRequirements: USAGE, prefetch: PREFETCH,
    },
    {
      hook: 'order-sign', id: REFERRAL_SIGN_SERVICE_ID, title: 'Spine metastasis surgical candidacy (sign)',
      description: 'Same logic as order-select, run on the complete draft referral at signing; replaces the earlier cards.',
      usageRequirements: USAGE, prefetch: PREFETCH,
    },
  ];
  if (opts.patientView) {
    defs.push({
      hook: 'patient-view', id: PATIENT_VIEW_SERVICE_ID, title: 'Spine metastasis: actionable findings',
      description: 'On chart open, speaks only when a spinal metastasis has an unstable spine (SINS 13–18) or high-grade cord compression (ESCC 2–3) and no spine referral is on record.',
      usageRequirements: USAGE, prefetch: PREFETCH,
    });
  }
  return defs;
}
