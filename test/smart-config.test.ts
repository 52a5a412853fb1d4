import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxClients } from '../sandbox/auth/clients.js';
import { capabilityStatement } from '../sandbox/fhir/capability.js';
import {
  REDIRECT_PATH,
  registrationFor,
  scopesFor,
  scopeVersion,
} from '../src/app/smart/launch-config.js';
import {
  readSmartConfig,
  SmartConfigError,
  type IssEntry,
} from '../src/app/smart/smart-config-schema.js';
import {
  OBSERVATION_ID_SYSTEM,
  PROJECT_CODESYSTEM,
  writebackSystems,
} from '../src/terminology/systems.js';
import { SOFTWARE } from '../src/writeback/score-observation.js';

const read = (...p: string[]) =>
  JSON.parse(readFileSync(join(import.meta.dirname, '..', ...p), 'utf8'));
const cfg = read('smart-config.json');
const words = (s: string) => s.split(' ');
const entry = (over: Partial<IssEntry> = {}): IssEntry => ({
  iss: 'https://ehr.test/fhir/R4',
  client_id: 'c',
  scope_version: 'auto',
  writeback: true,
  ...over,
});

/** Every setting of smart-config.json, each with what it does (docs/app.md lists the same). */
describe('smart-config.json', () => {
  it('is valid as the build checks it', () => {
    expect(() => readSmartConfig(cfg)).not.toThrow();
  });

  it('a bad setting stops the build, naming the field and why', () => {
    const bad = (patch: Record<string, unknown>) => () => readSmartConfig({ ...cfg, ...patch });
    expect(
      bad({ scope_v2: cfg.scope_v2.replace('patient/Patient.r', 'patient/Patient.rd2') }),
    ).toThrow(/scope_v2: "patient\/Patient.rd2" is not a SMART scope/);
    expect(bad({ iss_allowlist: [{ ...cfg.iss_allowlist[0], scope_version: 'v3' }] })).toThrow(
      /iss_allowlist\.0\.scope_version/,
    );
    expect(bad({ iss_allowlist: [{ ...cfg.iss_allowlist[0], writeback: 'no' }] })).toThrow(
      /iss_allowlist\.0\.writeback/,
    );
    expect(bad({ iss_allowlist: [{ ...cfg.iss_allowlist[0], write_back: false }] })).toThrow(
      /iss_allowlist\.0: Unrecognized key/,
    );
    expect(bad({ iss_allowlist: [cfg.iss_allowlist[0], cfg.iss_allowlist[0]] })).toThrow(
      /iss_allowlist\.1\.iss: .* listed twice/,
    );
    expect(bad({ grant_types: ['authorization_code'] })).toThrow(
      /scope_v2: asks for refresh .* grant_types lacks refresh_token/,
    );
    expect(bad({ writeback: { codesystem: 'not a url' } })).toThrow(/writeback\.codesystem/);
    expect(bad({ token_endpoint_auth_method: 'client_secret_basic' })).toThrow(SmartConfigError);
    expect(bad({ pkce: { mode: 'optional', code_challenge_method: 'S256' } })).toThrow(
      /pkce\.mode/,
    );
  });

  it('scope_v2 / scope_v1: the scopes requested are exactly the configured ones, v1 and v2 never mixed', () => {
    const v2 = words(cfg.scope_v2);
    const v1 = words(cfg.scope_v1);
    const sandbox = cfg.iss_allowlist[0];
    // EHR launch: all of them but launch/patient; standalone: all but the bare launch scope.
    expect(words(scopesFor(['permission-v2'], 'ehr', sandbox))).toEqual(
      v2.filter((s) => s !== 'launch/patient'),
    );
    expect(words(scopesFor(['permission-v2'], 'standalone', sandbox))).toEqual(
      v2.filter((s) => s !== 'launch'),
    );
    expect(words(scopesFor(['permission-v1'], 'ehr', sandbox))).toEqual(
      v1.filter((s) => s !== 'launch/patient'),
    );
    // Refresh is asked for because it is configured, never added.
    expect(v2).toContain('online_access');
    expect(
      words(
        scopesFor(['permission-v2'], 'ehr', entry(), {
          scope_v2: 'launch openid patient/Patient.r',
          scope_v1: 'launch openid patient/Patient.read',
        }),
      ),
    ).toEqual(['launch', 'openid', 'patient/Patient.r']);
    expect(
      scopesFor(['permission-v2', 'permission-offline'], 'ehr', entry(), {
        scope_v2: 'launch patient/Patient.r',
        scope_v1: 'launch patient/Patient.read',
      }),
    ).not.toMatch(/access/);
    // The same resources in both syntaxes; write scopes only for Observation and Provenance.
    const res = (xs: string[]) =>
      xs
        .filter((s) => s.startsWith('patient/'))
        .map((s) => s.split('.')[0])
        .sort();
    expect(res(v2)).toEqual(res(v1));
    expect(v2.filter((s) => /\.[cud]+$/.test(s)).sort()).toEqual([
      'patient/Observation.cu',
      'patient/Provenance.c',
    ]);
  });

  it('grant_types lists refresh_token exactly when a scope asks for refresh', () => {
    const refresh = words(cfg.scope_v2).some((s) => /^(online|offline)_access$/.test(s));
    expect(cfg.grant_types.includes('refresh_token')).toBe(refresh);
  });

  it('iss_allowlist[].scope_version: v1 and v2 are used as registered; auto follows the server', () => {
    expect(scopeVersion(['permission-v2'], entry({ scope_version: 'v1' }))).toBe('v1');
    expect(scopesFor(['permission-v2'], 'ehr', entry({ scope_version: 'v1' }))).toMatch(
      /patient\/Observation\.read/,
    );
    expect(scopesFor(['permission-v2'], 'ehr', entry({ scope_version: 'v1' }))).not.toMatch(
      /\.rs\b/,
    );
    expect(scopeVersion(['permission-v1'], entry({ scope_version: 'v2' }))).toBe('v2');
    expect(scopeVersion(['permission-v1'], entry())).toBe('v1');
    expect(scopeVersion(['permission-v2', 'permission-v1'], entry())).toBe('v2');
    expect(scopeVersion([], entry())).toBe('v2');
  });

  it('iss_allowlist[].writeback: false asks for no write scope (the app also disables Save: test/app)', () => {
    for (const caps of [['permission-v2'], ['permission-v1']]) {
      const asked = words(scopesFor(caps, 'ehr', entry({ writeback: false })));
      expect(asked.filter((s) => /\.(c|cu|write)$/.test(s))).toEqual([]);
      expect(asked).toContain(
        caps[0] === 'permission-v2' ? 'patient/Observation.rs' : 'patient/Observation.read',
      );
    }
  });

  it('iss_allowlist[].iss, client_id and dev_only: the registration used for a launch', () => {
    for (const e of cfg.iss_allowlist) expect(e.client_id).toBeTruthy();
    const sandbox = cfg.iss_allowlist[0];
    expect(registrationFor(sandbox.iss, 'http://127.0.0.1:8440')).toEqual(sandbox);
    // dev_only: the sandbox on another loopback port of the page's origin; never another host.
    expect(
      registrationFor('http://127.0.0.1:9000/fhir/R4', 'http://127.0.0.1:9000')?.client_id,
    ).toBe(sandbox.client_id);
    expect(
      registrationFor('http://127.0.0.1:9000/fhir/R4', 'http://127.0.0.1:8440'),
    ).toBeUndefined();
    expect(
      registrationFor('https://ehr.test/fhir/R4', 'https://app.test', [entry({ client_id: 'x' })])
        ?.client_id,
    ).toBe('x');
    expect(
      registrationFor('https://ehr.test/fhir/R4', 'https://ehr.test', [
        { ...entry(), iss: 'https://other.test/fhir/R4', dev_only: true },
      ]),
    ).toBeUndefined();
  });

  it('client_name, launch_uri, redirect_uris, token_endpoint_auth_method, pkce: the sandbox registers the app from them', () => {
    const [client] = sandboxClients('http://127.0.0.1:8440');
    expect(client).toMatchObject({
      clientId: cfg.iss_allowlist[0].client_id,
      name: cfg.client_name,
      redirectUris: cfg.redirect_uris,
      launchUri: cfg.launch_uri,
      public: true,
    });
    expect(cfg.token_endpoint_auth_method).toBe('none');
    expect(cfg.pkce).toEqual({ mode: 'required', code_challenge_method: 'S256' });
    expect(new URL(cfg.redirect_uris[0]).pathname).toBe(REDIRECT_PATH);
    expect(new URL(cfg.launch_uri).pathname).toBe('/launch.html');
    expect(cfg.response_types).toEqual(['code']);
  });

  it('software_id, software_version, fhir_versions, contacts: registration metadata that matches the product', () => {
    expect(cfg.software_version).toBe(read('package.json').version);
    expect(cfg.software_version).toBe(SOFTWARE.version);
    expect(cfg.software_id).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(cfg.fhir_versions).toEqual([capabilityStatement({ fhirBase: 'http://x' }).fhirVersion]);
    expect(cfg.contacts.length).toBeGreaterThan(0);
  });

  it('writeback.observation_identifier_system and writeback.codesystem: what the app writes and every front end reads', () => {
    expect(OBSERVATION_ID_SYSTEM).toBe(cfg.writeback.observation_identifier_system);
    expect(PROJECT_CODESYSTEM).toBe(cfg.writeback.codesystem);
    // Absent: the published CodeSystem's canonical URL.
    expect(writebackSystems({}).codesystem).toBe(
      read('terminology', 'CodeSystem-spine-scores.json').url,
    );
    expect(
      writebackSystems({
        writeback: {
          codesystem: 'https://hospital.test/cs',
          observation_identifier_system: 'https://hospital.test/sid',
        },
      }),
    ).toEqual({
      codesystem: 'https://hospital.test/cs',
      observationIdSystem: 'https://hospital.test/sid',
    });
  });
});
