import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { EXPORT_TYPES } from '../../src/cli/bulk-client.js';
import { SCENARIO_REFERENCE_DATE } from '../../src/synthetic/scenarios.js';
import { NegotiationError, planExport } from '../../src/cli/bulk-negotiate.js';
import { scenarioResources, startBulkMock } from '../support/bulk-data-mock.js';
import { freePort } from '../e2e/browser.js';

/**
 * The Bulk Data flow end to end against the sandbox: SMART Backend Services token (private-key
 * JWT), $export kick-off, polling, manifest, files, then the batch assessment — the same results
 * as assessing the same charts from files. And the ways it fails, each with a clear answer.
 */
const root = join(import.meta.dirname, '..', '..');
let sb: Sandbox & { close(): Promise<void> };
let dir: string;
let keyFile: string;
let privateKey: CryptoKey;
const CLIENT = 'registry';

function run(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'src/cli/assess-cli.ts'), ...args],
      { cwd: root },
    );
    let stdout = '';
    let stderr = '';
    // Decoded as a stream: a multi-byte character (the em dash) split across two chunks stays
    // whole.
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    // 'close', not 'exit': the output is complete only once the pipes are.
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
const sorted = (s: string) => s.split('\n').filter(Boolean).sort();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bulk-'));
  const pair = await generateKeyPair('ES384', { extractable: true });
  privateKey = pair.privateKey;
  const kid = 'registry-key-1';
  keyFile = join(dir, 'registry.jwk.json');
  writeFileSync(
    keyFile,
    JSON.stringify({ ...(await exportJWK(pair.privateKey)), kid, alg: 'ES384' }),
  );
  sb = await startSandbox({
    host: '127.0.0.1',
    port: await freePort(),
    allowRemote: false,
    generatePatients: 0,
    generateObservations: 0,
    accessTokenSeconds: 600,
    staticDir: 'dist',
    feedbackDb: 'memory',
    log: () => undefined,
    // The charts as the fixture files hold them, so the export and the files compare line by line.
    scenarioDate: SCENARIO_REFERENCE_DATE,
    bulkClients: [
      {
        clientId: CLIENT,
        jwks: [{ ...(await exportJWK(pair.publicKey)), kid, alg: 'ES384' }],
        scopes: EXPORT_TYPES.map((t) => `system/${t}.rs`),
      },
    ],
  });
  await sb.repo.createResource({
    resourceType: 'Group',
    id: 'tumour-board',
    type: 'person',
    actual: true,
    member: [{ entity: { reference: 'Patient/s01' } }, { entity: { reference: 'Patient/s03' } }],
  } as never);
}, 60_000);
afterAll(async () => {
  await sb.close();
  rmSync(dir, { recursive: true, force: true });
});

async function token(
  scope = EXPORT_TYPES.map((t) => `system/${t}.rs`).join(' '),
): Promise<Response> {
  const now = Math.floor(Date.now() / 1000);
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: 'ES384', kid: 'registry-key-1', typ: 'JWT' })
    .setIssuer(CLIENT)
    .setSubject(CLIENT)
    .setAudience(`${sb.origin}/auth/token`)
    .setIssuedAt(now)
    .setExpirationTime(now + 240)
    .setJti(crypto.randomUUID())
    .sign(privateKey);
  return fetch(`${sb.origin}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    }),
  });
}

describe('Bulk Data export from the sandbox, then the batch assessment', () => {
  it('patient-level export: the same results as from the files the charts came from', async () => {
    const fromServer = await run([
      '--fhir',
      sb.fhirBase,
      '--client-id',
      CLIENT,
      '--key',
      keyFile,
      '--export-dir',
      join(dir, 'export'),
      '--as-of',
      '2026-11-20',
    ]);
    expect(fromServer.stderr).toMatch(/"bulk":"done"/);
    // Bundles give the full record by default; an export the compact one.
    const fromFiles = await run([
      join(root, 'fixtures/scenarios'),
      '--as-of',
      '2026-11-20',
      '--compact',
    ]);
    expect(sorted(fromServer.stdout)).toHaveLength(13);
    expect(sorted(fromServer.stdout)).toEqual(sorted(fromFiles.stdout));
    // The same refusals too (s09's units that are not UCUM), hence the same exit code.
    const refusals = (s: string) =>
      s
        .split('\n')
        .filter((l) => l.startsWith('{"patient"'))
        .sort();
    expect(refusals(fromServer.stderr)).toEqual(refusals(fromFiles.stderr));
    expect(fromServer.status).toBe(fromFiles.status);
  }, 120_000);

  it("group-level export: only the group's members", async () => {
    const r = await run([
      '--fhir',
      sb.fhirBase,
      '--client-id',
      CLIENT,
      '--key',
      keyFile,
      '--group',
      'tumour-board',
      '--export-dir',
      join(dir, 'group'),
      '--as-of',
      '2026-11-20',
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(sorted(r.stdout).map((l) => JSON.parse(l).patientId)).toEqual(['s01', 's03']);
  }, 120_000);

  it('a key the server does not know: a clear refusal from the token endpoint, exit 2', async () => {
    const other = await generateKeyPair('ES384', { extractable: true });
    const bad = join(dir, 'other.jwk.json');
    writeFileSync(bad, JSON.stringify({ ...(await exportJWK(other.privateKey)), alg: 'ES384' }));
    const r = await run([
      '--fhir',
      sb.fhirBase,
      '--client-id',
      CLIENT,
      '--key',
      bad,
      '--export-dir',
      join(dir, 'x'),
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/token endpoint refused the client \(HTTP 401\)/);
  }, 60_000);

  it('kick-off, polling, manifest, files and cancellation follow the Bulk Data spec', async () => {
    const t = (await (await token()).json()) as { access_token: string };
    const auth = { authorization: `Bearer ${t.access_token}` };
    // Without Prefer: respond-async, 400; without a token, 401; a replayed assertion is refused
    // elsewhere.
    expect((await fetch(`${sb.fhirBase}/Patient/$export`, { headers: auth })).status).toBe(400);
    expect(
      (await fetch(`${sb.fhirBase}/Patient/$export`, { headers: { prefer: 'respond-async' } }))
        .status,
    ).toBe(401);
    expect(
      (
        await fetch(`${sb.fhirBase}/Patient/$export?_type=Bad-Type`, {
          headers: { ...auth, prefer: 'respond-async' },
        })
      ).status,
    ).toBe(400);
    const kick = await fetch(`${sb.fhirBase}/Patient/$export?_type=Patient,Observation`, {
      headers: { ...auth, prefer: 'respond-async' },
    });
    expect(kick.status).toBe(202);
    const status = kick.headers.get('content-location')!;
    const first = await fetch(status, { headers: auth });
    expect(first.status).toBe(202);
    expect(first.headers.get('retry-after')).toBeTruthy();
    await expect
      .poll(async () => (await fetch(status, { headers: auth })).status, { timeout: 10_000 })
      .toBe(200);
    const manifest = (await (await fetch(status, { headers: auth })).json()) as {
      output: Array<{ type: string; url: string; count: number }>;
      requiresAccessToken: boolean;
    };
    expect(manifest.requiresAccessToken).toBe(true);
    expect(manifest.output.map((o) => o.type).sort()).toEqual(['Observation', 'Patient']);
    const file = manifest.output.find((o) => o.type === 'Patient')!;
    expect((await fetch(file.url)).status).toBe(401);
    const text = await (await fetch(file.url, { headers: auth })).text();
    expect(text.trim().split('\n')).toHaveLength(file.count);
    // Cancelled (or finished and deleted): gone.
    expect((await fetch(status, { method: 'DELETE', headers: auth })).status).toBe(202);
    expect((await fetch(status, { headers: auth })).status).toBe(404);
  }, 60_000);

  it('a patient-level SMART app token cannot bulk export; scopes the client is not allowed are refused', async () => {
    const app = await sb.auth.mintToken('spinescore-sandbox', 'patient/*.rs', {
      patient: 's01',
      user: 'Practitioner/sandbox-surgeon',
    });
    expect(
      (
        await fetch(`${sb.fhirBase}/Patient/$export`, {
          headers: { authorization: `Bearer ${app.access_token}`, prefer: 'respond-async' },
        })
      ).status,
    ).toBe(403);
    const r = await token('system/*.cruds');
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: string }).error).toBe('invalid_scope');
  });

  it('an expired token is refused with 401 on status and files', async () => {
    const pair = await generateKeyPair('ES384');
    const short = await startSandbox({
      // Three seconds (exp has whole seconds: at least two of them left for the kick-off on a busy
      // machine).
      host: '127.0.0.1',
      port: await freePort(),
      allowRemote: false,
      generatePatients: 0,
      generateObservations: 0,
      accessTokenSeconds: 3,
      staticDir: 'dist',
      feedbackDb: 'memory',
      log: () => undefined,
      bulkClients: [
        {
          clientId: CLIENT,
          jwks: [{ ...(await exportJWK(pair.publicKey)), kid: 'short-key', alg: 'ES384' }],
          scopes: ['system/Patient.rs'],
        },
      ],
    });
    try {
      const now = Math.floor(Date.now() / 1000);
      const assertion = await new SignJWT({})
        .setProtectedHeader({ alg: 'ES384', kid: 'short-key', typ: 'JWT' })
        .setIssuer(CLIENT)
        .setSubject(CLIENT)
        .setAudience(`${short.origin}/auth/token`)
        .setIssuedAt(now)
        .setExpirationTime(now + 240)
        .setJti(crypto.randomUUID())
        .sign(pair.privateKey);
      const t = (await (
        await fetch(`${short.origin}/auth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            scope: 'system/Patient.rs',
            client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
            client_assertion: assertion,
          }),
        })
      ).json()) as { access_token: string };
      const kick = await fetch(`${short.fhirBase}/$export?_type=Patient`, {
        headers: { authorization: `Bearer ${t.access_token}`, prefer: 'respond-async' },
      });
      expect(kick.status).toBe(202);
      const status = () =>
        fetch(kick.headers.get('content-location')!, {
          headers: { authorization: `Bearer ${t.access_token}` },
        });
      // Wait for the token to expire and be refused.
      await expect
        .poll(async () => (await status()).status, { timeout: 15_000, interval: 200 })
        .toBe(401);
      expect((await status()).headers.get('www-authenticate')).toMatch(/invalid_token/);
    } finally {
      await short.close();
    }
  }, 30_000);
});

describe('negotiating the export with a server that holds only some types', () => {
  const HELD = ['Patient', 'Condition', 'Observation', 'Procedure'];
  const bulkArgs = (fhir: string, out: string, ...more: string[]) => [
    '--fhir',
    fhir,
    '--client-id',
    CLIENT,
    '--key',
    keyFile,
    '--export-dir',
    join(dir, out),
    '--as-of',
    '2026-11-20',
    ...more,
  ];
  const skippedLines = (stderr: string) =>
    stderr
      .split('\n')
      .filter((l) => l.includes('"bulk":"skipped"'))
      .map((l) => JSON.parse(l) as { type: string; reason: string; cost: string });

  it('asks only for what the server has, says what it skipped and what that costs, and assesses the rest', async () => {
    const resources = scenarioResources(join(root, 'fixtures/scenarios'));
    const mock = await startBulkMock({ types: HELD, clientId: CLIENT }, resources);
    try {
      const r = await run(bulkArgs(mock.fhirBase, 'subset'));
      expect(r.stderr).toMatch(/"bulk":"done"/);
      // The reference server's syntax (it lists system/*.read), only the types it holds.
      expect(mock.tokenScopes).toEqual([
        'system/Patient.read system/Condition.read system/Observation.read system/Procedure.read',
      ]);
      expect(mock.exportTypes).toEqual(['Patient,Condition,Observation,Procedure']);
      const skipped = skippedLines(r.stderr);
      expect(skipped.map((k) => k.type).sort()).toEqual([
        'Medication',
        'MedicationAdministration',
        'MedicationRequest',
        'MedicationStatement',
        'ServiceRequest',
      ]);
      for (const k of skipped) expect(k.reason).toBe("not in the server's CapabilityStatement");
      expect(skipped.find((k) => k.type === 'MedicationStatement')!.cost).toMatch(
        /systemic therapy/,
      );
      // The same results as assessing the same four types from files.
      const same = join(dir, 'same-types');
      mkdirSync(same, { recursive: true });
      for (const t of HELD)
        writeFileSync(
          join(same, `${t}.ndjson`),
          resources
            .filter((x) => x.resourceType === t)
            .map((x) => JSON.stringify(x))
            .join('\n') + '\n',
        );
      const fromFiles = await run([same, '--as-of', '2026-11-20']);
      expect(sorted(r.stdout)).toHaveLength(13);
      expect(sorted(r.stdout)).toEqual(sorted(fromFiles.stdout));
      expect(r.status).toBe(fromFiles.status);
    } finally {
      await mock.close();
    }
  }, 120_000);

  it('--type narrows by hand, and what was left out is named', async () => {
    const mock = await startBulkMock(
      { types: HELD, clientId: CLIENT, scopesSupported: ['system/*.rs'] },
      scenarioResources(join(root, 'fixtures/scenarios')),
    );
    try {
      const r = await run(bulkArgs(mock.fhirBase, 'narrow', '--type', 'Patient,Condition'));
      expect(r.stderr).toMatch(/"bulk":"done"/);
      expect(mock.tokenScopes).toEqual(['system/Patient.rs system/Condition.rs']);
      expect(mock.exportTypes).toEqual(['Patient,Condition']);
      expect(skippedLines(r.stderr).find((k) => k.type === 'Observation')).toMatchObject({
        reason: 'not asked for (--type)',
        cost: expect.stringMatching(/performance status/),
      });
      expect(sorted(r.stdout)).toHaveLength(13);
    } finally {
      await mock.close();
    }
  }, 120_000);

  it('a server without Conditions cannot be assessed: said before anything is asked, exit 2', async () => {
    const mock = await startBulkMock({ types: ['Patient', 'Observation'], clientId: CLIENT }, []);
    try {
      const r = await run(bulkArgs(mock.fhirBase, 'none'));
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(
        /cannot be assessed without Condition \(not in the server's CapabilityStatement\)/,
      );
      expect(mock.tokenScopes).toEqual([]);
    } finally {
      await mock.close();
    }
  }, 60_000);

  it('--type with a type the assessment does not read is a usage error', async () => {
    const r = await run([
      '--fhir',
      'http://127.0.0.1:1/fhir',
      '--client-id',
      CLIENT,
      '--key',
      keyFile,
      '--type',
      'Patient,Encounter',
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--type .*not: Encounter/);
  }, 60_000);

  it('the plan: the scope syntax and types the SMART configuration offers, every type when the server says nothing', () => {
    const cs = (types: string[]) => ({
      resourceType: 'CapabilityStatement',
      rest: [{ mode: 'server', resource: types.map((type) => ({ type })) }],
    });
    expect(
      planExport({
        capability: cs(EXPORT_TYPES as string[]),
        smart: { scopes_supported: ['system/*.rs'] },
      }).scope,
    ).toBe(EXPORT_TYPES.map((t) => `system/${t}.rs`).join(' '));
    expect(
      planExport({
        capability: cs(EXPORT_TYPES as string[]),
        smart: { capabilities: ['permission-v1'] },
      }).scope,
    ).toMatch(/^system\/Patient\.read /);
    const offered = planExport({
      capability: undefined,
      smart: {
        scopes_supported: ['system/Patient.rs', 'system/Condition.rs', 'system/Observation.rs'],
      },
    });
    expect(offered.types).toEqual(['Patient', 'Condition', 'Observation']);
    expect(offered.skipped.map((k) => k.reason)).toContain(
      "no system scope for it in the server's SMART configuration",
    );
    expect(offered.notes[0]).toMatch(/CapabilityStatement lists no resource types/);
    expect(planExport({ capability: undefined, smart: {} }).types).toEqual(EXPORT_TYPES);
    expect(() => planExport({ capability: cs(['Patient']), smart: {} })).toThrow(NegotiationError);
  });
});
