/**
 * Why a launch failed, named from what the authorization server and fhirclient said, so the advice
 * fits the cause: "launch it from the chart" is wrong advice after a standalone launch, a refused
 * consent or an expired launch.
 */
export type ProblemKind =
  | 'no-launch'
  | 'no-context'
  | 'standalone-no-patient'
  | 'denied'
  | 'scope-refused'
  | 'consent-denied'
  | 'expired-launch'
  | 'unknown-issuer'
  | 'expired'
  | 'fhir';

export interface ProblemText {
  kind: ProblemKind;
  message: string;
  detail?: string;
}

/** How the app was started, remembered by launch.html for the page the EHR redirects back to. */
export type LaunchMode = 'ehr' | 'standalone';
export const LAUNCH_MODE_KEY = 'spinescore.launchMode';
/** The scopes launch.html asked for, so a refusal can name the one the EHR did not accept. */
export const REQUESTED_SCOPE_KEY = 'spinescore.requestedScope';

/**
 * The requested scopes an authorization server's error text names (RFC 6749 gives no field for it).
 */
export function namedScopes(
  description: string | undefined,
  requested: readonly string[],
): string[] {
  if (!description) return [];
  const words = new Set(description.split(/[\s,;:'"`“”‘’()[\]]+/).filter(Boolean));
  return requested.filter((s) => words.has(s));
}

/** The redirect carried `error=…` (RFC 6749 §4.1.2.1). */
export function redirectProblem(
  params: URLSearchParams,
  requested: readonly string[] = [],
): ProblemText | undefined {
  const error = params.get('error');
  if (!error) return undefined;
  const description = params.get('error_description') ?? undefined;
  const withDetail = (p: Omit<ProblemText, 'detail'>): ProblemText =>
    description ? { ...p, detail: description } : p;
  if (error === 'access_denied')
    return withDetail({ kind: 'consent-denied', message: 'Access to the chart was not allowed.' });
  if (error === 'invalid_scope') {
    const named = namedScopes(description, requested);
    const message = named.length
      ? `The EHR refused the scope${named.length > 1 ? 's' : ''} ${named.join(', ')}.`
      : 'The EHR refused one of the scopes the app asks for.';
    const asked = requested.length ? `Requested: ${requested.join(' ')}` : undefined;
    const detail = [description, asked].filter(Boolean).join(' — ');
    return { kind: 'scope-refused', message, ...(detail ? { detail } : {}) };
  }
  if (/expired|unknown launch|launch value/i.test(description ?? ''))
    return withDetail({
      kind: 'expired-launch',
      message: 'The launch expired before it completed.',
    });
  if (error === 'unauthorized_client' || /client|redirect_uri/i.test(description ?? ''))
    return withDetail({ kind: 'unknown-issuer', message: 'This EHR does not recognise the app.' });
  return withDetail({ kind: 'no-launch', message: 'The EHR refused the launch.' });
}

/** fhirclient's `ready()` failed (no state, a code that could not be exchanged, …). */
export function readyProblem(e: unknown, mode?: LaunchMode): ProblemText {
  const text = e instanceof Error ? e.message : String(e);
  if (mode === 'standalone' && /state|authorization code|No 'code'|code parameter/i.test(text)) {
    return {
      kind: 'no-launch',
      message: 'This page opens only after the app’s start page has signed you in.',
      detail: text,
    };
  }
  if (/invalid_grant|expired|already used/i.test(text))
    return {
      kind: 'expired-launch',
      message: 'The launch expired before it completed.',
      detail: text,
    };
  if (/state|authorization code|No 'code'|code parameter/i.test(text))
    return {
      kind: 'no-launch',
      message: 'This page must be opened by launching the app from the EHR.',
      detail: text,
    };
  return { kind: 'no-launch', message: 'The launch could not be completed.', detail: text };
}

/**
 * Whether a failed request means the session is over: the FHIR server refused the token (401), or
 * the token endpoint refused the refresh (fhirclient words its error `invalid_grant: …`).
 */
export function endsSession(e: unknown): boolean {
  const status = (e as { status?: unknown } | null)?.status;
  const text = e instanceof Error ? e.message : '';
  if (status === 401) return true;
  return /\b(invalid_grant|invalid_client|invalid_token)\b|Session expired|Unable to refresh/.test(
    text,
  );
}

export function sessionEnded(mode?: LaunchMode): ProblemText {
  return {
    kind: 'expired',
    message:
      mode === 'standalone'
        ? 'Your session ended — start the app again.'
        : 'Your session ended — reopen the app from the patient’s chart.',
  };
}

/** How this window's app was started (launch.html remembers it); undefined outside a browser. */
export function launchMode(): LaunchMode | undefined {
  try {
    const m = globalThis.sessionStorage?.getItem(LAUNCH_MODE_KEY);
    return m === 'ehr' || m === 'standalone' ? m : undefined;
  } catch {
    return undefined;
  }
}

/** The token named no patient. */
export function noPatientProblem(mode: LaunchMode | undefined): ProblemText {
  return mode === 'standalone'
    ? { kind: 'standalone-no-patient', message: 'No patient was chosen.' }
    : { kind: 'no-context', message: 'The EHR did not say which patient to open.' };
}

export const WHAT_TO_DO: Record<ProblemKind, string> = {
  'no-launch':
    'Open the patient’s chart in the EHR and start “Spine Metastasis Assessment” from there.',
  'no-context':
    'Launch the app from within a patient’s chart so the EHR can tell it which patient to open.',
  'standalone-no-patient':
    'Start the app again and choose a patient when the EHR asks for one, or launch it ' +
    'from a patient’s chart.',
  'scope-refused':
    'Ask your EHR administrator to register this scope for the app, or remove it from ' +
    'smart-config.json (scope_v2 / scope_v1) where the app does not need it.',
  denied:
    'The app needs read access to the patient, conditions and observations. Launch it ' +
    'again and allow access, or ask your EHR administrator.',
  'consent-denied':
    'Nothing was read. To use the app, launch it again and allow it to read the chart ' +
    'when the EHR asks.',
  'expired-launch':
    'Launches are valid for a short time. Start the app again; if this keeps happening, ' +
    'check that this device’s clock is right.',
  'unknown-issuer':
    'Ask your EHR administrator to register the app for this EHR (smart-config.json ' +
    'lists the servers it is registered with).',
  expired:
    'Nothing is lost: inputs you entered and did not save are kept in this window and ' +
    'come back when you reopen the app here.',
  fhir:
    'The EHR’s data service did not answer as expected. Try again in a moment; if it ' +
    'persists, contact your EHR support.',
};

/**
 * After a standalone launch (the app's own start page, the server's patient picker) "launch it
 * from the EHR" is wrong advice: start it again the way it was started.
 */
const STANDALONE_ADVICE: Partial<Record<ProblemKind, string>> = {
  'no-launch':
    'Start the app again from its start page (launch.html) and choose the patient when ' +
    'the server asks.',
  'no-context':
    'Start the app again from its start page (launch.html) and choose a patient when the ' +
    'server asks.',
  'expired-launch':
    'Sign-ins are valid for a short time. Start the app again from its start page; if ' +
    'this keeps happening, check that this device’s clock is right.',
};

/** What to do about a problem, for the way the app was started. */
export function adviceFor(kind: ProblemKind, mode: LaunchMode | undefined): string {
  return (mode === 'standalone' ? STANDALONE_ADVICE[kind] : undefined) ?? WHAT_TO_DO[kind];
}
