import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { indexExport } from '../../src/cli/export-index.js';
import { ASSESSED_TYPES, readInput } from '../../src/cli/read-input.js';

/**
 * The index's byte ranges must give back exactly each patient's lines, whatever the chunk size:
 * lines
 * cut across reads, CRLF, blank lines, a last line without newline, a line longer than the buffer,
 * other key orders (parsed), bad lines (reported by file and line), a reference to another server
 * (reported, not merged into the local patient of that id) and shared Medications.
 */
const dir = mkdtempSync(join(tmpdir(), 'export-index-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const obs = (id: string, patient: string, pad = 0) =>
  JSON.stringify({
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { text: 'x'.repeat(pad) },
    subject: { reference: `Patient/${patient}` },
  });
const files = {
  'Patient.ndjson':
    [
      '{"resourceType":"Patient","id":"p1"}',
      '{"resourceType":"Patient","id":"p2"}',
      '{"id":"p3","resourceType":"Patient"}',
    ].join('\n') + '\n',
  // CRLF, a blank line, a line of blanks, a long line, another key order, an absolute reference, no
  // final newline.
  'Observation.ndjson': [
    obs('o1', 'p1'),
    obs('o2', 'p1', 300),
    '',
    '   ',
    obs('o3', 'p2'),
    JSON.stringify({
      subject: { reference: 'Patient/p1' },
      resourceType: 'Observation',
      id: 'o4',
      status: 'final',
      code: { text: 'ü' },
    }),
    obs('o5', 'p3', 5000),
    obs('o6', 'p2').replace('Patient/p2', 'https://ehr.example/fhir/Patient/p2'),
    '{not json',
    '{"foo":1}',
    obs('o7', 'p1'),
  ].join('\r\n'),
  'MedicationRequest.ndjson':
    JSON.stringify({
      resourceType: 'MedicationRequest',
      id: 'm1',
      status: 'active',
      intent: 'order',
      subject: { reference: 'Patient/p2' },
      medicationReference: { reference: 'Medication/x' },
    }) + '\n',
  'Medication.ndjson': JSON.stringify({ resourceType: 'Medication', id: 'x' }) + '\n',
  'Organization.ndjson': JSON.stringify({ resourceType: 'Organization', id: 'org' }) + '\n',
  // A contained resource's reference is not the resource's own: o9 is p1's, whatever it contains
  // and
  // in whichever order (the bug of issue #21 filed it under p2).
  'ServiceRequest.ndjson':
    [
      JSON.stringify({
        resourceType: 'ServiceRequest',
        id: 'o9',
        status: 'active',
        intent: 'order',
        contained: [
          {
            resourceType: 'Observation',
            id: 'c1',
            status: 'final',
            code: { text: 'x' },
            subject: { reference: 'Patient/p2' },
          },
        ],
        subject: { reference: 'Patient/p1' },
      }),
      JSON.stringify({
        resourceType: 'ServiceRequest',
        id: 'o10',
        status: 'active',
        intent: 'order',
        subject: { reference: 'Patient/p3' },
        contained: [
          {
            resourceType: 'Observation',
            id: 'c2',
            status: 'final',
            code: { text: 'x' },
            subject: { reference: 'Patient/p2' },
          },
        ],
      }),
    ].join('\n') + '\n',
  // Types the assessment never reads: counted, not parsed, not read again (one is not even JSON).
  'Claim.ndjson':
    JSON.stringify({ resourceType: 'Claim', id: 'cl1', patient: { reference: 'Patient/p1' } }) +
    '\n{"resourceType":"Claim", not json\n',
  'DiagnosticReport.ndjson':
    JSON.stringify({
      resourceType: 'DiagnosticReport',
      id: 'dr1',
      status: 'final',
      code: { text: 'x' },
      contained: [obs('c3', 'p2')],
      subject: { reference: 'Patient/p1' },
    }) + '\n',
};
for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
const paths = Object.keys(files)
  .sort()
  .map((f) => join(dir, f));

function linesOf(index: ReturnType<typeof indexExport>, patient: string): string[] {
  const p = index.patients.get(patient)!;
  const out: string[] = [];
  for (let i = 0; i < p.ranges.length; i += 3) {
    // The worker reads exactly these bytes: a range past the end of the file would add garbage.
    expect(p.ranges[i + 2]!).toBeLessThanOrEqual(statSync(index.files[p.ranges[i]!]!).size);
    const text = readFileSync(index.files[p.ranges[i]!]!)
      .subarray(p.ranges[i + 1]!, p.ranges[i + 2]!)
      .toString('utf8');
    out.push(
      ...text
        .split('\n')
        .map((l) => l.replace(/\r$/, ''))
        .filter((l) => l.trim()),
    );
  }
  return out;
}

describe('NDJSON export index', () => {
  it.each([16, 100, 700, 8 * 1024 * 1024])(
    'gives back every patient line exactly (read size %i)',
    async (chunk) => {
      const index = indexExport(paths, chunk);
      const reference = await readInput(dir);
      expect([...index.patients.keys()].sort()).toEqual(
        reference.patients.map((g) => g.patientId).sort(),
      );
      for (const g of reference.patients) {
        const own = g.resources.filter(
          (r) => r.resourceType !== 'Medication' && ASSESSED_TYPES.includes(r.resourceType),
        );
        expect(linesOf(index, g.patientId).map((l) => JSON.parse(l))).toEqual(own);
      }
      expect(index.shared.map((s) => JSON.parse(s).id)).toEqual(['x']);
      expect(index.errors.map((e) => e.where)).toEqual(
        [8, 9, 10].map((n) => `${join(dir, 'Observation.ndjson')}:${n}`),
      );
      expect(index.errors[0]!.message).toMatch(
        /^Observation\/o6 refers to a patient on another server/,
      );
      expect(index.errors[1]!.message).toMatch(/not valid JSON/);
      expect(index.errors[2]!.message).toMatch(/no resourceType/);
      expect(linesOf(index, 'p2').join()).not.toContain('o6');
      expect(index.lines).toBe(20);
      expect(index.skipped).toBe(4); // two Claims, the DiagnosticReport, the Organization
      expect(linesOf(index, 'p1').map((l) => JSON.parse(l).id)).toContain('o9');
      expect(linesOf(index, 'p2').map((l) => JSON.parse(l).id)).not.toContain('o9');
      expect(linesOf(index, 'p3').map((l) => JSON.parse(l).id)).toContain('o10');
    },
  );
});
