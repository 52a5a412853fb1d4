import type { Context } from 'hono';
import {
  normalizeOutcome,
  OutcomeError,
  PROBLEM_JSON,
  statusOf,
  toProblem,
  type Outcome,
} from '../cds-hooks/outcomes.js';

/**
 * Every error of the sandbox's own JSON APIs (the EHR page's back end, the auth server's non-OAuth
 * routes, the site itself), rendered in one place: RFC 9457 problem details from an outcome
 * (cds-hooks/outcomes.ts). FHIR and CDS Hooks routes answer OperationOutcomes instead.
 */
export function problem(
  c: Context,
  o: Outcome,
  extensions: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return c.body(JSON.stringify(toProblem(o, extensions)), statusOf(o), {
    ...headers,
    'content-type': PROBLEM_JSON,
  });
}

/**
 * The error handler of such an app: an OutcomeError answers as itself; anything else is a 500
 * without its message (it can quote request content), logged by class only.
 */
export function problemOnError(
  log: (line: string) => void = (l) => console.error(l),
  extensions: Record<string, unknown> = {},
) {
  return (err: Error, c: Context): Response => {
    if (err instanceof OutcomeError) return problem(c, err.outcome, extensions, { ...err.headers });
    log(`[sandbox] 500 ${new URL(c.req.url).pathname} ${err.name}`);
    return problem(c, normalizeOutcome(err), extensions);
  };
}
