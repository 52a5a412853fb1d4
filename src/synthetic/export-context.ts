import type { Resource } from 'fhir/r4';
import { daysBefore } from './builders.js';

/**
 * What a hospital (or Synthea) export carries beside the clinical data the assessment reads: per
 * patient, encounters each with a Claim and an ExplanationOfBenefit, immunizations, diagnostic
 * reports (some with their Observations contained, as labs send them) and clinical notes with a
 * base64 body. In a Synthea export these are most of the bytes; the batch path never parses them.
 * ≈ 220 KB a patient with the default 24 encounters, twice the clinical data of a generated patient.
 */
export function exportContext(i: number, reference: string, encounters = 24): Resource[] {
  const patient = { reference: `Patient/c${i}` };
  const org = { reference: 'Organization/synthetic-general', display: 'Synthetic General Hospital' };
  const practitioner = { reference: 'Practitioner/osler', display: 'Dr. Ada Osler' };
  const out: Resource[] = [];
  const coding = (system: string, code: string, display: string) => ({ coding: [{ system, code, display }], text: display });
  const SCT = 'http://snomed.info/sct';
  for (let e = 0; e < encounters; e++) {
    const id = `c${i}-enc-${e}`;
    const start = `${daysBefore(reference, 10 + e * 23)}T09:00:00Z`;
    const end = `${daysBefore(reference, 10 + e * 23)}T09:45:00Z`;
    const encounter = { reference: `Encounter/${id}` };
    const type = coding(SCT, '185349003', 'Encounter for check up (procedure)');
    out.push({
      resourceType: 'Encounter', id, status: 'finished', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
      type: [type], subject: patient, participant: [{ individual: practitioner, period: { start, end } }], period: { start, end },
      serviceProvider: org, location: [{ location: { reference: 'Location/clinic', display: 'Oncology clinic' } }],
    } as Resource);
    const items = Array.from({ length: 4 }, (_, k) => ({
      sequence: k + 1, encounter: [encounter], productOrService: coding(SCT, String(410620009 + k), `Service line ${k + 1}`),
      net: { value: 85.5 + k * 12.25, currency: 'USD' },
    }));
    out.push({
      resourceType: 'Claim', id: `${id}-claim`, status: 'active', type: coding('http://terminology.hl7.org/CodeSystem/claim-type', 'professional', 'Professional'),
      use: 'claim', patient, billablePeriod: { start, end }, created: end, provider: org, priority: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/processpriority', code: 'normal' }] },
      insurance: [{ sequence: 1, focal: true, coverage: { display: 'Medicare' } }], item: items, total: { value: 456.75, currency: 'USD' },
    } as Resource);
    out.push({
      resourceType: 'ExplanationOfBenefit', id: `${id}-eob`, status: 'active', type: coding('http://terminology.hl7.org/CodeSystem/claim-type', 'professional', 'Professional'),
      use: 'claim', patient, billablePeriod: { start, end }, created: end, insurer: { display: 'Medicare' }, provider: practitioner,
      referral: { reference: `#referral-${e}` }, facility: org, claim: { reference: `Claim/${id}-claim` }, outcome: 'complete',
      careTeam: [{ sequence: 1, provider: practitioner, role: coding('http://terminology.hl7.org/CodeSystem/claimcareteamrole', 'primary', 'Primary provider') }],
      insurance: [{ focal: true, coverage: { display: 'Medicare' } }],
      item: items.map((it) => ({
        ...it, servicedPeriod: { start, end }, locationCodeableConcept: coding('http://terminology.hl7.org/CodeSystem/ex-serviceplace', '19', 'Off Campus-Outpatient Hospital'),
        adjudication: ['submitted', 'benefit', 'copay'].map((c, k) => ({ category: coding('http://terminology.hl7.org/CodeSystem/adjudication', c, c), amount: { value: it.net.value * (1 - k * 0.15), currency: 'USD' } })),
      })),
      total: [{ category: coding('http://terminology.hl7.org/CodeSystem/adjudication', 'submitted', 'Submitted Amount'), amount: { value: 456.75, currency: 'USD' } }],
      payment: { amount: { value: 365.4, currency: 'USD' } },
    } as Resource);
  }
  for (let k = 0; k < 10; k++) {
    out.push({
      resourceType: 'Immunization', id: `c${i}-imm-${k}`, status: 'completed', vaccineCode: coding('http://hl7.org/fhir/sid/cvx', '140', 'Influenza, seasonal, injectable, preservative free'),
      patient, occurrenceDateTime: `${daysBefore(reference, 30 + k * 365)}T10:00:00Z`, primarySource: true, location: { display: 'Oncology clinic' },
    } as Resource);
    // A lab report with its results contained: their `subject` is not a line of its own.
    out.push({
      resourceType: 'DiagnosticReport', id: `c${i}-dr-${k}`, status: 'final', category: [coding('http://terminology.hl7.org/CodeSystem/v2-0074', 'LAB', 'Laboratory')],
      code: coding('http://loinc.org', '51990-0', 'Basic metabolic panel - Blood'),
      contained: [{ resourceType: 'Observation', id: 'r1', status: 'final', code: coding('http://loinc.org', '2339-0', 'Glucose'), subject: patient, valueQuantity: { value: 96, unit: 'mg/dL', system: 'http://unitsofmeasure.org', code: 'mg/dL' } }],
      subject: patient, effectiveDateTime: `${daysBefore(reference, 20 + k * 40)}T08:00:00Z`, issued: `${daysBefore(reference, 20 + k * 40)}T12:00:00.000Z`,
      performer: [org], result: [{ reference: '#r1', display: 'Glucose' }],
    } as Resource);
  }
  for (let k = 0; k < 5; k++) {
    const note = `Oncology follow-up ${k + 1}. Patient seen in clinic. Plan reviewed with the patient and family. `.repeat(20);
    out.push({
      resourceType: 'DocumentReference', id: `c${i}-doc-${k}`, status: 'current', type: coding('http://loinc.org', '34117-2', 'History and physical note'),
      subject: patient, date: `${daysBefore(reference, 15 + k * 60)}T11:00:00Z`, author: [practitioner], custodian: org,
      content: [{ attachment: { contentType: 'text/plain; charset=utf-8', data: Buffer.from(note).toString('base64') } }],
    } as Resource);
  }
  return out;
}
