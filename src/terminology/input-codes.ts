/**
 * Clinician and imaging inputs that charts rarely code, as Observation codes in the project
 * CodeSystem. The SMART app writes them; the assessment (app, CDS service, CLI) reads them back.
 * SINS items reuse the SINS item codes (value = answer code, bodySite = level).
 */
export interface InputCodeDef {
  code: string;
  display: string;
  /** How the value is carried. */
  value: 'code' | 'boolean' | 'integer' | 'string' | 'dateTime';
  /** Answer codes when value is `code`. */
  answers?: ReadonlyArray<readonly [code: string, display: string]>;
  /** Needs Observation.bodySite (a vertebral level). */
  perLevel?: boolean;
  definition: string;
}

export const INPUT_CODES = {
  esccGrade: {
    code: 'escc-grade', display: 'Epidural spinal cord compression (Bilsky) grade', value: 'code', perLevel: true,
    answers: [['escc-grade-0', 'Bone-only disease'], ['escc-grade-1a', 'Epidural impingement, no thecal sac deformation'], ['escc-grade-1b', 'Thecal sac deformation, no cord abutment'], ['escc-grade-1c', 'Thecal sac deformation with cord abutment, no compression'], ['escc-grade-2', 'Cord compression, CSF visible'], ['escc-grade-3', 'Cord compression, no CSF visible']],
    definition: 'ESCC grade on axial T2 MRI at the level of most severe compression (Bilsky 2010).',
  },
  lesionPosition: {
    code: 'lesion-position', display: 'Position of the tumour in the vertebra', value: 'code', perLevel: true,
    answers: [['lesion-position-body', 'Mainly vertebral body / anterior'], ['lesion-position-posterior', 'Mainly posterior elements (lamina, pedicle, spinous process)'], ['lesion-position-body-and-posterior', 'Vertebral body and lamina'], ['lesion-position-circumferential', 'Circumferential']],
    definition: 'Where the tumour sits in the vertebra, for the approach rules of CTJ2018.',
  },
  indexLevel: { code: 'index-level', display: 'Index (treated) vertebral level', value: 'boolean', perLevel: true, definition: 'The level the surgical question is about; bodySite carries the level, value true.' },
  metastasisLevel: { code: 'vertebral-metastasis-level', display: 'Vertebral level with metastasis', value: 'boolean', perLevel: true, definition: 'One Observation per involved level (value true), from imaging.' },
  vertebralCount: { code: 'vertebral-metastasis-count', display: 'Number of vertebrae with metastasis (confirmed)', value: 'integer', definition: 'Confirmed count on whole-spine imaging; the sacrum counts as one.' },
  extraspinalCount: { code: 'extraspinal-bone-count', display: 'Number of extraspinal bone metastasis foci (confirmed)', value: 'integer', definition: 'Confirmed count on whole-body imaging; innumerable is entered as 3 or more.' },
  visceralComplete: { code: 'visceral-staging-complete', display: 'Visceral metastases staged: recorded sites are complete', value: 'boolean', definition: 'True when staging confirms the recorded visceral sites are all there is (none if no site is recorded).' },
  visceralRemovable: { code: 'visceral-removable', display: 'Visceral metastases removable (Tokuhashi)', value: 'boolean', definition: 'Clinician judgement: metastases to major internal organs are resectable or curable by local therapy.' },
  visceralTreatable: { code: 'visceral-treatable', display: 'Visceral metastases treatable (Tomita)', value: 'boolean', definition: 'Clinician judgement: controllable by surgery, ablation or systemic therapy.' },
  previousChemotherapy: { code: 'previous-chemotherapy', display: 'Previous cytotoxic chemotherapy', value: 'boolean', definition: 'Clinician confirmation of prior chemotherapy (Katagiri).' },
  pathologicalFracture: { code: 'pathological-fracture', display: 'Pathological fracture', value: 'boolean', definition: 'Pathological fracture present (Bauer).' },
  frankel: {
    code: 'frankel-grade', display: 'Frankel grade', value: 'code',
    answers: [['frankel-grade-A', 'A: complete'], ['frankel-grade-B', 'B: sensory only'], ['frankel-grade-C', 'C: motor useless'], ['frankel-grade-D', 'D: motor useful'], ['frankel-grade-E', 'E: normal']],
    definition: 'Frankel grade (1969).',
  },
  frankelModified: {
    code: 'frankel-modified-motor', display: 'Modified Frankel grade (motor, D1–D3)', value: 'code',
    answers: [['frankel-modified-motor-A', 'A'], ['frankel-modified-motor-B', 'B'], ['frankel-modified-motor-C', 'C'], ['frankel-modified-motor-D1', 'D1: motor 3+/5 and/or bowel or bladder dysfunction'], ['frankel-modified-motor-D2', 'D2: motor 3+ to 4+/5 and/or neurogenic bowel/bladder'], ['frankel-modified-motor-D3', 'D3: motor 4+ to 5/5, normal bowel/bladder'], ['frankel-modified-motor-E', 'E']],
    definition: 'Motor-grade modified Frankel used in UEI2018 (Table 2).',
  },
  asia: {
    code: 'asia-ais', display: 'ASIA Impairment Scale grade', value: 'code',
    answers: [['asia-ais-A', 'A'], ['asia-ais-B', 'B'], ['asia-ais-C', 'C'], ['asia-ais-D', 'D'], ['asia-ais-E', 'E']],
    definition: 'AIS per ISNCSCI 2011.',
  },
  ambulation: {
    code: 'ambulatory-status', display: 'Ambulatory status', value: 'code',
    answers: [['ambulatory-status-independent', 'Walks independently'], ['ambulatory-status-with-aid', 'Walks with an aid'], ['ambulatory-status-non-ambulatory', 'Non-ambulatory']],
    definition: 'Raw ambulatory status as recorded (scores.md §12d).',
  },
  neuroProgressive: { code: 'neuro-deficit-progressive', display: 'Progressive or significant neurological deficit', value: 'boolean', definition: 'Significant or progressive deficit, or no recovery after 2 weeks of non-surgical treatment (CTJ2018, KANDA2021, UEI2018).' },
  neuroDeficitOnset: { code: 'neuro-deficit-onset', display: 'Onset of the current motor deficit', value: 'dateTime', definition: 'When the current motor loss began (Patchell 2005 excluded paraplegia of more than 48 hours).' },
  expectedSurvival: {
    code: 'expected-survival', display: 'Expected survival (clinician estimate)', value: 'code',
    answers: [['expected-survival-lt3m', 'Under 3 months'], ['expected-survival-3to6m', '3 to 6 months'], ['expected-survival-ge6m', '6 months or more']],
    definition: 'Clinician estimate of survival; under 3 months is a relative contraindication to surgery (CTJ2018; Patchell 2005 eligibility).',
  },
  lungNoTargetedTherapy: { code: 'lung-no-targeted-therapy', display: 'Lung cancer without molecularly targeted therapy', value: 'boolean', definition: 'Clinician confirmation for the Katagiri growth group: true = no targeted therapy (no actionable driver or none given).' },
  intractablePain: { code: 'pain-intractable', display: 'Intractable pain despite conservative care', value: 'boolean', definition: 'Pain resistant to 2 weeks of analgesics including opioids (CTJ2018, KANDA2021).' },
  painMechanical: { code: 'pain-from-instability', display: 'Pain from instability', value: 'boolean', definition: 'Mechanical pain attributed to instability (UEI2018).' },
  impairedConsciousness: { code: 'impaired-consciousness-cerebral', display: 'Impaired consciousness from cerebral metastasis', value: 'boolean', definition: 'Relative contraindication (KANDA2021).' },
  declinesSurgery: { code: 'declines-surgery', display: 'Patient declines surgery', value: 'boolean', definition: 'Relative contraindication (CTJ2018).' },
  fitForSurgery: { code: 'fit-for-surgery', display: 'Fit for surgery', value: 'boolean', definition: 'Clinician judgement of general health and ability to tolerate surgery (NOMS S; CTJ2018).' },
  reducedWillToLive: { code: 'reduced-will-to-live', display: 'Reduced will to live', value: 'boolean', definition: 'With PS ≥ 3 a relative contraindication (UEI2018).' },
  painResponsive: { code: 'pain-responsive-to-narcotics', display: 'Pain responsive to narcotics', value: 'boolean', definition: 'With life expectancy < 6 months a relative contraindication (UEI2018).' },
  sinsJudgedUnstable: { code: 'sins-judged-unstable', display: 'SINS 7–12 lesion judged unstable', value: 'boolean', perLevel: true, definition: 'Clinician judgement used by NOMS M for indeterminate SINS.' },
  tomitaGrowth: {
    code: 'tomita-growth', display: 'Tomita primary growth class (clinician)', value: 'code',
    answers: [['tomita-primary-slow', 'Slow'], ['tomita-primary-moderate', 'Moderate'], ['tomita-primary-rapid', 'Rapid']],
    definition: 'Clinician growth class when the histology is outside Tomita\'s examples.',
  },
  osriPtp: { code: 'osri-ptp', display: 'OSRI primary tumour pathology group', value: 'integer', definition: 'PTP 1–5 from Balain 2013, entered by a clinician.' },
  eq5dState: { code: 'eq5d-5l-state', display: 'EQ-5D-5L health state (MO SC UA PD AD)', value: 'string', definition: 'Five digits 1–5; the index is computed with a named value set.' },
  hormoneDependent: { code: 'hormone-dependent', display: 'Hormone-dependent breast or prostate cancer', value: 'boolean', definition: 'Clinician confirmation for the Katagiri growth group.' },
} as const satisfies Record<string, InputCodeDef>;

export type InputKey = keyof typeof INPUT_CODES;
