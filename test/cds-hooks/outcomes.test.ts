import { describe, expect, it } from 'vitest';
import * as outcomes from '../../cds-hooks/outcomes.js';
import {
  badRequest,
  isOutcome,
  normalizeOutcome,
  OUTCOME_KINDS,
  OutcomeError,
  serverError,
  statusOf,
  textOf,
  toProblem,
  type Outcome,
} from '../../cds-hooks/outcomes.js';
import { sameSecret } from '../../cds-hooks/same-secret.js';
import { operationOutcomeSchema } from '../support/error-shapes.js';

/** The factories by kind: every row of the table has one, named as @medplum/core names them. */
const FACTORIES: Record<keyof typeof OUTCOME_KINDS, (text: string) => Outcome> = {
  'bad-request': outcomes.badRequest,
  unauthorized: outcomes.unauthorized,
  forbidden: outcomes.forbidden,
  'not-found': outcomes.notFound,
  'precondition-failed': outcomes.preconditionFailed,
  'content-too-large': outcomes.contentTooLarge,
  'unsupported-media-type': outcomes.unsupportedMediaType,
  'misdirected-request': outcomes.misdirectedRequest,
  'too-many-requests': outcomes.tooManyRequests,
  'server-error': outcomes.serverError,
  'bad-gateway': outcomes.badGateway,
  unavailable: outcomes.unavailable,
  conflict: (t) =>
    outcomes.fromStatus(409, [{ severity: 'error', code: 'conflict', details: { text: t } }]),
  gone: (t) =>
    outcomes.fromStatus(410, [{ severity: 'error', code: 'deleted', details: { text: t } }]),
  'unprocessable-content': (t) =>
    outcomes.fromStatus(422, [{ severity: 'error', code: 'business-rule', details: { text: t } }]),
  'gateway-timeout': (t) =>
    outcomes.fromStatus(504, [{ severity: 'error', code: 'timeout', details: { text: t } }]),
};

describe('outcomes: one table, one status map', () => {
  it.each(Object.entries(FACTORIES))(
    "%s: the row's status, code and a valid OperationOutcome",
    (kind, make) => {
      const o = make('Something specific.');
      const row = OUTCOME_KINDS[kind as keyof typeof OUTCOME_KINDS];
      expect(o.id).toBe(kind);
      expect(statusOf(o)).toBe(row.status);
      expect(o.issue[0].code).toBe(row.code);
      expect(operationOutcomeSchema.parse(o)).toEqual(o);
      expect(toProblem(o)).toEqual({
        type: 'about:blank',
        title: row.title,
        status: row.status,
        detail: 'Something specific.',
      });
    },
  );

  it('each status belongs to one kind, so a status line names its problem title', () => {
    const statuses = Object.values(OUTCOME_KINDS).map((k) => k.status);
    expect(new Set(statuses).size).toBe(statuses.length);
  });

  it("fromStatus: another component's answer keeps its issues, gets a kind and a text", () => {
    const o = outcomes.fromStatus(400, [
      {
        severity: 'error',
        code: 'structure',
        diagnostics: 'Invalid date',
        expression: ['Condition.onsetDateTime'],
      },
      { severity: 'error', code: 'required', details: { text: 'Missing subject' } },
    ]);
    expect(statusOf(o)).toBe(400);
    expect(o.issue[0]).toMatchObject({
      code: 'structure',
      details: { text: 'Invalid date' },
      expression: ['Condition.onsetDateTime'],
    });
    expect(o.issue[1]?.details?.text).toBe('Missing subject');
    expect(textOf(outcomes.fromStatus(418))).toBe('Bad Request');
    expect(statusOf(outcomes.fromStatus(599))).toBe(500);
  });

  it('a more specific FHIR code keeps the status of the kind', () => {
    const o = badRequest('Request body is not valid JSON.', 'structure');
    expect([statusOf(o), o.issue[0].code]).toEqual([400, 'structure']);
  });

  it('problem extensions cannot overwrite the standard members', () => {
    const p = toProblem(badRequest('Give a patient id.'), {
      status: 200,
      detail: 'ok',
      fhirOutcome: { x: 1 },
    });
    expect(p).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'Give a patient id.',
      fhirOutcome: { x: 1 },
    });
  });

  it("normalizeOutcome shows an OutcomeError as itself and never another error's message", () => {
    const mine = new OutcomeError(outcomes.notFound('No such export job.'));
    expect(normalizeOutcome(mine)).toBe(mine.outcome);
    const leaked = normalizeOutcome(
      new Error('patient s01 has Condition/123 with secret token abc'),
    );
    expect(leaked).toEqual(serverError());
    expect(JSON.stringify(leaked)).not.toMatch(/s01|abc/);
    expect(normalizeOutcome('a string')).toEqual(serverError());
    expect(normalizeOutcome(null)).toEqual(serverError());
  });

  it('isOutcome accepts only outcomes of a known kind with a text', () => {
    expect(isOutcome(badRequest('x'))).toBe(true);
    expect(
      isOutcome({
        resourceType: 'OperationOutcome',
        id: 'ok',
        issue: [{ details: { text: 'x' } }],
      }),
    ).toBe(false);
    expect(isOutcome({ resourceType: 'OperationOutcome', id: 'forbidden', issue: [] })).toBe(false);
    expect(isOutcome({ resourceType: 'Patient', id: 'forbidden' })).toBe(false);
    expect(isOutcome(undefined)).toBe(false);
  });
});

describe('sameSecret', () => {
  it.each([
    ['the same secret', 'admin-secret', true],
    ['a prefix of it', 'admin-secre', false],
    ['a longer string starting with it', 'admin-secret-and-more', false],
    ['one character changed', 'admin-secreT', false],
    ['empty', '', false],
    ['absent', undefined, false],
  ] as const)('%s → %s', (_n, presented, same) => {
    expect(sameSecret(presented, 'admin-secret')).toBe(same);
  });
});
