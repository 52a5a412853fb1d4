import { closeSync, openSync, readSync } from 'node:fs';
import type { Resource } from 'fhir/r4';
import type { InputError } from './read-input.js';
import { CONTEXT_TYPES, patientIdOf, patientKey } from './read-input.js';

/** NDJSON lines are resources on their own: no Bundle fullUrls to resolve. */
const NO_ALIASES: ReadonlyMap<string, string> = new Map();

/**
 * Where each patient's resources are in a bulk export (one NDJSON file per type), without holding
 * them: a first pass reads every line once, finds its patient from the bytes (a reference needle,
 * JSON.parse only when the line is shaped otherwise) and keeps byte ranges, merging consecutive
 * lines. Memory grows with the number of ranges (a few per patient in an export written patient by
 * patient), not with the export's size; the second pass reads one patient at a time.
 */
export interface PatientRanges {
  patientId: string;
  /** Triplets: file index, start byte, end byte (exclusive). */
  ranges: number[];
}

export interface ExportIndex {
  files: string[];
  patients: Map<string, PatientRanges>;
  /** Resources that belong to no patient but are referenced (Medication), as their JSON text. */
  shared: string[];
  errors: InputError[];
  lines: number;
  bytes: number;
}


const NEEDLES = ['"subject":{"reference":"', '"patient":{"reference":"'].map((s) => Buffer.from(s, 'latin1'));
const TYPE_NEEDLE = Buffer.from('"resourceType":"', 'latin1');
const QUOTE = 0x22;
const NEWLINE = 0x0a;
const CHUNK = 8 * 1024 * 1024;

function stringAfter(line: Buffer, needle: Buffer): string | undefined {
  const at = line.indexOf(needle);
  if (at < 0) return undefined;
  const from = at + needle.length;
  const to = line.indexOf(QUOTE, from);
  return to < 0 ? undefined : line.toString('utf8', from, to);
}

/** The patient of one NDJSON line, its type, or an error; the common shapes without parsing. */
function classify(line: Buffer, where: () => string): { patient?: string; type?: string; shared?: boolean; error?: InputError } {
  const type = stringAfter(line, TYPE_NEEDLE);
  if (type && type !== 'Patient' && type !== 'Bundle') {
    for (const n of NEEDLES) {
      const ref = stringAfter(line, n);
      if (ref !== undefined) {
        const patient = patientIdOf(ref);
        if (patient) return { patient, type };
        break;
      }
    }
  }
  // Anything else (Patient lines, other key orders, whitespace, no reference): parse it.
  let r: unknown;
  try { r = JSON.parse(line.toString('utf8')); } catch (e) { return { error: { where: where(), message: `not valid JSON: ${(e as Error).message}` } }; }
  if (!r || typeof r !== 'object' || typeof (r as Resource).resourceType !== 'string') return { error: { where: where(), message: 'not a FHIR resource (no resourceType)' } };
  const res = r as Resource;
  const key = patientKey(res, NO_ALIASES);
  if (key) return { patient: key, type: res.resourceType };
  if (res.resourceType === 'Medication') return { shared: true, type: res.resourceType };
  if (CONTEXT_TYPES.has(res.resourceType)) return { type: res.resourceType };
  return { error: { where: res.id ? `${res.resourceType}/${res.id}` : where(), message: `${res.resourceType} has no patient or subject reference` } };
}

/** First pass over NDJSON files (see above). */
export function indexExport(files: readonly string[]): ExportIndex {
  const index: ExportIndex = { files: [...files], patients: new Map(), shared: [], errors: [], lines: 0, bytes: 0 };
  const buf = Buffer.allocUnsafe(CHUNK);
  files.forEach((file, fi) => {
    const fd = openSync(file, 'r');
    let pos = 0;
    let lineNo = 0;
    let carry: Buffer | undefined;
    try {
      for (;;) {
        const n = readSync(fd, buf, 0, CHUNK, pos);
        if (n === 0) break;
        let data = buf.subarray(0, n);
        let base = pos;
        if (carry) {
          data = Buffer.concat([carry, data]);
          base -= carry.length;
        }
        pos += n;
        let start = 0;
        for (;;) {
          const nl = data.indexOf(NEWLINE, start);
          if (nl < 0) break;
          lineNo++;
          visit(index, data.subarray(start, nl), fi, base + start, base + nl + 1, file, lineNo);
          start = nl + 1;
        }
        carry = start < data.length ? Buffer.from(data.subarray(start)) : undefined;
      }
      if (carry?.length) visit(index, carry, fi, pos - carry.length, pos, file, ++lineNo);
    } finally {
      closeSync(fd);
    }
    index.bytes += pos;
  });
  return index;
}

function visit(index: ExportIndex, raw: Buffer, fi: number, start: number, end: number, file: string, lineNo: number): void {
  let line = raw;
  if (line.length && line[line.length - 1] === 0x0d) line = line.subarray(0, -1);
  if (line.every((b) => b === 0x20 || b === 0x09)) return;
  index.lines++;
  const c = classify(line, () => `${file}:${lineNo}`);
  if (c.error) { index.errors.push(c.error); return; }
  if (c.shared) { index.shared.push(line.toString('utf8')); return; }
  if (!c.patient) return;
  let p = index.patients.get(c.patient);
  if (!p) index.patients.set(c.patient, (p = { patientId: c.patient, ranges: [] }));
  const r = p.ranges;
  const k = r.length;
  // Consecutive lines of one patient in one file: one range.
  if (k && r[k - 3] === fi && r[k - 1] === start) r[k - 1] = end;
  else r.push(fi, start, end);
}
