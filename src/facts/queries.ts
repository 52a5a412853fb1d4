/**
 * The FHIR searches the clinical core needs, as prefetch-style templates. One plan for the CDS
 * service (prefetch templates, its own fetches) and the SMART app (same queries, all pages), so
 * both read the chart the same way (CDS Hooks A-40). Each is a valid US Core search.
 */
import { LOINC, PROJECT_CODESYSTEM, SNOMED, SYSTEMS } from '../terminology/systems.js';

export const PATIENT_TOKEN = '{{context.patientId}}';

const loinc = (...codes: string[]) => codes.map((c) => `${SYSTEMS.loinc}|${c}`);

/** Observations measured often (performance, labs, pain, function): newest first, bounded. */
export const CLINICAL_OBSERVATION_CODES = [
  ...loinc(
    LOINC.karnofsky,
    LOINC.ecog,
    LOINC.painVas,
    LOINC.painNrs,
    LOINC.crp,
    LOINC.crpHs,
    LOINC.ldh,
    LOINC.ldhLp,
    LOINC.albumin,
    LOINC.platelets,
    LOINC.plateletsAny,
    LOINC.calciumMass,
    LOINC.calciumMoles,
    LOINC.calciumMass2,
    LOINC.bilirubinMass,
    LOINC.bilirubinMoles,
  ),
  `${SYSTEMS.snomed}|${SNOMED.barthelIndex}`,
];
/**
 * Measured once (receptor status at diagnosis): kept apart so frequent labs cannot push them out.
 */
export const RARE_OBSERVATION_CODES = loinc(LOINC.estrogenReceptor, LOINC.progesteroneReceptor);

export interface CoreQuery {
  key: string;
  template: string;
  /**
   * True when the template's `_count` deliberately keeps only the newest page (a `next` link is
   * older data).
   */
  newestOnly: boolean;
  /** What it is for, shown while loading and in degraded-data notes. */
  label: string;
  /**
   * A search some servers do not support (FHIR makes `component-code` optional): a refusal (4xx)
   * is listed as "not supported by this server", not reported as missing data.
   */
  optional?: boolean;
}

/** Newest N frequent observations: enough for the latest value of each code and recent trends. */
export const CLINICAL_OBSERVATION_COUNT = 200;

/**
 * A search URL with every parameter value percent-encoded (`|` `:` `/` included), so no proxy or
 * server on the way can read `http://loinc.org|…` as a path (one normalised `//` to `/` and every
 * coded Observation was lost). Commas separating OR values stay literal; the patient token stays
 * as is for the EHR to fill.
 */
export function searchUrl(
  resourceType: string,
  params: ReadonlyArray<readonly [string, string | readonly string[]]>,
): string {
  const q = params.map(([name, value]) => {
    const values = typeof value === 'string' ? [value] : value;
    const encoded = values.map((v) => (v === PATIENT_TOKEN ? v : encodeURIComponent(v)));
    return `${name}=${encoded.join(',')}`;
  });
  return `${resourceType}?${q.join('&')}`;
}

export const CORE_QUERIES: readonly CoreQuery[] = [
  { key: 'patient', template: `Patient/${PATIENT_TOKEN}`, newestOnly: false, label: 'patient' },
  {
    key: 'conditions',
    template: searchUrl('Condition', [['patient', PATIENT_TOKEN]]),
    newestOnly: false,
    label: 'conditions',
  },
  {
    key: 'clinicalObservations',
    template: searchUrl('Observation', [
      ['patient', PATIENT_TOKEN],
      ['code', CLINICAL_OBSERVATION_CODES],
      ['_sort', '-date'],
      ['_count', String(CLINICAL_OBSERVATION_COUNT)],
    ]),
    newestOnly: true,
    label: 'performance status, labs, pain and function',
  },
  {
    key: 'receptorObservations',
    template: searchUrl('Observation', [
      ['patient', PATIENT_TOKEN],
      ['code', RARE_OBSERVATION_CODES],
      ['_sort', '-date'],
      ['_count', '20'],
    ]),
    newestOnly: true,
    label: 'receptor status',
  },
  {
    key: 'clinicianInputs',
    template: searchUrl('Observation', [
      ['patient', PATIENT_TOKEN],
      ['code', `${PROJECT_CODESYSTEM}|`],
      ['_sort', '-date'],
      ['_count', String(CLINICAL_OBSERVATION_COUNT)],
    ]),
    newestOnly: true,
    label: 'imaging and clinician inputs, earlier scores',
  },
  {
    key: 'medicationRequests',
    template: searchUrl('MedicationRequest', [
      ['patient', PATIENT_TOKEN],
      ['intent', 'order'],
    ]),
    newestOnly: false,
    label: 'medication orders',
  },
  {
    key: 'medicationStatements',
    template: searchUrl('MedicationStatement', [['patient', PATIENT_TOKEN]]),
    newestOnly: false,
    label: 'medication statements',
  },
  {
    key: 'procedures',
    template: searchUrl('Procedure', [['patient', PATIENT_TOKEN]]),
    newestOnly: false,
    label: 'procedures (radiotherapy, surgery)',
  },
  // Labs and performance status that a panel reports as components (a chemistry panel's calcium).
  {
    key: 'panelObservations',
    template: searchUrl('Observation', [
      ['patient', PATIENT_TOKEN],
      ['component-code', CLINICAL_OBSERVATION_CODES],
      ['_sort', '-date'],
      ['_count', '50'],
    ]),
    newestOnly: true,
    label: 'lab panels',
    optional: true,
  },
];

/**
 * Referrals on record (patient-view stays silent when one exists). Not part of the core plan: the
 * assessment does not use it, the services and the sandbox's patient list that ask about referrals
 * do.
 */
export const REFERRALS_QUERY: CoreQuery = {
  key: 'referrals',
  template: searchUrl('ServiceRequest', [['patient', PATIENT_TOKEN]]),
  newestOnly: false,
  label: 'referrals on record',
};

/** A template with the patient id filled in (ids are URL-encoded). */
export function fillTemplate(template: string, patientId: string): string {
  return template.split(PATIENT_TOKEN).join(encodeURIComponent(patientId));
}

/** What one query of the plan returned: for the "read from the chart" list and its warnings. */
export interface QueryRead {
  key: string;
  label: string;
  count: number | undefined;
  failed: boolean;
  unsupported?: boolean;
}

/** The coded Observation searches: between them every real oncology chart returns something. */
const CODED_OBSERVATION_KEYS = ['clinicalObservations', 'clinicianInputs'];

/**
 * Reads that succeeded but look wrong: every coded Observation search empty. A server (or a proxy
 * on the way) that did not understand the coded searches answers exactly that, and the chart then
 * looks like one without performance status, labs or imaging inputs. Said, never assumed away.
 */
export function suspiciousReads(reads: readonly QueryRead[]): string[] {
  const coded = reads.filter((r) => CODED_OBSERVATION_KEYS.includes(r.key));
  if (
    coded.length === CODED_OBSERVATION_KEYS.length &&
    coded.every((r) => !r.failed && r.count === 0)
  ) {
    return [
      'the coded Observation searches returned nothing; if the chart has performance ' +
        'status, labs or imaging inputs, they were not read (check the EHR FHIR server or ' +
        'proxy)',
    ];
  }
  return [];
}
