import type { Patient } from 'fhir/r4';
import type { SpineLevel } from '../clinical/spine-levels.js';
import type {
  AnswerKind,
  CandidacyCategory,
  EmergencyStatus,
  Headline,
  OptionId,
  Urgency,
} from '../recommend/types.js';
import type { AssumptionId } from '../recommend/assumptions.js';
import type { RuleId } from '../recommend/rules/rule-ids.js';
import { PatientBuilder, daysBefore } from './builders.js';
import { SCENARIO_REFERENCE_DATE } from './scenarios.js';

/**
 * Clinical vignettes written from the papers and the published criteria (evidence.md, scores.md §11
 * NOMS and Patchell): each a FHIR chart coded as an EHR and the app would write it, with what the
 * decision engine must answer. They are the specification of src/recommend.
 */
export interface Vignette {
  id: string;
  title: string;
  /** The criterion or paper the expectation comes from. */
  source: string;
  build(): PatientBuilder;
  expect: {
    headline: Headline;
    /** How sure the answer is: decided, leading (on named assumptions), open, insufficient. */
    kind?: AnswerKind;
    /** Emergency first (default: no). */
    emergency?: EmergencyStatus;
    /** The assumptions the leading answer must name (ids), exactly. */
    assumes?: AssumptionId[];
    /** Levels that must be named as work-up, not decided on. */
    workup?: string[];
    /** Categories still possible when the headline is "insufficient current data". */
    possible?: CandidacyCategory[];
    /**
     * The answer on the data as recorded when stale or conflicting inputs keep it from being
     * decided.
     */
    provisional?: CandidacyCategory;
    /** The input that must be named as deciding (label substring). */
    deciding?: string;
    urgency?: Urgency;
    urgencyAtLeast?: Urgency;
    top?: OptionId | 'none';
    /** Options that must never rank first nor be offered (not-advised or absent). */
    never?: OptionId[];
    /** Rules that must apply (certain); typed, so a rule removed from its table fails `tsc`. */
    rules?: RuleId[];
  };
}

const REF = SCENARIO_REFERENCE_DATE;
const d = (days: number) => daysBefore(REF, days);
/** An instant `hours` before the reference date (midnight UTC). */
const h = (hours: number) => new Date(Date.parse(REF) - hours * 3_600_000).toISOString();

type Sins = Partial<
  Record<
    'sins-pain' | 'sins-bone-lesion' | 'sins-alignment' | 'sins-collapse' | 'sins-posterolateral',
    string
  >
>;

interface Chart {
  primary: { icd?: string; snomed?: string; display: string };
  level?: SpineLevel;
  levels?: SpineLevel[];
  sins?: Sins;
  escc?: string;
  frankel?: string;
  position?: string;
  kps?: number;
  ecog?: number;
  /** Confirmed counts and visceral staging. */
  staged?: { vertebral: number; extraspinal: number; visceralNone: boolean };
  visceral?: { icd: string; display: string };
  extra?: (p: PatientBuilder) => void;
}

const STABLE: Sins = {
  'sins-pain': 'occasional',
  'sins-bone-lesion': 'blastic',
  'sins-alignment': 'normal',
  'sins-collapse': 'none',
  'sins-posterolateral': 'none',
};
const UNSTABLE: Sins = {
  'sins-pain': 'mechanical',
  'sins-bone-lesion': 'lytic',
  'sins-alignment': 'deformity',
  'sins-collapse': 'gt50',
  'sins-posterolateral': 'bilateral',
};

/** The patient id of the vignette being built (its number, e.g. v07): set by VIGNETTES' build. */
let currentId = 'v00';
function chart(c: Chart): PatientBuilder {
  const id = currentId;
  const p = new PatientBuilder(id, {
    family: 'Vignette',
    given: id.toUpperCase(),
    birthDate: '1960-03-15',
    gender: Number(id.slice(1)) % 2 ? 'female' : 'male',
  });
  const prim = p.primary(c.primary, d(500));
  const levels = c.levels ?? (c.level ? [c.level] : []);
  p.metastasis(
    {
      icd: 'C79.51',
      display: 'Secondary malignant neoplasm of bone (vertebral column)',
      ...(levels.length ? { levels } : {}),
    },
    d(20),
    prim,
  );
  if (c.visceral) p.metastasis({ icd: c.visceral.icd, display: c.visceral.display }, d(30), prim);
  const index = c.level ?? levels[0];
  if (index && levels.length > 1) p.input('index-level', true, d(3), index);
  if (index && c.sins) p.sinsItems(index, c.sins, d(3));
  if (index && c.escc) p.input('escc-grade', { code: `escc-grade-${c.escc}` }, d(3), index);
  if (index && c.position)
    p.input('lesion-position', { code: `lesion-position-${c.position}` }, d(3), index);
  if (c.frankel) p.input('frankel-grade', { code: `frankel-grade-${c.frankel}` }, d(1));
  if (c.kps !== undefined) p.kps(c.kps, d(2));
  if (c.ecog !== undefined) p.ecog(c.ecog, d(2));
  if (c.staged) {
    p.input('vertebral-metastasis-count', c.staged.vertebral, d(10));
    p.input('extraspinal-bone-count', c.staged.extraspinal, d(10));
    if (c.staged.visceralNone) p.input('visceral-staging-complete', true, d(10));
  }
  c.extra?.(p);
  return p;
}

const NSCLC = {
  icd: 'C34.11',
  snomed: '254637007',
  display: 'Non-small cell lung cancer, right upper lobe',
};
const SCLC = { icd: 'C34.11', snomed: '254632001', display: 'Small cell carcinoma of lung' };
const BREAST = { icd: 'C50.911', display: 'Malignant neoplasm of right female breast' };
const RENAL = { icd: 'C64.1', display: 'Clear cell renal cell carcinoma, right kidney' };
const THYROID = { icd: 'C73', display: 'Follicular thyroid carcinoma' };
const MYELOMA = { icd: 'C90.00', display: 'Multiple myeloma not having achieved remission' };
const PLASMACYTOMA = {
  icd: 'C90.30',
  display: 'Solitary plasmacytoma not having achieved remission',
};
const LYMPHOMA = { icd: 'C83.30', display: 'Diffuse large B-cell lymphoma, unspecified site' };
const SEMINOMA = { icd: 'C62.90', display: 'Malignant neoplasm of testis (seminoma)' };
const PROSTATE = { icd: 'C61', display: 'Malignant neoplasm of prostate' };
const COLON = { icd: 'C18.7', display: 'Malignant neoplasm of sigmoid colon' };
const GASTRIC = { icd: 'C16.9', display: 'Malignant neoplasm of stomach' };
const CERVIX = { icd: 'C53.9', display: 'Malignant neoplasm of cervix uteri' };
const UNKNOWN = { icd: 'C80.1', display: 'Malignant (primary) neoplasm, unspecified' };
const HCC = { icd: 'C22.0', display: 'Liver cell carcinoma' };

const survival = (v: 'lt3m' | '3to6m' | 'ge6m') => (p: PatientBuilder) =>
  p.input('expected-survival', { code: `expected-survival-${v}` }, d(1));
const fit = (yes: boolean) => (p: PatientBuilder) => p.input('fit-for-surgery', yes, d(2));
const all =
  (...fs: Array<(p: PatientBuilder) => void>) =>
  (p: PatientBuilder) =>
    fs.forEach((f) => f(p));

const RAW: Vignette[] = [
  // --- Neurological: Patchell 2005 and its limits ---
  {
    id: 'v01-mscc-nsclc-within-patchell',
    title: 'NSCLC, T8 ESCC 3, Frankel C, survival ≥ 6 months, fit',
    source: 'Patchell 2005; CTJ2018 urgency; ACTA2020 posterolateral decompression',
    build: () =>
      chart({
        primary: NSCLC,
        level: 'T8',
        sins: { ...STABLE, 'sins-bone-lesion': 'lytic', 'sins-collapse': 'lt50' },
        escc: '3',
        frankel: 'C',
        kps: 60,
        extra: all(survival('ge6m'), fit(true)),
      }),
    expect: {
      emergency: 'yes',
      headline: 'surgical-consultation',
      urgency: 'emergency',
      top: 'posterior-decompression-stabilization',
      never: ['vertebral-augmentation', 'mist'],
      rules: ['urgency.neuro.mscc', 'candidacy.neuro.mscc-decompression'],
    },
  },
  {
    id: 'v02-mscc-survival-under-3m',
    title: 'As v01 with expected survival under 3 months',
    source: 'Patchell 2005 exclusion; CTJ2018 relative contraindication',
    build: () =>
      chart({
        primary: NSCLC,
        level: 'T8',
        sins: { ...STABLE, 'sins-bone-lesion': 'lytic', 'sins-collapse': 'lt50' },
        escc: '3',
        frankel: 'C',
        kps: 40,
        extra: all(survival('lt3m'), fit(true)),
      }),
    expect: {
      emergency: 'yes',
      headline: 'not-surgical-candidate',
      kind: 'decided',
      urgency: 'emergency',
      top: 'radiotherapy-first',
      never: ['posterior-decompression-stabilization', 'mist', 'anterior'],
      rules: ['contra.survival-under-3-months'],
    },
  },
  {
    id: 'v03-paraplegia-over-48h',
    title: 'NSCLC, T6 ESCC 3, Frankel A recorded for 4 days',
    source: 'Patchell 2005: paraplegia > 48 h excluded',
    build: () =>
      chart({
        primary: NSCLC,
        level: 'T6',
        sins: { ...STABLE, 'sins-bone-lesion': 'lytic' },
        escc: '3',
        kps: 40,
        extra: all(survival('ge6m'), (p) => {
          p.input('frankel-grade', { code: 'frankel-grade-A' }, h(96));
          p.input('frankel-grade', { code: 'frankel-grade-A' }, h(6));
        }),
      }),
    expect: {
      emergency: 'yes',
      headline: 'nonsurgical-first',
      urgency: 'emergency',
      top: 'radiotherapy-first',
      rules: ['contra.paraplegia-over-48h'],
    },
  },
  {
    id: 'v04-paraplegia-within-48h',
    title: 'NSCLC, T6 ESCC 3, Frankel D yesterday, Frankel A today',
    source: 'Patchell 2005: paraplegia < 48 h eligible; CTJ2018 reversibility',
    build: () =>
      chart({
        primary: NSCLC,
        level: 'T6',
        sins: { ...STABLE, 'sins-bone-lesion': 'lytic' },
        escc: '3',
        kps: 60,
        extra: all(survival('ge6m'), fit(true), (p) => {
          p.input('frankel-grade', { code: 'frankel-grade-D' }, h(30));
          p.input('frankel-grade', { code: 'frankel-grade-A' }, h(4));
        }),
      }),
    expect: {
      emergency: 'yes',
      headline: 'surgical-consultation',
      urgency: 'emergency',
      top: 'posterior-decompression-stabilization',
      rules: ['urgency.neuro.mscc', 'candidacy.neuro.progressive'],
    },
  },
  {
    id: 'v05-paraplegia-onset-unknown',
    title: 'NSCLC, T6 ESCC 3, Frankel A once, onset not recorded',
    source: 'Patchell 2005: the onset decides',
    build: () =>
      chart({
        primary: NSCLC,
        level: 'T6',
        sins: { ...STABLE, 'sins-bone-lesion': 'lytic' },
        escc: '3',
        frankel: 'A',
        kps: 60,
        extra: all(survival('ge6m'), fit(true)),
      }),
    expect: {
      headline: 'surgical-consultation',
      kind: 'leading',
      emergency: 'yes',
      assumes: ['assume.onset-recent'],
      urgencyAtLeast: 'emergency',
    },
  },
  {
    id: 'v06-mscc-survival-unknown',
    title: 'NSCLC, T9 ESCC 2, Frankel D, ECOG 3, no survival estimate',
    source:
      'Patchell 2005: survival ≥ 3 months; Tokuhashi 0–8 says < 6 months only; ECOG 3 ' +
      'with a deficit may be the deficit',
    build: () =>
      chart({
        primary: NSCLC,
        level: 'T9',
        sins: { ...STABLE, 'sins-bone-lesion': 'lytic' },
        escc: '2',
        frankel: 'D',
        ecog: 3,
        visceral: { icd: 'C78.01', display: 'Secondary malignant neoplasm of right lung' },
      }),
    expect: {
      headline: 'surgical-consultation',
      kind: 'leading',
      emergency: 'yes',
      assumes: ['assume.survival', 'assume.fitness'],
      urgency: 'emergency',
    },
  },
  {
    id: 'v07-progressive-deficit-low-grade',
    title: 'NSCLC, L2 ESCC 1c, Frankel D progressing',
    source: 'CTJ2018, KANDA2021, UEI2018: progressive deficit',
    build: () =>
      chart({
        primary: NSCLC,
        level: 'L2',
        sins: STABLE,
        escc: '1c',
        frankel: 'D',
        kps: 70,
        extra: (p) => p.input('neuro-deficit-progressive', true, d(1)),
      }),
    expect: {
      emergency: 'yes',
      headline: 'surgical-consultation',
      urgency: 'emergency',
      rules: ['candidacy.neuro.progressive'],
    },
  },
  {
    id: 'v08-ctj-deficit',
    title: 'NSCLC, C7 ESCC 3, Frankel C, survival ≥ 6 months',
    source: 'CTJ2018: prompt decompression at the CTJ; posterior gold standard',
    build: () =>
      chart({
        primary: NSCLC,
        level: 'C7',
        sins: UNSTABLE,
        escc: '3',
        frankel: 'C',
        position: 'circumferential',
        kps: 60,
        extra: all(survival('ge6m'), fit(true)),
      }),
    expect: {
      emergency: 'yes',
      headline: 'surgical-consultation',
      urgency: 'emergency',
      top: 'posterior-decompression-stabilization',
      never: ['mist', 'anterior', 'decompression-alone'],
      rules: ['urgency.neuro.ctj'],
    },
  },
  // --- Oncological: radiosensitive and chemosensitive tumours ---
  {
    id: 'v09-lymphoma-mscc-deficit',
    title: 'Lymphoma, T10 ESCC 3, Frankel C, stable spine',
    source:
      'NOMS (LAUFER2013): radiosensitive → cEBRT whatever the compression; ACTA2020 ' +
      'chemotherapy first',
    build: () =>
      chart({ primary: LYMPHOMA, level: 'T10', sins: STABLE, escc: '3', frankel: 'C', kps: 60 }),
    expect: {
      emergency: 'yes',
      headline: 'nonsurgical-first',
      urgency: 'emergency',
      top: 'systemic-first',
      never: ['en-bloc', 'decompression-alone', 'mist', 'vertebral-augmentation'],
      rules: ['urgency.noms.radiosensitive-compression', 'contra.chemotherapy-first'],
    },
  },
  {
    id: 'v10-sclc-mscc-deficit',
    title: 'Small-cell lung cancer, T5 ESCC 2, Frankel D, stable',
    source: 'NOMS radiosensitive (SCLC); Patchell excluded',
    build: () =>
      chart({ primary: SCLC, level: 'T5', sins: STABLE, escc: '2', frankel: 'D', kps: 60 }),
    expect: {
      emergency: 'yes',
      headline: 'nonsurgical-first',
      urgency: 'emergency',
      top: 'radiotherapy-first',
      never: ['en-bloc', 'decompression-alone'],
    },
  },
  {
    id: 'v11-myeloma-mscc-stable',
    title: 'Myeloma, T11 ESCC 2, Frankel D, stable',
    source: 'NOMS: myeloma highly radiosensitive',
    build: () =>
      chart({ primary: MYELOMA, level: 'T11', sins: STABLE, escc: '2', frankel: 'D', kps: 70 }),
    expect: {
      emergency: 'yes',
      headline: 'nonsurgical-first',
      urgency: 'emergency',
      top: 'radiotherapy-first',
      never: ['en-bloc'],
    },
  },
  {
    id: 'v12-seminoma-mscc',
    title: 'Seminoma, L1 ESCC 3, Frankel C, stable',
    source: 'ACTA2020: chemotherapy first for seminoma; NOMS germ-cell',
    build: () =>
      chart({
        staged: { vertebral: 1, extraspinal: 2, visceralNone: true },
        primary: SEMINOMA,
        level: 'L1',
        sins: STABLE,
        escc: '3',
        frankel: 'C',
        kps: 70,
      }),
    expect: {
      emergency: 'yes',
      headline: 'nonsurgical-first',
      urgency: 'emergency',
      top: 'systemic-first',
      never: ['en-bloc'],
    },
  },
  {
    id: 'v13-myeloma-unstable',
    title: 'Myeloma, L1 SINS 15, ESCC 1a, intact',
    source: 'NOMS M: instability → stabilisation whatever the histology; KANDA2021 SINS ≥ 13',
    build: () =>
      chart({ primary: MYELOMA, level: 'L1', sins: UNSTABLE, escc: '1a', frankel: 'E', kps: 70 }),
    expect: {
      headline: 'surgical-consultation',
      urgency: 'urgent',
      never: ['en-bloc', 'decompression-alone', 'vertebral-augmentation'],
      rules: ['candidacy.instability.sins-13'],
    },
  },
  {
    id: 'v14-breast-high-grade-intact',
    title: 'Breast, T7 ESCC 2, intact, stable',
    source: 'NOMS: radiosensitive high grade → cEBRT',
    build: () =>
      chart({
        staged: { vertebral: 1, extraspinal: 2, visceralNone: true },
        primary: BREAST,
        level: 'T7',
        sins: STABLE,
        escc: '2',
        frankel: 'E',
        kps: 80,
        extra: (p) => p.input('pain-intractable', false, d(2)),
      }),
    expect: {
      headline: 'nonsurgical-first',
      urgency: 'urgent',
      top: 'radiotherapy-first',
      never: ['vertebral-augmentation'],
    },
  },
  {
    id: 'v15-breast-noms-example-1',
    title: 'Breast, T9 ESCC 1b, SINS 5, intact, mild pain',
    source: 'scores.md §11 NOMS example 1 → cEBRT',
    build: () =>
      chart({
        staged: { vertebral: 1, extraspinal: 2, visceralNone: true },
        primary: BREAST,
        level: 'T9',
        sins: { ...STABLE, 'sins-bone-lesion': 'lytic', 'sins-collapse': 'none-gt50-involved' },
        escc: '1b',
        frankel: 'E',
        kps: 80,
        extra: (p) => p.painNrs(2, d(1)),
      }),
    expect: {
      headline: 'radiotherapy-first',
      urgency: 'routine',
      top: 'radiotherapy-first',
      never: ['en-bloc', 'vertebral-augmentation'],
    },
  },
  {
    id: 'v16-renal-noms-example-2',
    title: 'Renal, T12 ESCC 3, SINS 11 with mechanical pain, fit',
    source: 'scores.md §11 NOMS example 2 → separation surgery, posterior stabilisation, then SRS',
    build: () =>
      chart({
        staged: { vertebral: 1, extraspinal: 2, visceralNone: true },
        primary: RENAL,
        level: 'T12',
        sins: {
          'sins-pain': 'mechanical',
          'sins-bone-lesion': 'lytic',
          'sins-alignment': 'normal',
          'sins-collapse': 'none-gt50-involved',
          'sins-posterolateral': 'none',
        },
        escc: '3',
        frankel: 'E',
        kps: 80,
        extra: fit(true),
      }),
    expect: {
      headline: 'surgical-consultation',
      urgency: 'urgent',
      top: 'posterior-decompression-stabilization',
      never: ['vertebral-augmentation', 'decompression-alone'],
      rules: ['candidacy.noms.separation-surgery'],
    },
  },
  {
    id: 'v17-renal-stable-bone-only',
    title: 'Renal, L4 ESCC 0, SINS 4, intact, several lesions',
    source: 'UEI2018/ACTA2020: renal histology is a surgical indication',
    build: () =>
      chart({
        staged: { vertebral: 1, extraspinal: 2, visceralNone: true },
        primary: RENAL,
        level: 'L4',
        sins: { ...STABLE, 'sins-pain': 'none' },
        escc: '0',
        frankel: 'E',
        kps: 90,
      }),
    expect: {
      headline: 'surgical-consultation',
      urgency: 'routine',
      rules: ['candidacy.histology.radioresistant'],
    },
  },
  {
    id: 'v18-cervix-high-grade',
    title: 'Cervix cancer, L3 ESCC 2, intact, stable',
    source: 'scores.md §11 2026-12 note: cervix moderately radiosensitive',
    build: () =>
      chart({
        staged: { vertebral: 1, extraspinal: 2, visceralNone: true },
        primary: CERVIX,
        level: 'L3',
        sins: STABLE,
        escc: '2',
        frankel: 'E',
        kps: 80,
        extra: (p) => p.painNrs(3, d(1)),
      }),
    expect: { headline: 'nonsurgical-first', urgency: 'urgent', top: 'radiotherapy-first' },
  },
  {
    id: 'v19-gastric-high-grade-histology-open',
    title: 'Gastric cancer, T4 ESCC 2, intact, stable',
    source: 'NOMS: gastric is not in the radiosensitivity table; the O pillar decides',
    build: () =>
      chart({
        primary: GASTRIC,
        level: 'T4',
        sins: STABLE,
        escc: '2',
        frankel: 'E',
        kps: 70,
        extra: (p) => p.painNrs(2, d(1)),
      }),
    expect: {
      headline: 'surgical-consultation',
      kind: 'leading',
      assumes: ['assume.survival', 'assume.fitness', 'assume.histology-resistant'],
    },
  },
  {
    id: 'v20-unknown-primary-mscc',
    title: 'Unknown primary, T10 ESCC 3, Frankel C, survival ≥ 6 months',
    source: 'NOMS O unknown; Patchell',
    build: () =>
      chart({
        primary: UNKNOWN,
        level: 'T10',
        sins: STABLE,
        escc: '3',
        frankel: 'C',
        kps: 60,
        extra: survival('ge6m'),
      }),
    expect: {
      emergency: 'yes',
      headline: 'surgical-consultation',
      urgency: 'emergency',
      top: 'posterior-decompression-stabilization',
    },
  },
  // --- Excisional path (ACTA2020; UEI2018) ---
  {
    id: 'v21-thyroid-solitary-all-confirmed',
    title: 'Thyroid, solitary T11, staged, fit',
    source: 'ACTA2020 en bloc criteria; Tomita 2–3',
    build: () =>
      chart({
        primary: THYROID,
        level: 'T11',
        sins: STABLE,
        escc: '0',
        frankel: 'E',
        kps: 90,
        staged: { vertebral: 1, extraspinal: 0, visceralNone: true },
        extra: fit(true),
      }),
    expect: {
      headline: 'excisional',
      urgency: 'routine',
      top: 'en-bloc',
      rules: ['candidacy.excisional.criteria'],
    },
  },
  {
    id: 'v22-thyroid-solitary-fitness-unknown',
    title: 'As v21 without a fitness judgement',
    source: 'ACTA2020: the patient must be fit; unknown is not "fit"',
    build: () =>
      chart({
        primary: THYROID,
        level: 'T11',
        sins: STABLE,
        escc: '0',
        frankel: 'E',
        kps: 90,
        staged: { vertebral: 1, extraspinal: 0, visceralNone: true },
      }),
    expect: { headline: 'excisional', kind: 'leading', assumes: ['assume.fitness'] },
  },
  {
    id: 'v23-renal-solitary-five-bone-mets',
    title: 'Renal, solitary L2, five extraspinal bone metastases confirmed',
    source: 'ACTA2020: excisional path only without extraspinal bone metastasis',
    build: () =>
      chart({
        primary: RENAL,
        level: 'L2',
        sins: STABLE,
        escc: '0',
        frankel: 'E',
        kps: 90,
        staged: { vertebral: 1, extraspinal: 5, visceralNone: true },
        extra: fit(true),
      }),
    expect: { headline: 'surgical-consultation', urgency: 'routine', never: ['en-bloc'] },
  },
  {
    id: 'v24-solitary-plasmacytoma',
    title: 'Solitary plasmacytoma T12, staged, fit',
    source: 'ACTA2020: favourable (non-haematological) histology; NOMS radiosensitive',
    build: () =>
      chart({
        primary: PLASMACYTOMA,
        level: 'T12',
        sins: STABLE,
        escc: '0',
        frankel: 'E',
        kps: 90,
        staged: { vertebral: 1, extraspinal: 0, visceralNone: true },
        extra: fit(true),
      }),
    expect: {
      headline: 'nonsurgical-first',
      urgency: 'routine',
      top: 'radiotherapy-first',
      never: ['en-bloc'],
    },
  },
  {
    id: 'v25-breast-solitary-liver-mets',
    title: 'Breast, solitary T9, liver metastases',
    source: 'ACTA2020: no visceral metastases for the excisional path',
    build: () =>
      chart({
        primary: BREAST,
        level: 'T9',
        sins: { ...STABLE, 'sins-pain': 'mechanical', 'sins-bone-lesion': 'lytic' },
        escc: '0',
        frankel: 'E',
        kps: 80,
        staged: { vertebral: 1, extraspinal: 0, visceralNone: false },
        visceral: { icd: 'C78.7', display: 'Secondary malignant neoplasm of liver' },
        extra: fit(true),
      }),
    expect: { headline: 'surgical-consultation', never: ['en-bloc'] },
  },
  // --- Mechanical (SINS) and pain ---
  {
    id: 'v26-lung-egfr-unstable',
    title: 'EGFR-mutant lung on osimertinib, T12 SINS 16',
    source: 'KANDA2021 SINS ≥ 13; SEGI2025 stabilisation; UEI2018 MISt',
    build: () =>
      chart({
        primary: NSCLC,
        levels: ['T12', 'L1'],
        sins: UNSTABLE,
        escc: '1a',
        frankel: 'E',
        ecog: 1,
        extra: (p) => p.medication({ rxnorm: '1721560', name: 'osimertinib' }, d(200), 'active'),
      }),
    expect: {
      headline: 'surgical-consultation',
      urgency: 'urgent',
      never: ['decompression-alone', 'vertebral-augmentation'],
    },
  },
  {
    id: 'v27-breast-painful-collapse-l1',
    title: 'Breast, L1 SINS 10 painful collapse, ESCC 0, intact',
    source: 'SEGI2025: MISt at TL/L/S; kyphoplasty for painful fracture; UEI2018 MISt first choice',
    build: () =>
      chart({
        staged: { vertebral: 1, extraspinal: 2, visceralNone: true },
        primary: BREAST,
        level: 'L1',
        sins: {
          'sins-pain': 'mechanical',
          'sins-bone-lesion': 'mixed',
          'sins-alignment': 'normal',
          'sins-collapse': 'lt50',
          'sins-posterolateral': 'none',
        },
        escc: '0',
        frankel: 'E',
        kps: 80,
      }),
    expect: {
      headline: 'surgical-consultation',
      urgency: 'routine',
      top: 'mist',
      never: ['decompression-alone'],
    },
  },
  {
    id: 'v28-colon-canal-involved',
    title: 'Colon, L4 SINS 11, ESCC 1a, intact',
    source: 'ACTA2020: kyphoplasty contraindicated with canal involvement',
    build: () =>
      chart({
        staged: { vertebral: 1, extraspinal: 2, visceralNone: true },
        primary: COLON,
        level: 'L4',
        sins: {
          'sins-pain': 'mechanical',
          'sins-bone-lesion': 'lytic',
          'sins-alignment': 'normal',
          'sins-collapse': 'lt50',
          'sins-posterolateral': 'unilateral',
        },
        escc: '1a',
        frankel: 'E',
        kps: 80,
      }),
    expect: {
      headline: 'surgical-consultation',
      never: ['vertebral-augmentation', 'decompression-alone'],
    },
  },
  {
    id: 'v29-prostate-blastic-sacrum',
    title: 'Prostate, S1 blastic, SINS 4, ESCC 0, intact, mild pain, several lesions',
    source: 'NOMS: low grade radiosensitive → cEBRT; no surgical indication',
    build: () =>
      chart({
        staged: { vertebral: 1, extraspinal: 2, visceralNone: true },
        primary: PROSTATE,
        level: 'S1',
        sins: { ...STABLE },
        escc: '0',
        frankel: 'E',
        kps: 90,
        extra: (p) => p.painNrs(2, d(1)),
      }),
    expect: {
      headline: 'radiotherapy-first',
      urgency: 'routine',
      top: 'radiotherapy-first',
      never: ['en-bloc'],
    },
  },
  {
    id: 'v30-intractable-pain-stable',
    title: 'Breast, T8 SINS 4, ESCC 0, intact, intractable pain',
    source: 'CTJ2018, KANDA2021: intractable pain',
    build: () =>
      chart({
        staged: { vertebral: 1, extraspinal: 2, visceralNone: true },
        primary: BREAST,
        level: 'T8',
        sins: STABLE,
        escc: '0',
        frankel: 'E',
        kps: 80,
        extra: (p) => p.input('pain-intractable', true, d(2)),
      }),
    expect: {
      headline: 'surgical-consultation',
      urgency: 'routine',
      rules: ['candidacy.pain.intractable'],
    },
  },
  {
    id: 'v31-mechanical-pain-stable-sins',
    title: 'Prostate, L5 SINS 6 with mechanical pain, ESCC 0, intact',
    source: 'UEI2018: pain from instability',
    build: () =>
      chart({
        staged: { vertebral: 1, extraspinal: 2, visceralNone: true },
        primary: PROSTATE,
        level: 'L5',
        sins: {
          'sins-pain': 'mechanical',
          'sins-bone-lesion': 'blastic',
          'sins-alignment': 'normal',
          'sins-collapse': 'none',
          'sins-posterolateral': 'none',
        },
        escc: '0',
        frankel: 'E',
        kps: 80,
      }),
    expect: {
      headline: 'surgical-consultation',
      urgency: 'routine',
      rules: ['candidacy.instability.mechanical-pain'],
    },
  },
  // --- Approach: anatomy (CTJ2018 scoped to C7–T2) ---
  {
    id: 'v32-c4-body-only',
    title: 'Breast, C4 body-only lesion, posterior elements intact, SINS 9, several lesions',
    source:
      'subaxial body-only → anterior (CTJ2018 extrapolated); MISt impractical in the ' +
      'cervical spine (SEGI2025, UEI2018)',
    build: () =>
      chart({
        staged: { vertebral: 1, extraspinal: 2, visceralNone: true },
        primary: BREAST,
        level: 'C4',
        sins: {
          'sins-pain': 'mechanical',
          'sins-bone-lesion': 'lytic',
          'sins-alignment': 'normal',
          'sins-collapse': 'lt50',
          'sins-posterolateral': 'none',
        },
        escc: '1b',
        frankel: 'E',
        position: 'body',
        kps: 80,
      }),
    expect: {
      headline: 'surgical-consultation',
      top: 'anterior',
      never: ['mist', 'decompression-alone'],
    },
  },
  {
    id: 'v33-c5-posterior-elements',
    title: 'NSCLC, C5 lesion of the posterior elements, SINS 10',
    source: 'posterior for posterior-element tumour; anterior-only weighed against',
    build: () =>
      chart({
        staged: { vertebral: 1, extraspinal: 2, visceralNone: true },
        primary: NSCLC,
        level: 'C5',
        sins: {
          'sins-pain': 'mechanical',
          'sins-bone-lesion': 'lytic',
          'sins-alignment': 'normal',
          'sins-collapse': 'none',
          'sins-posterolateral': 'bilateral',
        },
        escc: '1a',
        frankel: 'E',
        position: 'posterior',
        kps: 70,
      }),
    expect: {
      headline: 'surgical-consultation',
      top: 'posterior-decompression-stabilization',
      never: ['mist', 'anterior'],
    },
  },
  {
    id: 'v34-t1-body-and-lamina',
    title: 'Renal, T1 body and lamina, SINS 12',
    source:
      'CTJ2018: anterior-only avoided with posterior ring involvement at C7–T2; ' +
      'posterior gold standard',
    build: () =>
      chart({
        staged: { vertebral: 1, extraspinal: 2, visceralNone: true },
        primary: RENAL,
        level: 'T1',
        sins: {
          'sins-pain': 'mechanical',
          'sins-bone-lesion': 'lytic',
          'sins-alignment': 'normal',
          'sins-collapse': 'lt50',
          'sins-posterolateral': 'unilateral',
        },
        escc: '1b',
        frankel: 'E',
        position: 'body-and-posterior',
        kps: 80,
      }),
    expect: {
      headline: 'surgical-consultation',
      top: 'posterior-decompression-stabilization',
      never: ['anterior'],
    },
  },
  {
    id: 'v35-c2-unstable',
    title: 'NSCLC, C2 SINS 13',
    source: 'UEI2018: MISt not for occipital-to-cervical lesions; KANDA2021 screws',
    build: () =>
      chart({
        staged: { vertebral: 1, extraspinal: 2, visceralNone: true },
        primary: NSCLC,
        level: 'C2',
        sins: {
          'sins-pain': 'mechanical',
          'sins-bone-lesion': 'lytic',
          'sins-alignment': 'normal',
          'sins-collapse': 'lt50',
          'sins-posterolateral': 'bilateral',
        },
        escc: '1a',
        frankel: 'E',
        kps: 70,
      }),
    expect: {
      headline: 'surgical-consultation',
      urgency: 'urgent',
      top: 'posterior-decompression-stabilization',
      never: ['mist'],
    },
  },
  {
    id: 'v36-l2-fracture-escc-missing',
    title: 'Breast, L2 painful collapse, SINS 9, no ESCC on record',
    source: 'ACTA2020: kyphoplasty with canal involvement contraindicated; canal unknown → caution',
    build: () =>
      chart({
        staged: { vertebral: 1, extraspinal: 2, visceralNone: true },
        primary: BREAST,
        level: 'L2',
        sins: {
          'sins-pain': 'mechanical',
          'sins-bone-lesion': 'mixed',
          'sins-alignment': 'normal',
          'sins-collapse': 'lt50',
          'sins-posterolateral': 'none',
        },
        frankel: 'E',
        kps: 80,
      }),
    expect: { headline: 'surgical-consultation' },
  },
  // --- Missing, stale, conflicting, declined, deceased ---
  {
    id: 'v37-no-level',
    title: 'NSCLC with a bone metastasis coded without a vertebral level',
    source:
      'no spinal level, count or imaging finding on record: not assessed (record the ' +
      'level), never read as a stable spine',
    build: () => chart({ primary: NSCLC, kps: 70 }),
    expect: { headline: 'not-assessed', kind: 'not-assessed' },
  },
  {
    id: 'v38-sins-stable-neuro-escc-missing',
    title: 'Breast, T10 SINS 5, ESCC and neurology not recorded',
    source: 'never decide on a missing input',
    build: () =>
      chart({
        primary: BREAST,
        levels: ['T10', 'L4'],
        sins: { ...STABLE, 'sins-bone-lesion': 'lytic' },
        kps: 80,
        extra: (p) => p.painNrs(2, d(1)),
      }),
    expect: {
      headline: 'open',
      kind: 'open',
      possible: ['surgical-consultation', 'nonsurgical-first', 'radiotherapy-first'],
      workup: ['L4'],
    },
  },
  {
    id: 'v39-everything-a-year-old',
    title: 'Breast, T8 SINS 5, ESCC 1a, intact — every input a year old',
    source: 'stale data flagged, not silently used',
    build: () => {
      const p = new PatientBuilder('v39', {
        family: 'Vignette',
        given: 'V39',
        birthDate: '1960-03-15',
        gender: 'female',
      });
      const prim = p.primary(BREAST, d(900));
      p.metastasis(
        { icd: 'C79.51', display: 'Secondary malignant neoplasm of bone', levels: ['T8'] },
        d(400),
        prim,
      );
      p.input('vertebral-metastasis-count', 1, d(370));
      p.input('extraspinal-bone-count', 3, d(370));
      p.sinsItems('T8', { ...STABLE, 'sins-bone-lesion': 'lytic' }, d(370));
      p.input('escc-grade', { code: 'escc-grade-1a' }, d(370), 'T8');
      p.input('frankel-grade', { code: 'frankel-grade-E' }, d(370));
      p.kps(80, d(370));
      p.painNrs(2, d(370));
      return p;
    },
    expect: { headline: 'insufficient-current-data', provisional: 'radiotherapy-first' },
  },
  {
    id: 'v40-escc-conflict',
    title: 'NSCLC, T7 SINS 5: ESCC 1b and ESCC 3 recorded the same day, Frankel D',
    source: 'contradictory inputs shown, never resolved silently',
    build: () =>
      chart({
        primary: NSCLC,
        levels: ['T7', 'L1'],
        sins: { ...STABLE, 'sins-bone-lesion': 'lytic' },
        escc: '1b',
        frankel: 'D',
        kps: 70,
        extra: all(survival('ge6m'), (p) =>
          p.input('escc-grade', { code: 'escc-grade-3' }, d(3), 'T7'),
        ),
      }),
    expect: {
      headline: 'insufficient-current-data',
      kind: 'insufficient',
      emergency: 'possible',
      deciding: 'ESCC',
    },
  },
  {
    id: 'v41-declines',
    title: 'NSCLC, T11 SINS 15, the patient declines surgery',
    source: 'CTJ2018: the patient declines',
    build: () =>
      chart({
        primary: NSCLC,
        levels: ['T11', 'T4'],
        sins: UNSTABLE,
        escc: '1a',
        frankel: 'E',
        kps: 70,
        extra: (p) => p.input('declines-surgery', true, d(2)),
      }),
    expect: { headline: 'not-surgical-candidate', rules: ['contra.declines'] },
  },
  {
    id: 'v42-deceased',
    title: 'Renal, L3 SINS 9, recorded as deceased',
    source: 'no recommendation for a deceased patient',
    build: () => {
      const p = chart({
        primary: RENAL,
        level: 'L3',
        sins: UNSTABLE,
        escc: '1a',
        frankel: 'E',
        kps: 70,
      });
      (p.resources[0] as Patient).deceasedDateTime = h(240);
      return p;
    },
    expect: { headline: 'deceased', top: 'none' },
  },
  {
    id: 'v43-hcc-ecog4-terminal-mscc',
    title: 'HCC, T9 ESCC 3, Frankel C, ECOG 4, clinician: survival under 3 months',
    source: 'CTJ2018 < 3 months; Tomita 8–10 supportive care; Patchell',
    build: () =>
      chart({
        staged: { vertebral: 1, extraspinal: 2, visceralNone: true },
        primary: HCC,
        level: 'T9',
        sins: { ...STABLE, 'sins-bone-lesion': 'lytic' },
        escc: '3',
        frankel: 'C',
        ecog: 4,
        visceral: { icd: 'C78.01', display: 'Secondary malignant neoplasm of lung' },
        extra: survival('lt3m'),
      }),
    expect: {
      emergency: 'yes',
      headline: 'not-surgical-candidate',
      kind: 'decided',
      urgency: 'emergency',
      top: 'radiotherapy-first',
      never: ['posterior-decompression-stabilization', 'mist', 'anterior', 'combined', 'en-bloc'],
    },
  },
  {
    id: 'v44-kps-conflict-mscc',
    title: 'HCC, T8 ESCC 3, Frankel C: KPS 90 and KPS 70 recorded the same day (Tokuhashi 9 or 8)',
    source: 'a deciding input in conflict makes the headline provisional until confirmed',
    build: () =>
      chart({
        staged: { vertebral: 1, extraspinal: 2, visceralNone: true },
        primary: HCC,
        level: 'T8',
        sins: { ...STABLE, 'sins-bone-lesion': 'lytic' },
        escc: '3',
        frankel: 'C',
        kps: 90,
        extra: all(fit(true), (p) => p.kps(70, d(2))),
      }),
    expect: {
      headline: 'insufficient-current-data',
      kind: 'insufficient',
      emergency: 'yes',
      provisional: 'surgical-consultation',
      possible: ['surgical-consultation', 'not-surgical-candidate'],
      deciding: 'survival',
      urgencyAtLeast: 'emergency',
    },
  },
  // --- Issue 19: a clinician's answer on current charts, graded from the evidence before the
  // engine ran ---
  // Index lesion decides; a level listed but not characterised is work-up.
  {
    id: 'v45-index-decides-uncharacterised-levels',
    title:
      'NSCLC, T12 index SINS 14 (ESCC 1a, intact); T10 and L2 listed, not characterised; KPS 80',
    source: 'issue 19 item 3; KANDA2021 SINS ≥ 13; CTJ2018 SINS > 6',
    build: () =>
      chart({
        primary: NSCLC,
        levels: ['T12', 'T10', 'L2'],
        sins: UNSTABLE,
        escc: '1a',
        frankel: 'E',
        kps: 80,
        extra: survival('ge6m'),
      }),
    expect: {
      headline: 'surgical-consultation',
      kind: 'leading',
      urgency: 'urgent',
      assumes: ['assume.fitness'],
      workup: ['T10', 'L2'],
      never: ['en-bloc'],
    },
  },
  {
    id: 'v46-no-index-worst-characterised',
    title:
      'Breast: T4 SINS 4 and L3 SINS 15 characterised, T9 listed only, no index ' +
      'recorded; intact, KPS 80',
    source: 'issue 19 item 3: else the worst characterised level',
    build: () => {
      const p = new PatientBuilder('v46', {
        family: 'Vignette',
        given: 'V46',
        birthDate: '1960-03-15',
        gender: 'female',
      });
      const prim = p.primary(BREAST, d(500));
      p.metastasis(
        {
          icd: 'C79.51',
          display: 'Secondary malignant neoplasm of bone (vertebral column)',
          levels: ['T4', 'T9', 'L3'],
        },
        d(20),
        prim,
      );
      p.sinsItems('T4', STABLE, d(3));
      p.sinsItems('L3', UNSTABLE, d(3));
      p.input('escc-grade', { code: 'escc-grade-1a' }, d(3), 'L3');
      p.input('frankel-grade', { code: 'frankel-grade-E' }, d(1));
      p.kps(80, d(2));
      survival('ge6m')(p);
      return p;
    },
    expect: {
      headline: 'surgical-consultation',
      kind: 'leading',
      urgency: 'urgent',
      workup: ['T9'],
    },
  },
  // Intractable pain: not recorded; the pain score and the medication list are the evidence.
  {
    id: 'v47-pain-4-no-opioid',
    title: 'Breast, T8 SINS 5, ESCC 1a, intact, pain 4/10, no opioid; intractability not recorded',
    source: 'CTJ2018/KANDA2021: intractable = despite opioids',
    build: () =>
      chart({
        primary: BREAST,
        level: 'T8',
        sins: { ...STABLE, 'sins-bone-lesion': 'lytic' },
        escc: '1a',
        frankel: 'E',
        kps: 80,
        extra: (p) => p.painNrs(4, d(1)),
      }),
    expect: {
      headline: 'radiotherapy-first',
      kind: 'leading',
      assumes: ['assume.intractable-pain'],
      top: 'radiotherapy-first',
    },
  },
  {
    id: 'v48-pain-8-on-oxycodone',
    title: 'As v47 with pain 8/10 on oxycodone',
    source: 'CTJ2018/KANDA2021: intractable pain despite opioids → surgical consultation',
    build: () =>
      chart({
        primary: BREAST,
        level: 'T8',
        sins: { ...STABLE, 'sins-bone-lesion': 'lytic' },
        escc: '1a',
        frankel: 'E',
        kps: 80,
        extra: all(survival('ge6m'), (p) => {
          p.painNrs(8, d(1));
          p.medication({ rxnorm: '7804', name: 'oxycodone' }, d(20), 'active');
        }),
      }),
    expect: {
      headline: 'surgical-consultation',
      kind: 'leading',
      assumes: ['assume.fitness', 'assume.intractable-pain'],
    },
  },
  {
    id: 'v49-pain-8-no-opioid',
    title: 'As v47 with pain 8/10 and no opioid yet',
    source: 'severe pain that has not yet met an opioid is not intractable',
    build: () =>
      chart({
        primary: BREAST,
        level: 'T8',
        sins: { ...STABLE, 'sins-bone-lesion': 'lytic' },
        escc: '1a',
        frankel: 'E',
        kps: 80,
        extra: (p) => p.painNrs(8, d(1)),
      }),
    expect: {
      headline: 'radiotherapy-first',
      kind: 'leading',
      assumes: ['assume.intractable-pain'],
    },
  },
  {
    id: 'v50-pain-recorded-wins',
    title: 'As v47 (pain 3/10) with intractable pain recorded by the clinician',
    source: 'an explicit record wins over the assumption',
    build: () =>
      chart({
        primary: BREAST,
        level: 'T8',
        sins: { ...STABLE, 'sins-bone-lesion': 'lytic' },
        escc: '1a',
        frankel: 'E',
        kps: 80,
        extra: all(survival('ge6m'), fit(true), (p) => {
          p.painNrs(3, d(1));
          p.input('pain-intractable', true, d(1));
        }),
      }),
    expect: {
      headline: 'surgical-consultation',
      kind: 'decided',
      assumes: [],
      rules: ['candidacy.pain.intractable'],
    },
  },
  // Emergency first, whatever else is open.
  {
    id: 'v51-emergency-onset-36h-survival-unknown',
    title:
      'NSCLC, T10 ESCC 3, Frankel C since 36 h, ECOG 3, no survival estimate, L2 listed ' +
      'but not graded',
    source:
      'issue 19 item 2; Patchell 2005 (< 48 h); an acute deficit is not poor performance status',
    build: () =>
      chart({
        primary: NSCLC,
        levels: ['T10', 'L2'],
        sins: { ...STABLE, 'sins-bone-lesion': 'lytic' },
        escc: '3',
        frankel: 'C',
        ecog: 3,
        extra: (p) => p.deficitOnset(h(36), d(0)),
      }),
    expect: {
      headline: 'surgical-consultation',
      kind: 'leading',
      emergency: 'yes',
      urgencyAtLeast: 'emergency',
      assumes: ['assume.survival', 'assume.fitness'],
      workup: ['L2'],
      top: 'posterior-decompression-stabilization',
    },
  },
  {
    id: 'v52-emergency-renal-ctj',
    title: 'Renal, T1 ESCC 2, Frankel D since 20 h, ECOG 2, no survival estimate, T5 listed',
    source: 'Patchell 2005; CTJ2018 prompt decompression at the CTJ',
    build: () =>
      chart({
        primary: RENAL,
        levels: ['T1', 'T5'],
        sins: { ...STABLE, 'sins-bone-lesion': 'lytic', 'sins-collapse': 'lt50' },
        escc: '2',
        frankel: 'D',
        ecog: 2,
        extra: (p) => p.deficitOnset(h(20), d(0)),
      }),
    expect: {
      headline: 'surgical-consultation',
      kind: 'leading',
      emergency: 'yes',
      workup: ['T5'],
    },
  },
  // Dying patients are not sent to surgery.
  {
    id: 'v53-terminal-unstable-intact',
    title: 'Gastric, T6 SINS 15, ESCC 2, intact, ECOG 4, liver and peritoneal spread, no estimate',
    source: 'CTJ2018: survival < 3 months; Tokuhashi 0–8, Tomita 8–10; issue 19 item 4',
    build: () =>
      chart({
        primary: GASTRIC,
        level: 'T6',
        sins: UNSTABLE,
        escc: '2',
        frankel: 'E',
        ecog: 4,
        visceral: { icd: 'C78.7', display: 'Secondary malignant neoplasm of liver' },
        extra: (p) =>
          p.icdCondition(
            'C78.6',
            'Secondary malignant neoplasm of retroperitoneum and peritoneum',
            d(30),
          ),
      }),
    expect: {
      headline: 'not-surgical-candidate',
      kind: 'leading',
      emergency: 'no',
      never: [
        'posterior-decompression-stabilization',
        'mist',
        'anterior',
        'combined',
        'en-bloc',
        'decompression-alone',
      ],
    },
  },
  {
    id: 'v54-terminal-deficit-onset-unknown',
    title: 'As v53 with Frankel C, onset not recorded',
    source: 'not a candidate on the assumed survival; the emergency is still shown as possible',
    build: () =>
      chart({
        primary: GASTRIC,
        level: 'T6',
        sins: UNSTABLE,
        escc: '2',
        frankel: 'C',
        ecog: 4,
        visceral: { icd: 'C78.7', display: 'Secondary malignant neoplasm of liver' },
        extra: (p) =>
          p.icdCondition(
            'C78.6',
            'Secondary malignant neoplasm of retroperitoneum and peritoneum',
            d(30),
          ),
      }),
    expect: {
      headline: 'not-surgical-candidate',
      kind: 'leading',
      emergency: 'yes',
      never: [
        'posterior-decompression-stabilization',
        'mist',
        'anterior',
        'combined',
        'en-bloc',
        'decompression-alone',
      ],
    },
  },
  {
    id: 'v55-unfit-myeloma-c5',
    title: 'Myeloma, C5 body-only SINS 13, intact, judged unfit by the clinician',
    source: 'CTJ2018 general health; no anterior corpectomy for an unfit patient',
    build: () =>
      chart({
        primary: MYELOMA,
        level: 'C5',
        sins: { ...UNSTABLE, 'sins-posterolateral': 'none' },
        escc: '1a',
        frankel: 'E',
        kps: 40,
        position: 'body',
        extra: fit(false),
      }),
    expect: {
      headline: 'not-surgical-candidate',
      kind: 'decided',
      never: ['anterior', 'posterior-decompression-stabilization', 'combined', 'mist', 'en-bloc'],
    },
  },
  // Performance status: adjacent KPS and ECOG the same day are not a conflict.
  {
    id: 'v56-kps30-ecog4-same-day',
    title: 'NSCLC, T8 SINS 15, ESCC 1a, intact, KPS 30 and ECOG 4 the same day, visceral spread',
    source: 'KPS 30–40 ≈ ECOG 3, 10–20 ≈ ECOG 4: adjacent grades, not a conflict',
    build: () =>
      chart({
        primary: NSCLC,
        level: 'T8',
        sins: UNSTABLE,
        escc: '1a',
        frankel: 'E',
        kps: 30,
        ecog: 4,
        visceral: { icd: 'C78.7', display: 'Secondary malignant neoplasm of liver' },
      }),
    expect: { headline: 'not-surgical-candidate', kind: 'leading' },
  },
  // Onset read from a charted cord compression.
  {
    id: 'v57-onset-from-condition-20h',
    title: 'NSCLC, T8 ESCC 3, Frankel A; cord compression (G95.20) charted with onset 20 h ago',
    source: 'Patchell 2005 (< 48 h); issue 19 item 5',
    build: () =>
      chart({
        primary: NSCLC,
        level: 'T8',
        sins: { ...STABLE, 'sins-bone-lesion': 'lytic' },
        escc: '3',
        frankel: 'A',
        kps: 50,
        extra: all(survival('ge6m'), fit(true), (p) =>
          p.icdCondition('G95.20', 'Unspecified cord compression', h(20)),
        ),
      }),
    expect: {
      headline: 'surgical-consultation',
      kind: 'decided',
      emergency: 'yes',
      urgency: 'emergency',
    },
  },
  {
    id: 'v58-onset-from-condition-5d',
    title: 'As v57 with the compression charted 5 days ago',
    source:
      'a compression charted 5 days ago says nothing of when the paralysis began ' +
      '(weakness follows by days): the onset is assumed recent, the emergency leads',
    build: () =>
      chart({
        primary: NSCLC,
        level: 'T8',
        sins: { ...STABLE, 'sins-bone-lesion': 'lytic' },
        escc: '3',
        frankel: 'A',
        kps: 50,
        extra: all(survival('ge6m'), fit(true), (p) =>
          p.icdCondition('G95.20', 'Unspecified cord compression', h(120)),
        ),
      }),
    expect: {
      headline: 'surgical-consultation',
      kind: 'leading',
      emergency: 'yes',
      assumes: ['assume.onset-recent'],
      urgency: 'emergency',
    },
  },
  {
    id: 'v59-onset-condition-vs-entered',
    title: 'As v57: compression charted 5 days ago, motor loss entered 20 h ago',
    source:
      'the compression bounds the motor loss from below only: no conflict; Patchell 2005 (< 48 h)',
    build: () =>
      chart({
        primary: NSCLC,
        level: 'T8',
        sins: { ...STABLE, 'sins-bone-lesion': 'lytic' },
        escc: '3',
        frankel: 'A',
        kps: 50,
        extra: all(survival('ge6m'), fit(true), (p) => {
          p.icdCondition('G95.20', 'Unspecified cord compression', h(120));
          p.deficitOnset(h(20), d(0));
        }),
      }),
    expect: {
      headline: 'surgical-consultation',
      kind: 'decided',
      emergency: 'yes',
      urgency: 'emergency',
    },
  },
  // Fitness: ECOG 0–1 carries the excisional path on an assumption.
  {
    id: 'v60-ecog1-renal-solitary',
    title: 'Renal, solitary L1 SINS 9, fully staged, ECOG 1, fitness not recorded',
    source: 'ACTA2020 excisional path; fitness judged at the consultation',
    build: () =>
      chart({
        staged: { vertebral: 1, extraspinal: 0, visceralNone: true },
        primary: RENAL,
        level: 'L1',
        sins: { ...STABLE, 'sins-bone-lesion': 'lytic', 'sins-pain': 'mechanical' },
        escc: '0',
        frankel: 'E',
        ecog: 1,
        extra: survival('ge6m'),
      }),
    expect: {
      headline: 'excisional',
      kind: 'leading',
      assumes: ['assume.fitness'],
      top: 'en-bloc',
    },
  },
  {
    id: 'v61-ecog1-renal-staging-open',
    title: 'Renal, L1 SINS 9, ECOG 1, staging not done',
    source: 'en bloc needs every criterion confirmed (ACTA2020)',
    build: () =>
      chart({
        primary: RENAL,
        level: 'L1',
        sins: { ...STABLE, 'sins-bone-lesion': 'lytic', 'sins-pain': 'mechanical' },
        escc: '0',
        frankel: 'E',
        ecog: 1,
        extra: survival('ge6m'),
      }),
    expect: {
      headline: 'surgical-consultation',
      kind: 'leading',
      assumes: ['assume.fitness'],
      never: ['en-bloc'],
    },
  },
  // Staleness follows the question.
  {
    id: 'v62-intact-exam-30-days-elective',
    title: 'Breast, T8 SINS 5, ESCC 1a, Frankel E 30 days ago, imaging current',
    source: 'an intact examination carries an elective decision (docs/decisions.md)',
    build: () =>
      chart({
        primary: BREAST,
        level: 'T8',
        sins: { ...STABLE, 'sins-bone-lesion': 'lytic' },
        escc: '1a',
        kps: 80,
        extra: all(
          (p) => p.input('frankel-grade', { code: 'frankel-grade-E' }, d(30)),
          (p) => p.painNrs(2, d(1)),
        ),
      }),
    expect: { headline: 'radiotherapy-first', kind: 'leading', assumes: ['assume.exam-unchanged'] },
  },
  {
    id: 'v63-intact-exam-30-days-high-grade',
    title: 'Breast, T8 SINS 5, ESCC 2, Frankel E 30 days ago',
    source: 'a suspected compression needs a current examination: the emergency is possible',
    build: () =>
      chart({
        primary: BREAST,
        level: 'T8',
        sins: { ...STABLE, 'sins-bone-lesion': 'lytic' },
        escc: '2',
        kps: 80,
        extra: all(
          (p) => p.input('frankel-grade', { code: 'frankel-grade-E' }, d(30)),
          (p) => p.painNrs(2, d(1)),
        ),
      }),
    expect: {
      headline: 'nonsurgical-first',
      kind: 'leading',
      emergency: 'possible',
      assumes: ['assume.exam-unchanged'],
    },
  },
  {
    id: 'v64-exam-three-years-old',
    title: 'Breast, T8 SINS 5, ESCC 0, the only examination three years old',
    source: 'history is not the basis of a current input',
    build: () =>
      chart({
        primary: BREAST,
        level: 'T8',
        sins: { ...STABLE, 'sins-bone-lesion': 'lytic' },
        escc: '0',
        kps: 80,
        extra: all(
          (p) => p.input('frankel-grade', { code: 'frankel-grade-E' }, d(1095)),
          (p) => p.painNrs(2, d(1)),
        ),
      }),
    expect: { headline: 'open', kind: 'open', deciding: 'neurolog' },
  },
  // Options a spine surgeon would not weigh are ruled out.
  {
    id: 'v65-unknown-primary-unstable',
    title: 'Unknown primary, L1 SINS 15, ESCC 1a, intact, KPS 70',
    source: 'biopsy before definitive treatment; no en bloc for an unknown primary',
    build: () =>
      chart({ primary: UNKNOWN, level: 'L1', sins: UNSTABLE, escc: '1a', frankel: 'E', kps: 70 }),
    expect: {
      headline: 'surgical-consultation',
      kind: 'leading',
      urgency: 'urgent',
      never: ['en-bloc'],
    },
  },
  {
    id: 'v66-disseminated-prostate-unstable',
    title: 'Prostate, L4 SINS 13, ten bone metastases, intact, KPS 70',
    source: 'no en bloc in disseminated disease (ACTA2020)',
    build: () =>
      chart({
        staged: { vertebral: 3, extraspinal: 10, visceralNone: true },
        primary: PROSTATE,
        level: 'L4',
        sins: UNSTABLE,
        escc: '0',
        frankel: 'E',
        kps: 70,
      }),
    expect: {
      headline: 'surgical-consultation',
      kind: 'leading',
      urgency: 'urgent',
      never: ['en-bloc'],
    },
  },
];

/**
 * Every vignette builds a patient whose id is the vignette's number, however often and in whatever
 * order it is built.
 */
export const VIGNETTES: Vignette[] = RAW.map((v) => ({
  ...v,
  build: () => {
    currentId = v.id.slice(0, 3);
    return v.build();
  },
}));

/**
 * A vignette as the committed fixture: a transaction Bundle tagged with its id, title and source.
 */
export function vignetteJson(v: Vignette): string {
  const bundle = {
    ...v.build().bundle(),
    meta: {
      tag: [
        {
          system: 'https://spinescore.example.org/fhir/sid/vignette',
          code: v.id,
          display: `${v.title} — ${v.source}`,
        },
      ],
    },
  };
  return `${JSON.stringify(bundle, null, 2)}\n`;
}
