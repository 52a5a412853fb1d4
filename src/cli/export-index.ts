import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import type { Resource } from 'fhir/r4';
import type { InputError } from './read-input.js';
import {
  ASSESSED_TYPES,
  CONTEXT_TYPES,
  foreignPatientRef,
  patientIdOf,
  patientKey,
  unreadable,
} from './read-input.js';

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
  /**
   * Lines of types the assessment never reads (Claim, Encounter…): neither parsed nor read again.
   */
  skipped: number;
  bytes: number;
  /**
   * Each Patient's content (a digest) and where it was first read: a second copy must be the same.
   */
  patientDocs: Map<string, { digest: string; where: string }>;
}

const READ = new Set(ASSESSED_TYPES);

const SUBJECT = Buffer.from('"subject":{"reference":"', 'latin1');
const PATIENT = Buffer.from('"patient":{"reference":"', 'latin1');
const TYPE = Buffer.from('"resourceType":"', 'latin1');
/** A line with contained resources is parsed: their references are not the resource's own. */
const CONTAINED = Buffer.from('"contained":', 'latin1');
const QUOTE = 0x22;
const NEWLINE = 0x0a;
const CHUNK = 8 * 1024 * 1024;

/**
 * The next occurrence of a needle in the current chunk, found once and reused by the lines before
 * it: a needle absent from many lines (Patient lines have no subject) costs one scan, not one per
 * line.
 */
class Needle {
  private at = -1;
  constructor(readonly bytes: Buffer) {}
  reset(): void {
    this.at = -1;
  }
  /** Start of the needle inside [from, end), or -1. */
  find(buf: Buffer, from: number, end: number): number {
    if (this.at < from) {
      const i = buf.indexOf(this.bytes, from);
      this.at = i < 0 ? Number.MAX_SAFE_INTEGER : i;
    }
    return this.at + this.bytes.length <= end ? this.at : -1;
  }
}

/** Scans one file's lines: the common shapes from the bytes, anything else parsed. */
class LineScanner {
  private readonly subject = new Needle(SUBJECT);
  private readonly patient = new Needle(PATIENT);
  private readonly contained = new Needle(CONTAINED);
  private lastRef = '';
  private lastPatient: string | undefined;

  newChunk(): void {
    this.subject.reset();
    this.patient.reset();
    this.contained.reset();
  }

  private stringAfter(n: Needle, buf: Buffer, start: number, end: number): string | undefined {
    const at = n.find(buf, start, end);
    if (at < 0) return undefined;
    const from = at + n.bytes.length;
    const to = buf.indexOf(QUOTE, from);
    return to < 0 || to >= end ? undefined : buf.toString('utf8', from, to);
  }

  /**
   * The patient of the line buf[start, end), its being shared or of a type never read, or an error.
   */
  classify(
    buf: Buffer,
    start: number,
    end: number,
    file: string,
    lineNo: number,
  ): {
    patient?: string;
    shared?: boolean;
    skip?: boolean;
    error?: InputError;
    patientText?: string;
  } {
    // Lines written by an export start with the type. Other lines are parsed: their first
    // "resourceType" may be a contained resource's.
    const lead = start + 1 + TYPE.length;
    let type: string | undefined;
    if (
      buf[start] === 0x7b &&
      end > lead &&
      buf.compare(TYPE, 0, TYPE.length, start + 1, lead) === 0
    ) {
      const to = buf.indexOf(QUOTE, lead);
      if (to >= 0 && to < end) type = buf.toString('latin1', lead, to);
    }
    if (type && !READ.has(type) && type !== 'Bundle') return { skip: true };
    // The reference needles are the resource's own unless it contains resources (a DiagnosticReport
    // with its Observations contained): those lines are parsed and only top-level fields count.
    if (
      type &&
      type !== 'Patient' &&
      type !== 'Bundle' &&
      this.contained.find(buf, start, end) < 0
    ) {
      // The first reference decides, as JSON.parse would find subject before patient in these
      // shapes.
      let ref = this.stringAfter(this.subject, buf, start, end);
      if (ref === undefined) ref = this.stringAfter(this.patient, buf, start, end);
      if (ref !== undefined) {
        if (ref !== this.lastRef) {
          this.lastRef = ref;
          this.lastPatient = patientIdOf(ref);
        }
        if (this.lastPatient) return { patient: this.lastPatient };
      }
    }
    // Anything else (Patient lines, other key orders, whitespace, no reference): parse it.
    const where = `${file}:${lineNo}`;
    let r: unknown;
    try {
      r = JSON.parse(buf.toString('utf8', start, end));
    } catch (e) {
      return { error: { where, message: `not valid JSON: ${(e as Error).message}` } };
    }
    if (!r || typeof r !== 'object' || typeof (r as Resource).resourceType !== 'string')
      return { error: { where, message: 'not a FHIR resource (no resourceType)' } };
    const res = r as Resource;
    if (!READ.has(res.resourceType) && res.resourceType !== 'Bundle') return { skip: true };
    const foreign = foreignPatientRef(res, NO_ALIASES);
    if (foreign)
      return {
        error: unreadable(
          where,
          `${res.resourceType}${res.id ? `/${res.id}` : ''} refers to a patient on ` +
            `another server (${foreign}); it is not merged into a local chart`,
        ),
      };
    const key = patientKey(res, NO_ALIASES);
    if (key && res.resourceType === 'Patient')
      return { patient: key, patientText: JSON.stringify(res) };
    if (key) return { patient: key };
    if (res.resourceType === 'Medication') return { shared: true };
    if (CONTEXT_TYPES.has(res.resourceType)) return {};
    return {
      error: {
        where: res.id ? `${res.resourceType}/${res.id}` : where,
        message: `${res.resourceType} has no patient or subject reference`,
      },
    };
  }
}

/** First pass over NDJSON files (see above). `chunk` is the read size (tests make it small). */
export function indexExport(files: readonly string[], chunk = CHUNK): ExportIndex {
  const index: ExportIndex = {
    files: [...files],
    patients: new Map(),
    shared: [],
    errors: [],
    lines: 0,
    skipped: 0,
    bytes: 0,
    patientDocs: new Map(),
  };
  let buf = Buffer.allocUnsafe(chunk);
  files.forEach((file, fi) => {
    try {
      indexFile(file, fi);
    } catch (e) {
      throw new Error(`${file}: ${(e as Error).message}`);
    }
  });
  return index;

  function indexFile(file: string, fi: number): void {
    const fd = openSync(file, 'r');
    const scan = new LineScanner();
    let pos = 0; // file offset of the next read
    let carry = 0; // bytes of an unfinished line kept at the start of buf
    let lineNo = 0;
    const linesBefore = index.lines;
    try {
      for (;;) {
        // A line longer than the buffer: grow it (the carry is kept).
        if (buf.length - carry < chunk) {
          const bigger = Buffer.allocUnsafe(buf.length * 2);
          buf.copy(bigger, 0, 0, carry);
          buf = bigger;
        }
        const n = readSync(fd, buf, carry, buf.length - carry, pos);
        const base = pos - carry; // file offset of buf[0]
        pos += n;
        const len = carry + n;
        scan.newChunk();
        let start = 0;
        if (n === 0) {
          if (carry)
            visit(
              index,
              scan,
              buf,
              0,
              carry,
              base + carry,
              fi,
              base,
              file,
              ++lineNo,
              !isUtf8(buf.subarray(0, carry)),
            );
          break;
        }
        // One UTF-8 check over the chunk's whole lines; lines are checked one by one only if it
        // fails.
        const last = buf.lastIndexOf(NEWLINE, len - 1);
        const checkLines = last >= 0 && !isUtf8(buf.subarray(0, last + 1));
        for (;;) {
          const nl = buf.indexOf(NEWLINE, start);
          if (nl < 0 || nl >= len) break;
          visit(index, scan, buf, start, nl, base + nl + 1, fi, base, file, ++lineNo, checkLines);
          start = nl + 1;
        }
        carry = len - start;
        if (carry) buf.copyWithin(0, start, len);
      }
    } finally {
      closeSync(fd);
    }
    index.bytes += pos;
    if (index.lines === linesBefore)
      index.errors.push(unreadable(`${file}:1`, 'empty input: no resources'));
  }
}

/**
 * One line, buf[start, nl) without its newline; `next` is the file offset after it, `base` the file
 * offset of buf[0].
 */
function visit(
  index: ExportIndex,
  scan: LineScanner,
  buf: Buffer,
  start: number,
  nl: number,
  next: number,
  fi: number,
  base: number,
  file: string,
  lineNo: number,
  checkUtf8: boolean,
): void {
  let end = nl;
  if (end > start && buf[end - 1] === 0x0d) end--;
  let blank = true;
  for (let i = start; i < end; i++)
    if (buf[i] !== 0x20 && buf[i] !== 0x09) {
      blank = false;
      break;
    }
  if (blank) return;
  index.lines++;
  if (checkUtf8 && !isUtf8(buf.subarray(start, end))) {
    index.errors.push(unreadable(`${file}:${lineNo}`, 'not valid UTF-8 text'));
    return;
  }
  const c = scan.classify(buf, start, end, file, lineNo);
  if (c.skip) {
    index.skipped++;
    return;
  }
  if (c.error) {
    index.errors.push(c.error);
    return;
  }
  if (c.shared) {
    index.shared.push(buf.toString('utf8', start, end));
    return;
  }
  if (!c.patient) return;
  if (c.patientText !== undefined) {
    // A patient read twice: the same record is read once, two different ones are not guessed
    // between.
    const digest = createHash('sha256').update(c.patientText).digest('base64');
    const first = index.patientDocs.get(c.patient);
    if (first) {
      if (first.digest !== digest)
        index.errors.push(
          unreadable(
            `${file}:${lineNo}`,
            `Patient/${c.patient} appears again with different content (first at ` +
              `${first.where}); the second is left out`,
          ),
        );
      return;
    }
    index.patientDocs.set(c.patient, { digest, where: `${file}:${lineNo}` });
  }
  let p = index.patients.get(c.patient);
  if (!p) index.patients.set(c.patient, (p = { patientId: c.patient, ranges: [] }));
  const r = p.ranges;
  const k = r.length;
  const from = base + start;
  // Consecutive lines of one patient in one file: one range.
  if (k && r[k - 3] === fi && r[k - 1] === from) r[k - 1] = next;
  else r.push(fi, from, next);
}
