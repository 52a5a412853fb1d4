import { describe, expect, it } from 'vitest';
import { noPatientProblem, readyProblem, redirectProblem, WHAT_TO_DO } from '../../src/app/smart/launch-problems.js';

/** Each authorization failure is named for its cause, with advice that fits it. */
describe('launch problems', () => {
  it.each([
    ['error=access_denied&error_description=The+user+did+not+allow+access.', 'consent-denied'],
    ['error=invalid_scope', 'denied'],
    ['error=invalid_request&error_description=The+launch+value+is+unknown+or+expired.', 'expired-launch'],
    ['error=unauthorized_client', 'unknown-issuer'],
    ['error=server_error', 'no-launch'],
  ])('redirect %s → %s', (q, kind) => {
    expect(redirectProblem(new URLSearchParams(q))?.kind).toBe(kind);
  });

  it('no error on the redirect is no problem', () => expect(redirectProblem(new URLSearchParams('code=x&state=y'))).toBeUndefined());

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
});
