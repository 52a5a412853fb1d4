/**
 * CDS Hooks referral service under load, on loopback (issue #4):
 *  - with full prefetch: throughput and p50/p99 at 32 connections (targets ≥ 2,000 req/s, p99 ≤ 20
 *    ms);
 *  - without prefetch: the service fetches from the embedded FHIR server with the token; its p99 at
 *    one connection is compared with the slowest of its FHIR queries alone (target: + ≤ 15 ms),
 *    and the 32-connection figures are reported too.
 * The service runs as `npm run cds` would, in its own process on the embedded PGlite store (or as
 * workers on PostgreSQL); every request carries a fresh ES384 or RS384 JWT (pre-signed, so signing
 * is not measured), so the service verifies a signature and claims its jti on every call, as in
 * production.
 *   npm run bench:cds [-- --seconds 10 --runs 3 --patient s07,c0 --modes prefetch,fetch --jwt
 *   ES384,RS384 --charts new,same --workers 1,2]
 * --workers N > 1 runs CDS_WORKERS=N on PostgreSQL from BENCH_DATABASE_URL (or TEST_DATABASE_URL).
 * CDS_NODE_ARGS='--cpu-prof --cpu-prof-dir=prof' profiles the service process.
 */
import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { SignJWT } from 'jose';
import { discoveryEntry, REFERRAL_SERVICE_ID, serviceById } from '../cds-hooks/services.js';
import { jwks, newSigningKey } from '../sandbox/auth/keys.js';
import { SPINE_REFERRAL_CODING } from '../sandbox/ehr/ehr-api.js';
import {
  fmt,
  freePort,
  median,
  opt,
  percentile,
  startChild,
  stopChild,
  table,
  testSandbox,
} from './lib.js';

const args = process.argv.slice(2);
const seconds = Number(opt(args, 'seconds', '10'));
const runs = Number(opt(args, 'runs', '3'));
const patients = opt(args, 'patient', 's07,c0').split(',');
const modes = opt(args, 'modes', 'prefetch,fetch').split(',');
const algs = opt(args, 'jwt', 'ES384,RS384').split(',') as Array<'ES384' | 'RS384'>;
const charts = opt(args, 'charts', 'new,same').split(',');
// 1 = one process on the embedded PGlite (the default deployment); N > 1 = CDS_WORKERS=N on
// PostgreSQL
// (BENCH_DATABASE_URL or TEST_DATABASE_URL), where every request also claims its jti in the
// database.
const workerCounts = opt(args, 'workers', '1').split(',').map(Number);
const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const CONNECTIONS = 32;

const sandbox = await testSandbox({
  generatePatients: 1,
  generateObservations: 5000,
  accessTokenSeconds: 3600,
});
const fhirBase = sandbox.fhirBase;

// The bench is the EHR: its own keys (the two algorithms CDS Hooks requires services to accept),
// JWKS on loopback.
const keys = { ES384: await newSigningKey('ES384'), RS384: await newSigningKey('RS384') };
type Alg = keyof typeof keys;
const jwksPort = await freePort();
const jwksServer = createServer((_req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(jwks(keys.ES384, keys.RS384)));
});
await new Promise<void>((r) => jwksServer.listen(jwksPort, '127.0.0.1', r));
const ISS = 'https://bench-ehr.example.org';

const cdsPort = await freePort();
const publicBaseUrl = `http://127.0.0.1:${cdsPort}`;
const dir = mkdtempSync(join(tmpdir(), 'cds-bench-'));
writeFileSync(
  join(dir, 'config.json'),
  JSON.stringify({
    publicBaseUrl,
    trustedIssuers: [
      {
        iss: ISS,
        jwksUrls: [`http://127.0.0.1:${jwksPort}/jwks.json`],
        algorithms: ['ES384', 'RS384'],
        fhirServers: [fhirBase],
      },
    ],
    extraReferralCodes: [SPINE_REFERRAL_CODING],
    allowHttpFhir: true,
  }),
);
let cds: ChildProcess | undefined;
/** Starts the service as `npm run cds` would, on the same port each time (the JWT audience). */
async function startService(workers: number): Promise<string> {
  const db: Record<string, string> =
    workers > 1
      ? { CDS_DATABASE_URL: pgUrl!, CDS_WORKERS: String(workers) }
      : { CDS_DATA_DIR: join(dir, `db-${Date.now()}`) };
  cds = await startChild(
    'cds-hooks/server.ts',
    { CDS_CONFIG: join(dir, 'config.json'), CDS_PORT: String(cdsPort), CDS_LOG: 'quiet', ...db },
    /CDS Hooks service on/,
    60_000,
    process.env.CDS_NODE_ARGS?.split(' ').filter(Boolean),
  );
  return workers > 1 ? `${workers} workers, PostgreSQL` : '1 process, PGlite';
}
const serviceUrl = `${publicBaseUrl}/cds-services/${REFERRAL_SERVICE_ID}`;
/** The referral service's prefetch templates, as discovery advertises them. */
const PREFETCH = discoveryEntry(serviceById(REFERRAL_SERVICE_ID)!).prefetch;

async function sign(n: number, alg: Alg): Promise<string[]> {
  const key = keys[alg];
  const now = Math.floor(Date.now() / 1000);
  const one = () =>
    new SignJWT({})
      .setProtectedHeader({
        alg,
        kid: key.kid,
        typ: 'JWT',
        jku: `http://127.0.0.1:${jwksPort}/jwks.json`,
      })
      .setIssuer(ISS)
      .setAudience(serviceUrl)
      .setIssuedAt(now)
      .setExpirationTime(now + 3000)
      .setJti(randomUUID())
      .sign(key.privateKey);
  const out: string[] = [];
  // In batches: WebCrypto signs on libuv's thread pool, so both cores work.
  while (out.length < n)
    out.push(...(await Promise.all(Array.from({ length: Math.min(64, n - out.length) }, one))));
  return out;
}

async function fhirToken(patient: string): Promise<string> {
  return (
    await sandbox.auth.mintToken('sandbox-ehr', 'patient/*.rs', {
      patient,
      user: 'Practitioner/sandbox-surgeon',
    })
  ).access_token;
}

async function prefetchFor(patient: string, token: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [k, template] of Object.entries(PREFETCH)) {
    const res = await fetch(`${fhirBase}/${template.replace('{{context.patientId}}', patient)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    out[k] = await res.json();
  }
  return out;
}

function body(patient: string, extra: Record<string, unknown>): string {
  const draft = {
    resourceType: 'ServiceRequest',
    id: 'draft-1',
    status: 'draft',
    intent: 'order',
    priority: 'routine',
    code: { coding: [SPINE_REFERRAL_CODING] },
    subject: { reference: `Patient/${patient}` },
  };
  return JSON.stringify({
    hook: 'order-select',
    hookInstance: randomUUID(),
    context: {
      userId: 'Practitioner/sandbox-surgeon',
      patientId: patient,
      selections: ['ServiceRequest/draft-1'],
      draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: draft }] },
    },
    ...extra,
  });
}

interface Run {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  cards: number;
  cpuMs: number;
  clientCpuMs: number;
}

/** CPU time (user + system) a process and its workers have used so far, from /proc (Linux). */
function cpuMsOf(pid: number): number {
  const procs = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        const fields = readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ');
        return [
          {
            pid: Number(d),
            ppid: Number(fields[1]),
            ms: ((Number(fields[11]) + Number(fields[12])) * 1000) / 100,
          },
        ]; // utime, stime in USER_HZ (100)
      } catch {
        return []; // gone meanwhile
      }
    });
  const tree = new Set([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of procs)
      if (!tree.has(p.pid) && tree.has(p.ppid)) {
        tree.add(p.pid);
        grew = true;
      }
  }
  return procs.filter((p) => tree.has(p.pid)).reduce((sum, p) => sum + p.ms, 0);
}

/** Fastest rate seen so far per kind of load, to size the next token pool. */
const expectedRate = new Map<string, number>();
/** `payload` is one body for every request, or a body per request number (distinct charts). */
async function load(
  payload: string | ((n: number) => string),
  connections: number,
  duration: number,
  alg: Alg,
  maxRequests?: number,
): Promise<Run> {
  // One fresh JWT per request, signed beforehand: 1.5 × the fastest rate seen for this load, at
  // least 5,000/s. Were it to run out, reused tokens would be refused as replays and show as
  // non-2xx.
  const kind = `${typeof payload}-${alg}-${connections}`;
  const tokens = await sign(
    maxRequests ?? Math.ceil(Math.max((expectedRate.get(kind) ?? 0) * 1.5, 5_000) * duration) + 500,
    alg,
  );
  let next = 0;
  let cards = -1;
  const first = typeof payload === 'string' ? payload : payload(0);
  const cpu0 = cpuMsOf(cds!.pid!);
  const client0 = process.cpuUsage();
  const result = await autocannon({
    url: serviceUrl,
    connections,
    duration,
    ...(maxRequests ? { amount: maxRequests } : {}),
    requests: [
      {
        method: 'POST',
        body: first,
        setupRequest: (req) => {
          const n = next++;
          return {
            ...req,
            ...(typeof payload === 'string' ? {} : { body: payload(n) }),
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${tokens[n % tokens.length]}`,
            },
          };
        },
        onResponse: (status, resBody) => {
          if (cards < 0 && status === 200)
            cards = (JSON.parse(resBody) as { cards: unknown[] }).cards.length;
        },
      },
    ],
  });
  const client = process.cpuUsage(client0);
  const cpuMs = (cpuMsOf(cds!.pid!) - cpu0) / Math.max(1, result.requests.total);
  const clientCpuMs = (client.user + client.system) / 1000 / Math.max(1, result.requests.total);
  if (!maxRequests)
    expectedRate.set(kind, Math.max(expectedRate.get(kind) ?? 0, result.requests.average));
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    cards,
    cpuMs,
    clientCpuMs,
  };
}

/** Sequential timing of each FHIR query the service makes, alone. */
async function fhirQueries(patient: string, token: string, reps: number) {
  const rows: Array<{ key: string; p50: number; p99: number }> = [];
  for (const [k, template] of Object.entries(PREFETCH)) {
    const url = `${fhirBase}/${template.replace('{{context.patientId}}', patient)}`;
    const times: number[] = [];
    for (let i = 0; i < reps + 5; i++) {
      const t0 = performance.now();
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      if (i >= 5) times.push(performance.now() - t0);
    }
    rows.push({ key: k, p50: median(times), p99: percentile(times, 99) });
  }
  // All of them at once, as the service sends them: the time until the last one returns. The
  // embedded FHIR server is one Node thread, so parallel queries queue behind each other there.
  const batch: number[] = [];
  for (let i = 0; i < reps + 5; i++) {
    const t0 = performance.now();
    await Promise.all(
      Object.values(PREFETCH).map(async (template) =>
        (
          await fetch(`${fhirBase}/${template.replace('{{context.patientId}}', patient)}`, {
            headers: { authorization: `Bearer ${token}` },
          })
        ).arrayBuffer(),
      ),
    );
    if (i >= 5) batch.push(performance.now() - t0);
  }
  rows.push({
    key: 'all 8 in parallel (until the last returns)',
    p50: median(batch),
    p99: percentile(batch, 99),
  });
  return rows;
}

const summary: Array<Record<string, string | number>> = [];
const medianRun = (rs: Run[]) => ({
  rps: median(rs.map((r) => r.rps)),
  p50: median(rs.map((r) => r.p50)),
  p99: median(rs.map((r) => r.p99)),
  non2xx: rs.reduce((s, r) => s + r.non2xx, 0),
  errors: rs.reduce((s, r) => s + r.errors, 0),
  cards: rs[0]!.cards,
  cpu: median(rs.map((r) => r.cpuMs)),
  client: median(rs.map((r) => r.clientCpuMs)),
});

try {
  for (const patient of patients) {
    const token = await fhirToken(patient);
    const prefetch = await prefetchFor(patient, token);
    const withPrefetch = body(patient, { prefetch });
    // A different chart on every request (Patient.meta.versionId changes): no assessment is reused.
    const [head, tail] = body(patient, {
      prefetch: {
        ...prefetch,
        patient: { ...(prefetch.patient as object), meta: { versionId: '@@V@@' } },
      },
    }).split('@@V@@') as [string, string];
    const distinctCharts = (n: number) =>
      `${head}${n}-${Math.random().toString(36).slice(2)}${tail}`;
    const withoutPrefetch = body(patient, {
      fhirServer: fhirBase,
      fhirAuthorization: {
        access_token: token,
        token_type: 'Bearer',
        expires_in: 3600,
        scope: 'patient/*.rs',
        subject: 'spinescore-cds-service',
        patient,
      },
    });
    for (const [nth, workers] of workerCounts.entries()) {
      if (workers > 1 && !pgUrl) {
        console.error(
          `[bench:cds] ${workers} workers need PostgreSQL: set BENCH_DATABASE_URL; skipped`,
        );
        continue;
      }
      const service = await startService(workers);
      console.error(
        `[bench:cds] ${patient}, ${service}: prefetch body ` +
          `${(withPrefetch.length / 1024).toFixed(0)} KiB; warming up`,
      );
      await load(withPrefetch, CONNECTIONS, 2, 'ES384');
      await load(withoutPrefetch, 4, 2, 'ES384');
      const row = (
        mode: string,
        alg: Alg,
        connections: number,
        m: ReturnType<typeof medianRun>,
        target: string,
      ) => ({
        // One connection, a fixed 300 requests: a latency measurement; autocannon's per-second rate
        // means little there.
        patient,
        service,
        mode,
        JWT: alg,
        connections,
        'req/s': connections === 1 ? '-' : fmt(m.rps, 0),
        'p50 ms': m.p50,
        'p99 ms': m.p99,
        'service CPU ms/req': fmt(m.cpu, 2),
        'client CPU ms/req': fmt(m.client, 2),
        'non-2xx': m.non2xx,
        errors: m.errors,
        cards: m.cards,
        target,
      });

      for (const alg of modes.includes('prefetch') ? algs : []) {
        if (charts.includes('new')) {
          const distinct: Run[] = [];
          for (let i = 0; i < runs; i++)
            distinct.push(await load(distinctCharts, CONNECTIONS, seconds, alg));
          summary.push(
            row(
              'prefetch, a new chart each call',
              alg,
              CONNECTIONS,
              medianRun(distinct),
              'req/s ≥ 2000, p99 ≤ 20 ms',
            ),
          );
        }
        if (charts.includes('same')) {
          const same: Run[] = [];
          for (let i = 0; i < runs; i++)
            same.push(await load(withPrefetch, CONNECTIONS, seconds, alg));
          summary.push(
            row(
              'prefetch, same chart (select → sign)',
              alg,
              CONNECTIONS,
              medianRun(same),
              'req/s ≥ 2000, p99 ≤ 20 ms',
            ),
          );
        }
      }

      if (nth > 0 || !modes.includes('fetch')) {
        await stopChild(cds!);
        continue;
      }
      const queries = await fhirQueries(patient, token, 200);
      const alone = queries.slice(0, -1);
      const slowest = alone.reduce((a, b) => (b.p99 > a.p99 ? b : a));
      const together = queries.at(-1)!;
      const seq: Run[] = [];
      for (let i = 0; i < runs; i++)
        seq.push(await load(withoutPrefetch, 1, seconds, 'ES384', 300));
      summary.push(
        row(
          'no prefetch',
          'ES384',
          1,
          medianRun(seq),
          `p99 ≤ ${fmt(together.p99)} + 15 ms (its queries in parallel; slowest alone: ` +
            `${slowest.key} ${fmt(slowest.p99)})`,
        ),
      );
      const par: Run[] = [];
      for (let i = 0; i < runs; i++)
        par.push(await load(withoutPrefetch, CONNECTIONS, seconds, 'ES384'));
      summary.push(
        row(
          'no prefetch',
          'ES384',
          CONNECTIONS,
          medianRun(par),
          '(the FHIR server shares the 2 cores)',
        ),
      );
      console.log(
        `\nFHIR queries of the service for ${patient}, 200 sequential requests each (ms):`,
      );
      console.log(
        table(queries.map((q) => ({ query: q.key, p50: fmt(q.p50, 2), p99: fmt(q.p99, 2) }))),
      );
      await stopChild(cds!);
    }
  }
  console.log(
    `\nCDS referral hook, ${runs} runs of ${seconds} s each, medians of runs ` +
      `(autocannon, loopback, 2 cores shared by client, service and FHIR server):`,
  );
  console.log(table(summary));
} finally {
  if (cds) await stopChild(cds);
  jwksServer.close();
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
