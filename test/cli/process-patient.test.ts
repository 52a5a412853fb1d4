import { describe, expect, it } from 'vitest';
import { assessPatient } from '../../src/assess/assess.js';
import { jsonPieces, processPatient, processPatientPieces } from '../../src/cli/process-patient.js';
import { summarize } from '../../src/cli/summarize.js';
import { SCENARIOS } from '../../src/synthetic/scenarios.js';
import { scenarioResources } from '../scenario-helpers.js';

/**
 * The worker writes a patient's JSON member by member; the bytes must be JSON.stringify's, exactly.
 */
describe('output in pieces', () => {
  it.each(SCENARIOS.map((s) => s.id))(
    '%s: the pieces are JSON.stringify of the summary, byte for byte',
    (id) => {
      const resources = scenarioResources(id);
      const a = assessPatient(resources, { asOf: '2026-11-20' });
      expect(jsonPieces(summarize(a)).join('')).toBe(`${JSON.stringify(summarize(a))}\n`);
      for (const mode of ['json', 'pretty', 'text', 'worklist'] as const) {
        for (const record of ['compact', 'full'] as const) {
          const opts = { asOf: '2026-11-20', mode, record, table: false };
          expect(processPatientPieces(id, resources, opts).pieces.join('')).toBe(
            processPatient(id, resources, opts).stdout,
          );
        }
      }
    },
  );
  it('members JSON.stringify leaves out (undefined, functions) are left out, with the commas right', () => {
    const o = { a: undefined, b: 1, c: () => 1, d: 'é→', e: [undefined], f: undefined };
    expect(jsonPieces(o).join('')).toBe(`${JSON.stringify(o)}\n`);
    expect(jsonPieces({}).join('')).toBe('{}\n');
  });
});
