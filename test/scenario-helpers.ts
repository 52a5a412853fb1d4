import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle, Resource } from 'fhir/r4';
import { assessPatient, type Assessment } from '../src/assess/assess.js';
import { SCENARIO_REFERENCE_DATE } from '../src/synthetic/scenarios.js';

export function scenarioResources(id: string): Resource[] {
  const b = JSON.parse(
    readFileSync(join(import.meta.dirname, '..', 'fixtures', 'scenarios', `${id}.json`), 'utf8'),
  ) as Bundle;
  return (b.entry ?? []).map((e) => e.resource!);
}

export function assessScenario(id: string): Assessment {
  return assessPatient(scenarioResources(id), { asOf: SCENARIO_REFERENCE_DATE });
}
