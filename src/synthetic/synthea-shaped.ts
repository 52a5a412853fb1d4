import type { Bundle, BundleEntry, Resource } from 'fhir/r4';
import { LOINC, SYSTEMS } from '../terminology/systems.js';

/**
 * Charts shaped as Synthea and EHR exports write them, not as our builders do: urn:uuid references
 * in a transaction Bundle, Organization / Practitioner / Encounter context, a `deceasedDateTime`,
 * labs as components of a panel (newer than a stand-alone value), a decimal pain NRS, an amended
 * and an entered-in-error result, a dataAbsentReason, SNOMED "metastasis from … of prostate".
 * `nonUcum` adds a lab in a unit that is not UCUM (to be refused, never guessed).
 */
export interface SyntheaShapeOptions {
  id: string;
  deceased?: string;
  nonUcum?: boolean;
  reference: string;
}

const uuid = (id: string, n: number) =>
  `urn:uuid:${id.padEnd(8, '0').slice(0, 8)}-0000-4000-8000-${String(n).padStart(12, '0')}`;

export function syntheaShapedBundle(o: SyntheaShapeOptions): Bundle {
  const entries: BundleEntry[] = [];
  let n = 0;
  const add = (r: Resource): string => {
    const fullUrl = uuid(o.id, ++n);
    // Synthea gives each resource the id of its urn:uuid and references it by the urn.
    entries.push({
      fullUrl,
      resource: { ...r, id: fullUrl.slice('urn:uuid:'.length) },
      request: { method: 'POST', url: r.resourceType },
    });
    return fullUrl;
  };
  const day = (d: number) =>
    new Date(Date.parse(`${o.reference}T10:00:00Z`) - d * 86_400_000)
      .toISOString()
      .replace('.000Z', 'Z');
  const org = add({
    resourceType: 'Organization',
    name: 'Synthetic General Hospital',
    identifier: [{ system: 'https://github.com/synthetichealth/synthea', value: `org-${o.id}` }],
  } as Resource);
  const pract = add({
    resourceType: 'Practitioner',
    name: [{ family: 'Osler', given: ['Ada'], prefix: ['Dr.'] }],
    identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '9999999999' }],
  } as Resource);
  const pat = add({
    resourceType: 'Patient',
    name: [{ use: 'official', family: `Shaped${o.id}`, given: ['Synthetic'] }],
    gender: 'male',
    birthDate: '1950-04-02',
    ...(o.deceased ? { deceasedDateTime: o.deceased } : {}),
    managingOrganization: { reference: org },
  } as Resource);
  const subject = { reference: pat };
  const enc = add({
    resourceType: 'Encounter',
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    subject,
    participant: [{ individual: { reference: pract } }],
    serviceProvider: { reference: org },
    period: { start: day(10), end: day(10) },
  } as Resource);
  const active = {
    coding: [
      { system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' },
    ],
  };
  const confirmed = {
    coding: [
      { system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' },
    ],
  };
  add({
    resourceType: 'Condition',
    clinicalStatus: active,
    verificationStatus: confirmed,
    subject,
    encounter: { reference: enc },
    onsetDateTime: day(700),
    code: {
      coding: [
        {
          system: SYSTEMS.snomed,
          code: '399068003',
          display: 'Malignant tumor of prostate (disorder)',
        },
      ],
      text: 'Malignant tumor of prostate (disorder)',
    },
  } as Resource);
  add({
    resourceType: 'Condition',
    clinicalStatus: active,
    verificationStatus: confirmed,
    subject,
    encounter: { reference: enc },
    onsetDateTime: day(60),
    code: {
      coding: [
        {
          system: SYSTEMS.snomed,
          code: '314994000',
          display: 'Metastasis from malignant tumor of prostate (disorder)',
        },
      ],
      text: 'Metastasis from malignant tumor of prostate (disorder)',
    },
  } as Resource);
  add({
    resourceType: 'Condition',
    clinicalStatus: active,
    verificationStatus: confirmed,
    subject,
    onsetDateTime: day(30),
    code: {
      coding: [
        {
          system: SYSTEMS.icd10cm,
          code: 'C79.51',
          display: 'Secondary malignant neoplasm of bone',
        },
      ],
    },
    bodySite: [
      {
        coding: [
          {
            system: SYSTEMS.snomed,
            code: '55492004',
            display: 'Structure of third lumbar vertebra',
          },
        ],
        text: 'L3',
      },
    ],
  } as Resource);
  const lab = [
    {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/observation-category',
          code: 'laboratory',
        },
      ],
    },
  ];
  const survey = [
    {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey' },
      ],
    },
  ];
  const q = (value: number, code: string, unit = code) => ({
    value,
    unit,
    system: SYSTEMS.ucum,
    code,
  });
  // An older stand-alone calcium, then a newer chemistry panel carrying calcium and albumin as
  // components.
  add({
    resourceType: 'Observation',
    status: 'final',
    category: lab,
    subject,
    effectiveDateTime: day(90),
    code: {
      coding: [
        {
          system: SYSTEMS.loinc,
          code: LOINC.calciumMass,
          display: 'Calcium [Mass/volume] in Serum or Plasma',
        },
      ],
    },
    valueQuantity: q(9.1, 'mg/dL'),
  } as Resource);
  add({
    resourceType: 'Observation',
    status: 'final',
    category: lab,
    subject,
    encounter: { reference: enc },
    effectiveDateTime: day(10),
    issued: day(10),
    code: {
      coding: [
        {
          system: SYSTEMS.loinc,
          code: '24323-8',
          display: 'Comprehensive metabolic 2000 panel - Serum or Plasma',
        },
      ],
    },
    component: [
      {
        code: { coding: [{ system: SYSTEMS.loinc, code: LOINC.calciumMass, display: 'Calcium' }] },
        valueQuantity: q(11.2, 'mg/dL'),
      },
      {
        code: { coding: [{ system: SYSTEMS.loinc, code: LOINC.albumin, display: 'Albumin' }] },
        valueQuantity: q(3.1, 'g/dL'),
      },
    ],
  } as Resource);
  // Decimal pain NRS (an average), an amended ECOG, an entered-in-error ECOG, a Karnofsky without a
  // value.
  add({
    resourceType: 'Observation',
    status: 'final',
    category: survey,
    subject,
    effectiveDateTime: day(9),
    code: {
      coding: [
        {
          system: SYSTEMS.loinc,
          code: LOINC.painNrs,
          display: 'Pain severity - 0-10 verbal numeric rating',
        },
      ],
    },
    valueQuantity: { value: 6.5, unit: '{score}', system: SYSTEMS.ucum, code: '{score}' },
  } as Resource);
  add({
    resourceType: 'Observation',
    status: 'amended',
    category: survey,
    subject,
    effectiveDateTime: day(8),
    code: { coding: [{ system: SYSTEMS.loinc, code: LOINC.ecog }] },
    valueInteger: 2,
  } as Resource);
  add({
    resourceType: 'Observation',
    status: 'entered-in-error',
    category: survey,
    subject,
    effectiveDateTime: day(2),
    code: { coding: [{ system: SYSTEMS.loinc, code: LOINC.ecog }] },
    valueInteger: 4,
  } as Resource);
  add({
    resourceType: 'Observation',
    status: 'final',
    category: survey,
    subject,
    effectiveDateTime: day(8),
    code: { coding: [{ system: SYSTEMS.loinc, code: LOINC.karnofsky }] },
    dataAbsentReason: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason',
          code: 'asked-declined',
        },
      ],
    },
  } as Resource);
  if (o.nonUcum) {
    add({
      resourceType: 'Observation',
      status: 'final',
      category: lab,
      subject,
      effectiveDateTime: day(5),
      code: { coding: [{ system: SYSTEMS.loinc, code: LOINC.albumin }] },
      valueQuantity: { value: 3.4, unit: 'gm%' },
    } as Resource);
  }
  add({
    resourceType: 'Provenance',
    target: [{ reference: pat }],
    recorded: day(1),
    agent: [{ who: { reference: org } }],
  } as Resource);
  return { resourceType: 'Bundle', type: 'transaction', entry: entries };
}

/** The fixtures in fixtures/synthea-shaped/ (scripts/gen-scenarios.ts writes them). */
export const SYNTHEA_SHAPED: readonly SyntheaShapeOptions[] = [
  { id: 'sy01', reference: '2026-11-20' },
  { id: 'sy02', reference: '2026-11-20', deceased: '2026-11-12T08:30:00Z' },
  { id: 'sy03', reference: '2026-11-20', nonUcum: true },
];
