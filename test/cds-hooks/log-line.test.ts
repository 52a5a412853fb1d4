import { beforeAll, describe, expect, it } from 'vitest';
import { clientText, loggableId, logLine } from '../../cds-hooks/log-line.js';
import {
  orderSelect,
  post,
  scenarioPrefetch,
  testApp,
  testClient,
  type TestClient,
} from './cds-helpers.js';

const SERVICE = '/cds-services/spine-surgery-referral';
let client: TestClient;
beforeAll(async () => {
  client = await testClient();
});

describe('structured log lines', () => {
  it.each([
    ['a forged line', 'abc\n{"event":"hook","status":200}', 'abc?{"event":"hook","status":200}'],
    ['a terminal escape', '\u001b[31mred', '?[31mred'],
    ['a Unicode line separator', 'a\u2028b', 'a?b'],
    ['a long value', 'x'.repeat(500), `${'x'.repeat(80)}…`],
  ])('client text with %s is escaped and bounded', (_n, raw, want) => {
    expect(clientText(raw)).toBe(want);
  });

  it('a hookInstance is logged only when it is a UUID', () => {
    expect(loggableId('d1577c69-dfbe-44ad-ba6d-3e05e953b2ea')).toBe(
      'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
    );
    expect(loggableId('D1577C69-DFBE-44AD-BA6D-3E05E953B2EA')).toBe(
      'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
    );
    for (const bad of [
      'patient Jane Doe, MRN 12345',
      'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea\nx',
      '',
    ])
      expect(loggableId(bad)).toBe('(not a UUID)');
    expect(loggableId(undefined)).toBeUndefined();
  });

  it('is one JSON object per line, fields escaped', () => {
    const line = logLine('hook', { hookInstance: 'a\nb', status: 200, skipped: undefined });
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toMatchObject({
      src: 'cds',
      event: 'hook',
      hookInstance: 'a?b',
      status: 200,
    });
    expect(JSON.parse(line)).not.toHaveProperty('skipped');
  });

  it('a hook call logs ids, status and timing: no forged lines, no patient data, no token', async () => {
    const lines: string[] = [];
    const app = testApp(client, {}, { log: (l) => lines.push(l) });
    const body = {
      ...orderSelect('s03', await scenarioPrefetch('s03')),
      hookInstance: `evil\n{"event":"hook","forged":true}${'y'.repeat(200)}`,
    };
    const token = await client.sign(`https://cds.test${SERVICE}`);
    expect((await post(app, client, SERVICE, body, token)).status).toBe(200);
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({
      event: 'hook',
      service: 'spine-surgery-referral',
      status: 200,
      cards: 2,
    });
    // Free text is not logged at all, however escaped: only a UUID is.
    expect(entry.hookInstance).toBe('(not a UUID)');
    expect(lines[0]).not.toContain('evil');
    for (const secret of ['s03', token, 'SINS', 'L3']) expect(lines[0]).not.toContain(secret);
  });
});
