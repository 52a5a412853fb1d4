import type { Resource, ServiceRequest } from 'fhir/r4';
import { assessPatient } from '../assess/assess.js';
import { compactRecord } from './compact-record.js';
import { decisionText } from './decision-text.js';
import { summarize } from './summarize.js';
import { tableRow, type TableRow } from './table-row.js';
import { worklistEntry, type WorklistEntry } from './worklist.js';

export type OutputMode = 'json' | 'pretty' | 'text' | 'text-verbose' | 'worklist';
/** The JSON record: compact (`"format": 2`, compact-record.ts) or full (summarize.ts, `--full`). */
export type RecordKind = 'compact' | 'full';
export interface ProcessOptions {
  asOf?: string;
  mode: OutputMode;
  record: RecordKind;
  table: boolean;
}

export interface PatientOutput {
  patientId: string;
  /**
   * What goes to stdout for this patient (empty when the worklist does not list them); bytes when
   * it came from a worker.
   */
  stdout: string | Uint8Array;
  /** JSON lines for stderr: resources refused during extraction. */
  stderr: string[];
  failed: boolean;
  row?: TableRow;
}

/** A patient's output with stdout as pieces whose concatenation is the text (see jsonPieces). */
export interface PatientPieces extends Omit<PatientOutput, 'stdout'> {
  pieces: string[];
}

/**
 * `JSON.stringify(o) + "\n"` as pieces, member by member: the same bytes, but no single 70 KB
 * string
 * that V8 must build from parts and flatten before it can be encoded (≈ 0.5 ms a patient in the
 * batch profile). For plain objects (no toJSON), as summarize() returns.
 */
export function jsonPieces(o: Record<string, unknown>): string[] {
  const out = ['{'];
  for (const k of Object.keys(o)) {
    const v = JSON.stringify(o[k]);
    if (v === undefined) continue;
    out.push(`${out.length > 1 ? ',' : ''}${JSON.stringify(k)}:`, v);
  }
  out.push('}\n');
  return out;
}

/** One patient from resources to output, in pieces (worker threads write them as bytes). */
export function processPatientPieces(
  patientId: string,
  resources: Resource[],
  opts: ProcessOptions,
): PatientPieces {
  try {
    const a = assessPatient(resources, opts.asOf ? { asOf: opts.asOf } : {});
    const errors = a.facts.issues.filter((i) => i.severity === 'error');
    const stderr = errors.map((i) =>
      JSON.stringify({ patient: patientId, error: i.message, where: i.resource }),
    );
    let pieces: string[];
    if (opts.mode === 'text' || opts.mode === 'text-verbose')
      pieces = [decisionText(a, opts.mode === 'text-verbose'), '\n'];
    else if (opts.mode === 'worklist') {
      const entry: WorklistEntry | undefined = worklistEntry(
        a,
        resources.filter((r): r is ServiceRequest => r.resourceType === 'ServiceRequest'),
      );
      pieces = entry ? [JSON.stringify(entry), '\n'] : [];
    } else if (opts.record === 'compact')
      pieces = [
        JSON.stringify(compactRecord(a), null, opts.mode === 'pretty' ? 2 : undefined),
        '\n',
      ];
    else if (opts.mode === 'pretty') pieces = [JSON.stringify(summarize(a), null, 2), '\n'];
    else pieces = jsonPieces(summarize(a));
    return {
      patientId,
      pieces,
      stderr,
      failed: errors.length > 0,
      ...(opts.table ? { row: tableRow(a) } : {}),
    };
  } catch (e) {
    return {
      patientId,
      pieces: [],
      stderr: [
        JSON.stringify({ patient: patientId, error: `assessment failed: ${(e as Error).message}` }),
      ],
      failed: true,
    };
  }
}

/**
 * One patient from resources to output as text (the Bundle path and tests; workers write the
 * pieces).
 */
export function processPatient(
  patientId: string,
  resources: Resource[],
  opts: ProcessOptions,
): PatientOutput {
  const { pieces, ...rest } = processPatientPieces(patientId, resources, opts);
  return { ...rest, stdout: pieces.join('') };
}
