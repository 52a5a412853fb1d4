import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle, Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { assessPatient } from '../../src/assess/assess.js';
import { tableRow } from '../../src/cli/table-row.js';
import { assessScenario } from '../scenario-helpers.js';

const vignette = (name: string): Resource[] =>
  (
    (
      JSON.parse(
        readFileSync(
          join(import.meta.dirname, '..', '..', 'fixtures', 'vignettes', `${name}.json`),
          'utf8',
        ),
      ) as Bundle
    ).entry ?? []
  ).map((e) => e.resource!);

describe('table row', () => {
  it('a deceased patient: no urgency, approach or preference cell reads "undecided: " with nothing after it', () => {
    const row = tableRow(assessPatient(vignette('v42-deceased'), { asOf: '2026-11-20' }));
    expect(row.deceased).toBe(true);
    expect(row.decision).toBe('deceased');
    for (const [k, v] of Object.entries(row))
      expect(String(v ?? ''), k).not.toMatch(/undecided: ?$/);
    expect(row.urgency).toBeNull();
  });

  it('an open urgency still lists what is possible', () => {
    const a = assessScenario('s01-ctj-lung-cord-compression');
    const row = tableRow(a);
    const u = a.recommendations.candidacy.urgency;
    if (u.value) expect(row.urgency).toBe(u.value);
    else if (u.atLeast) expect(row.urgency).toBe(`at least ${u.atLeast}`);
    else expect(row.urgency).toBe(`undecided: ${u.possible.join(' or ')}`);
    expect(String(row.urgency)).not.toBe('');
  });
});
