import { parseSearchRequest } from '@medplum/core';
import { MemoryRepository } from '@medplum/fhir-router';
import type { Observation as MedplumObservation } from '@medplum/fhirtypes';
import type { Bundle, Observation, Patient } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import { capabilityStatement } from '../../sandbox/fhir/capability.js';
import { loadFhirDefinitions } from '../../sandbox/fhir/definitions.js';
import { createFhirApp } from '../../sandbox/fhir/fhir-app.js';
import { IndexedRepository } from '../../sandbox/fhir/indexed-repository.js';
import { loadBundle, seedGenerated, seedScenarios } from '../../sandbox/fhir/seed.js';
import { cohortPatient } from '../../src/synthetic/cohort.js';

const BASE = 'http://fhir.test/fhir/R4';
let repo: IndexedRepository;
let app: ReturnType<typeof createFhirApp>;

beforeAll(async () => {
  loadFhirDefinitions();
  repo = new IndexedRepository();
  await seedScenarios(repo, 'fixtures/scenarios');
  await seedGenerated(repo, 2, 600, '2026-11-20');
  app = createFhirApp({
    basePath: '/fhir/R4',
    repo,
    capabilityStatement: () => capabilityStatement({ fhirBase: BASE }),
    defaultPageSize: 50,
  });
});

async function get(
  path: string,
): Promise<{ status: number; body: Bundle & Record<string, unknown> }> {
  const res = await app.fetch(new Request(`${BASE}/${path}`));
  return { status: res.status, body: (await res.json()) as Bundle & Record<string, unknown> };
}

describe('indexed search gives what Medplum gives', () => {
  // Medplum's own scan is the reference; the index must agree on every query the product sends.
  const QUERIES = [
    'Observation?patient=Patient/c0',
    'Observation?patient=Patient/c1&code=http://loinc.org|89243-0,http://loinc.org|' +
      '89247-1&_sort=-date',
    'Observation?patient=Patient/c0&code=http://loinc.org|1751-7&date=ge2026-01-01&_sort=date',
    'Observation?patient=Patient/c0&date=lt2025-06&_sort=-date&_count=7&_offset=3',
    'Observation?patient=Patient/c0&date=2026-11',
    'Observation?patient=Patient/s03&category=http://terminology.hl7.org/CodeSystem/' +
      'observation-category|survey',
    'Observation?subject=Patient/s01&code=89247-1',
    'Observation?code=http://loinc.org|89247-1&date=le2025-01-01',
    'Condition?patient=Patient/s01&clinical-status=active',
    'Condition?patient=Patient/s08',
    'MedicationRequest?patient=Patient/s05&intent=order',
    'Procedure?patient=Patient/s12',
    'Patient?_id=s01,s02',
  ];
  it.each(QUERIES)(
    '%s',
    async (q) => {
      const plain = new MemoryRepository();
      for (const id of ['c0', 'c1']) {
        await loadBundle(plain as unknown as IndexedRepository, {
          resourceType: 'Bundle',
          type: 'transaction',
          entry: cohortPatient(Number(id.slice(1)), '2026-11-20', 600).map((r) => ({
            resource: r,
            request: { method: 'PUT', url: `${r.resourceType}/${r.id}` },
          })),
        });
      }
      for (const e of (await repo.search(parseSearchRequest('Patient'))).entry ?? [])
        await plain.updateResource(e.resource!);
      for (const type of ['Observation', 'Condition', 'MedicationRequest', 'Procedure']) {
        for (const e of (await repo.search(parseSearchRequest(type))).entry ?? []) {
          const pid = (e.resource as { subject?: { reference?: string } }).subject?.reference;
          if (pid && !pid.startsWith('Patient/c')) await plain.updateResource(e.resource!);
        }
      }
      const req = parseSearchRequest(q);
      const [mine, theirs] = await Promise.all([
        repo.search(req),
        plain.search(parseSearchRequest(q)),
      ]);
      expect(mine.total).toBe(theirs.total);
      const ids = (b: typeof mine) => (b.entry ?? []).map((e) => e.resource!.id);
      if (req.sortRules?.length) {
        // Same dates in the same order (ties may differ in order).
        const dates = (b: typeof mine) =>
          (b.entry ?? []).map((e) => (e.resource as Observation).effectiveDateTime);
        expect(dates(mine)).toEqual(dates(theirs));
        if (req.offset === undefined) expect(new Set(ids(mine))).toEqual(new Set(ids(theirs)));
      } else expect(new Set(ids(mine))).toEqual(new Set(ids(theirs)));
      expect(mine.total).toBeGreaterThan(0);
    },
    60_000,
  );
});

describe('embedded FHIR endpoint', () => {
  it('includes the patient of the matches (_include=Condition:patient), once per page', async () => {
    const plain = await get('Condition?patient=s07');
    const { status, body } = await get('Condition?patient=s07&_include=Condition:patient');
    expect(status).toBe(200);
    // total counts the matches only; each match as without _include, then the patient once.
    expect(body.total).toBe(plain.body.total);
    const entries = body.entry ?? [];
    expect(entries.filter((e) => e.search?.mode === 'match').map((e) => e.resource!.id)).toEqual(
      (plain.body.entry ?? []).map((e) => e.resource!.id),
    );
    const included = entries.filter((e) => e.search?.mode === 'include');
    expect(included.map((e) => `${e.resource!.resourceType}/${e.resource!.id}`)).toEqual([
      'Patient/s07',
    ]);
    expect(entries.at(-1)?.search?.mode).toBe('include');
    // Paged: every page carries the patient of its matches.
    const page2 = await get('Condition?patient=s07&_include=Condition:patient&_count=1&_offset=1');
    expect(page2.body.entry?.map((e) => [e.resource!.resourceType, e.search?.mode])).toEqual([
      ['Condition', 'match'],
      ['Patient', 'include'],
    ]);
    const statement = (await get('metadata')).body as unknown as {
      rest: Array<{ resource: Array<{ type: string; searchInclude?: string[] }> }>;
    };
    const condition = statement.rest[0]!.resource.find((r) => r.type === 'Condition');
    expect(condition?.searchInclude).toEqual(['Condition:patient']);
  });

  it('serves a CapabilityStatement', async () => {
    const { status, body } = await get('metadata');
    expect(status).toBe(200);
    expect(body.resourceType).toBe('CapabilityStatement');
    expect(body.fhirVersion).toBe('4.0.1');
  });

  it('pages with next links until every match was returned once', async () => {
    const seen = new Set<string>();
    let url: string | undefined = `${BASE}/Observation?patient=c0&_sort=-date&_count=120`;
    let pages = 0;
    let total = 0;
    while (url) {
      const res = await app.fetch(new Request(url));
      const b = (await res.json()) as Bundle;
      total = b.total ?? 0;
      for (const e of b.entry ?? []) seen.add(e.resource!.id!);
      url = b.link?.find((l) => l.relation === 'next')?.url;
      pages++;
    }
    expect(seen.size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 120));
  });

  it('answers a search after a write with the write, though its pages were kept', async () => {
    // The repository keeps a search's ordered matches for its next pages until the next write.
    const q = 'Observation?patient=Patient/c1&_sort=-date&_count=3';
    const before = await repo.search(parseSearchRequest(q));
    expect((await repo.search(parseSearchRequest(`${q}&_offset=3`))).total).toBe(before.total);
    const added = await repo.createResource<MedplumObservation>({
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '89247-1' }] },
      subject: { reference: 'Patient/c1' },
      effectiveDateTime: '2099-01-01',
    });
    const after = await repo.search(parseSearchRequest(q));
    expect(after.total).toBe(before.total! + 1);
    expect(after.entry![0]!.resource!.id).toBe(added.id);
    await repo.deleteResource('Observation', added.id);
    const gone = await repo.search(parseSearchRequest(q));
    expect(gone.total).toBe(before.total);
    expect(gone.entry!.map((e) => e.resource!.id)).toEqual(
      before.entry!.map((e) => e.resource!.id),
    );
  });
  it('applies a default page size and caps _count', async () => {
    expect((await get('Observation?patient=c0')).body.entry).toHaveLength(50);
    const capped = createFhirApp({
      basePath: '/fhir/R4',
      repo,
      capabilityStatement: () => capabilityStatement({ fhirBase: BASE }),
      maxPageSize: 10,
    });
    const b = (await (
      await capped.fetch(new Request(`${BASE}/Observation?patient=c0&_count=5000`))
    ).json()) as Bundle;
    expect(b.entry).toHaveLength(10);
  });

  it('refuses a body over the size limit with 413 and an OperationOutcome, and writes nothing', async () => {
    const small = createFhirApp({
      basePath: '/fhir/R4',
      repo,
      capabilityStatement: () => capabilityStatement({ fhirBase: BASE }),
      maxBodyBytes: 1_000,
    });
    const patient = JSON.stringify({
      resourceType: 'Patient',
      id: 'too-big',
      name: [{ text: 'x'.repeat(2_000) }],
    });
    const res = await small.fetch(
      new Request(`${BASE}/Patient/too-big`, {
        method: 'PUT',
        headers: {
          'content-type': 'application/fhir+json',
          'content-length': String(patient.length),
        },
        body: patient,
      }),
    );
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ code: 'too-costly' }],
    });
    expect((await small.fetch(new Request(`${BASE}/Patient/too-big`))).status).toBe(404);
  });

  const badCodes: Array<[string, string, unknown]> = [
    [
      'an Observation status outside its required value set',
      'Observation',
      {
        resourceType: 'Observation',
        status: 'not-a-status',
        code: { text: 'x' },
        subject: { reference: 'Patient/s01' },
      },
    ],
    [
      'a Quantity comparator outside its value set',
      'Observation',
      {
        resourceType: 'Observation',
        status: 'final',
        code: { text: 'x' },
        valueQuantity: { value: 1, comparator: 'about' },
      },
    ],
    [
      'a bad comparator inside a component',
      'Observation',
      {
        resourceType: 'Observation',
        status: 'final',
        code: { text: 'x' },
        component: [{ code: { text: 'y' }, valueQuantity: { value: 1, comparator: '~' } }],
      },
    ],
    [
      'a Patient gender outside its value set',
      'Patient',
      { resourceType: 'Patient', gender: 'robot' },
    ],
    [
      'the same inside a transaction',
      '',
      {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          {
            resource: { resourceType: 'Patient', gender: 'robot' },
            request: { method: 'POST', url: 'Patient' },
          },
        ],
      },
    ],
  ];
  it.each(badCodes)(
    'refuses %s with 400 and the path, and writes nothing',
    async (_n, path, resource) => {
      const stored = async () =>
        (await get('Patient?_count=1')).body.total! +
        (await get('Observation?_count=1')).body.total!;
      const before = await stored();
      const res = await app.fetch(
        new Request(`${BASE}/${path}`, {
          method: 'POST',
          body: JSON.stringify(resource),
          headers: { 'content-type': 'application/fhir+json' },
        }),
      );
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        resourceType: 'OperationOutcome',
        issue: [
          { code: 'code-invalid', expression: [expect.stringMatching(/status|comparator|gender/)] },
        ],
      });
      expect(await stored()).toBe(before);
    },
  );

  it('accepts every scenario resource as valid against the required bindings', async () => {
    const { requiredBindingIssues } = await import('../../sandbox/fhir/required-bindings.js');
    const { readdirSync, readFileSync } = await import('node:fs');
    const issues = readdirSync('fixtures/scenarios').flatMap((f) =>
      (JSON.parse(readFileSync(`fixtures/scenarios/${f}`, 'utf8')) as Bundle).entry!.flatMap((e) =>
        requiredBindingIssues(e.resource!),
      ),
    );
    expect(issues).toEqual([]);
  });

  it('accepts bare patient ids and sorts newest first', async () => {
    const { body } = await get(
      'Observation?patient=c1&code=http://loinc.org|89243-0&_sort=-date&_count=3',
    );
    const dates = body.entry!.map((e) => (e.resource as Observation).effectiveDateTime!);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(body.entry![0]!.fullUrl).toMatch(/^http:\/\/fhir\.test\/fhir\/R4\/Observation\//);
  });

  it('creates conditionally: the second identical create returns the first resource', async () => {
    const obs: Observation = {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'probe' },
      subject: { reference: 'Patient/s01' },
      identifier: [{ system: 'urn:test', value: 'cc-1' }],
    };
    const post = () =>
      app.fetch(
        new Request(`${BASE}/Observation`, {
          method: 'POST',
          body: JSON.stringify(obs),
          headers: {
            'content-type': 'application/fhir+json',
            'if-none-exist': 'identifier=urn:test|cc-1',
          },
        }),
      );
    const first = await post();
    expect(first.status).toBe(201);
    expect(first.headers.get('location')).toMatch(/Observation\/[^/]+\/_history\//);
    const second = await post();
    expect(second.status).toBe(200);
    expect(((await second.json()) as Observation).id).toBe(
      ((await first.json()) as Observation).id,
    );
    expect((await get('Observation?identifier=urn:test|cc-1')).body.total).toBe(1);
  });

  it('runs transactions with urn:uuid references', async () => {
    const patient: Patient = { resourceType: 'Patient', name: [{ family: 'Txn' }] };
    const obs: Observation = {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 't' },
      subject: { reference: 'urn:uuid:0b3a2f3e-0000-4000-8000-000000000001' },
    };
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:0b3a2f3e-0000-4000-8000-000000000001',
          resource: patient,
          request: { method: 'POST', url: 'Patient' },
        },
        { resource: obs, request: { method: 'POST', url: 'Observation' } },
      ],
    };
    const res = await app.fetch(
      new Request(`${BASE}/`, { method: 'POST', body: JSON.stringify(bundle) }),
    );
    expect(res.status).toBe(200);
    const out = (await res.json()) as Bundle;
    expect(out.type).toBe('transaction-response');
    const pid = out.entry![0]!.response!.location!.split('/')[1];
    expect((await get(`Observation?patient=${pid}`)).body.total).toBe(1);
  });

  it.each([
    ['invalid resource', { resourceType: 'Observation', foo: 1 }, 400],
    [
      'wrong type of value',
      {
        resourceType: 'Observation',
        status: 'final',
        code: { text: 'x' },
        valueQuantity: { value: '5' },
      },
      400,
    ],
  ])('refuses %s and stores nothing', async (_n, body, status) => {
    const before = (await get('Observation?_count=0')).body.total;
    const res = await app.fetch(
      new Request(`${BASE}/Observation`, { method: 'POST', body: JSON.stringify(body) }),
    );
    expect(res.status).toBe(status);
    expect(((await res.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
    expect((await get('Observation?_count=0')).body.total).toBe(before);
  });

  it.each(['{not json', '[]', '"x"'])(
    'answers bad bodies with 4xx, never 5xx: %s',
    async (body) => {
      const res = await app.fetch(new Request(`${BASE}/Observation`, { method: 'POST', body }));
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    },
  );

  it('answers unknown types and ids with 4xx', async () => {
    expect((await get('Nonsense/1')).status).toBeLessThan(500);
    expect((await get('Observation/does-not-exist')).status).toBe(404);
  });
});
