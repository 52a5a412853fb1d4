/**
 * Why a launch failed, named from what the authorization server and fhirclient said, so the advice
 * fits the cause: "launch it from the chart" is wrong advice after a standalone launch, a refused
 * consent or an expired launch.
 */
export type ProblemKind = 'no-launch' | 'no-context' | 'standalone-no-patient' | 'denied' | 'consent-denied' | 'expired-launch' | 'unknown-issuer' | 'expired' | 'fhir';

export interface ProblemText { kind: ProblemKind; message: string; detail?: string }

/** How the app was started, remembered by launch.html for the page the EHR redirects back to. */
export type LaunchMode = 'ehr' | 'standalone';
export const LAUNCH_MODE_KEY = 'spinescore.launchMode';

/** The redirect carried `error=…` (RFC 6749 §4.1.2.1). */
export function redirectProblem(params: URLSearchParams): ProblemText | undefined {
  const error = params.get('error');
  if (!error) return undefined;
  const description = params.get('error_description') ?? undefined;
  const withDetail = (p: Omit<ProblemText, 'detail'>): ProblemText => (description ? { ...p, detail: description } : p);
  if (error === 'access_denied') return withDetail({ kind: 'consent-denied', message: 'Access to the chart was not allowed.' });
  if (error === 'invalid_scope') return withDetail({ kind: 'denied', message: 'The EHR refused the access the app asks for.' });
  if (/expired|unknown launch|launch value/i.test(description ?? '')) return withDetail({ kind: 'expired-launch', message: 'The launch expired before it completed.' });
  if (error === 'unauthorized_client' || /client|redirect_uri/i.test(description ?? '')) return withDetail({ kind: 'unknown-issuer', message: 'This EHR does not recognise the app.' });
  return withDetail({ kind: 'no-launch', message: 'The EHR refused the launch.' });
}

/** fhirclient's `ready()` failed (no state, a code that could not be exchanged, …). */
export function readyProblem(e: unknown): ProblemText {
  const text = e instanceof Error ? e.message : String(e);
  if (/invalid_grant|expired|already used/i.test(text)) return { kind: 'expired-launch', message: 'The launch expired before it completed.', detail: text };
  if (/state|authorization code|No 'code'|code parameter/i.test(text)) return { kind: 'no-launch', message: 'This page must be opened by launching the app from the EHR.', detail: text };
  return { kind: 'no-launch', message: 'The launch could not be completed.', detail: text };
}

/** The token named no patient. */
export function noPatientProblem(mode: LaunchMode | undefined): ProblemText {
  return mode === 'standalone'
    ? { kind: 'standalone-no-patient', message: 'No patient was chosen.' }
    : { kind: 'no-context', message: 'The EHR did not say which patient to open.' };
}

export const WHAT_TO_DO: Record<ProblemKind, string> = {
  'no-launch': 'Open the patient’s chart in the EHR and start “Spine Metastasis Assessment” from there.',
  'no-context': 'Launch the app from within a patient’s chart so the EHR can tell it which patient to open.',
  'standalone-no-patient': 'Start the app again and choose a patient when the EHR asks for one, or launch it from a patient’s chart.',
  denied: 'The app needs read access to the patient, conditions and observations. Launch it again and allow access, or ask your EHR administrator.',
  'consent-denied': 'Nothing was read. To use the app, launch it again and allow it to read the chart when the EHR asks.',
  'expired-launch': 'Launches are valid for a short time. Start the app again; if this keeps happening, check that this device’s clock is right.',
  'unknown-issuer': 'Ask your EHR administrator to register the app for this EHR (smart-config.json lists the servers it is registered with).',
  expired: 'Launch the app again from the EHR to continue. Nothing you entered has been saved unless you pressed Save to chart.',
  fhir: 'The EHR’s data service did not answer as expected. Try again in a moment; if it persists, contact your EHR support.',
};
