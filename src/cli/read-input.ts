import { EXPORT_TYPES } from './bulk-negotiate.js';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle, Resource } from 'fhir/r4';
import { firstInvalidUtf8Line, sniffInput } from './input-kind.js';

export interface InputError {
  /** `file.ndjson:12`, `bundle.json entry 3` or `Observation/123`. */
  where: string;
  message: string;
  /**
   * Input the CLI cannot read as given (not UTF-8, empty, a conflicting duplicate, a reference to
   * another server): an error, or with `--lenient` a warning (the part is left out either way).
   */
  unreadable?: true;
}

export interface PatientGroup {
  patientId: string;
  resources: Resource[];
  errors: InputError[];
}

export interface ReadResult {
  patients: PatientGroup[];
  /** Errors that belong to no patient (unparseable lines, resources without a subject). */
  errors: InputError[];
}

function isResource(x: unknown): x is Resource {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as { resourceType?: unknown }).resourceType === 'string'
  );
}

/** The patient reference of a resource: its subject or patient (Patient: its own id). */
function patientRefOf(r: Resource): string | undefined {
  const rec = r as unknown as {
    subject?: { reference?: string };
    patient?: { reference?: string };
  };
  return rec.subject?.reference ?? rec.patient?.reference;
}

/** The patient a resource belongs to: Patient.id, subject, patient or beneficiary reference. */
export function patientKey(r: Resource, aliases: ReadonlyMap<string, string>): string | undefined {
  if (r.resourceType === 'Patient') return r.id;
  const ref = patientRefOf(r);
  if (!ref) return undefined;
  return aliases.get(ref) ?? patientIdOf(ref);
}

/**
 * The patient id of a local reference (`Patient/1`), or undefined. An absolute reference
 * (`https://other.example/fhir/Patient/1`) names a patient of another server, not local patient 1;
 * inside a Bundle one that is a fullUrl of the Bundle resolves through its aliases instead.
 */
export function patientIdOf(ref: string): string | undefined {
  return /^Patient\/([^/]+)$/.exec(ref)?.[1];
}

/**
 * Whether a resource refers to its patient on another server (an absolute URL it cannot resolve).
 */
export function foreignPatientRef(
  r: Resource,
  aliases: ReadonlyMap<string, string>,
): string | undefined {
  if (r.resourceType === 'Patient') return undefined;
  const ref = patientRefOf(r);
  return ref &&
    !aliases.has(ref) &&
    /^[A-Za-z][A-Za-z0-9+.-]*:/.test(ref) &&
    !ref.startsWith('urn:')
    ? ref
    : undefined;
}

/** An error about input the CLI cannot read as given (see InputError.unreadable). */
export function unreadable(where: string, message: string): InputError {
  return { where, message, unreadable: true };
}

/**
 * The resource types the assessment reads (extraction, and ServiceRequest for the worklist), and
 * the referenced Medications: what a Bulk export asks for, and the only lines of an export that the
 * batch path reads. Claims, Encounters, Immunizations… are skipped before they are parsed.
 */
export const ASSESSED_TYPES: readonly string[] = EXPORT_TYPES;

/**
 * Resource types that belong to no patient in an export; read as context, never reported as errors.
 */
export const CONTEXT_TYPES: ReadonlySet<string> = new Set([
  'Medication',
  'Organization',
  'Practitioner',
  'PractitionerRole',
  'Location',
  'HealthcareService',
  'Endpoint',
  'Device',
  'Substance',
  'Provenance',
  'Group',
  'CareTeam',
  'ValueSet',
  'CodeSystem',
  'StructureDefinition',
  'Questionnaire',
  'Library',
  'PlanDefinition',
]);

class Collector {
  readonly items: Array<{ r: Resource; where: string }> = [];
  readonly errors: InputError[] = [];
  readonly aliases = new Map<string, string>();
  /** Each `Type/id` read so far: its text and where (a second copy must be the same). */
  private readonly seen = new Map<string, { text: string; where: string }>();

  add(x: unknown, where: string, fullUrl?: string): void {
    if (!isResource(x)) {
      this.errors.push({ where, message: 'not a FHIR resource (no resourceType)' });
      return;
    }
    if (x.resourceType === 'Bundle') {
      this.addBundle(x as Bundle, where);
      return;
    }
    if (x.id) {
      const key = `${x.resourceType}/${x.id}`;
      const text = JSON.stringify(x);
      const first = this.seen.get(key);
      if (first) {
        // The same resource twice is read once; two different ones under one id are not guessed
        // between.
        if (first.text !== text)
          this.errors.push(
            unreadable(
              where,
              `${key} appears again with different content (first at ${first.where}); ` +
                `neither is guessed right, the second is left out`,
            ),
          );
        return;
      }
      this.seen.set(key, { text, where });
    }
    if (x.resourceType === 'Patient' && fullUrl && x.id) this.aliases.set(fullUrl, x.id);
    this.items.push({ r: x, where });
  }

  addBundle(b: Bundle, where: string): void {
    (b.entry ?? []).forEach((e, i) => {
      if (e.resource) this.add(e.resource, `${where} entry ${i}`, e.fullUrl);
    });
  }

  group(): ReadResult {
    const byPatient = new Map<string, PatientGroup>();
    const errors = [...this.errors];
    for (const { r, where } of this.items) {
      const foreign = foreignPatientRef(r, this.aliases);
      if (foreign) {
        errors.push(
          unreadable(
            where,
            `${r.resourceType}${r.id ? `/${r.id}` : ''} refers to a patient on another ` +
              `server (${foreign}); it is not merged into a local chart`,
          ),
        );
        continue;
      }
      const key = patientKey(r, this.aliases);
      if (!key) {
        // Organizations, practitioners, locations, provenance…: context an EHR export carries, not
        // chart data with a patient missing. A clinical resource without a patient is an error.
        if (!CONTEXT_TYPES.has(r.resourceType))
          errors.push({
            where: r.id ? `${r.resourceType}/${r.id}` : where,
            message: `${r.resourceType} has no patient or subject reference`,
          });
        continue;
      }
      let g = byPatient.get(key);
      if (!g) byPatient.set(key, (g = { patientId: key, resources: [], errors: [] }));
      g.resources.push(r);
    }
    // Shared Medication resources are referenced, not owned: give every patient the ones it names.
    const meds = this.items.filter((x) => x.r.resourceType === 'Medication').map((x) => x.r);
    if (meds.length) for (const g of byPatient.values()) g.resources.push(...meds);
    return { patients: [...byPatient.values()], errors };
  }
}

/** The file's bytes as UTF-8 text, or an error naming the first line that is not UTF-8. */
function readUtf8(path: string, c: Collector): string | undefined {
  const buf = readFileSync(path);
  const bad = firstInvalidUtf8Line(buf);
  if (bad !== undefined) {
    c.errors.push(unreadable(`${path}:${bad}`, 'not valid UTF-8 text'));
    return undefined;
  }
  return buf.toString('utf8');
}

/** Reads a FHIR Bundle (or single resource) from a JSON file. */
export function readJsonFile(path: string, c = new Collector()): Collector {
  const text = readUtf8(path, c);
  if (text === undefined) return c;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    c.errors.push({ where: path, message: `not valid JSON: ${(e as Error).message}` });
    return c;
  }
  c.add(data, path);
  return c;
}

/** Reads NDJSON line by line (bulk-data export), so one bad line never stops the rest. */
export function readNdjsonFile(path: string, c = new Collector()): Collector {
  const buf = readFileSync(path);
  let n = 0;
  let from = 0;
  while (from < buf.length) {
    const nl = buf.indexOf(0x0a, from);
    const end = nl < 0 ? buf.length : nl;
    n += 1;
    const where = `${path}:${n}`;
    const bytes = buf.subarray(from, end);
    from = end + 1;
    if (firstInvalidUtf8Line(bytes) !== undefined) {
      c.errors.push(unreadable(where, 'not valid UTF-8 text'));
      continue;
    }
    const line = bytes.toString('utf8');
    if (!line.trim()) continue;
    try {
      c.add(JSON.parse(line), where);
    } catch (e) {
      c.errors.push({ where, message: `not valid JSON: ${(e as Error).message}` });
    }
  }
  return c;
}

/** The input files of a path: the file, or a folder's files (not hidden ones), in name order. */
export function inputFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => !f.startsWith('.'))
    .sort()
    .map((f) => join(path, f));
}

/** Bundle files, NDJSON files or a folder of them, each recognised by its content. */
export async function readInput(path: string): Promise<ReadResult> {
  const c = new Collector();
  const files = inputFiles(path);
  if (files.length === 0) c.errors.push(unreadable(path, 'empty input: the folder has no files'));
  for (const f of files) {
    const k = sniffInput(f);
    if (k.kind === 'ndjson') readNdjsonFile(f, c);
    else if (k.kind === 'json') readJsonFile(f, c);
    else if (k.kind === 'empty') c.errors.push(unreadable(`${f}:1`, 'empty input: no resources'));
    else
      c.errors.push({
        where: `${f}:${k.line}`,
        message: 'not valid JSON: neither a FHIR JSON document nor NDJSON',
      });
  }
  const result = c.group();
  if (result.patients.length === 0 && result.errors.length === 0)
    result.errors.push(unreadable(path, 'empty input: no patient in it'));
  return result;
}
