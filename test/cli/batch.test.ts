import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Resource } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processPatient } from '../../src/cli/process-patient.js';
import { readInput } from '../../src/cli/read-input.js';
import { shardOf } from '../../src/cli/shard.js';
import { writeBulkExport } from '../../src/synthetic/bulk-export.js';
import { cohortPatient } from '../../src/synthetic/cohort.js';

/**
 * The batch path end to end on a generated bulk export: files in (one NDJSON per type), results
 * out, through the index and the worker threads, against the in-memory reader as reference.
 */
const root = join(import.meta.dirname, '..', '..');
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/assess-cli.ts'), ...args], {
    encoding: 'utf8',
    cwd: root,
    maxBuffer: 1 << 28,
  });
let dir: string;
const N = 60;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'export-'));
  writeBulkExport(join(dir, 'export'), N, '2026-11-20', { observations: 120, referralEvery: 4 });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines = (s: string) => s.split('\n').filter(Boolean);

describe('batch CLI on a bulk export', () => {
  it('streams every patient once, in patient-id order, the same as the in-memory reader, whatever the number of workers', async () => {
    const one = run(join(dir, 'export'), '--as-of', '2026-11-20', '--workers', '1');
    const two = run(join(dir, 'export'), '--as-of', '2026-11-20', '--workers', '2');
    expect(one.status, one.stderr).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const ids = lines(one.stdout).map((l) => JSON.parse(l).patientId as string);
    expect(ids).toHaveLength(N);
    expect(ids).toEqual([...ids].sort());
    const input = await readInput(join(dir, 'export'));
    const reference = (record: 'compact' | 'full') =>
      input.patients
        .map(
          (g) =>
            processPatient(g.patientId, g.resources, {
              asOf: '2026-11-20',
              mode: 'json',
              record,
              table: false,
            }).stdout,
        )
        .sort();
    // An export is compact by default (format 2); --full is the complete record, as before.
    expect(
      lines(one.stdout)
        .map((l) => `${l}\n`)
        .sort(),
    ).toEqual(reference('compact'));
    expect(lines(one.stdout).every((l) => JSON.parse(l).format === 2)).toBe(true);
    const full = run(join(dir, 'export'), '--as-of', '2026-11-20', '--full', '--workers', '2');
    expect(full.status, full.stderr).toBe(0);
    expect(
      lines(full.stdout)
        .map((l) => `${l}\n`)
        .sort(),
    ).toEqual(reference('full'));
  }, 120_000);

  it('--registry writes what the ids join to, once; --compact and --full together are a usage error', () => {
    const file = join(dir, 'registry.json');
    const r = run(
      join(dir, 'export'),
      '--as-of',
      '2026-11-20',
      '--registry',
      file,
      '--shards',
      '4',
      '--shard',
      '0',
    );
    expect(r.status, r.stderr).toBe(0);
    const reg = JSON.parse(readFileSync(file, 'utf8')) as {
      format: number;
      rules: Array<{ id: string; text: string }>;
      scores: Array<{ id: string }>;
    };
    expect(reg.format).toBe(2);
    const rec = JSON.parse(lines(r.stdout)[0]!) as {
      rules: { applies: string[] };
      scores: Record<string, unknown>;
    };
    expect(reg.scores.map((s) => s.id)).toEqual(
      expect.arrayContaining(
        Object.keys(rec.scores).filter((k) => !['harrington', 'escc', 'noms'].includes(k)),
      ),
    );
    expect(reg.rules.every((x) => x.text.length > 0)).toBe(true);
    expect(run(join(dir, 'export'), '--compact', '--full').status).toBe(2);
  }, 60_000);

  it('an export with the types a hospital export carries beside (claims, encounters, notes…) gives the same bytes: they are skipped unparsed', () => {
    const plain = join(dir, 'plain');
    const mixed = join(dir, 'mixed');
    writeBulkExport(plain, 8, '2026-11-20', { observations: 60, referralEvery: 4 });
    writeBulkExport(mixed, 8, '2026-11-20', { observations: 60, referralEvery: 4, mixed: true });
    const a = run(plain, '--as-of', '2026-11-20');
    const b = run(mixed, '--as-of', '2026-11-20', '--workers', '1');
    expect(b.status, b.stderr).toBe(0);
    expect(lines(b.stdout)).toHaveLength(8);
    expect(b.stdout).toBe(a.stdout);
  }, 60_000);

  it('two shards together are exactly one unsharded run', () => {
    const all = run(join(dir, 'export'), '--as-of', '2026-11-20');
    const s0 = run(join(dir, 'export'), '--as-of', '2026-11-20', '--shards', '2', '--shard', '0');
    const s1 = run(join(dir, 'export'), '--as-of', '2026-11-20', '--shards', '2', '--shard', '1');
    expect(lines(s0.stdout).length).toBeGreaterThan(0);
    expect(lines(s1.stdout).length).toBeGreaterThan(0);
    expect([...lines(s0.stdout), ...lines(s1.stdout)].sort()).toEqual(lines(all.stdout).sort());
    for (const l of lines(s1.stdout)) expect(shardOf(JSON.parse(l).patientId, 2)).toBe(1);
    expect(run(join(dir, 'export'), '--shards', '2').status).toBe(2);
  }, 120_000);

  it('the shard of a patient is stable (FNV-1a of the id), spread over the shards', () => {
    expect(shardOf('c0', 4)).toBe(shardOf('c0', 4));
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[shardOf(`patient-${i}`, 4)]!++;
    for (const c of counts) expect(c).toBeGreaterThan(800);
  });

  it('--table writes one CSV row per patient with scores, decision and missing inputs', () => {
    const csv = join(dir, 'table.csv');
    expect(run(join(dir, 'export'), '--as-of', '2026-11-20', '--table', csv).status).toBe(0);
    const [header, ...rows] = lines(readFileSync(csv, 'utf8'));
    expect(rows).toHaveLength(N);
    const cols = header!.split(',');
    for (const c of [
      'patient_id',
      'decision',
      'urgency',
      'top_approach',
      'tokuhashi_total',
      'tokuhashi_min',
      'tokuhashi_max',
      'tokuhashi_band',
      'sins_band',
      'escc_grade',
      'missing_inputs',
      'stale_inputs',
    ])
      expect(cols).toContain(c);
    expect(rows[0]!.startsWith('c0,2026-11-20,')).toBe(true);
  }, 60_000);

  it('--parquet writes the same table as Apache Parquet, readable by another library', async () => {
    const csv = join(dir, 'same.csv');
    const pq = join(dir, 'table.parquet');
    expect(
      run(join(dir, 'export'), '--as-of', '2026-11-20', '--table', csv, '--parquet', pq).status,
    ).toBe(0);
    const { parquetReadObjects } = await import('hyparquet');
    const buf = readFileSync(pq);
    const rows = (await parquetReadObjects({
      file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength),
    })) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(N);
    const [header, first] = lines(readFileSync(csv, 'utf8'));
    expect(Object.keys(rows[0]!)).toEqual(header!.split(','));
    expect(rows[0]!.patient_id).toBe('c0');
    expect(rows[0]!.decision).toBe(first!.split(',')[3]);
    expect(typeof rows[0]!.tokuhashi_min).toBe('number');
  }, 60_000);

  it('bad lines are reported by file and line, and the rest still comes out', () => {
    const bad = join(dir, 'bad');
    writeBulkExport(bad, 3, '2026-11-20', { observations: 40 });
    const fs = require('node:fs') as typeof import('node:fs');
    fs.appendFileSync(join(bad, 'Observation.ndjson'), '{not json\n{"foo":1}\n');
    const r = run(bad, '--as-of', '2026-11-20');
    expect(r.status).toBe(1);
    expect(lines(r.stdout)).toHaveLength(3);
    expect(r.stderr).toMatch(/Observation\.ndjson:\d+/);
  }, 60_000);
});

it('an export file that cannot be read: an error naming it, exit 2, and the started workers do not keep the process alive', () => {
  const bad = join(dir, 'unreadable');
  writeBulkExport(bad, 2, '2026-11-20', { observations: 10 });
  require('node:fs').mkdirSync(join(bad, 'Zzz.ndjson'));
  const r = run(bad, '--as-of', '2026-11-20');
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('Zzz.ndjson: EISDIR');
  expect(r.stdout).toBe('');
}, 60_000);

describe('safety-net worklist', () => {
  it('lists patients with spinal metastases whose spine can be unstable or cord compressed or whose decision is urgent, without a referral on record', () => {
    const r = run(join(dir, 'export'), '--as-of', '2026-11-20', '--worklist');
    expect(r.status).toBe(0);
    const entries = lines(r.stdout).map(
      (l) => JSON.parse(l) as { patientId: string; reasons: string[]; dataDate: string | null },
    );
    const listed = new Set(entries.map((e) => e.patientId));
    // Every 4th generated patient has an active spine referral on record: never listed.
    for (let i = 0; i < N; i += 4) expect(listed.has(`c${i}`)).toBe(false);
    for (const e of entries) {
      expect(e.reasons.length).toBeGreaterThan(0);
      expect(e.reasons.every((x) => /SINS|ESCC|urgent|emergency/.test(x))).toBe(true);
    }
    // The same list as the core decides, patient by patient.
    for (let i = 1; i < N; i++) {
      if (i % 4 === 0) continue;
      const out = processPatient(`c${i}`, cohortPatient(i, '2026-11-20', 120) as Resource[], {
        asOf: '2026-11-20',
        mode: 'worklist',
        record: 'compact',
        table: false,
      });
      expect(listed.has(`c${i}`), `c${i}`).toBe(out.stdout !== '');
    }
  }, 120_000);
});
