import smartConfig from '../../smart-config.json' with { type: 'json' };

/** Code system URIs (interop.md C1) and the project's own canonical URLs (interop.md D2–D3). */
export const SYSTEMS = {
  snomed: 'http://snomed.info/sct',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  icdO3: 'http://terminology.hl7.org/CodeSystem/icd-o-3',
  loinc: 'http://loinc.org',
  ucum: 'http://unitsofmeasure.org',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  atc: 'http://www.whocc.no/atc',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  dataOperation: 'http://terminology.hl7.org/CodeSystem/v3-DataOperation',
  provenanceParticipant: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type',
} as const;

/**
 * The project's base URL. Replace with a domain the project controls before go-live; never change
 * once published.
 */
export const PROJECT_BASE = 'https://spinescore.example.org/fhir';
/** The canonical URL of the published CodeSystem (terminology/CodeSystem-spine-scores.json). */
export const PUBLISHED_CODESYSTEM = `${PROJECT_BASE}/CodeSystem/spine-scores`;
export const DEFAULT_OBSERVATION_ID_SYSTEM = `${PROJECT_BASE}/sid/score-observation`;

/**
 * The writeback systems of a deployment (smart-config.json `writeback`), the published ones by
 * default. Read once, at build, by every front end: the app writes, and the app, the service and
 * the CLI read back, under the same systems.
 */
export function writebackSystems(cfg: {
  writeback?: { codesystem?: string; observation_identifier_system?: string };
}): { codesystem: string; observationIdSystem: string } {
  return {
    codesystem: cfg.writeback?.codesystem ?? PUBLISHED_CODESYSTEM,
    observationIdSystem:
      cfg.writeback?.observation_identifier_system ?? DEFAULT_OBSERVATION_ID_SYSTEM,
  };
}
const configured = writebackSystems(smartConfig);

/** One CodeSystem for score totals, items, answers, bands, methods and clinician inputs. */
export const PROJECT_CODESYSTEM = configured.codesystem;
export const PROJECT_VALUESET_BASE = `${PROJECT_BASE}/ValueSet`;
/** Identifier system of written score Observations (conditional create key). */
export const OBSERVATION_ID_SYSTEM = configured.observationIdSystem;
export const SOFTWARE_ID_SYSTEM = 'https://spinescore.example.org/fhir/sid/software';
export const ORDINAL_VALUE_URL = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';

export const LOINC = {
  karnofsky: '89243-0',
  ecog: '89247-1',
  painVas: '38214-3',
  painNrs: '72514-3',
  painReported: '38208-5',
  crp: '1988-5',
  crpHs: '30522-7',
  ldh: '2532-0',
  ldhLp: '14804-9',
  albumin: '1751-7',
  platelets: '777-3',
  plateletsAny: '26515-7',
  calciumMass: '17861-6',
  calciumMoles: '2000-8',
  calciumMass2: '49765-1',
  bilirubinMass: '1975-2',
  bilirubinMoles: '14631-6',
  estrogenReceptor: '16112-5',
  progesteroneReceptor: '16113-3',
} as const;

export const SNOMED = {
  barthelIndex: '273302005',
  radiotherapyCourse: '1217123003',
  radiotherapyCategory: '108290001',
  secondaryMalignancy: '128462008',
  historyOfMetastaticCancer: '1287652008',
} as const;
