/**
 * The batch path end to end, as a registry runs it: `npm run assess` on a bulk export (one NDJSON
 * file per type) of generated patients with ≈ 250 Observations each, output to a file.
 * Reports patients/s (median of the runs) and the peak resident memory of the whole process
 * (worker threads included, from /proc VmHWM), and beside each run the floor of this path on this
 * machine (bench/parse-floor.ts: index, read and JSON.parse only), and the run's share of it
 * (target
 * ≥ 0.70), with the output's bytes a patient (the compact record by default; `--full` for the
 * complete
 * one). `--mixed` generates the export with what a hospital or Synthea export carries beside the
 * clinical data (claims, encounters, notes…: src/synthetic/export-context.ts). Exports are
 * generated
 * once into .bench/.
 *   npm run bench:batch                      # 8,000 patients, 3 runs
 *   npm run bench:batch -- --sizes 2000 --mixed
 *   npm run bench:batch -- --sizes 8000,80000 --runs 1
 */
import { spawn } from 'node:child_process';
import {
  existsSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  openSync,
  closeSync,
  readdirSync,
} from 'node:fs';
import { join } from 'node:path';
import { writeBulkExport } from '../src/synthetic/bulk-export.js';
import { median, opt } from './lib.js';

const args = process.argv.slice(2);
const sizes = opt(args, 'sizes', '8000').split(',').map(Number);
const runs = Number(opt(args, 'runs', '3'));
const workers = opt(args, 'workers', '');
const mixed = args.includes('--mixed');
const full = args.includes('--full');
const root = join(import.meta.dirname, '..');

function exportFor(n: number): string {
  const dir = join(root, '.bench', `export-${mixed ? 'mixed-' : ''}${n}`);
  const done = join(dir, '.complete');
  if (!existsSync(done)) {
    rmSync(dir, { recursive: true, force: true });
    const t = performance.now();
    // Written in slices so generation itself stays in bounded memory.
    for (let first = 0; first < n; first += 1000)
      writeBulkExport(dir, Math.min(1000, n - first), '2026-11-20', {
        referralEvery: 5,
        first,
        append: first > 0,
        mixed,
      });
    writeFileSync(done, '');
    process.stderr.write(
      `generated ${n} patients in ${((performance.now() - t) / 1000).toFixed(1)} s\n`,
    );
  }
  return dir;
}

function peakOf(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * One run on the export, timed from spawn to exit: the CLI (its output to .bench/out-N.ndjson), or
 * with `floor` the parse floor, which writes nothing.
 */
async function once(
  dir: string,
  n: number,
  floor = false,
): Promise<{ seconds: number; peakRss: number; outBytes: number }> {
  const out = join(root, '.bench', `out-${n}.ndjson`);
  const fd = floor ? 'ignore' : openSync(out, 'w');
  const t = performance.now();
  const script = floor
    ? ['bench/parse-floor.ts', dir]
    : ['src/cli/assess-cli.ts', dir, '--as-of', '2026-11-20', ...(full ? ['--full'] : [])];
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, script[0]!),
      ...script.slice(1),
      ...(workers ? ['--workers', workers] : []),
    ],
    { stdio: ['ignore', fd, 'ignore'], cwd: root },
  );
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, peakOf(child.pid!));
  }, 50);
  const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  clearInterval(timer);
  if (typeof fd === 'number') closeSync(fd);
  const seconds = (performance.now() - t) / 1000;
  if (code !== 0) throw new Error(`${script[0]} exited ${code}`);
  return { seconds, peakRss: peak, outBytes: floor ? 0 : statSync(out).size };
}

const results = [];
for (const n of sizes) {
  const dir = exportFor(n);
  const bytes = readdirSync(dir)
    .filter((f) => f.endsWith('.ndjson'))
    .reduce((s, f) => s + statSync(join(dir, f)).size, 0);
  const rs = [];
  const floor = [];
  // Interleaved, so that the machine's drift touches both alike.
  for (let i = 0; i < runs; i++) {
    rs.push(await once(dir, n));
    floor.push(await once(dir, n, true));
  }
  const secs = median(rs.map((r) => r.seconds));
  const floorSecs = median(floor.map((r) => r.seconds));
  const e2e = n / secs;
  const floorRate = n / floorSecs;
  const outBytes = rs[0]!.outBytes;
  results.push({
    patients: n,
    export: mixed ? 'mixed types' : 'clinical types',
    exportMB: Math.round(bytes / 1e6),
    record: full ? 'full' : 'compact',
    runs,
    seconds: rs.map((r) => Number(r.seconds.toFixed(1))),
    medianPatientsPerSecond: Math.round(e2e),
    // Index + read + JSON.parse on the same workers, no assessment, no output: the ceiling of this
    // path here.
    floorSeconds: floor.map((r) => Number(r.seconds.toFixed(1))),
    floorPatientsPerSecond: Math.round(floorRate),
    endToEndShareOfFloor: Number((e2e / floorRate).toFixed(2)),
    peakRssMB: Math.round(Math.max(...rs.map((r) => r.peakRss)) / 1048576),
    outputMB: Number((outBytes / 1e6).toFixed(1)),
    outputBytesPerPatient: Math.round(outBytes / n),
  });
  process.stderr.write(
    `${n} patients (${mixed ? 'mixed types' : 'clinical types'}): end to end ` +
      `${Math.round(e2e)}/s, floor ${Math.round(floorRate)}/s, ratio ` +
      `${(e2e / floorRate).toFixed(2)} (target ≥ 0.70); ${Math.round(outBytes / n)} bytes ` +
      `a patient (≤ 4,096); peak RSS ` +
      `${Math.round(Math.max(...rs.map((r) => r.peakRss)) / 1048576)} MB\n`,
  );
}
console.log(
  JSON.stringify(
    { bench: 'batch assess end to end (files in, results out)', node: process.version, results },
    null,
    2,
  ),
);
