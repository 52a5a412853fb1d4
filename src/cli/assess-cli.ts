/**
 * npm run assess -- <bundle.json | export.ndjson | folder> [options]   (docs/assess-cli.md)
 *   --as-of YYYY-MM-DD     assessment date (staleness); default now
 *   --pretty | --text indented JSON, or the decision for a reader (≤ 25 lines; --verbose: every
 *   rule)
 *   --compact | --full the JSON record: compact ids and values (`"format": 2`, the default for
 *   NDJSON
 *                          exports) or the complete record with provenance and rule texts (the
 *                          default for Bundles)
 *   --registry out.json also write what the compact record's ids join to (rules, inputs, scores,
 *   papers)
 *   --worklist             only patients on the safety-net worklist, with the reason and data date
 *   --table out.csv        also one flat row per patient (scores, decision, missing inputs)
 *   --parquet out.parquet  the same table as Apache Parquet
 *   --shards N --shard i   only the patients of shard i (0-based) of N: N jobs together = one run
 *   --workers N            worker threads (default: all cores)
 *   --lenient input it cannot read as given (not UTF-8, empty, a conflicting duplicate,
 *                          a reference to another server) is a warning, not an error: left out,
 *                          exit 0
 *   --fhir <base> --client-id <id> --key <private.jwk.json> [--group <id>] [--since <instant>]
 *   [--export-dir <dir>]
 *          [--type T1,T2] run a Bulk Data $export first (SMART Backend Services), then assess it;
 *          the
 *                          types are negotiated with the server (--type narrows them by hand)
 * Each file is recognised by its content (a JSON document or NDJSON), not its name. NDJSON exports
 * are indexed and read patient by patient on worker threads, in bounded memory;
 * Bundle files are read whole. Results come out in patient-id order. Errors go to stderr as JSON
 * naming the resource; the other patients still come out. Exit 0 when clean, 1 when any input was
 * refused, 2 on a usage error.
 */
import {
  createWriteStream,
  existsSync,
  readFileSync,
  writeFileSync,
  type WriteStream,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { WorkerPool } from './batch-run.js';
import { indexExport, type ExportIndex } from './export-index.js';
import { sniffInput } from './input-kind.js';
import { inputFiles, unreadable, type InputError } from './read-input.js';
import type { OutputMode, PatientOutput, RecordKind } from './process-patient.js';
import type { ParquetTable } from './parquet-table.js';
import { EXPORT_TYPES } from './bulk-negotiate.js';
import { shardOf } from './shard.js';
import { csvLine } from './table-row.js';
// The clinical core, the Bulk client and the Parquet writer are loaded only on the paths that use
// them: on an export the main thread only indexes and writes, and the workers start sooner.

function usage(msg: string): never {
  process.stderr.write(
    `${msg}\nusage: npm run assess -- <bundle.json | file.ndjson | folder> [--as-of ` +
      `YYYY-MM-DD] [--pretty | --text [--verbose] | --worklist] [--compact | --full] ` +
      `[--registry out.json] [--table out.csv] [--parquet out.parquet] [--shards N --shard ` +
      `i] [--workers N] [--lenient]\n`,
  );
  process.exit(2);
}

interface Options {
  asOf?: string;
  mode: OutputMode;
  record?: RecordKind;
  registry?: string;
  table?: string;
  parquet?: string;
  shards: number;
  shard: number;
  workers?: number;
  path: string;
  lenient?: boolean;
  bulk?: {
    fhir: string;
    clientId: string;
    key: string;
    group?: string;
    since?: string;
    exportDir?: string;
    types?: string[];
  };
}

function parseArgs(argv: string[]): Options {
  const args = [...argv];
  const o: Partial<Options> & { mode: OutputMode; shards: number; shard: number } = {
    mode: 'json',
    shards: 1,
    shard: 0,
  };
  const paths: string[] = [];
  const int = (name: string, v: string | undefined, min: number) => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < min)
      usage(`${name} needs a whole number ≥ ${min}`);
    return n;
  };
  const fileArg = (flag: string): string => {
    const v = args.shift();
    if (!v) usage(`${flag} needs a file name`);
    return v;
  };
  let shardGiven = false;
  const bulk: Record<string, string> = {};
  while (args.length) {
    const a = args.shift()!;
    if (a === '--as-of') {
      const asOf = args.shift();
      if (!asOf || Number.isNaN(Date.parse(asOf))) usage('--as-of needs a date (YYYY-MM-DD)');
      o.asOf = asOf;
    } else if (a === '--pretty') o.mode = 'pretty';
    else if (a === '--text') o.mode = o.mode === 'text-verbose' ? o.mode : 'text';
    else if (a === '--verbose') o.mode = 'text-verbose';
    else if (a === '--worklist') o.mode = 'worklist';
    else if (a === '--compact' || a === '--full') {
      if (o.record && o.record !== a.slice(2)) usage('give either --compact or --full');
      o.record = a.slice(2) as RecordKind;
    } else if (a === '--registry') o.registry = fileArg('--registry');
    else if (a === '--table') o.table = fileArg('--table');
    else if (a === '--parquet') o.parquet = fileArg('--parquet');
    else if (a === '--shards') o.shards = int('--shards', args.shift(), 1);
    else if (a === '--shard') {
      o.shard = int('--shard', args.shift(), 0);
      shardGiven = true;
    } else if (a === '--workers') o.workers = int('--workers', args.shift(), 1);
    else if (a === '--lenient') o.lenient = true;
    else if (
      ['--fhir', '--client-id', '--key', '--group', '--since', '--export-dir', '--type'].includes(a)
    ) {
      const v = args.shift();
      if (!v) usage(`${a} needs a value`);
      bulk[a.slice(2)] = v;
    } else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else paths.push(a);
  }
  if (o.shard >= o.shards || (o.shards > 1 && !shardGiven))
    usage('--shards N needs --shard i with 0 ≤ i < N');
  if (bulk.fhir) {
    if (paths.length) usage('give either an input path or --fhir, not both');
    if (!bulk['client-id'] || !bulk.key)
      usage('--fhir needs --client-id and --key (the private JWK registered with the EHR)');
    if (bulk.since && Number.isNaN(Date.parse(bulk.since)))
      usage('--since needs an instant (e.g. 2026-11-01T00:00:00Z)');
    const types = bulk.type
      ?.split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    if (types) {
      const unknown = types.filter((t) => !EXPORT_TYPES.includes(t));
      if (unknown.length || !types.length)
        usage(
          `--type takes resource types the assessment reads, comma-separated ` +
            `(${EXPORT_TYPES.join(',')}); not: ${unknown.join(', ') || '(none given)'}`,
        );
    }
    const dir = bulk['export-dir'] ?? join(tmpdir(), `spinescore-export-${Date.now()}`);
    return {
      ...o,
      path: dir,
      bulk: {
        fhir: bulk.fhir,
        clientId: bulk['client-id'],
        key: bulk.key,
        exportDir: dir,
        ...(bulk.group ? { group: bulk.group } : {}),
        ...(bulk.since ? { since: bulk.since } : {}),
        ...(types ? { types } : {}),
      },
    } as Options;
  }
  if (Object.keys(bulk).length)
    usage('--client-id, --key, --group, --since, --type and --export-dir go with --fhir');
  if (paths.length !== 1) usage('give exactly one input path');
  if (!existsSync(paths[0]!)) usage(`no such file or folder: ${paths[0]}`);
  return { ...o, path: paths[0]! } as Options;
}

/** Writes to a stream, waiting when it is full (a pipe to a slow reader keeps memory bounded). */
/** Patient-id order (code units, not locale): the same order on every machine. */
const byPatientId = (a: { patientId: string }, b: { patientId: string }) =>
  a.patientId < b.patientId ? -1 : a.patientId > b.patientId ? 1 : 0;

function writer(stream: NodeJS.WritableStream) {
  return (text: string | Uint8Array) =>
    text.length && !stream.write(text)
      ? new Promise<void>((r) => stream.once('drain', () => r()))
      : undefined;
}

/**
 * On a terminal: patients done, rate, ETA, and the lines of types never read (skipped unparsed).
 */
function progressLine(skipped: number) {
  if (!process.stderr.isTTY) return undefined;
  const started = performance.now();
  let last = 0;
  return (done: number, total: number) => {
    const now = performance.now();
    if (now - last < 250 && done < total) return;
    last = now;
    const rate = done / ((now - started) / 1000);
    const eta = rate > 0 ? Math.round((total - done) / rate) : 0;
    const skip = skipped ? `, ${skipped} lines of unread types skipped` : '';
    process.stderr.write(
      `\r${done}/${total} patients, ${Math.round(rate)}/s, ETA ${eta} s${skip}   ` +
        `${done === total ? '\n' : ''}`,
    );
  };
}

async function main(argv: string[]): Promise<number> {
  const o = parseArgs(argv);
  // A reader that stops early (`| head`) ends the run quietly, as command-line tools do.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  if (o.bulk) {
    let jwk: JWK;
    try {
      jwk = JSON.parse(readFileSync(o.bulk.key, 'utf8')) as JWK;
    } catch {
      usage(`--key ${o.bulk.key} is not a readable JWK file`);
    }
    const { bulkExport, BulkError } = await import('./bulk-client.js');
    try {
      const r = await bulkExport({
        fhirBase: o.bulk.fhir,
        clientId: o.bulk.clientId,
        privateJwk: jwk,
        outDir: o.bulk.exportDir!,
        ...(o.bulk.group ? { group: o.bulk.group } : {}),
        ...(o.bulk.since ? { since: o.bulk.since } : {}),
        ...(o.bulk.types ? { types: o.bulk.types } : {}),
        log: (line) => process.stderr.write(`${JSON.stringify({ bulk: line })}\n`),
      });
      // What the assessment goes without, and what that costs (also said before the wait, in the
      // log).
      for (const k of r.skipped)
        process.stderr.write(
          `${JSON.stringify({ bulk: 'skipped', type: k.type, reason: k.reason, cost: k.cost })}\n`,
        );
      // For the next incremental run (--since).
      process.stderr.write(
        JSON.stringify({
          bulk: 'done',
          files: r.files.length,
          types: r.types,
          exportDir: o.bulk.exportDir,
          transactionTime: r.transactionTime,
        }) + '\n',
      );
    } catch (e) {
      const error =
        e instanceof BulkError ? e.message : `bulk export failed: ${(e as Error).message}`;
      process.stderr.write(JSON.stringify({ error }) + '\n');
      return 2;
    }
  }
  const files = inputFiles(o.path);
  const kinds = files.map((f) => {
    try {
      return sniffInput(f);
    } catch (e) {
      throw new Error(`${f}: ${(e as Error).message}`);
    }
  });
  /** An input error on stderr; one the CLI cannot read as given is a warning under --lenient. */
  const report = (e: InputError): boolean => {
    const warn = !!e.unreadable && !!o.lenient;
    process.stderr.write(
      JSON.stringify(
        warn ? { warning: e.message, where: e.where } : { error: e.message, where: e.where },
      ) + '\n',
    );
    return !warn;
  };
  const out = writer(process.stdout);
  const table: WriteStream | undefined = o.table ? createWriteStream(o.table) : undefined;
  const tableOut = table ? writer(table) : undefined;
  let header: string[] | undefined;
  let failed = false;
  const emit = async (p: PatientOutput) => {
    if (p.failed) failed = true;
    for (const line of p.stderr) process.stderr.write(`${line}\n`);
    if (parquet && p.row) parquet.add(p.row);
    if (tableOut && p.row) {
      if (!header) {
        header = Object.keys(p.row);
        await tableOut(`${csvLine(header)}\n`);
      }
      await tableOut(`${csvLine(header.map((k) => p.row![k] ?? null))}\n`);
    }
    await out(p.stdout);
  };
  const parquet: ParquetTable | undefined = o.parquet
    ? new (await import('./parquet-table.js')).ParquetTable()
    : undefined;
  const inShard = (id: string) => o.shards === 1 || shardOf(id, o.shards) === o.shard;
  // Recognised by content, not by name: a JSON document is a Bundle (or one resource), read whole.
  const bundles = files.length === 0 || kinds.some((k) => k.kind === 'json');
  // A population run (an export: NDJSON, or a Bulk Data run) is read as a table: compact by
  // default;
  // Bundles (one chart or a few) in full.
  const record: RecordKind =
    o.record ?? (o.bulk || kinds.some((k) => k.kind === 'ndjson') ? 'compact' : 'full');
  const opts = {
    mode: o.mode,
    record,
    table: !!o.table || !!o.parquet,
    ...(o.asOf ? { asOf: o.asOf } : {}),
  };
  if (o.registry)
    writeFileSync(
      o.registry,
      `${JSON.stringify((await import('./registry.js')).registry(), null, 2)}\n`,
    );

  if (bundles) {
    // Bundles (and a single resource) are read whole: they are one chart or a few.
    const { readInput } = await import('./read-input.js');
    const { processPatient } = await import('./process-patient.js');
    const input = await readInput(o.path);
    for (const e of input.errors) if (report(e)) failed = true;
    for (const g of [...input.patients].filter((p) => inShard(p.patientId)).sort(byPatientId)) {
      await emit(processPatient(g.patientId, g.resources, opts));
    }
  } else {
    // Empty files are named by the index; a file that is not JSON at all is named once here.
    const ndjson = files.filter((f, i) => {
      const k = kinds[i]!;
      if (
        k.kind === 'not-json' &&
        report({
          where: `${f}:${k.line}`,
          message: 'not valid JSON: neither a FHIR JSON document nor NDJSON',
        })
      )
        failed = true;
      return k.kind !== 'not-json';
    });
    // The workers load their code while this thread indexes the export.
    const pool = new WorkerPool(
      { files: ndjson, ...opts, ...(o.lenient ? { lenient: true } : {}) },
      o.workers,
    );
    let index: ExportIndex;
    try {
      index = indexExport(ndjson);
    } catch (e) {
      await pool.terminate();
      throw e;
    }
    for (const e of index.errors) if (report(e)) failed = true;
    if (
      index.patients.size === 0 &&
      index.errors.length === 0 &&
      report(unreadable(o.path, 'empty input: no patient in it'))
    )
      failed = true;
    const patients = [...index.patients.values()]
      .filter((p) => inShard(p.patientId))
      .sort(byPatientId);
    const progress = progressLine(index.skipped);
    await pool.run(index, patients, { emit, ...(progress ? { progress } : {}) });
  }
  if (table) await new Promise<void>((r) => table!.end(() => r()));
  if (parquet) parquet.write(o.parquet!);
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${JSON.stringify({ error: (e as Error).message })}\n`);
    process.exit(2);
  },
);
