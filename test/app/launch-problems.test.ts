import { describe, expect, it } from 'vitest';
import {
  adviceFor,
  endsSession,
  noPatientProblem,
  readyProblem,
  redirectProblem,
  WHAT_TO_DO,
} from '../../src/app/smart/launch-problems.js';

/** Each authorization failure is named for its cause, with advice that fits it. */
describe('launch problems', () => {
  it.each([
    ['error=access_denied&error_description=The+user+did+not+allow+access.', 'consent-denied'],
    ['error=invalid_scope', 'scope-refused'],
    [
      'error=invalid_request&error_description=The+launch+value+is+unknown+or+expired.',
      'expired-launch',
    ],
    ['error=unauthorized_client', 'unknown-issuer'],
    ['error=server_error', 'no-launch'],
  ])('redirect %s → %s', (q, kind) => {
    expect(redirectProblem(new URLSearchParams(q))?.kind).toBe(kind);
  });

  it('no error on the redirect is no problem', () =>
    expect(redirectProblem(new URLSearchParams('code=x&state=y'))).toBeUndefined());

  it.each([
    ['invalid_grant: Authorization code expired.', 'expired-launch'],
    ["No 'state' parameter found. Please (re)launch the app.", 'no-launch'],
  ])('fhirclient "%s" → %s', (msg, kind) => {
    expect(readyProblem(new Error(msg)).kind).toBe(kind);
  });

  it('no patient: after a standalone launch the advice is to choose one, after an EHR launch to open a chart', () => {
    expect(noPatientProblem('standalone').kind).toBe('standalone-no-patient');
    expect(WHAT_TO_DO['standalone-no-patient']).toMatch(/choose a patient/);
    expect(noPatientProblem('ehr').kind).toBe('no-context');
    expect(noPatientProblem(undefined).kind).toBe('no-context');
  });

  it('every kind has its own advice', () => {
    expect(new Set(Object.values(WHAT_TO_DO)).size).toBe(Object.keys(WHAT_TO_DO).length);
  });

  it('a refused scope is named, and the advice is about registering it, not about read access', () => {
    const requested = [
      'launch',
      'openid',
      'fhirUser',
      'online_access',
      'patient/Patient.r',
      'patient/Observation.rs',
    ];
    const p = redirectProblem(
      new URLSearchParams({
        error: 'invalid_scope',
        error_description: 'Scope "online_access" is not registered for this client',
      }),
      requested,
    )!;
    expect(p).toMatchObject({
      kind: 'scope-refused',
      message: 'The EHR refused the scope online_access.',
    });
    expect(WHAT_TO_DO['scope-refused']).toMatch(/register this scope/);
    expect(WHAT_TO_DO['scope-refused']).not.toMatch(/read access/);
    // The description names none: the requested list is in the detail.
    const q = redirectProblem(new URLSearchParams({ error: 'invalid_scope' }), requested)!;
    expect(q.message).toBe('The EHR refused one of the scopes the app asks for.');
    expect(q.detail).toBe(`Requested: ${requested.join(' ')}`);
  });

  it('after a standalone launch no advice says to start from the EHR', () => {
    for (const kind of ['no-launch', 'no-context', 'expired-launch'] as const) {
      expect(adviceFor(kind, 'standalone')).not.toMatch(/EHR|chart/);
      expect(adviceFor(kind, 'ehr')).toBe(WHAT_TO_DO[kind]);
    }
    expect(
      readyProblem(new Error("No 'state' parameter found."), 'standalone').message,
    ).not.toMatch(/EHR/);
  });

  it('an expired token or a refused refresh ends the session; other failures do not', () => {
    expect(endsSession(Object.assign(new Error('Unauthorized'), { status: 401 }))).toBe(true);
    expect(
      endsSession(
        Object.assign(new Error('400 Bad Request\ninvalid_grant: Refresh token unknown'), {
          status: 400,
        }),
      ),
    ).toBe(true);
    expect(endsSession(Object.assign(new Error('Forbidden'), { status: 403 }))).toBe(false);
    expect(endsSession(Object.assign(new Error('Server error'), { status: 500 }))).toBe(false);
  });
});
