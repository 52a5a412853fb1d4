import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FhirRouter } from '@medplum/fhir-router';
import type { Bundle, BundleEntry, Practitioner, Resource } from 'fhir/r4';
import { cohortPatient } from '../../src/synthetic/cohort.js';
import { SCENARIO_REFERENCE_DATE } from '../../src/synthetic/scenarios.js';
import { daysBetween, shiftDates } from '../../src/synthetic/shift-dates.js';
import type { IndexedRepository } from './indexed-repository.js';

export const SANDBOX_PRACTITIONER: Practitioner = {
  resourceType: 'Practitioner',
  id: 'sandbox-surgeon',
  name: [{ family: 'Sandbox', given: ['Spine'], prefix: ['Dr'] }],
  identifier: [
    { system: 'https://spinescore.example.org/fhir/sid/sandbox-user', value: 'surgeon' },
  ],
};

export interface LoadReport {
  files: number;
  resources: number;
  errors: string[];
}

/** Runs a transaction or batch Bundle through Medplum's router (references resolved, ids kept). */
export async function loadBundle(repo: IndexedRepository, bundle: Bundle): Promise<Bundle> {
  const router = new FhirRouter();
  const [outcome, result] = await router.handleRequest(
    { method: 'POST', url: '', pathname: '', body: bundle, params: {}, query: {} },
    repo,
  );
  if (!result)
    throw new Error(`Bundle rejected: ${outcome.issue?.[0]?.details?.text ?? 'unknown'}`);
  return result as Bundle;
}

function asTransaction(resources: Resource[]): Bundle {
  const entry: BundleEntry[] = resources.map((r) => ({
    resource: r,
    request: r.id
      ? { method: 'PUT', url: `${r.resourceType}/${r.id}` }
      : { method: 'POST', url: r.resourceType },
  }));
  return { resourceType: 'Bundle', type: 'transaction', entry };
}

/**
 * The 13 scenario patients of `fixtures/scenarios/` and the sandbox user. With `asOf`, the charts
 * are
 * moved in time so that they read on that day as they did on the fixtures' reference date.
 */
export async function seedScenarios(
  repo: IndexedRepository,
  dir: string,
  opts: { asOf?: string } = {},
): Promise<LoadReport> {
  const days = opts.asOf ? daysBetween(SCENARIO_REFERENCE_DATE, opts.asOf) : 0;
  const report = await loadFolder(repo, dir, (r) => shiftDates(r, days));
  await loadBundle(repo, asTransaction([SANDBOX_PRACTITIONER]));
  return report;
}

/** Every `*.json` (Bundle or resource) and `*.ndjson` (one resource per line) of a folder. */
export async function loadFolder(
  repo: IndexedRepository,
  dir: string,
  transform: (r: Resource) => Resource = (r) => r,
): Promise<LoadReport> {
  const report: LoadReport = { files: 0, resources: 0, errors: [] };
  const names = (await readdir(dir))
    .filter((n) => n.endsWith('.json') || n.endsWith('.ndjson'))
    .sort();
  for (const name of names) {
    report.files++;
    try {
      const text = await readFile(join(dir, name), 'utf8');
      let resources: Resource[];
      if (name.endsWith('.ndjson')) {
        resources = [];
        text.split('\n').forEach((line, i) => {
          if (!line.trim()) return;
          try {
            resources.push(transform(JSON.parse(line) as Resource));
          } catch {
            report.errors.push(`${name}:${i + 1}: not JSON`);
          }
        });
      } else {
        const json = transform(JSON.parse(text) as Resource);
        if (
          json.resourceType === 'Bundle' &&
          ((json as Bundle).type === 'transaction' || (json as Bundle).type === 'batch')
        ) {
          const result = await loadBundle(repo, json as Bundle);
          report.resources += result.entry?.length ?? 0;
          continue;
        }
        resources =
          json.resourceType === 'Bundle'
            ? ((json as Bundle).entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []))
            : [json];
      }
      await loadBundle(repo, asTransaction(resources));
      report.resources += resources.length;
    } catch (e) {
      report.errors.push(`${name}: ${(e as Error).message}`);
    }
  }
  return report;
}

/** N generated patients (`c0`, `c1`, …) with long histories, for load and performance work. */
export async function seedGenerated(
  repo: IndexedRepository,
  count: number,
  observationsPerPatient: number,
  asOf: string,
): Promise<number> {
  let total = 0;
  for (let i = 0; i < count; i++) {
    const resources = cohortPatient(i, asOf, observationsPerPatient);
    await loadBundle(repo, asTransaction(resources));
    total += resources.length;
  }
  return total;
}
