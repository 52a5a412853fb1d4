import type { CapabilityStatement, CapabilityStatementRestResource } from 'fhir/r4';

/** Resource types the sandbox serves, with the search parameters clients can rely on. */
const RESOURCES: Record<string, string[]> = {
  Patient: ['_id', 'identifier', 'name', 'family', 'given', 'birthdate', 'gender'],
  Condition: [
    'patient',
    'subject',
    'code',
    'category',
    'clinical-status',
    'verification-status',
    'onset-date',
    'recorded-date',
  ],
  Observation: ['patient', 'subject', 'code', 'category', 'date', 'status', 'identifier'],
  MedicationRequest: ['patient', 'subject', 'intent', 'status', 'code', 'authoredon'],
  MedicationStatement: ['patient', 'subject', 'status', 'code'],
  MedicationAdministration: ['patient', 'subject', 'status', 'code'],
  Procedure: ['patient', 'subject', 'code', 'date', 'status'],
  ServiceRequest: ['patient', 'subject', 'code', 'status', 'intent', 'authoredon'],
  Provenance: ['patient', 'target', 'recorded'],
  Encounter: ['patient', 'subject', 'date', 'status'],
  Practitioner: ['_id', 'identifier', 'name'],
  Medication: ['_id', 'code'],
};

const TYPES: Record<string, 'reference' | 'token' | 'date' | 'string'> = {
  patient: 'reference',
  subject: 'reference',
  target: 'reference',
  name: 'string',
  family: 'string',
  given: 'string',
  date: 'date',
  birthdate: 'date',
  'onset-date': 'date',
  'recorded-date': 'date',
  authoredon: 'date',
  recorded: 'date',
};

export function capabilityStatement(opts: {
  fhirBase: string;
  authorizeUrl?: string;
  tokenUrl?: string;
}): CapabilityStatement {
  const resource: CapabilityStatementRestResource[] = Object.entries(RESOURCES).map(
    ([type, params]) => ({
      type: type as CapabilityStatementRestResource['type'],
      interaction: [
        'read',
        'vread',
        'search-type',
        'create',
        'update',
        'delete',
        'history-instance',
      ].map((code) => ({ code: code as 'read' })),
      conditionalCreate: true,
      // The patient of each match, from the compartment index (search-index.ts).
      ...(params.includes('patient') ? { searchInclude: [`${type}:patient`] } : {}),
      searchParam: [...params, '_count', '_sort'].map((name) => ({
        name,
        type: TYPES[name] ?? (name === '_count' ? 'number' : name === '_sort' ? 'string' : 'token'),
      })),
    }),
  );
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-11-24',
    kind: 'instance',
    software: { name: 'spinescore sandbox FHIR server (Medplum fhir-router, in memory)' },
    implementation: {
      description: 'Development sandbox. Synthetic data only.',
      url: opts.fhirBase,
    },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        ...(opts.authorizeUrl && opts.tokenUrl
          ? {
              security: {
                service: [
                  {
                    coding: [
                      {
                        system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                        code: 'SMART-on-FHIR',
                      },
                    ],
                  },
                ],
                extension: [
                  {
                    url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
                    extension: [
                      { url: 'authorize', valueUri: opts.authorizeUrl },
                      { url: 'token', valueUri: opts.tokenUrl },
                    ],
                  },
                ],
              },
            }
          : {}),
        resource,
        interaction: [{ code: 'transaction' }, { code: 'batch' }],
      },
    ],
  };
}
