import { LOINC } from '../terminology/systems.js';
import { PatientBuilder, daysBefore } from './builders.js';

/** Reference date of the scenario fixtures; tests assess them as of this date. */
export const SCENARIO_REFERENCE_DATE = '2026-11-20';
const d = (days: number) => daysBefore(SCENARIO_REFERENCE_DATE, days);

export interface Scenario {
  id: string;
  title: string;
  /** What the scenario exercises, for the reader of the fixture. */
  purpose: string;
  build(): PatientBuilder;
}

const labsNormal = (p: PatientBuilder, days: number) => {
  p.lab(LOINC.crp, 'C reactive protein [Mass/volume] in Serum or Plasma', 2, 'mg/L', d(days));
  p.lab(
    LOINC.ldh,
    'Lactate dehydrogenase [Enzymatic activity/volume] in Serum or Plasma',
    190,
    'U/L',
    d(days),
  );
  p.lab(LOINC.albumin, 'Albumin [Mass/volume] in Serum or Plasma', 41, 'g/L', d(days));
  p.lab(
    LOINC.platelets,
    'Platelets [#/volume] in Blood by Automated count',
    245,
    '10*3/uL',
    d(days),
  );
  p.lab(LOINC.calciumMass, 'Calcium [Mass/volume] in Serum or Plasma', 9.3, 'mg/dL', d(days));
  p.lab(
    LOINC.bilirubinMass,
    'Bilirubin.total [Mass/volume] in Serum or Plasma',
    0.6,
    'mg/dL',
    d(days),
  );
};

export const SCENARIOS: Scenario[] = [
  {
    id: 's01-ctj-lung-cord-compression',
    title: 'C7–T1 NSCLC metastasis with high-grade cord compression and progressive deficit',
    purpose:
      'Urgent consultation, CTJ risk flag (KANDA2021), posterior approach at the CTJ, ' +
      'lung without targeted therapy recorded',
    build() {
      const p = new PatientBuilder('s01', {
        family: 'Tanaka',
        given: 'Hiroshi',
        birthDate: '1958-04-12',
        gender: 'male',
      });
      const prim = p.primary(
        {
          icd: 'C34.11',
          snomed: '254637007',
          display: 'Non-small cell lung cancer, right upper lobe',
        },
        d(400),
      );
      p.metastasis(
        {
          icd: 'C79.51',
          snomed: '94602001',
          display: 'Secondary malignant neoplasm of vertebral column',
          levels: ['C7', 'T1'],
        },
        d(20),
        prim,
      );
      p.metastasis(
        { icd: 'C78.01', display: 'Secondary malignant neoplasm of right lung' },
        d(60),
        prim,
      );
      p.ecog(3, d(2));
      p.input('frankel-grade', { code: 'frankel-grade-C' }, d(1));
      p.input('neuro-deficit-progressive', true, d(1));
      p.input('escc-grade', { code: 'escc-grade-3' }, d(3), 'C7');
      p.input('index-level', true, d(3), 'C7');
      p.sinsItems(
        'C7',
        {
          'sins-pain': 'mechanical',
          'sins-bone-lesion': 'lytic',
          'sins-collapse': 'lt50',
          'sins-posterolateral': 'bilateral',
          'sins-alignment': 'normal',
        },
        d(3),
      );
      p.input('lesion-position', { code: 'lesion-position-circumferential' }, d(3), 'C7');
      p.medication({ rxnorm: '2555', name: 'cisplatin' }, d(300));
      p.medication({ rxnorm: '68446', name: 'pemetrexed' }, d(300));
      labsNormal(p, 5);
      return p;
    },
  },
  {
    id: 's02-thyroid-solitary-t10',
    title: 'Solitary T10 thyroid metastasis, fully staged',
    purpose:
      'Excisional path (Tokuhashi 15, Tomita 2), en bloc option, radioresistant ' +
      'histology indication',
    build() {
      const p = new PatientBuilder('s02', {
        family: 'Suzuki',
        given: 'Keiko',
        birthDate: '1966-09-30',
        gender: 'female',
      });
      const prim = p.primary({ icd: 'C73', display: 'Follicular thyroid carcinoma' }, d(900));
      p.metastasis({ icd: 'C79.51', display: 'Bone metastasis T10', levels: ['T10'] }, d(30), prim);
      p.kps(90, d(4));
      p.input('frankel-grade', { code: 'frankel-grade-E' }, d(4));
      p.input('vertebral-metastasis-count', 1, d(10));
      p.input('extraspinal-bone-count', 0, d(10));
      p.input('visceral-staging-complete', true, d(10));
      p.input('previous-chemotherapy', false, d(10));
      p.input('fit-for-surgery', true, d(4));
      p.input('pathological-fracture', false, d(10));
      p.sinsItems(
        'T10',
        {
          'sins-pain': 'occasional',
          'sins-bone-lesion': 'lytic',
          'sins-alignment': 'normal',
          'sins-collapse': 'none-gt50-involved',
          'sins-posterolateral': 'unilateral',
        },
        d(10),
      );
      p.input('escc-grade', { code: 'escc-grade-1a' }, d(10), 'T10');
      p.input('ambulatory-status', { code: 'ambulatory-status-independent' }, d(4));
      labsNormal(p, 6);
      return p;
    },
  },
  {
    id: 's03-renal-l3-potentially-unstable',
    title: 'Renal cell carcinoma, L3 lesion, SINS 7',
    purpose:
      'SINS worked example 3 (7, potentially unstable), renal histology indication ' +
      '(UEI2018, ACTA2020), MISt at lumbar level, treatable lung metastasis',
    build() {
      const p = new PatientBuilder('s03', {
        family: 'Müller',
        given: 'Anna',
        birthDate: '1961-02-14',
        gender: 'female',
      });
      const prim = p.primary(
        { icd: 'C64.1', display: 'Clear cell renal cell carcinoma, right kidney' },
        d(700),
      );
      p.metastasis(
        { icd: 'C79.51', display: 'Metastasis to L3 vertebra', bodySiteText: 'L3' },
        d(25),
        prim,
      );
      p.metastasis({ icd: 'C78.01', display: 'Pulmonary metastasis' }, d(90), prim);
      p.kps(70, d(3));
      p.input('frankel-grade', { code: 'frankel-grade-E' }, d(3));
      p.input('visceral-staging-complete', true, d(20));
      p.input('visceral-treatable', true, d(20));
      p.input('visceral-removable', true, d(20));
      p.input('vertebral-metastasis-count', 1, d(20));
      p.input('extraspinal-bone-count', 0, d(20));
      p.sinsItems(
        'L3',
        {
          'sins-pain': 'none',
          'sins-bone-lesion': 'lytic',
          'sins-alignment': 'normal',
          'sins-collapse': 'lt50',
          'sins-posterolateral': 'unilateral',
        },
        d(8),
      );
      p.input('escc-grade', { code: 'escc-grade-1b' }, d(8), 'L3');
      p.medication({ name: 'sunitinib', atc: 'L01EX01' }, d(200), 'active');
      labsNormal(p, 7);
      return p;
    },
  },
  {
    id: 's04-myeloma-multilevel',
    title: 'Multiple myeloma with T6, T8 and L2 lesions, calcium in mmol/L',
    purpose:
      'Radiosensitive → radiotherapy first (NOMS), calcium mmol/L → mg/dL via UCUM ' +
      '(critical), albumin in g/L, several SINS levels',
    build() {
      const p = new PatientBuilder('s04', {
        family: 'García',
        given: 'Luis',
        birthDate: '1950-11-03',
        gender: 'male',
      });
      const prim = p.primary(
        {
          icd: 'C90.00',
          snomed: '109989006',
          display: 'Multiple myeloma not having achieved remission',
        },
        d(200),
      );
      for (const l of ['T6', 'T8', 'L2'] as const)
        p.metastasis({ icd: 'C79.51', display: `Myeloma lesion ${l}`, levels: [l] }, d(40), prim);
      p.kps(60, d(5));
      p.input('frankel-grade', { code: 'frankel-grade-E' }, d(5));
      p.input('escc-grade', { code: 'escc-grade-1b' }, d(9), 'T8');
      p.input('index-level', true, d(9), 'T8');
      p.sinsItems(
        'T8',
        {
          'sins-pain': 'occasional',
          'sins-bone-lesion': 'lytic',
          'sins-alignment': 'normal',
          'sins-collapse': 'none',
          'sins-posterolateral': 'none',
        },
        d(9),
      );
      p.lab(LOINC.calciumMoles, 'Calcium [Moles/volume] in Serum or Plasma', 2.8, 'mmol/L', d(2));
      p.lab(LOINC.albumin, 'Albumin [Mass/volume] in Serum or Plasma', 31, 'g/L', d(2));
      p.lab(LOINC.platelets, 'Platelets [#/volume] in Blood', 140, '10*9/L', d(2));
      p.medication({ name: 'bortezomib', atc: 'L01XG01' }, d(150));
      p.medication({ name: 'melphalan', atc: 'L01AA03' }, d(150));
      return p;
    },
  },
  {
    id: 's05-lung-egfr-osimertinib-tl',
    title: 'EGFR-mutant lung adenocarcinoma on osimertinib, T12 and L1, stale ECOG',
    purpose:
      'Katagiri "lung with targeted therapy" = moderate, stale performance status ' +
      'flagged, CRP in mg/L converted, T11–L1 junctional',
    build() {
      const p = new PatientBuilder('s05', {
        family: 'Chen',
        given: 'Mei',
        birthDate: '1970-06-21',
        gender: 'female',
      });
      const prim = p.primary(
        {
          icd: 'C34.31',
          display: 'Adenocarcinoma of right lower lobe of lung, EGFR exon 19 deletion',
        },
        d(500),
      );
      p.metastasis(
        {
          icd: 'C79.51',
          display: 'Metastatic adenocarcinoma to thoracolumbar spine T12–L1',
          bodySiteText: 'T12-L1',
        },
        d(30),
        prim,
      );
      p.ecog(1, d(75));
      p.input('ambulatory-status', { code: 'ambulatory-status-independent' }, d(3));
      p.medication({ rxnorm: '1721560', name: 'osimertinib' }, d(420), 'active');
      p.lab(LOINC.crp, 'C reactive protein [Mass/volume] in Serum or Plasma', 12, 'mg/L', d(3));
      p.lab(LOINC.albumin, 'Albumin [Mass/volume] in Serum or Plasma', 3.4, 'g/dL', d(3));
      p.painNrs(7, d(3));
      p.sinsItems(
        'T12',
        {
          'sins-pain': 'mechanical',
          'sins-bone-lesion': 'lytic',
          'sins-alignment': 'deformity',
          'sins-collapse': 'gt50',
          'sins-posterolateral': 'bilateral',
        },
        d(6),
      );
      p.input('index-level', true, d(6), 'T12');
      p.input('escc-grade', { code: 'escc-grade-1c' }, d(6), 'T12');
      return p;
    },
  },
  {
    id: 's06-prostate-sacral',
    title: 'Castration-sensitive prostate cancer with S1–S2 blastic lesions',
    purpose:
      'Sacrum counted as one vertebral unit, rigid/junctional sacral SINS locations, ' +
      'hormone status from ICD-10-CM Z19.1, stable blastic lesion',
    build() {
      const p = new PatientBuilder('s06', {
        family: 'Okafor',
        given: 'Daniel',
        birthDate: '1949-01-08',
        gender: 'male',
      });
      const prim = p.primary(
        { icd: 'C61', snomed: '399068003', display: 'Adenocarcinoma of prostate' },
        d(1200),
      );
      p.icdCondition('Z19.1', 'Hormone sensitive malignancy status', d(1100));
      p.metastasis(
        { icd: 'C79.51', display: 'Sacral metastases', levels: ['S1', 'S2'] },
        d(45),
        prim,
      );
      p.kps(80, d(6));
      p.input('frankel-grade', { code: 'frankel-grade-E' }, d(6));
      p.sinsItems(
        'S2',
        {
          'sins-pain': 'occasional',
          'sins-bone-lesion': 'blastic',
          'sins-alignment': 'normal',
          'sins-collapse': 'none',
          'sins-posterolateral': 'none',
        },
        d(12),
      );
      p.input('index-level', true, d(12), 'S2');
      p.medication({ rxnorm: '42375', name: 'leuprolide' }, d(1000), 'active');
      labsNormal(p, 10);
      return p;
    },
  },
  {
    id: 's07-unknown-primary-l1-no-labs',
    title: 'Cancer of unknown primary with L1 collapse, no labs',
    purpose:
      'Unknown primary (Tokuhashi 1, Tomita 4, Katagiri rapid), missing labs keep ' +
      'Katagiri a range, VAS recorded in cm',
    build() {
      const p = new PatientBuilder('s07', {
        family: 'Novak',
        given: 'Petr',
        birthDate: '1955-07-17',
        gender: 'male',
      });
      const prim = p.primary(
        { icd: 'C80.1', display: 'Malignant neoplasm, primary site unknown' },
        d(40),
      );
      p.metastasis(
        { icd: 'C79.51', display: 'Pathological collapse L1 from metastasis', levels: ['L1'] },
        d(35),
        prim,
      );
      p.kps(50, d(2));
      p.input('frankel-grade', { code: 'frankel-grade-D' }, d(2));
      p.painVas(8.2, 'cm', d(2));
      p.sinsItems(
        'L1',
        { 'sins-pain': 'mechanical', 'sins-bone-lesion': 'lytic', 'sins-collapse': 'gt50' },
        d(5),
      );
      return p;
    },
  },
  {
    id: 's08-breast-contradictory',
    title: 'Breast cancer with contradictory chart entries',
    purpose:
      'KPS 90 and ECOG 3 on the same day, two KPS values the same day, clinician "no ' +
      'chemotherapy" contradicted by paclitaxel orders, ER+ from receptor Observation',
    build() {
      const p = new PatientBuilder('s08', {
        family: 'Smith',
        given: 'Olivia',
        birthDate: '1972-03-03',
        gender: 'female',
      });
      const prim = p.primary(
        {
          snomed: '254837009',
          icd: 'C50.411',
          display: 'Malignant neoplasm of upper-outer quadrant of right female breast',
        },
        d(1500),
      );
      p.receptor(LOINC.estrogenReceptor, true, d(1490));
      p.metastasis(
        { icd: 'C79.51', display: 'Bone metastases T9, T11', levels: ['T9', 'T11'] },
        d(50),
        prim,
      );
      p.metastasis(
        {
          icd: 'C79.51',
          display: 'Metastasis right iliac bone',
          bodySiteSnomed: ['22356005', 'Ilium structure'],
        },
        d(50),
        prim,
      );
      p.metastasis(
        { icd: 'C78.7', snomed: '94381002', display: 'Secondary malignant neoplasm of liver' },
        d(50),
        prim,
      );
      const k1 = p.kps(90, d(3));
      k1.issued = `${d(3)}T09:00:00Z`;
      const k2 = p.kps(70, d(3));
      k2.issued = `${d(3)}T15:00:00Z`;
      p.ecog(3, d(3));
      p.input('previous-chemotherapy', false, d(3));
      p.medication({ rxnorm: '56946', name: 'paclitaxel' }, d(800));
      p.input('frankel-grade', { code: 'frankel-grade-E' }, d(3));
      labsNormal(p, 4);
      return p;
    },
  },
  {
    id: 's09-colon-unknown-units',
    title: 'Colon cancer, L4 lesion, labs with units that cannot be used',
    purpose:
      'A CRP without UCUM system and an albumin in a non-UCUM unit are refused with a ' +
      'clear message; other labs still used',
    build() {
      const p = new PatientBuilder('s09', {
        family: 'Rossi',
        given: 'Marco',
        birthDate: '1963-12-12',
        gender: 'male',
      });
      const prim = p.primary(
        { icd: 'C18.7', display: 'Malignant neoplasm of sigmoid colon' },
        d(600),
      );
      p.metastasis({ icd: 'C79.51', display: 'L4 metastasis', levels: ['L4'] }, d(20), prim);
      p.metastasis({ icd: 'C78.7', display: 'Liver metastases' }, d(200), prim);
      p.ecog(2, d(4));
      p.lab(LOINC.crp, 'CRP', 3.1, 'mg/dl', d(4), { system: null });
      p.lab(LOINC.albumin, 'Albumin', 3.2, 'gram percent', d(4));
      p.lab(LOINC.ldh, 'LDH', 310, '[IU]/L', d(4));
      p.lab(LOINC.bilirubinMoles, 'Bilirubin total [Moles/volume]', 30, 'umol/L', d(4));
      p.medication({ name: 'oxaliplatin', rxnorm: '32592' }, d(500));
      p.input('frankel-grade', { code: 'frankel-grade-E' }, d(4));
      return p;
    },
  },
  {
    id: 's10-breast-c4-anterior',
    title: 'ER-negative breast cancer, C4 vertebral-body lesion',
    purpose:
      'Cervical anterior body lesion → anterior option (CTJ2018), MISt not advised in ' +
      'the cervical spine, KANDA2021 expected course',
    build() {
      const p = new PatientBuilder('s10', {
        family: 'Kowalski',
        given: 'Ewa',
        birthDate: '1968-05-25',
        gender: 'female',
      });
      const prim = p.primary({ icd: 'C50.911', display: 'Triple-negative breast cancer' }, d(700));
      p.icdCondition('Z17.1', 'Estrogen receptor negative status [ER-]', d(690));
      p.metastasis(
        { icd: 'C79.51', display: 'C4 vertebral body metastasis', levels: ['C4'] },
        d(15),
        prim,
      );
      p.kps(70, d(2));
      p.input('frankel-grade', { code: 'frankel-grade-D' }, d(2));
      p.input('pain-intractable', true, d(2));
      p.input('lesion-position', { code: 'lesion-position-body' }, d(6), 'C4');
      p.sinsItems(
        'C4',
        {
          'sins-pain': 'mechanical',
          'sins-bone-lesion': 'lytic',
          'sins-alignment': 'normal',
          'sins-collapse': 'lt50',
          'sins-posterolateral': 'none',
        },
        d(6),
      );
      p.input('escc-grade', { code: 'escc-grade-1b' }, d(6), 'C4');
      p.medication({ rxnorm: '72962', name: 'docetaxel' }, d(600));
      labsNormal(p, 3);
      return p;
    },
  },
  {
    id: 's11-gastric-t6-unstable-poor-ps',
    title: 'Gastric cancer, unstable T6 lesion, ECOG 4 and reduced will to live',
    purpose:
      'Conflicting signals: Tokuhashi conservative vs SINS unstable; relative ' +
      'contraindications shown, never a veto; thoracic risk flag',
    build() {
      const p = new PatientBuilder('s11', {
        family: 'Kim',
        given: 'Jun',
        birthDate: '1952-08-08',
        gender: 'male',
      });
      const prim = p.primary(
        { icd: 'C16.2', display: 'Adenocarcinoma of body of stomach' },
        d(300),
      );
      p.metastasis({ icd: 'C79.51', display: 'T6 metastasis', levels: ['T6'] }, d(10), prim);
      p.metastasis({ icd: 'C78.6', display: 'Peritoneal carcinomatosis' }, d(100), prim);
      p.metastasis({ icd: 'C78.7', display: 'Liver metastases' }, d(100), prim);
      p.ecog(4, d(1));
      p.input('reduced-will-to-live', true, d(1));
      p.input('frankel-grade', { code: 'frankel-grade-C' }, d(1));
      p.input('visceral-staging-complete', true, d(30));
      p.input('visceral-removable', false, d(30));
      p.input('visceral-treatable', false, d(30));
      p.input('extraspinal-bone-count', 4, d(30));
      p.sinsItems(
        'T6',
        {
          'sins-pain': 'mechanical',
          'sins-bone-lesion': 'lytic',
          'sins-alignment': 'subluxation',
          'sins-collapse': 'gt50',
          'sins-posterolateral': 'bilateral',
        },
        d(4),
      );
      p.input('escc-grade', { code: 'escc-grade-2' }, d(4), 'T6');
      p.medication({ name: 'capecitabine', rxnorm: '194000' }, d(250));
      p.lab(LOINC.albumin, 'Albumin', 2.6, 'g/dL', d(1));
      p.lab(LOINC.platelets, 'Platelets', 88, '10*3/uL', d(1));
      return p;
    },
  },
  {
    id: 's12-hcc-t4-stale',
    title: 'Hepatocellular carcinoma, T4 lesion, every measurement a year old',
    purpose: 'Stale data flagged (performance, labs, imaging) rather than silently used',
    build() {
      const p = new PatientBuilder('s12', {
        family: 'Nguyen',
        given: 'Thi',
        birthDate: '1959-10-10',
        gender: 'female',
      });
      const prim = p.primary({ icd: 'C22.0', display: 'Hepatocellular carcinoma' }, d(900));
      p.metastasis({ icd: 'C79.51', display: 'T4 metastasis', levels: ['T4'] }, d(380), prim);
      p.kps(80, d(370));
      p.input('frankel-grade', { code: 'frankel-grade-E' }, d(370));
      labsNormal(p, 365);
      p.sinsItems(
        'T4',
        {
          'sins-pain': 'occasional',
          'sins-bone-lesion': 'mixed',
          'sins-alignment': 'normal',
          'sins-collapse': 'none',
          'sins-posterolateral': 'unilateral',
        },
        d(370),
      );
      p.radiotherapy(d(360), ['T4']);
      return p;
    },
  },
  {
    id: 's13-lymphoma-t8-escc2',
    title: 'Lymphoma with T8 epidural disease, neurologically intact',
    purpose:
      'NOMS: high-grade ESCC in a radiosensitive tumour → cEBRT, chemosensitive ' +
      'histology (ACTA2020); no urgency without a deficit',
    build() {
      const p = new PatientBuilder('s13', {
        family: 'Johansson',
        given: 'Erik',
        birthDate: '1975-02-28',
        gender: 'male',
      });
      const prim = p.primary(
        { icd: 'C83.30', snomed: '118600007', display: 'Diffuse large B-cell lymphoma' },
        d(60),
      );
      p.metastasis(
        { icd: 'C79.51', display: 'T8 vertebral involvement', levels: ['T8'] },
        d(14),
        prim,
      );
      p.kps(80, d(3));
      p.input('frankel-grade', { code: 'frankel-grade-E' }, d(3));
      p.input('escc-grade', { code: 'escc-grade-2' }, d(5), 'T8');
      p.sinsItems(
        'T8',
        {
          'sins-pain': 'occasional',
          'sins-bone-lesion': 'mixed',
          'sins-alignment': 'normal',
          'sins-collapse': 'none',
          'sins-posterolateral': 'none',
        },
        d(5),
      );
      labsNormal(p, 3);
      return p;
    },
  },
];
