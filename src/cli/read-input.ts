import { createReadStream, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Bundle, Resource } from 'fhir/r4';

export interface InputError {
  /** `file.ndjson:12`, `bundle.json entry 3` or `Observation/123`. */
  where: string;
  message: string;
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
  return typeof x === 'object' && x !== null && typeof (x as { resourceType?: unknown }).resourceType === 'string';
}

/** The patient a resource belongs to: Patient.id, subject, patient or beneficiary reference. */
export function patientKey(r: Resource, aliases: ReadonlyMap<string, string>): string | undefined {
  if (r.resourceType === 'Patient') return r.id;
  const rec = r as unknown as { subject?: { reference?: string }; patient?: { reference?: string } };
  const ref = rec.subject?.reference ?? rec.patient?.reference;
  if (!ref) return undefined;
  return aliases.get(ref) ?? patientIdOf(ref);
}

/** The patient id of a reference (`Patient/1`, `https://…/Patient/1`), or undefined. */
export function patientIdOf(ref: string): string | undefined {
  return /(?:^|\/)Patient\/([^/]+)$/.exec(ref)?.[1];
}

/**
 * The resource types the assessment reads (extraction, and ServiceRequest for the worklist), and
 * the referenced Medications: what a Bulk export asks for, and the only lines of an export that the
 * batch path reads. Claims, Encounters, Immunizations… are skipped before they are parsed.
 */
export const ASSESSED_TYPES: readonly string[] = [
  'Patient', 'Condition', 'Observation', 'MedicationRequest', 'MedicationStatement', 'MedicationAdministration',
  'Procedure', 'ServiceRequest', 'Medication',
];

/** Resource types that belong to no patient in an export; read as context, never reported as errors. */
export const CONTEXT_TYPES: ReadonlySet<string> = new Set([
  'Medication', 'Organization', 'Practitioner', 'PractitionerRole', 'Location', 'HealthcareService', 'Endpoint', 'Device',
  'Substance', 'Provenance', 'Group', 'CareTeam', 'ValueSet', 'CodeSystem', 'StructureDefinition', 'Questionnaire', 'Library', 'PlanDefinition',
]);

class Collector {
  readonly items: Array<{ r: Resource; where: string }> = [];
  readonly errors: InputError[] = [];
  readonly aliases = new Map<string, string>();

  add(x: unknown, where: string, fullUrl?: string): void {
    if (!isResource(x)) {
      this.errors.push({ where, message: 'not a FHIR resource (no resourceType)' });
      return;
    }
    if (x.resourceType === 'Bundle') {
      this.addBundle(x as Bundle, where);
      return;
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
      const key = patientKey(r, this.aliases);
      if (!key) {
        // Organizations, practitioners, locations, provenance…: context an EHR export carries, not
        // chart data with a patient missing. A clinical resource without a patient is an error.
        if (!CONTEXT_TYPES.has(r.resourceType)) errors.push({ where: r.id ? `${r.resourceType}/${r.id}` : where, message: `${r.resourceType} has no patient or subject reference` });
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

/** Reads a FHIR Bundle (or single resource) from a JSON file. */
export function readJsonFile(path: string, c = new Collector()): Collector {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    c.errors.push({ where: path, message: `not valid JSON: ${(e as Error).message}` });
    return c;
  }
  c.add(data, path);
  return c;
}

/** Reads NDJSON line by line (bulk-data export), so one bad line never stops the rest. */
export async function readNdjsonFile(path: string, c = new Collector()): Promise<Collector> {
  const rl = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    n += 1;
    if (!line.trim()) continue;
    try {
      c.add(JSON.parse(line), `${path}:${n}`);
    } catch (e) {
      c.errors.push({ where: `${path}:${n}`, message: `not valid JSON: ${(e as Error).message}` });
    }
  }
  return c;
}

/** A Bundle file, an NDJSON file, or a folder of them (one NDJSON file per resource type). */
export async function readInput(path: string): Promise<ReadResult> {
  const c = new Collector();
  const st = statSync(path);
  const files = st.isDirectory() ? readdirSync(path).sort().map((f) => join(path, f)) : [path];
  for (const f of files) {
    if (f.endsWith('.ndjson')) await readNdjsonFile(f, c);
    else if (f.endsWith('.json')) readJsonFile(f, c);
  }
  return c.group();
}
