import type { Resource } from 'fhir/r4';
import { daysBefore } from './builders.js';

/**
 * What a hospital (or Synthea) export carries beside the clinical data the assessment reads: per
 * patient, encounters each with a Claim and an ExplanationOfBenefit, immunizations, diagnostic
 * reports (with their Observations contained, as labs send them) and clinical notes with a base64
 * body. In a Synthea export these are most of the bytes; the batch path never parses them.
 * ≈ 220 KB a patient with the default 24 encounters, twice the clinical data of a generated
 * patient.
 */
const SCT = 'http://snomed.info/sct';
const LOINC = 'http://loinc.org';
const CLAIM_TYPE = 'http://terminology.hl7.org/CodeSystem/claim-type';
const ADJUDICATION = 'http://terminology.hl7.org/CodeSystem/adjudication';
const ORG = { reference: 'Organization/synthetic-general', display: 'Synthetic General Hospital' };
const PRACTITIONER = { reference: 'Practitioner/osler', display: 'Dr. Ada Osler' };

const coding = (system: string, code: string, display: string) => ({
  coding: [{ system, code, display }],
  text: display,
});
const usd = (value: number) => ({ value, currency: 'USD' });

export function exportContext(i: number, reference: string, encounters = 24): Resource[] {
  const patient = { reference: `Patient/c${i}` };
  const out: Resource[] = [];
  for (let e = 0; e < encounters; e++) {
    const id = `c${i}-enc-${e}`;
    const day = daysBefore(reference, 10 + e * 23);
    const period = { start: `${day}T09:00:00Z`, end: `${day}T09:45:00Z` };
    const encounter = { reference: `Encounter/${id}` };
    out.push({
      resourceType: 'Encounter',
      id,
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
      type: [coding(SCT, '185349003', 'Encounter for check up (procedure)')],
      subject: patient,
      participant: [{ individual: PRACTITIONER, period }],
      period,
      serviceProvider: ORG,
      location: [{ location: { reference: 'Location/clinic', display: 'Oncology clinic' } }],
    } as Resource);
    const items = Array.from({ length: 4 }, (_, k) => ({
      sequence: k + 1,
      encounter: [encounter],
      productOrService: coding(SCT, String(410620009 + k), `Service line ${k + 1}`),
      net: usd(85.5 + k * 12.25),
    }));
    const type = coding(CLAIM_TYPE, 'professional', 'Professional');
    out.push({
      resourceType: 'Claim',
      id: `${id}-claim`,
      status: 'active',
      type,
      use: 'claim',
      patient,
      billablePeriod: period,
      created: period.end,
      provider: ORG,
      priority: {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/processpriority', code: 'normal' },
        ],
      },
      insurance: [{ sequence: 1, focal: true, coverage: { display: 'Medicare' } }],
      item: items,
      total: usd(456.75),
    } as Resource);
    out.push({
      resourceType: 'ExplanationOfBenefit',
      id: `${id}-eob`,
      status: 'active',
      type,
      use: 'claim',
      patient,
      billablePeriod: period,
      created: period.end,
      insurer: { display: 'Medicare' },
      provider: PRACTITIONER,
      facility: ORG,
      claim: { reference: `Claim/${id}-claim` },
      outcome: 'complete',
      careTeam: [
        {
          sequence: 1,
          provider: PRACTITIONER,
          role: coding(
            'http://terminology.hl7.org/CodeSystem/claimcareteamrole',
            'primary',
            'Primary provider',
          ),
        },
      ],
      insurance: [{ focal: true, coverage: { display: 'Medicare' } }],
      item: items.map((it) => ({
        ...it,
        servicedPeriod: period,
        locationCodeableConcept: coding(
          'http://terminology.hl7.org/CodeSystem/ex-serviceplace',
          '19',
          'Off Campus-Outpatient Hospital',
        ),
        adjudication: ['submitted', 'benefit', 'copay'].map((c, k) => ({
          category: coding(ADJUDICATION, c, c),
          amount: usd(it.net.value * (1 - k * 0.15)),
        })),
      })),
      total: [
        { category: coding(ADJUDICATION, 'submitted', 'Submitted Amount'), amount: usd(456.75) },
      ],
      payment: { amount: usd(365.4) },
    } as Resource);
  }
  for (let k = 0; k < 10; k++) {
    out.push({
      resourceType: 'Immunization',
      id: `c${i}-imm-${k}`,
      status: 'completed',
      patient,
      primarySource: true,
      vaccineCode: coding(
        'http://hl7.org/fhir/sid/cvx',
        '140',
        'Influenza, seasonal, injectable, preservative free',
      ),
      occurrenceDateTime: `${daysBefore(reference, 30 + k * 365)}T10:00:00Z`,
      location: { display: 'Oncology clinic' },
    } as Resource);
    // A lab report with its result contained: the contained Observation's `subject` is not the
    // line's.
    const day = daysBefore(reference, 20 + k * 40);
    out.push({
      resourceType: 'DiagnosticReport',
      id: `c${i}-dr-${k}`,
      status: 'final',
      category: [coding('http://terminology.hl7.org/CodeSystem/v2-0074', 'LAB', 'Laboratory')],
      code: coding(LOINC, '51990-0', 'Basic metabolic panel - Blood'),
      contained: [
        {
          resourceType: 'Observation',
          id: 'r1',
          status: 'final',
          code: coding(LOINC, '2339-0', 'Glucose'),
          subject: patient,
          valueQuantity: {
            value: 96,
            unit: 'mg/dL',
            system: 'http://unitsofmeasure.org',
            code: 'mg/dL',
          },
        },
      ],
      subject: patient,
      effectiveDateTime: `${day}T08:00:00Z`,
      issued: `${day}T12:00:00.000Z`,
      performer: [ORG],
      result: [{ reference: '#r1', display: 'Glucose' }],
    } as Resource);
  }
  for (let k = 0; k < 5; k++) {
    const note = (
      `Oncology follow-up ${k + 1}. Patient seen in clinic. Plan reviewed with the ` +
      `patient and family. `
    ).repeat(20);
    out.push({
      resourceType: 'DocumentReference',
      id: `c${i}-doc-${k}`,
      status: 'current',
      type: coding(LOINC, '34117-2', 'History and physical note'),
      subject: patient,
      date: `${daysBefore(reference, 15 + k * 60)}T11:00:00Z`,
      author: [PRACTITIONER],
      custodian: ORG,
      content: [
        {
          attachment: {
            contentType: 'text/plain; charset=utf-8',
            data: Buffer.from(note).toString('base64'),
          },
        },
      ],
    } as Resource);
  }
  return out;
}
