import { describe, expect, it } from 'vitest';
import { PUBLIC_APP_SCOPES } from '../../sandbox/auth/access-model.js';
import { grantScopes } from '../../sandbox/auth/scope-grant.js';

/**
 * What a client is granted: requested ∩ registered ∩ what its kind may hold ∩ the launch context.
 * The public app (no client authentication) never gets system/ scopes, nor more than registered.
 */
const BACKEND = ['system/Patient.rs', 'system/Observation.rs'];
type Row = [string, string, readonly string[], 'public-app' | 'backend', boolean, string];
const ROWS: Row[] = [
  [
    'app: its own scopes',
    'launch openid fhirUser patient/Observation.rs patient/Observation.cu',
    PUBLIC_APP_SCOPES,
    'public-app',
    false,
    'launch openid fhirUser patient/Observation.rs patient/Observation.cu',
  ],
  [
    'app: system/ is never granted',
    'launch system/*.rs system/Patient.read',
    PUBLIC_APP_SCOPES,
    'public-app',
    false,
    'launch',
  ],
  [
    'app: user/ write is not registered',
    'user/*.cruds',
    PUBLIC_APP_SCOPES,
    'public-app',
    false,
    'user/*.rs',
  ],
  [
    'app: registered for system/ still gets none',
    'system/*.rs',
    [...PUBLIC_APP_SCOPES, 'system/*.rs'],
    'public-app',
    false,
    '',
  ],
  [
    'app: read-only launch drops writes',
    'patient/*.cruds patient/Provenance.c',
    PUBLIC_APP_SCOPES,
    'public-app',
    true,
    'patient/*.rs',
  ],
  [
    'app: read-only launch keeps v1 read',
    'patient/Observation.read patient/Observation.write',
    PUBLIC_APP_SCOPES,
    'public-app',
    true,
    'patient/Observation.read',
  ],
  [
    'app: restriction kept',
    'patient/Observation.rs?category=laboratory',
    PUBLIC_APP_SCOPES,
    'public-app',
    false,
    'patient/Observation.rs?category=laboratory',
  ],
  ['app: unknown scope dropped', 'launch admin', PUBLIC_APP_SCOPES, 'public-app', false, 'launch'],
  [
    'back end: only what it is registered for',
    'system/Patient.rs system/Condition.rs',
    BACKEND,
    'backend',
    false,
    'system/Patient.rs',
  ],
  [
    'back end: read only, whatever it asks',
    'system/Patient.cruds',
    ['system/*.cruds'],
    'backend',
    false,
    'system/Patient.rs',
  ],
  [
    'back end: no patient/ or user/ scopes',
    'patient/*.rs user/*.rs',
    ['patient/*.rs', 'user/*.rs'],
    'backend',
    false,
    '',
  ],
];

describe('scope grants', () => {
  it.each(ROWS)('%s', (_label, requested, registered, kind, readOnly, want) => {
    expect(grantScopes(requested, registered, kind, { readOnly }).join(' ')).toBe(want);
  });
});
