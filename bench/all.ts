/**
 * npm run bench: every bench script in turn, each in its own process (no shared warm-up or heap).
 * Extra arguments go to each script: npm run bench -- --runs 3
 */
import { spawnSync } from 'node:child_process';

const scripts = [
  ['assessment core', 'bench/assess-bench.ts'],
  ['batch path end to end (#14)', 'bench/batch-bench.ts'],
  ['embedded FHIR server and sandbox start-up (#3)', 'bench/fhir-bench.ts'],
  ['CDS Hooks service (#4)', 'bench/cds-bench.ts'],
  ['SMART app (#5)', 'bench/app-bench.ts'],
] as const;
const only = process.env.BENCH_ONLY?.split(',');
let failed = 0;
for (const [title, file] of scripts) {
  if (only && !only.some((o) => file.includes(o))) continue;
  console.log(
    `\n=== ${title}: ${file} ${'='.repeat(Math.max(0, 60 - title.length - file.length))}`,
  );
  const r = spawnSync(process.execPath, ['--import', 'tsx', file, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    failed++;
    console.error(`${file} failed (${r.status ?? r.signal})`);
  }
}
process.exit(failed ? 1 : 0);
