import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/server.js';
import { inProcessSandbox } from '../support/sandbox.js';

/**
 * The safety-net worklist on the scenario patients, whose charts are known: who must be on it,
 * who must not, and the same list from the CLI and from the sandbox EHR's page.
 */
const root = join(import.meta.dirname, '..', '..');
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/assess-cli.ts'), ...args], {
    encoding: 'utf8',
    cwd: root,
  });
const ids = (stdout: string) =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l).patientId as string);

// Every scenario has a spinal metastasis and no spine referral on record. All but s02 (a solitary,
// stable thyroid lesion: SINS < 7 and ESCC 0 recorded, routine) can be unstable or compressed.
const EXPECTED = [
  's01',
  's03',
  's04',
  's05',
  's06',
  's07',
  's08',
  's09',
  's10',
  's11',
  's12',
  's13',
];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'worklist-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('safety-net worklist on the scenario patients', () => {
  it('lists every scenario patient that should be on it, and none that should not', () => {
    const r = run(join(root, 'fixtures/scenarios'), '--as-of', '2026-11-20', '--worklist');
    expect(ids(r.stdout)).toEqual(EXPECTED);
    const s11 = r.stdout.split('\n').find((l) => l.includes('"s11"'))!;
    expect(JSON.parse(s11)).toMatchObject({
      reasons: ['SINS 16 at T6', 'ESCC 2 at T6', 'decision at least emergency'],
      dataDate: '2026-11-19',
    });
  }, 60_000);

  it('a spine-surgery referral on record takes a patient off; a deceased patient is never on it', () => {
    cpSync(join(root, 'fixtures/scenarios'), join(dir, 'charts'), { recursive: true });
    writeFileSync(
      join(dir, 'charts', 'referral.json'),
      JSON.stringify({
        resourceType: 'ServiceRequest',
        id: 's01-ref',
        status: 'active',
        intent: 'order',
        subject: { reference: 'Patient/s01' },
        performerType: {
          coding: [{ system: 'http://nucc.org/provider-taxonomy', code: '207XS0117X' }],
        },
        code: { text: 'Referral to spine surgery' },
      }),
    );
    // A revoked referral is not a referral on record.
    writeFileSync(
      join(dir, 'charts', 'revoked.json'),
      JSON.stringify({
        resourceType: 'ServiceRequest',
        id: 's03-ref',
        status: 'revoked',
        intent: 'order',
        subject: { reference: 'Patient/s03' },
        performerType: {
          coding: [{ system: 'http://nucc.org/provider-taxonomy', code: '207XS0117X' }],
        },
      }),
    );
    cpSync(join(root, 'fixtures/synthea-shaped/sy02.json'), join(dir, 'charts', 'sy02.json'));
    const r = run(join(dir, 'charts'), '--as-of', '2026-11-20', '--worklist');
    expect(ids(r.stdout)).toEqual(EXPECTED.filter((x) => x !== 's01'));
  }, 60_000);

  it('the sandbox EHR page shows the same list', async () => {
    const sb: Sandbox = await inProcessSandbox();
    try {
      const res = await sb.app.fetch(new Request('http://127.0.0.1:8440/ehr/api/worklist'));
      const body = (await res.json()) as {
        entries: Array<{ patientId: string; reasons: string[]; name: string }>;
      };
      expect(body.entries.map((e) => e.patientId)).toEqual(EXPECTED);
      expect(body.entries.every((e) => e.name && e.reasons.length)).toBe(true);
    } finally {
      await sb.close();
    }
  }, 60_000);
});
