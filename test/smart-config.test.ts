import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OBSERVATION_ID_SYSTEM, PROJECT_CODESYSTEM } from '../src/terminology/systems.js';

const cfg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'smart-config.json'), 'utf8'));

describe('smart-config.json (interop.md B7)', () => {
  it('registers a public client with PKCE S256 required', () => {
    expect(cfg.token_endpoint_auth_method).toBe('none');
    expect(cfg.pkce).toEqual({ mode: 'required', code_challenge_method: 'S256' });
  });
  it('scopes: bare launch present (F-11), v2 and v1 grant the same resources, write scopes only for Observation and Provenance', () => {
    const v2: string[] = cfg.scope_v2.split(' ');
    const v1: string[] = cfg.scope_v1.split(' ');
    expect(v2).toContain('launch');
    expect(v2).toContain('fhirUser');
    const res = (xs: string[]) => xs.filter((s) => s.startsWith('patient/')).map((s) => s.split('.')[0]).sort();
    expect(res(v2)).toEqual(res(v1));
    // Observation.u only to mark an entry the clinician corrected in the same session as superseded.
    expect(v2.filter((s) => /\.c?u?d?$/.test(s) && /\.[cud]+$/.test(s)).sort()).toEqual(['patient/Observation.cu', 'patient/Provenance.c']);
    for (const s of v2.filter((x) => x.startsWith('patient/'))) expect(s).toMatch(/^patient\/[A-Za-z]+\.(r|rs|c|cu)$/);
  });
  it('every allowed issuer has a client id; writeback systems match the code', () => {
    for (const e of cfg.iss_allowlist) expect(e.client_id).toBeTruthy();
    expect(cfg.writeback.observation_identifier_system).toBe(OBSERVATION_ID_SYSTEM);
    expect(cfg.writeback.codesystem).toBe(PROJECT_CODESYSTEM);
  });
});
