import { openSync, readSync } from 'node:fs';
import type { Resource } from 'fhir/r4';
import type { PatientRanges } from './export-index.js';

/**
 * Reads one patient's resources from an indexed export: its byte ranges, one JSON.parse per line
 * (a bad line is reported and the rest still read), and the shared resources it references.
 * The files stay open for the reader's life (a worker's: a batch run ends with its process).
 */
export class PatientReader {
  private readonly fds: number[];
  private readonly shared = new Map<string, Resource>();
  private buf = Buffer.allocUnsafe(1 << 20);

  /** `lenient`: a conflicting duplicate is a warning (left out either way), not an error. */
  constructor(
    private readonly files: readonly string[],
    sharedTexts: readonly string[],
    private readonly lenient = false,
  ) {
    this.fds = files.map((f) => openSync(f, 'r'));
    for (const text of sharedTexts) {
      const r = JSON.parse(text) as Resource;
      if (r.id) this.shared.set(`${r.resourceType}/${r.id}`, r);
    }
  }

  read(p: PatientRanges): { resources: Resource[]; errors: string[]; warnings: string[] } {
    const resources: Resource[] = [];
    const errors: string[] = [];
    const warnings: string[] = [];
    // Each `Type/id` of this patient and its line: a second copy must say the same.
    const seen = new Map<string, string>();
    for (let i = 0; i < p.ranges.length; i += 3) {
      const [fi, start, end] = [p.ranges[i]!, p.ranges[i + 1]!, p.ranges[i + 2]!];
      const len = end - start;
      if (this.buf.length < len) this.buf = Buffer.allocUnsafe(Math.max(len, this.buf.length * 2));
      readSync(this.fds[fi]!, this.buf, 0, len, start);
      for (const line of this.buf.toString('utf8', 0, len).split('\n')) {
        // Blank lines are skipped; an export's lines start with '{' (checked first: no trim to
        // allocate).
        if (line.charCodeAt(0) !== 0x7b && !line.trim()) continue;
        let r: Resource;
        try {
          r = JSON.parse(line) as Resource;
        } catch (e) {
          errors.push(
            JSON.stringify({
              patient: p.patientId,
              error: `not valid JSON: ${(e as Error).message}`,
              where: this.files[fi],
            }),
          );
          continue;
        }
        const key = `${r.resourceType}/${r.id}`;
        const first = r.id === undefined ? undefined : seen.get(key);
        if (first !== undefined) {
          // The same resource twice is read once; two different ones under one id are not guessed
          // between.
          if (first !== line && JSON.stringify(JSON.parse(first)) !== JSON.stringify(r)) {
            const text = `${key} appears again with different content; the second is left out`;
            (this.lenient ? warnings : errors).push(
              JSON.stringify({
                patient: p.patientId,
                [this.lenient ? 'warning' : 'error']: text,
                where: this.files[fi],
              }),
            );
          }
          continue;
        }
        if (r.id !== undefined) seen.set(key, line);
        resources.push(r);
      }
    }
    // Shared Medications are referenced, not owned: each patient gets the ones it names.
    if (this.shared.size) {
      const named = new Set<string>();
      for (const r of resources) {
        const ref = (r as { medicationReference?: { reference?: string } }).medicationReference
          ?.reference;
        if (ref && this.shared.has(ref)) named.add(ref);
      }
      for (const ref of named) resources.push(this.shared.get(ref)!);
    }
    return { resources, errors, warnings };
  }
}
