/**
 * Assessment throughput on a generated cohort (FHIR resources → facts → scores → recommendations).
 * Reports patients/second as the median of several runs, cost per patient at 1k and 10k patients
 * (linearity), and peak memory. Generation is excluded from the timed part.
 *   npm run bench:assess                 # 1,000 and 10,000 patients, 3 runs each
 *   npm run bench:assess -- --sizes 1000 --runs 5
 */
import { performance } from 'node:perf_hooks';
import { assessPatient } from '../src/assess/assess.js';
import { cohortPatient } from '../src/synthetic/cohort.js';
import { median, opt } from './lib.js';

const args = process.argv.slice(2);
const sizes = opt(args, 'sizes', '1000,10000').split(',').map(Number);
const runs = Number(opt(args, 'runs', '3'));
const asOf = '2026-11-20';

let peakRss = 0;
let peakHeap = 0;
const sample = () => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
};
const sampler = setInterval(sample, 50);

// Warm-up: JIT, UCUM tables.
for (let i = 0; i < 200; i++) assessPatient(cohortPatient(i, asOf), { asOf });

const results: Array<{
  patients: number;
  runs: number;
  medianPatientsPerSecond: number;
  medianMsPerPatient: number;
  observationsPerPatient: number;
}> = [];
for (const n of sizes) {
  const rates: number[] = [];
  let obsCount = 0;
  for (let run = 0; run < runs; run++) {
    let assessMs = 0;
    obsCount = 0;
    for (let i = 0; i < n; i++) {
      const resources = cohortPatient(i, asOf);
      obsCount += resources.filter((r) => r.resourceType === 'Observation').length;
      const t0 = performance.now();
      const a = assessPatient(resources, { asOf });
      assessMs += performance.now() - t0;
      if (a.patientId !== `c${i}`) throw new Error('wrong patient');
      if (i % 1000 === 0) sample();
    }
    rates.push(n / (assessMs / 1000));
  }
  const pps = median(rates);
  results.push({
    patients: n,
    runs,
    medianPatientsPerSecond: Math.round(pps),
    medianMsPerPatient: Number((1000 / pps).toFixed(3)),
    observationsPerPatient: Math.round(obsCount / n),
  });
}
clearInterval(sampler);
sample();

const [a, b] = [results[0], results.at(-1)];
console.log(
  JSON.stringify(
    {
      bench: 'assessment throughput',
      node: process.version,
      results,
      linearity:
        a && b && a !== b
          ? {
              msPerPatientRatio: Number((b.medianMsPerPatient / a.medianMsPerPatient).toFixed(2)),
              note: `ms/patient at ${b.patients} ÷ at ${a.patients}; 1.0 = linear total cost`,
            }
          : undefined,
      peakMemoryMB: {
        rss: Math.round(peakRss / 2 ** 20),
        heapUsed: Math.round(peakHeap / 2 ** 20),
      },
    },
    null,
    2,
  ),
);
