import { expect } from 'vitest';
import { z } from 'zod';
import { OUTCOME_KINDS, PROBLEM_JSON, type OutcomeKind } from '../../cds-hooks/outcomes.js';

/**
 * The error bodies of the servers (cds-hooks/outcomes.ts), as schemas a test checks answers
 * against.
 */
const kinds = Object.keys(OUTCOME_KINDS) as [OutcomeKind, ...OutcomeKind[]];
const issue = z.strictObject({
  severity: z.literal('error'),
  code: z.string().min(1),
  details: z.looseObject({ text: z.string().min(1) }),
  expression: z.array(z.string()).optional(),
  diagnostics: z.string().optional(),
});
export const operationOutcomeSchema = z.strictObject({
  resourceType: z.literal('OperationOutcome'),
  id: z.enum(kinds),
  issue: z.tuple([issue], z.looseObject({ severity: z.string(), code: z.string() })),
});
export const problemSchema = z.looseObject({
  type: z.literal('about:blank'),
  title: z.string().min(1),
  status: z.number().int(),
  detail: z.string().min(1),
});

/** An OperationOutcome answer: the status its kind maps to, the content type, the schema. */
export async function expectOutcome(res: Response, status: number, contentType: RegExp) {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(contentType);
  const body = operationOutcomeSchema.parse(JSON.parse(text));
  expect(OUTCOME_KINDS[body.id].status).toBe(status);
  return body;
}

/** An RFC 9457 problem details answer whose members agree with the status line. */
export async function expectProblem(res: Response, status: number) {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toBe(PROBLEM_JSON);
  const body = problemSchema.parse(JSON.parse(text));
  expect(body.status).toBe(status);
  expect(Object.values(OUTCOME_KINDS).find((k) => k.status === status)?.title).toBe(body.title);
  return body;
}
