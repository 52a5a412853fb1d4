import { readFileSync } from 'node:fs';
import type { Bundle, Observation, Provenance } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import { ScopePolicy } from '../../sandbox/auth/access-policy.js';
import { capabilityStatement } from '../../sandbox/fhir/capability.js';
import { loadFhirDefinitions } from '../../sandbox/fhir/definitions.js';
import { createFhirApp } from '../../sandbox/fhir/fhir-app.js';
import { IndexedRepository } from '../../sandbox/fhir/indexed-repository.js';
import { loadBundle, SANDBOX_PRACTITIONER } from '../../sandbox/fhir/seed.js';
import { parseScopes } from '../../src/smart/scopes.js';

/**
 * The sandbox FHIR server's access control as a matrix: every interaction × the launch patient's
 * or another patient's resource × each kind of scope. A refusal must change nothing in the store,
 * and nothing of another patient may come back. Token signing is covered in smart-auth.test.ts;
 * here the policy a token resolves to is given directly.
 */
const BASE = 'http://fhir.test/fhir/R4';
const OWN = 's01-obs-4'; // survey (ECOG)
const OWN_LAB = 's01-obs-17';
const OTHER = 's02-obs-3';
const OTHER_LAB = 's02-obs-18';
const LAB = 'http://terminology.hl7.org/CodeSystem/observation-category|laboratory';
const ENCOUNTER_DX = 'http://terminology.hl7.org/CodeSystem/condition-category|encounter-diagnosis';
const SCOPES = {
  patientAll: 'patient/*.cruds',
  patientRead: 'patient/Observation.rs patient/Patient.rs',
  patientLab: `patient/Observation.cruds?category=${LAB}`,
  user: 'user/*.cruds',
  userPractitioner: 'user/*.cruds user/Practitioner.u',
  // Every Patient, but only encounter-diagnosis Conditions (the scenarios' are problem-list items).
  userHiddenConditions: `user/Patient.rs user/Condition.rs?category=${ENCOUNTER_DX}`,
} as const;
type ScopeKind = keyof typeof SCOPES;

let bundles: Bundle[];
beforeAll(() => {
  loadFhirDefinitions();
  bundles = ['s01-ctj-lung-cord-compression', 's02-thyroid-solitary-t10'].map(
    (f) => JSON.parse(readFileSync(`fixtures/scenarios/${f}.json`, 'utf8')) as Bundle,
  );
});

async function server(kind: ScopeKind) {
  const repo = new IndexedRepository();
  for (const b of bundles) await loadBundle(repo, b);
  // Provenance about the launch patient's, the other patient's, and both patients' resources.
  for (const [id, targets] of [
    ['prov-own', [OWN]],
    ['prov-other', [OTHER]],
    ['prov-both', [OWN, OTHER]],
  ] as const) {
    await repo.updateResource(provenance(id, targets) as never);
  }
  await repo.updateResource(SANDBOX_PRACTITIONER as never);
  const policy = new ScopePolicy(
    parseScopes(SCOPES[kind]),
    kind.startsWith('user') ? undefined : 's01',
  );
  const app = createFhirApp({
    basePath: '/fhir/R4',
    repo,
    capabilityStatement: () => capabilityStatement({ fhirBase: BASE }),
    authorize: async () => policy,
  });
  const snapshot = async () => {
    const out: unknown[] = [];
    for (const type of [
      'Patient',
      'Observation',
      'Condition',
      'MedicationRequest',
      'Provenance',
      'Practitioner',
      'Organization',
    ])
      out.push((await repo.search({ resourceType: type as 'Patient' })).entry);
    return JSON.stringify(out);
  };
  return { app, snapshot, repo };
}

const obs = (
  id: string | undefined,
  patient: string,
  category = 'survey',
  status = 'final',
): Observation => ({
  resourceType: 'Observation',
  ...(id ? { id } : {}),
  status: status as 'final',
  category: [
    {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: category },
      ],
    },
  ],
  code: { coding: [{ system: 'http://loinc.org', code: '89247-1' }] },
  subject: { reference: `Patient/${patient}` },
  valueInteger: 2,
});
const tx = (type: 'batch' | 'transaction', entry: unknown[]) => ({
  resourceType: 'Bundle',
  type,
  entry,
});
const provenance = (id: string | undefined, targets: readonly string[]): Provenance => ({
  resourceType: 'Provenance',
  ...(id ? { id } : {}),
  target: targets.map((t) => ({ reference: /[/:]/.test(t) ? t : `Observation/${t}` })),
  recorded: '2026-11-20T10:00:00Z',
  agent: [{ who: { reference: 'Practitioner/x' } }],
});
/** A JSON Patch carried in a Bundle entry as a Binary or as FHIRPath Patch Parameters. */
const binaryPatch = (ops: unknown[]) => ({
  resourceType: 'Binary',
  contentType: 'application/json-patch+json',
  data: Buffer.from(JSON.stringify(ops)).toString('base64'),
});
const parametersPatch = (path: string, value: unknown) => ({
  resourceType: 'Parameters',
  parameter: [
    {
      name: 'operation',
      part: [
        { name: 'op', valueCode: 'replace' },
        { name: 'path', valueString: path },
        { name: 'value', valueString: JSON.stringify(value) },
      ],
    },
  ],
});
const toOther = [{ op: 'replace', path: '/subject/reference', value: 'Patient/s02' }];
const patchEntry = (type: 'batch' | 'transaction', id: string, resource: unknown) =>
  tx(type, [{ resource, request: { method: 'PATCH', url: `Observation/${id}` } }]);
const ifNoneExist = (condition: string) => ({ 'if-none-exist': condition });

type Row = [ScopeKind, string, string, string, unknown, number, Record<string, string>?];
const ROWS: Row[] = [
  // patient/*.cruds for s01
  ['patientAll', 'read own', 'GET', `Observation/${OWN}`, undefined, 200],
  ['patientAll', 'read other', 'GET', `Observation/${OTHER}`, undefined, 403],
  ['patientAll', 'vread own', 'GET', `Observation/${OWN}/_history/{vid}`, undefined, 200],
  ['patientAll', 'vread other', 'GET', `Observation/${OTHER}/_history/{vid}`, undefined, 403],
  ['patientAll', 'history own', 'GET', `Observation/${OWN}/_history`, undefined, 200],
  ['patientAll', 'history other', 'GET', `Observation/${OTHER}/_history`, undefined, 403],
  ['patientAll', 'type history', 'GET', 'Observation/_history', undefined, 403],
  ['patientAll', 'system history', 'GET', '_history', undefined, 403],
  ['patientAll', 'search own', 'GET', 'Observation?patient=s01', undefined, 200],
  [
    'patientAll',
    'search own (absolute reference)',
    'GET',
    `Observation?subject=${encodeURIComponent(`${BASE}/Patient/s01`)}`,
    undefined,
    200,
  ],
  ['patientAll', 'search other', 'GET', 'Observation?patient=s02', undefined, 403],
  ['patientAll', 'search own OR other', 'GET', 'Observation?patient=s01,s02', undefined, 403],
  [
    'patientAll',
    'search with an encoded list ending in own',
    'GET',
    'Observation?patient=Patient%2Fs02%2Cx%2FPatient%2Fs01',
    undefined,
    403,
  ],
  [
    'patientAll',
    'search own AND other',
    'GET',
    'Observation?patient=s01&patient=s02',
    undefined,
    403,
  ],
  ['patientAll', 'search without patient', 'GET', 'Observation?code=89243-0', undefined, 403],
  ['patientAll', 'chained search', 'GET', 'Observation?patient=s01&subject.name=x', undefined, 403],
  [
    'patientAll',
    'reverse chain',
    'GET',
    'Patient?_id=s01&_has:Observation:patient:code=89243-0',
    undefined,
    403,
  ],
  [
    'patientAll',
    '_include of own',
    'GET',
    'Observation?patient=s01&_include=Observation:subject',
    undefined,
    200,
  ],
  [
    'patientAll',
    '_revinclude onto own',
    'GET',
    'Patient?_id=s01&_revinclude=Observation:subject',
    undefined,
    200,
  ],
  [
    'patientLab',
    '_revinclude onto own (lab only)',
    'GET',
    'Patient?_id=s01&_revinclude=Observation:subject',
    undefined,
    403,
  ],
  ['patientAll', 'Patient search own', 'GET', 'Patient?_id=s01', undefined, 200],
  ['patientAll', 'Patient search own OR other', 'GET', 'Patient?_id=s01,s02', undefined, 403],
  ['patientAll', 'read other Patient', 'GET', 'Patient/s02', undefined, 403],
  ['patientAll', 'create own', 'POST', 'Observation', obs(undefined, 's01'), 201],
  ['patientAll', 'create other', 'POST', 'Observation', obs(undefined, 's02'), 403],
  [
    'patientAll',
    'update own',
    'PUT',
    `Observation/${OWN}`,
    obs(OWN, 's01', 'survey', 'amended'),
    200,
  ],
  [
    'patientAll',
    'update own onto other patient',
    'PUT',
    `Observation/${OWN}`,
    obs(OWN, 's02'),
    403,
  ],
  [
    'patientAll',
    'update other onto own patient',
    'PUT',
    `Observation/${OTHER}`,
    obs(OTHER, 's01'),
    403,
  ],
  [
    'patientAll',
    'update other',
    'PUT',
    `Observation/${OTHER}`,
    obs(OTHER, 's02', 'survey', 'amended'),
    403,
  ],
  [
    'patientAll',
    'conditional update',
    'PUT',
    'Observation?code=89247-1',
    obs(undefined, 's01'),
    403,
  ],
  [
    'patientAll',
    'patch own',
    'PATCH',
    `Observation/${OWN}`,
    [{ op: 'replace', path: '/status', value: 'amended' }],
    200,
  ],
  [
    'patientAll',
    'patch own onto other patient',
    'PATCH',
    `Observation/${OWN}`,
    [{ op: 'replace', path: '/subject/reference', value: 'Patient/s02' }],
    403,
  ],
  [
    'patientAll',
    'patch other',
    'PATCH',
    `Observation/${OTHER}`,
    [{ op: 'replace', path: '/status', value: 'amended' }],
    403,
  ],
  ['patientAll', 'delete own', 'DELETE', `Observation/${OWN}`, undefined, 200],
  ['patientAll', 'delete other', 'DELETE', `Observation/${OTHER}`, undefined, 403],
  ['patientAll', 'conditional delete', 'DELETE', 'Observation?code=89243-0', undefined, 403],
  [
    'patientAll',
    'Provenance about own',
    'POST',
    'Provenance',
    {
      resourceType: 'Provenance',
      target: [{ reference: `Observation/${OWN}` }],
      recorded: '2026-11-20T10:00:00Z',
      agent: [{ who: { reference: 'Practitioner/x' } }],
    },
    201,
  ],
  [
    'patientAll',
    'Provenance about other',
    'POST',
    'Provenance',
    {
      resourceType: 'Provenance',
      target: [{ reference: `Observation/${OTHER}` }],
      recorded: '2026-11-20T10:00:00Z',
      agent: [{ who: { reference: 'Practitioner/x' } }],
    },
    403,
  ],
  [
    'patientAll',
    'batch read own',
    'POST',
    '',
    tx('batch', [{ request: { method: 'GET', url: `Observation/${OWN}` } }]),
    200,
  ],
  [
    'patientAll',
    'batch read other',
    'POST',
    '',
    tx('batch', [{ request: { method: 'GET', url: `Observation/${OTHER}` } }]),
    403,
  ],
  [
    'patientAll',
    'batch history other',
    'POST',
    '',
    tx('batch', [{ request: { method: 'GET', url: `Observation/${OTHER}/_history` } }]),
    403,
  ],
  [
    'patientAll',
    'batch search other',
    'POST',
    '',
    tx('batch', [{ request: { method: 'GET', url: 'Observation?patient=s02' } }]),
    403,
  ],
  [
    'patientAll',
    'transaction create own',
    'POST',
    '',
    tx('transaction', [
      { resource: obs(undefined, 's01'), request: { method: 'POST', url: 'Observation' } },
    ]),
    200,
  ],
  [
    'patientAll',
    'transaction create own, delete other',
    'POST',
    '',
    tx('transaction', [
      { resource: obs(undefined, 's01'), request: { method: 'POST', url: 'Observation' } },
      { request: { method: 'DELETE', url: `Observation/${OTHER}` } },
    ]),
    403,
  ],
  [
    'patientAll',
    'transaction update other onto own',
    'POST',
    '',
    tx('transaction', [
      { resource: obs(OTHER, 's01'), request: { method: 'PUT', url: `Observation/${OTHER}` } },
    ]),
    403,
  ],
  [
    'patientAll',
    'transaction patch other',
    'POST',
    '',
    tx('transaction', [
      {
        resource: {
          resourceType: 'Binary',
          contentType: 'application/json-patch+json',
          data: Buffer.from('[{"op":"replace","path":"/status","value":"amended"}]').toString(
            'base64',
          ),
        },
        request: { method: 'PATCH', url: `Observation/${OTHER}` },
      },
    ]),
    403,
  ],
  // Routes around the policy (issue #22): Bundle PATCH entries, conditional creates, Provenance,
  // shared types
  [
    'patientAll',
    'transaction Binary patch own onto other patient',
    'POST',
    '',
    patchEntry('transaction', OWN, binaryPatch(toOther)),
    403,
  ],
  [
    'patientAll',
    'batch Binary patch own onto other patient',
    'POST',
    '',
    patchEntry('batch', OWN, binaryPatch(toOther)),
    403,
  ],
  [
    'patientAll',
    'transaction Parameters patch own onto other patient',
    'POST',
    '',
    patchEntry('transaction', OWN, parametersPatch('/subject/reference', 'Patient/s02')),
    403,
  ],
  [
    'patientAll',
    'transaction JSON patch own onto other patient (list as the body)',
    'POST',
    '',
    patchEntry('transaction', OWN, toOther),
    400,
  ],
  [
    'patientAll',
    'transaction Binary patch own',
    'POST',
    '',
    patchEntry(
      'transaction',
      OWN,
      binaryPatch([{ op: 'replace', path: '/status', value: 'amended' }]),
    ),
    200,
  ],
  [
    'patientLab',
    'transaction Binary patch own lab into survey',
    'POST',
    '',
    patchEntry(
      'transaction',
      OWN_LAB,
      binaryPatch([{ op: 'replace', path: '/category/0/coding/0/code', value: 'survey' }]),
    ),
    403,
  ],
  [
    'patientAll',
    'conditional create matching other Observation',
    'POST',
    'Observation',
    obs(undefined, 's01'),
    412,
    ifNoneExist(`_id=${OTHER}`),
  ],
  [
    'patientAll',
    'conditional create matching other Condition',
    'POST',
    'Condition',
    { resourceType: 'Condition', subject: { reference: 'Patient/s01' }, code: { text: 'x' } },
    412,
    ifNoneExist('_id=s02-cond-1'),
  ],
  [
    'patientAll',
    'conditional create matching own (no change)',
    'POST',
    'Observation',
    obs(undefined, 's01'),
    200,
    ifNoneExist(`_id=${OWN}`),
  ],
  [
    'patientAll',
    'conditional create matching nothing',
    'POST',
    'Observation',
    obs(undefined, 's01'),
    201,
    ifNoneExist('_id=nothing-here'),
  ],
  [
    'patientLab',
    'conditional create matching own survey',
    'POST',
    'Observation',
    obs(undefined, 's01', 'laboratory'),
    412,
    ifNoneExist(`_id=${OWN}`),
  ],
  [
    'patientAll',
    'transaction conditional create matching other',
    'POST',
    '',
    tx('transaction', [
      {
        resource: obs(undefined, 's01'),
        request: { method: 'POST', url: 'Observation', ifNoneExist: `_id=${OTHER}` },
      },
    ]),
    412,
  ],
  [
    'patientAll',
    'conditional patch',
    'PATCH',
    'Observation?code=89247-1',
    [{ op: 'replace', path: '/status', value: 'amended' }],
    403,
  ],
  [
    'patientAll',
    'search other in a POST _search body',
    'POST',
    'Observation/_search?patient=s01',
    { patient: 'Patient/s02' },
    403,
  ],
  [
    'patientAll',
    'create a Patient with the launch patient id',
    'POST',
    'Patient',
    { resourceType: 'Patient', id: 's01' },
    403,
  ],
  ['patientAll', 'read Provenance about own', 'GET', 'Provenance/prov-own', undefined, 200],
  ['patientAll', 'read Provenance about other', 'GET', 'Provenance/prov-other', undefined, 403],
  [
    'patientAll',
    'read Provenance about own and other',
    'GET',
    'Provenance/prov-both',
    undefined,
    403,
  ],
  [
    'patientAll',
    'history of Provenance about other',
    'GET',
    'Provenance/prov-other/_history',
    undefined,
    403,
  ],
  [
    'patientAll',
    'update Provenance about other onto own',
    'PUT',
    'Provenance/prov-other',
    provenance('prov-other', [OWN]),
    403,
  ],
  [
    'patientAll',
    'patch Provenance about other onto own',
    'PATCH',
    'Provenance/prov-other',
    [{ op: 'replace', path: '/target/0/reference', value: `Observation/${OWN}` }],
    403,
  ],
  [
    'patientAll',
    'patch Provenance about own onto other',
    'PATCH',
    'Provenance/prov-own',
    [{ op: 'add', path: '/target/-', value: { reference: `Observation/${OTHER}` } }],
    403,
  ],
  [
    'patientAll',
    'delete Provenance about other',
    'DELETE',
    'Provenance/prov-other',
    undefined,
    403,
  ],
  [
    'patientAll',
    'delete Provenance about own and other',
    'DELETE',
    'Provenance/prov-both',
    undefined,
    403,
  ],
  [
    'patientAll',
    'forge Provenance about other with a PUT create',
    'PUT',
    'Provenance/forged',
    provenance('forged', [OTHER]),
    403,
  ],
  [
    'patientAll',
    'create Provenance about own and other',
    'POST',
    'Provenance',
    provenance(undefined, [OWN, OTHER]),
    403,
  ],
  [
    'patientAll',
    'create Provenance about own Patient',
    'POST',
    'Provenance',
    provenance(undefined, ['Patient/s01']),
    201,
  ],
  [
    'patientAll',
    'transaction: own Observation and its Provenance (writeback)',
    'POST',
    '',
    tx('transaction', [
      {
        fullUrl: 'urn:uuid:7f0c2a1e-0000-4000-8000-000000000001',
        resource: obs(undefined, 's01'),
        request: { method: 'POST', url: 'Observation' },
      },
      {
        resource: provenance(undefined, ['urn:uuid:7f0c2a1e-0000-4000-8000-000000000001']),
        request: { method: 'POST', url: 'Provenance' },
      },
    ]),
    200,
  ],
  [
    'patientAll',
    'transaction: other Observation by urn:uuid in a Provenance',
    'POST',
    '',
    tx('transaction', [
      {
        fullUrl: 'urn:uuid:7f0c2a1e-0000-4000-8000-000000000002',
        resource: obs(undefined, 's02'),
        request: { method: 'POST', url: 'Observation' },
      },
      {
        resource: provenance(undefined, ['urn:uuid:7f0c2a1e-0000-4000-8000-000000000002']),
        request: { method: 'POST', url: 'Provenance' },
      },
    ]),
    403,
  ],
  [
    'patientAll',
    'read the shared Practitioner',
    'GET',
    'Practitioner/sandbox-surgeon',
    undefined,
    200,
  ],
  [
    'patientAll',
    'rename the shared Practitioner',
    'PUT',
    'Practitioner/sandbox-surgeon',
    { ...SANDBOX_PRACTITIONER, name: [{ family: 'Renamed' }] },
    403,
  ],
  [
    'patientAll',
    'create an Organization',
    'POST',
    'Organization',
    { resourceType: 'Organization', name: 'x' },
    403,
  ],
  [
    'patientAll',
    'transaction creating an Organization',
    'POST',
    '',
    tx('transaction', [
      {
        resource: { resourceType: 'Organization', name: 'x' },
        request: { method: 'POST', url: 'Organization' },
      },
    ]),
    403,
  ],
  [
    'user',
    'rename the shared Practitioner',
    'PUT',
    'Practitioner/sandbox-surgeon',
    { ...SANDBOX_PRACTITIONER, name: [{ family: 'Renamed' }] },
    403,
  ],
  [
    'user',
    'create an Organization',
    'POST',
    'Organization',
    { resourceType: 'Organization', name: 'x' },
    403,
  ],
  [
    'userPractitioner',
    'rename the shared Practitioner (scope names the type)',
    'PUT',
    'Practitioner/sandbox-surgeon',
    { ...SANDBOX_PRACTITIONER, name: [{ family: 'Renamed' }] },
    200,
  ],
  ['user', 'read Provenance about other', 'GET', 'Provenance/prov-other', undefined, 200],
  [
    'user',
    'conditional create matching other (visible)',
    'POST',
    'Observation',
    obs(undefined, 's02'),
    200,
    ifNoneExist(`_id=${OTHER}`),
  ],
  // patient/Observation.rs, patient/Patient.rs
  ['patientRead', 'read own', 'GET', `Observation/${OWN}`, undefined, 200],
  ['patientRead', 'read other', 'GET', `Observation/${OTHER}`, undefined, 403],
  ['patientRead', 'create own', 'POST', 'Observation', obs(undefined, 's01'), 403],
  [
    'patientRead',
    'update own',
    'PUT',
    `Observation/${OWN}`,
    obs(OWN, 's01', 'survey', 'amended'),
    403,
  ],
  [
    'patientRead',
    'patch own',
    'PATCH',
    `Observation/${OWN}`,
    [{ op: 'replace', path: '/status', value: 'amended' }],
    403,
  ],
  ['patientRead', 'delete own', 'DELETE', `Observation/${OWN}`, undefined, 403],
  [
    'patientRead',
    'search own conditions (no scope)',
    'GET',
    'Condition?patient=s01',
    undefined,
    403,
  ],
  // patient/Observation.cruds?category=…|laboratory
  ['patientLab', 'read own lab', 'GET', `Observation/${OWN_LAB}`, undefined, 200],
  ['patientLab', 'read own survey', 'GET', `Observation/${OWN}`, undefined, 403],
  ['patientLab', 'read other lab', 'GET', `Observation/${OTHER_LAB}`, undefined, 403],
  ['patientLab', 'search own', 'GET', 'Observation?patient=s01', undefined, 200],
  ['patientLab', 'create own lab', 'POST', 'Observation', obs(undefined, 's01', 'laboratory'), 201],
  ['patientLab', 'create own survey', 'POST', 'Observation', obs(undefined, 's01', 'survey'), 403],
  [
    'patientLab',
    'patch own lab into survey',
    'PATCH',
    `Observation/${OWN_LAB}`,
    [{ op: 'replace', path: '/category/0/coding/0/code', value: 'survey' }],
    403,
  ],
  ['patientLab', 'delete own survey', 'DELETE', `Observation/${OWN}`, undefined, 403],
  ['patientLab', 'delete own lab', 'DELETE', `Observation/${OWN_LAB}`, undefined, 200],
  // user/*.cruds: not confined to a patient
  ['user', 'read other', 'GET', `Observation/${OTHER}`, undefined, 200],
  ['user', 'search other', 'GET', 'Observation?patient=s02', undefined, 200],
  ['user', 'history other', 'GET', `Observation/${OTHER}/_history`, undefined, 200],
  [
    'user',
    'update other',
    'PUT',
    `Observation/${OTHER}`,
    obs(OTHER, 's02', 'survey', 'amended'),
    200,
  ],
];

describe('compartment and scope matrix (sandbox FHIR server)', () => {
  it.each(ROWS)('%s: %s', async (kind, label, method, path, body, status, extra) => {
    const { app, snapshot, repo } = await server(kind);
    if (path.includes('{vid}'))
      path = path.replace(
        '{vid}',
        (await repo.readResource('Observation', path.split('/')[1]!)).meta!.versionId!,
      );
    const before = await snapshot();
    const headers: Record<string, string> = {
      'content-type': method === 'PATCH' ? 'application/json-patch+json' : 'application/fhir+json',
      ...extra,
    };
    const res = await app.fetch(
      new Request(`${BASE}/${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }),
    );
    const text = await res.text();
    expect(res.status, text.slice(0, 300)).toBe(status);
    const after = await snapshot();
    // A refusal, a read, a search or a conditional create that matched changes nothing.
    const unchanged =
      status >= 400 ||
      method === 'GET' ||
      label.startsWith('batch') ||
      label.includes('_search') ||
      (!!extra?.['if-none-exist'] && status === 200);
    if (unchanged) expect(after).toBe(before);
    else expect(after).not.toBe(before);
    if (!kind.startsWith('user')) {
      // Nothing of the other patient comes back, whatever the answer.
      expect(text).not.toContain('s02-');
      expect(text).not.toContain('Patient/s02');
    }
    if (kind === 'patientLab' && status === 200 && method === 'GET')
      expect(text).not.toContain('"code":"survey"');
    // A search total counting hidden resources would tell what the token may not see.
    if (kind === 'patientLab' && method === 'GET' && path.includes('?') && status === 200)
      expect(JSON.parse(text)).not.toHaveProperty('total');
  });
});

describe('_include under restricted scopes', () => {
  it('an included Patient comes only with a match the token may see (no hint of hidden ones)', async () => {
    for (const [kind, patients] of [
      ['userHiddenConditions', []],
      ['user', ['Patient/s01', 'Patient/s02']],
    ] as const) {
      const { app } = await server(kind);
      const res = await app.fetch(new Request(`${BASE}/Condition?_include=Condition:patient`));
      expect(res.status).toBe(200);
      const body = (await res.json()) as Bundle;
      const included = (body.entry ?? []).filter((e) => e.search?.mode === 'include');
      expect(included.map((e) => `Patient/${e.resource!.id}`).sort(), kind).toEqual(patients);
      if (kind === 'userHiddenConditions') expect(body.entry ?? []).toEqual([]);
    }
  });
});
