/**
 * Embedded FHIR server (issue #3): search latency for a patient with 5,000 Observations over HTTP
 * on loopback with a SMART token (median and p99 of sequential requests), the same searches on
 * Medplum's plain memory repository for the ratio the search index buys, and the sandbox
 * start-up time (`npm start` after the build: process start to "ready", median of runs).
 *   npm run bench:fhir [-- --observations 5000 --reps 200 --runs 5]
 */
import { parseSearchRequest } from '@medplum/core';
import { MemoryRepository } from '@medplum/fhir-router';
import { CORE_QUERIES } from '../src/facts/queries.js';
import { cohortPatient } from '../src/synthetic/cohort.js';
import { LOINC, SYSTEMS } from '../src/terminology/systems.js';
import { seedGenerated } from '../sandbox/fhir/seed.js';
import {
  fmt,
  freePort,
  median,
  opt,
  percentile,
  startSandboxProcess,
  stopChild,
  table,
  testSandbox,
} from './lib.js';

const args = process.argv.slice(2);
const observations = Number(opt(args, 'observations', '5000'));
const reps = Number(opt(args, 'reps', '200'));
const runs = Number(opt(args, 'runs', '5'));

// --- start-up -----------------------------------------------------------------------------
const startup: Array<Record<string, string | number>> = [];
for (const [label, extra] of [
  ['13 scenario patients', {}],
  [
    `+ 1 generated patient with ${observations} Observations`,
    { SANDBOX_GENERATE: '1', SANDBOX_OBSERVATIONS: String(observations) },
  ],
] as const) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const port = await freePort();
    const t0 = performance.now();
    const child = await startSandboxProcess(port, extra);
    const ms = performance.now() - t0;
    // Ready means answering: the first FHIR request must succeed (401 without a token is an
    // answer).
    const res = await fetch(`http://127.0.0.1:${port}/fhir/R4/metadata`);
    if (res.status !== 200) throw new Error(`sandbox not answering: ${res.status}`);
    times.push(ms);
    await stopChild(child);
  }
  startup.push({
    sandbox: label,
    'median s': fmt(median(times) / 1000, 2),
    'min s': fmt(Math.min(...times) / 1000, 2),
    'max s': fmt(Math.max(...times) / 1000, 2),
    runs,
  });
}

// --- search latency -----------------------------------------------------------------------
const sandbox = await testSandbox({
  generatePatients: 1,
  generateObservations: observations,
  accessTokenSeconds: 3600,
});
const token = (
  await sandbox.auth.mintToken('sandbox-ehr', 'patient/*.rs', {
    patient: 'c0',
    user: 'Practitioner/sandbox-surgeon',
  })
).access_token;
const count = (await (
  await fetch(`${sandbox.fhirBase}/Observation?patient=c0&_summary=count`, {
    headers: { authorization: `Bearer ${token}` },
  })
).json()) as { total: number };

const core = Object.fromEntries(
  CORE_QUERIES.map((q) => [q.key, q.template.replace('{{context.patientId}}', 'c0')]),
);
const searches: Array<[string, string]> = [
  ['core: clinical observations (17 codes, newest 200)', core.clinicalObservations!],
  ['core: clinician inputs (code system, newest 200)', core.clinicianInputs!],
  ['core: conditions', core.conditions!],
  [
    'one code, all dates, newest first',
    `Observation?patient=c0&code=${SYSTEMS.loinc}|${LOINC.ecog}&_sort=-date`,
  ],
  [
    'date range, newest first, 50 per page',
    `Observation?patient=c0&date=ge2025-01-01&_sort=-date&_count=50`,
  ],
  ['all Observations, newest first, page 1 of 50', `Observation?patient=c0&_sort=-date&_count=50`],
  [
    'all Observations, page 60 of 50 (offset 2950)',
    `Observation?patient=c0&_sort=-date&_count=50&_offset=2950`,
  ],
  [
    'category survey',
    'Observation?patient=c0&_count=100&category=' +
      'http://terminology.hl7.org/CodeSystem/observation-category|survey',
  ],
];
const latency: Array<Record<string, string | number>> = [];
for (const [label, url] of searches) {
  const times: number[] = [];
  let entries = 0;
  for (let i = 0; i < reps + 10; i++) {
    const t0 = performance.now();
    const res = await fetch(`${sandbox.fhirBase}/${url}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const b = (await res.json()) as { entry?: unknown[] };
    if (res.status !== 200) throw new Error(`${label}: HTTP ${res.status}`);
    if (i >= 10) times.push(performance.now() - t0);
    entries = b.entry?.length ?? 0;
  }
  latency.push({
    search: label,
    entries,
    'median ms': fmt(median(times), 2),
    'p99 ms': fmt(percentile(times, 99), 2),
  });
}
// Every page of the whole history, following next links, as a client reading it all would.
{
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    let url: string | undefined =
      `${sandbox.fhirBase}/Observation?patient=c0&_sort=-date&_count=1000`;
    let n = 0;
    while (url) {
      const b = (await (
        await fetch(url, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as { entry?: unknown[]; link?: Array<{ relation: string; url: string }> };
      n += b.entry?.length ?? 0;
      url = b.link?.find((l) => l.relation === 'next')?.url;
    }
    times.push(performance.now() - t0);
    if (n !== count.total) throw new Error(`paging returned ${n} of ${count.total}`);
  }
  latency.push({
    search: `whole history, ${count.total} Observations in pages of 1000`,
    entries: count.total,
    'median ms': fmt(median(times), 1),
    'p99 ms': fmt(percentile(times, 99), 1),
  });
}
await sandbox.close();

// --- what the index buys: same searches, repository level, indexed vs Medplum memory -------
const { IndexedRepository } = await import('../sandbox/fhir/indexed-repository.js');
// Every search computed (no kept matches): what a first request costs; and as the sandbox runs,
// where a next page is a slice of the matches its first page kept.
const indexed = new IndexedRepository(0);
const keeping = new IndexedRepository();
const plain = new MemoryRepository();
const asOf = new Date().toISOString().slice(0, 10);
const resources = cohortPatient(0, asOf, observations);
await seedGenerated(indexed, 1, observations, asOf);
await seedGenerated(keeping, 1, observations, asOf);
for (const r of resources) await plain.createResource(r as never);
const ratio: Array<Record<string, string | number>> = [];
for (const [label, url] of [searches[0]!, searches[3]!, searches[5]!]) {
  const req = parseSearchRequest(url);
  const time = async (repo: MemoryRepository, n: number) => {
    const t: number[] = [];
    for (let i = 0; i < n + 1; i++) {
      const t0 = performance.now();
      await repo.search(req);
      if (i > 0) t.push(performance.now() - t0);
    }
    return median(t);
  };
  const a = await time(indexed, 50);
  const kept = await time(keeping, 50);
  const b = await time(plain, 3); // seconds each: a few runs suffice
  ratio.push({
    search: label,
    'indexed ms': fmt(a, 2),
    'kept, next page ms': fmt(kept, 2),
    'Medplum memory ms': fmt(b, 1),
    'speed-up': `${fmt(b / a, 0)}×`,
  });
}

console.log(`\nSandbox start-up (process start to "ready", after npm run build), ${runs} runs:`);
console.log(table(startup));
console.log(
  `\nEmbedded FHIR search over HTTP with a SMART token, patient c0 with ${count.total} ` +
    `Observations, ${reps} sequential requests each (after the first, a search's ordered ` +
    `matches are kept, so each request costs its page; the repository table below has the ` +
    `search computed):`,
);
console.log(table(latency));
console.log(
  `\nRepository level, same patient: search index vs Medplum's MemoryRepository scan (medians):`,
);
console.log(table(ratio));
process.exit(0);
