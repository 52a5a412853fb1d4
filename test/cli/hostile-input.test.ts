import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Observation, Patient, Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { scenarioResources } from '../scenario-helpers.js';

/**
 * Input the CLI cannot read as given is named (file:line) and the run exits non-zero; --lenient
 * turns it into a warning (the part is left out, exit 0). Files are recognised by their content.
 * Each case once as an NDJSON export (indexed, worker path) and, where it applies, as a Bundle.
 */
const root = join(import.meta.dirname, '..', '..');
const run = (...args: string[]) =>
  spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'src/cli/assess-cli.ts'),
      '--as-of',
      '2026-11-20',
      '--workers',
      '1',
      ...args,
    ],
    { encoding: 'utf8', cwd: root },
  );
const messages = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map(
      (l) =>
        JSON.parse(l) as { patient?: string; error?: string; warning?: string; where?: string },
    );
const patients = (stdout: string) =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { patientId: string }).patientId);

const S03 = scenarioResources('s03-renal-l3-potentially-unstable');
const ndjson = (rs: readonly Resource[]) => `${rs.map((r) => JSON.stringify(r)).join('\n')}\n`;
const bundle = (rs: readonly Resource[]) =>
  JSON.stringify(
    { resourceType: 'Bundle', type: 'collection', entry: rs.map((resource) => ({ resource })) },
    null,
    1,
  );
function file(name: string, content: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'hostile-'));
  writeFileSync(join(dir, name), content);
  return join(dir, name);
}
const patient = S03.find((r) => r.resourceType === 'Patient') as Patient;
const obs = S03.find((r) => r.resourceType === 'Observation') as Observation;

describe('hostile input to the assessment CLI', () => {
  it('invalid UTF-8 in an NDJSON line: named by file:line, exit 1; --lenient: a warning, exit 0', () => {
    const lines = ndjson(S03).split('\n');
    // Line 2 carries a byte sequence that is not UTF-8 (0xC3 0x28) inside its id.
    const [head, tail] = [
      lines[1]!.slice(0, lines[1]!.indexOf('"id":"') + 6),
      lines[1]!.slice(lines[1]!.indexOf('"id":"') + 6),
    ];
    const bad = Buffer.concat([
      Buffer.from(`${lines[0]}\n${head}`),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(`${tail}\n${lines.slice(2).join('\n')}`),
    ]);
    const f = file('export.ndjson', bad);
    const r = run(f);
    expect(r.status).toBe(1);
    expect(messages(r.stderr)).toContainEqual({ error: 'not valid UTF-8 text', where: `${f}:2` });
    const lenient = run(f, '--lenient');
    expect(lenient.status).toBe(0);
    expect(messages(lenient.stderr)).toContainEqual({
      warning: 'not valid UTF-8 text',
      where: `${f}:2`,
    });
    expect(patients(lenient.stdout)).toEqual(['s03']);
  }, 30_000);

  it('invalid UTF-8 in a Bundle file: named by file:line, exit 1, nothing assessed from it', () => {
    const text = bundle(S03);
    const at = text.indexOf('"status"');
    const f = file(
      'chart.json',
      Buffer.concat([
        Buffer.from(text.slice(0, at)),
        Buffer.from([0xff]),
        Buffer.from(text.slice(at)),
      ]),
    );
    const r = run(f);
    expect(r.status).toBe(1);
    const line = text.slice(0, at).split('\n').length;
    expect(messages(r.stderr)).toContainEqual({
      error: 'not valid UTF-8 text',
      where: `${f}:${line}`,
    });
    expect(r.stdout).toBe('');
  }, 30_000);

  it('a second Patient with the same id and a conflicting birth date is named, not silently dropped (NDJSON and Bundle)', () => {
    const twin = { ...patient, birthDate: '1931-01-01' };
    const f = file('Patient.ndjson', ndjson([patient, twin]));
    writeFileSync(
      join(f, '..', 'Observation.ndjson'),
      ndjson(S03.filter((r) => r.resourceType !== 'Patient')),
    );
    const r = run(join(f, '..'));
    expect(r.status).toBe(1);
    expect(messages(r.stderr)).toContainEqual({
      error: expect.stringMatching(
        /^Patient\/s03 appears again with different content \(first at .*Patient\.ndjson:1\)/,
      ),
      where: `${f}:2`,
    });
    const b = file('chart.json', bundle([...S03, twin]));
    const rb = run(b);
    expect(rb.status).toBe(1);
    expect(messages(rb.stderr)).toContainEqual({
      error: expect.stringMatching(/^Patient\/s03 appears again with different content/),
      where: `${b} entry ${S03.length}`,
    });
    // The same resource twice is not a conflict.
    expect(run(file('same.ndjson', ndjson([...S03, patient, obs]))).status).toBe(0);
    // Another type, in the export (checked per patient when it is read): named by file and id.
    const changed = { ...obs, status: 'cancelled' };
    const fo = file('export.ndjson', ndjson([...S03, changed]));
    const ro = run(fo);
    expect(ro.status).toBe(1);
    expect(messages(ro.stderr)).toContainEqual({
      patient: 's03',
      error: `Observation/${obs.id} appears again with different content; the second is left out`,
      where: fo,
    });
    const lenient = run(fo, '--lenient');
    expect(lenient.status).toBe(0);
    expect(messages(lenient.stderr)).toContainEqual({
      patient: 's03',
      warning: `Observation/${obs.id} appears again with different content; the second is left out`,
      where: fo,
    });
  }, 60_000);

  it('a reference to another server is not merged into the local patient of that id', () => {
    const foreign = {
      ...obs,
      id: 'foreign-1',
      subject: { reference: 'http://other.example/fhir/Patient/s03' },
    };
    for (const [f, where] of [
      [file('export.ndjson', ndjson([...S03, foreign])), (p: string) => `${p}:${S03.length + 1}`],
      [file('chart.json', bundle([...S03, foreign])), (p: string) => `${p} entry ${S03.length}`],
    ] as const) {
      const r = run(f);
      expect(r.status).toBe(1);
      expect(messages(r.stderr)).toContainEqual({
        error: expect.stringContaining(
          'refers to a patient on another server (http://other.example/fhir/Patient/s03)',
        ),
        where: where(f),
      });
      expect(r.stdout).not.toContain('foreign-1');
      expect(patients(r.stdout)).toEqual(['s03']);
    }
  }, 60_000);

  it.each([
    ['an empty file', 'export.ndjson', '', ':1'],
    ['a file of blank lines', 'chart.json', '\n  \n', ':1'],
  ])(
    '%s: named, exit 1',
    (_label, name, content, suffix) => {
      const f = file(name, content);
      const r = run(f);
      expect(r.status).toBe(1);
      expect(messages(r.stderr)).toContainEqual({
        error: 'empty input: no resources',
        where: `${f}${suffix}`,
      });
    },
    30_000,
  );

  it('an empty folder: named, exit 1; --lenient: a warning, exit 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hostile-'));
    const r = run(dir);
    expect(r.status).toBe(1);
    expect(messages(r.stderr)).toContainEqual({
      error: 'empty input: the folder has no files',
      where: dir,
    });
    expect(run(dir, '--lenient').status).toBe(0);
  }, 30_000);

  it('NDJSON named .txt is read as NDJSON (content, not name)', () => {
    const r = run(file('export.txt', ndjson(S03)));
    expect(r.status, r.stderr).toBe(0);
    expect(patients(r.stdout)).toEqual(['s03']);
  }, 30_000);
});
