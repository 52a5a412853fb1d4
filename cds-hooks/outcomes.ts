import type { OperationOutcome, OperationOutcomeIssue } from 'fhir/r4';

/**
 * Error outcomes as data, one model for every server of the project (the @medplum/core style):
 * an outcome is an OperationOutcome whose `id` names its kind; the kind's row below gives the
 * HTTP status, the default FHIR issue code and the RFC 9457 title. Each server renders outcomes
 * in its own shape in one place: OperationOutcome on FHIR and CDS Hooks routes,
 * application/problem+json (RFC 9457) on the sandbox EHR API and the auth server's non-OAuth
 * routes.
 */
type IssueCode = OperationOutcomeIssue['code'];

export const OUTCOME_KINDS = {
  'bad-request': { status: 400, code: 'invalid', title: 'Bad Request' },
  unauthorized: { status: 401, code: 'login', title: 'Unauthorized' },
  forbidden: { status: 403, code: 'forbidden', title: 'Forbidden' },
  'not-found': { status: 404, code: 'not-found', title: 'Not Found' },
  conflict: { status: 409, code: 'conflict', title: 'Conflict' },
  gone: { status: 410, code: 'deleted', title: 'Gone' },
  'precondition-failed': { status: 412, code: 'processing', title: 'Precondition Failed' },
  'content-too-large': { status: 413, code: 'too-costly', title: 'Content Too Large' },
  'unsupported-media-type': { status: 415, code: 'not-supported', title: 'Unsupported Media Type' },
  'misdirected-request': { status: 421, code: 'security', title: 'Misdirected Request' },
  'unprocessable-content': { status: 422, code: 'business-rule', title: 'Unprocessable Content' },
  'too-many-requests': { status: 429, code: 'throttled', title: 'Too Many Requests' },
  'server-error': { status: 500, code: 'exception', title: 'Internal Server Error' },
  'bad-gateway': { status: 502, code: 'transient', title: 'Bad Gateway' },
  unavailable: { status: 503, code: 'transient', title: 'Service Unavailable' },
  'gateway-timeout': { status: 504, code: 'timeout', title: 'Gateway Timeout' },
} as const satisfies Record<string, { status: number; code: IssueCode; title: string }>;

export type OutcomeKind = keyof typeof OUTCOME_KINDS;
export type ErrorStatus = (typeof OUTCOME_KINDS)[OutcomeKind]['status'];

/**
 * An error outcome: its first issue's text is safe to show (never request content or secrets);
 * more issues may follow (a validation's, each naming its path).
 */
export interface Outcome extends OperationOutcome {
  id: OutcomeKind;
  issue: [OperationOutcomeIssue & { details: { text: string } }, ...OperationOutcomeIssue[]];
}

function outcome(
  kind: OutcomeKind,
  text: string,
  code: IssueCode = OUTCOME_KINDS[kind].code,
): Outcome {
  return {
    resourceType: 'OperationOutcome',
    id: kind,
    issue: [{ severity: 'error', code, details: { text } }],
  };
}

/**
 * A request the server will not process as sent; `code` when a FHIR code says more (structure,
 * required).
 */
export const badRequest = (text: string, code?: IssueCode) => outcome('bad-request', text, code);
export const unauthorized = (text = 'Authentication is required.') => outcome('unauthorized', text);
export const forbidden = (text: string) => outcome('forbidden', text);
export const notFound = (text = 'Not found.') => outcome('not-found', text);
export const preconditionFailed = (text: string, code?: IssueCode) =>
  outcome('precondition-failed', text, code);
export const contentTooLarge = (text: string) => outcome('content-too-large', text);
export const unsupportedMediaType = (text: string) => outcome('unsupported-media-type', text);
export const misdirectedRequest = (text: string) => outcome('misdirected-request', text);
export const tooManyRequests = (text: string) => outcome('too-many-requests', text);
export const serverError = (text = 'The request could not be processed.', code?: IssueCode) =>
  outcome('server-error', text, code);
export const badGateway = (text: string) => outcome('bad-gateway', text);
export const unavailable = (text: string) => outcome('unavailable', text);

/**
 * An error answer of another component (the FHIR router's OperationOutcome and its status) as an
 * outcome of ours: its issues kept, the kind found by status, a text when its first issue has none.
 */
export function fromStatus(status: number, issues: OperationOutcomeIssue[] = []): Outcome {
  const kind =
    (Object.keys(OUTCOME_KINDS) as OutcomeKind[]).find((k) => OUTCOME_KINDS[k].status === status) ??
    (status >= 500 ? 'server-error' : 'bad-request');
  const [first, ...rest] = issues;
  const text = first?.details?.text ?? first?.diagnostics ?? OUTCOME_KINDS[kind].title;
  const lead = outcome(kind, text, first?.code);
  return {
    ...lead,
    issue: [{ ...first, ...lead.issue[0], details: { ...first?.details, text } }, ...rest],
  };
}

/** The one status map. */
export function statusOf(o: Outcome): ErrorStatus {
  return OUTCOME_KINDS[o.id].status;
}

export function textOf(o: Outcome): string {
  return o.issue[0].details.text;
}

export function isOutcome(v: unknown): v is Outcome {
  const o = v as Partial<Outcome> | null;
  return (
    !!o &&
    o.resourceType === 'OperationOutcome' &&
    typeof o.id === 'string' &&
    o.id in OUTCOME_KINDS &&
    Array.isArray(o.issue) &&
    typeof o.issue[0]?.details?.text === 'string'
  );
}

/** The one error class: thrown where a handler cannot go on, rendered by the server's handler. */
export class OutcomeError extends Error {
  constructor(
    readonly outcome: Outcome,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(textOf(outcome));
    this.name = 'OutcomeError';
  }
}

/**
 * Anything thrown, as an outcome. Only an OutcomeError's own text is shown: any other error's
 * message can quote request content, so it becomes the generic 500.
 */
export function normalizeOutcome(err: unknown): Outcome {
  if (err instanceof OutcomeError) return err.outcome;
  if (isOutcome(err)) return err;
  return serverError();
}

export const PROBLEM_JSON = 'application/problem+json';

/** RFC 9457 problem details; `about:blank` as type, so the title is the status phrase. */
export interface Problem {
  type: 'about:blank';
  title: string;
  status: ErrorStatus;
  detail: string;
  [extension: string]: unknown;
}

export function toProblem(o: Outcome, extensions: Record<string, unknown> = {}): Problem {
  const kind = OUTCOME_KINDS[o.id];
  return {
    ...extensions,
    type: 'about:blank',
    title: kind.title,
    status: kind.status,
    detail: textOf(o),
  };
}
