import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REFERRAL } from '../../cds-hooks/config.js';
import { CdsConfigError, readCdsServerSettings } from '../../cds-hooks/server-config.js';

const example = readFileSync('cds-hooks/cds-config.example.json', 'utf8');
const base = JSON.parse(example) as Record<string, unknown>;
const withIssuer = (over: Record<string, unknown>) =>
  JSON.stringify({
    ...base,
    trustedIssuers: [{ ...(base.trustedIssuers as object[])[0], ...over }],
  });

describe('stand-alone CDS service configuration', () => {
  it('reads the documented example: defaults kept, local codes added, database and port from the environment', () => {
    const s = readCdsServerSettings(example, {
      CDS_PORT: '9000',
      CDS_DATABASE_URL: 'postgres://u:p@db/cds',
      CDS_ADMIN_TOKEN: 't',
    });
    expect(s.port).toBe(9000);
    expect(s.host).toBe('127.0.0.1');
    expect(s.database).toBe('postgres://u:p@db/cds');
    expect(s.adminToken).toBe('t');
    expect(s.config.publicBaseUrl).toBe('https://cds.hospital.example.org');
    expect(s.config.referral.codes.slice(0, DEFAULT_REFERRAL.codes.length)).toEqual(
      DEFAULT_REFERRAL.codes,
    );
    expect(s.config.referral.codes.at(-1)).toMatchObject({ code: 'REF-SPINE' });
    expect(s.config.allowUnauthenticated).toBe(false);
    expect(s.config.trustedIssuers[0]!.sandboxOnly).toBeUndefined();
    expect(readCdsServerSettings(example, {}).database).toBe('.data/cds-feedback');
  });

  it.each([
    ['not JSON', '{', /not valid JSON/],
    [
      'no trusted issuer',
      JSON.stringify({ ...base, trustedIssuers: [] }),
      /at least one trusted issuer/,
    ],
    ['algorithm none', withIssuer({ algorithms: ['none'] }), /trustedIssuers\.0\.algorithms\.0/],
    ['symmetric algorithm', withIssuer({ algorithms: ['HS256'] }), /algorithms/],
    [
      'plain-http JWKS off loopback',
      withIssuer({ jwksUrls: ['http://ehr.example.org/jwks'] }),
      /must use https/,
    ],
    [
      'plain-http FHIR server off loopback',
      withIssuer({ fhirServers: ['http://ehr.example.org/fhir'] }),
      /must use https/,
    ],
    ['unknown key (typo)', JSON.stringify({ ...base, trustedIssuer: [] }), /Unrecognized key/],
    [
      'allowUnauthenticated cannot be set from the file',
      JSON.stringify({ ...base, allowUnauthenticated: true }),
      /Unrecognized key/,
    ],
    [
      'deadline too long for an EHR to wait',
      JSON.stringify({ ...base, fetchDeadlineMs: 60_000 }),
      /fetchDeadlineMs/,
    ],
  ])('refuses %s', (_name, text, message) => {
    expect(() => readCdsServerSettings(text, {})).toThrow(CdsConfigError);
    expect(() => readCdsServerSettings(text, {})).toThrow(message);
  });

  it('turns the assessment cache off or resizes it', () => {
    expect(readCdsServerSettings(example, {}).config.assessmentCache).toEqual({
      entries: 128,
      ttlMs: 120_000,
    });
    expect(
      readCdsServerSettings(
        JSON.stringify({ ...base, assessmentCache: { entries: 0, ttlSeconds: 60 } }),
        {},
      ).config.assessmentCache,
    ).toEqual({ entries: 0, ttlMs: 60_000 });
    expect(() =>
      readCdsServerSettings(
        JSON.stringify({ ...base, assessmentCache: { entries: -1, ttlSeconds: 60 } }),
        {},
      ),
    ).toThrow(/assessmentCache\.entries/);
  });

  it('refuses a port that is not one', () => {
    expect(() => readCdsServerSettings(example, { CDS_PORT: 'http' })).toThrow(/CDS_PORT/);
  });

  it.each([
    [{}, 1],
    [{ CDS_WORKERS: '4', CDS_DATABASE_URL: 'postgres://u:p@db/cds' }, 4],
    [{ CDS_WORKERS: '2', CDS_DATABASE_URL: 'postgresql://u:p@db/cds' }, 2],
    [{ CDS_WORKERS: '1', CDS_DATA_DIR: '/var/lib/cds' }, 1],
  ])('runs %o with %i worker(s)', (env, workers) => {
    expect(readCdsServerSettings(example, env).workers).toBe(workers);
  });

  it.each([
    [{ CDS_WORKERS: '2' }, /needs CDS_DATABASE_URL \(PostgreSQL\)/],
    [{ CDS_WORKERS: '2', CDS_DATA_DIR: '/var/lib/cds' }, /needs CDS_DATABASE_URL/],
    [{ CDS_WORKERS: '0', CDS_DATABASE_URL: 'postgres://db/cds' }, /CDS_WORKERS must be/],
    [{ CDS_WORKERS: 'two', CDS_DATABASE_URL: 'postgres://db/cds' }, /CDS_WORKERS must be/],
    [{ CDS_WORKERS: '1.5', CDS_DATABASE_URL: 'postgres://db/cds' }, /CDS_WORKERS must be/],
  ])('refuses workers %o', (env, message) => {
    expect(() => readCdsServerSettings(example, env)).toThrow(message);
  });
});
