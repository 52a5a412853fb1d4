/**
 * The patient compartment of a resource as the sandbox reads it: `Patient/<id>` from the Patient's
 * own id, `subject` or `patient`; undefined when it has none. One definition for the search index,
 * the access policy and bulk export.
 */
export function compartmentOf(r: {
  resourceType: string;
  id?: string | undefined;
}): string | undefined {
  if (r.resourceType === 'Patient') return r.id ? `Patient/${r.id}` : undefined;
  const x = r as { subject?: { reference?: string }; patient?: { reference?: string } };
  const ref = x.subject?.reference ?? x.patient?.reference;
  return ref?.startsWith('Patient/') ? ref : undefined;
}

/**
 * Types that are not patient data: readable under a patient scope, exported with patients, when
 * they name no patient.
 */
export const SHARED_TYPES: ReadonlySet<string> = new Set([
  'Medication',
  'Practitioner',
  'PractitionerRole',
  'Organization',
  'Location',
]);
