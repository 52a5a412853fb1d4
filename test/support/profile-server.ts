import { readdirSync } from 'node:fs';
import { capabilityStatement } from '../../sandbox/fhir/capability.js';
import { loadFhirDefinitions } from '../../sandbox/fhir/definitions.js';
import { createFhirApp } from '../../sandbox/fhir/fhir-app.js';
import { IndexedRepository } from '../../sandbox/fhir/indexed-repository.js';
import { seedGenerated, seedScenarios } from '../../sandbox/fhir/seed.js';
import { SERVER_PROFILES } from '../../sandbox/fhir/server-profiles.js';
import { SCENARIO_REFERENCE_DATE } from '../../src/synthetic/scenarios.js';

/** The base URL a profiled server answers under in tests (no network: `app.fetch`). */
export const EHR_BASE = 'https://ehr.test/fhir/R4';

/** The embedded FHIR endpoint behaving as a server profile (sandbox/fhir/server-profiles.ts). */
export function profileApp(repo: IndexedRepository, profile: string) {
  return createFhirApp({
    basePath: '/fhir/R4',
    repo,
    capabilityStatement: () => capabilityStatement({ fhirBase: EHR_BASE }),
    quirks: SERVER_PROFILES[profile]!,
  });
}

/** The scenario patients' ids and c0's, the generated chart `seededCharts` adds. */
export const CHART_IDS = [
  ...readdirSync('fixtures/scenarios')
    .map((f) => f.split('-')[0]!)
    .sort(),
  'c0',
];

/**
 * A repository with every scenario patient and one generated patient (c0) with `observations`
 * Observations, where paging and sorting matter; `scenarios: false` leaves the scenarios out.
 */
export async function seededCharts(
  observations: number,
  { scenarios = true } = {},
): Promise<IndexedRepository> {
  loadFhirDefinitions();
  const repo = new IndexedRepository();
  if (scenarios) await seedScenarios(repo, 'fixtures/scenarios');
  await seedGenerated(repo, 1, observations, SCENARIO_REFERENCE_DATE);
  return repo;
}
