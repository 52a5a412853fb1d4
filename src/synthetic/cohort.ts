import type { Resource } from 'fhir/r4';
import { SPINE_LEVELS, type SpineLevel } from '../clinical/spine-levels.js';
import { LOINC } from '../terminology/systems.js';
import { PatientBuilder, daysBefore } from './builders.js';

/** Deterministic PRNG (mulberry32) so cohorts are reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PRIMARIES: Array<[string, string]> = [
  ['C50.911', 'Malignant neoplasm of breast'],
  ['C34.90', 'Malignant neoplasm of lung'],
  ['C61', 'Malignant neoplasm of prostate'],
  ['C64.9', 'Malignant neoplasm of kidney'],
  ['C90.00', 'Multiple myeloma'],
  ['C73', 'Malignant neoplasm of thyroid gland'],
  ['C18.9', 'Malignant neoplasm of colon'],
  ['C16.9', 'Malignant neoplasm of stomach'],
  ['C80.1', 'Malignant neoplasm, unspecified'],
];
const VERTEBRAL = SPINE_LEVELS.slice(1, 30) as SpineLevel[];

/**
 * One synthetic patient with a realistic history: two years of monthly performance status, labs
 * in mixed units, pain and function scores, imaging inputs, therapy. ≥ 200 Observations each.
 */
export function cohortPatient(i: number, reference: string, observationsTarget = 240): Resource[] {
  const r = rng(i + 1);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const p = new PatientBuilder(`c${i}`, {
    family: `Cohort${i}`,
    given: 'Synthetic',
    birthDate: `${1940 + Math.floor(r() * 40)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`,
    gender: r() < 0.5 ? 'female' : 'male',
  });
  const [icd, display] = pick(PRIMARIES);
  const prim = p.primary({ icd, display }, daysBefore(reference, 400 + Math.floor(r() * 1000)));
  const nLevels = 1 + Math.floor(r() * 3);
  const start = Math.floor(r() * (VERTEBRAL.length - nLevels));
  const levels = VERTEBRAL.slice(start, start + nLevels);
  p.metastasis(
    { icd: 'C79.51', display: 'Secondary malignant neoplasm of bone', levels },
    daysBefore(reference, 30 + Math.floor(r() * 60)),
    prim,
  );
  if (r() < 0.4)
    p.metastasis(
      { icd: pick(['C78.7', 'C78.01', 'C79.31', 'C78.2']), display: 'Visceral metastasis' },
      daysBefore(reference, 100),
      prim,
    );
  if (r() < 0.5)
    p.medication(
      { rxnorm: pick(['2555', '56946', '72962', '1721560', '42375']), name: 'therapy' },
      daysBefore(reference, 300),
    );
  let n = 0;
  // Ten Observations per visit over two years: monthly visits by default, closer together for
  // the long histories of load tests (5,000 Observations = a visit every ~1.5 days).
  const visits = Math.max(25, Math.ceil(observationsTarget / 10));
  const spacing = 730 / visits;
  for (let v = visits - 1; v >= 0 && n < observationsTarget; v--) {
    const day = Math.round(v * spacing) + Math.floor(r() * Math.min(5, spacing));
    p.kps(pick([40, 50, 60, 70, 80, 90]), daysBefore(reference, day));
    p.ecog(pick([0, 1, 2, 3, 4]), daysBefore(reference, day));
    p.lab(
      LOINC.crp,
      'CRP',
      Math.round(r() * 200) / 10,
      pick(['mg/L', 'mg/dL']),
      daysBefore(reference, day),
    );
    p.lab(LOINC.ldh, 'LDH', 150 + Math.round(r() * 300), 'U/L', daysBefore(reference, day));
    p.lab(
      LOINC.albumin,
      'Albumin',
      25 + Math.round(r() * 200) / 10,
      'g/L',
      daysBefore(reference, day),
    );
    p.lab(
      LOINC.platelets,
      'Platelets',
      50 + Math.round(r() * 300),
      pick(['10*3/uL', '10*9/L']),
      daysBefore(reference, day),
    );
    p.lab(
      LOINC.calciumMoles,
      'Calcium',
      2.1 + Math.round(r() * 70) / 100,
      'mmol/L',
      daysBefore(reference, day),
    );
    p.lab(
      LOINC.bilirubinMass,
      'Bilirubin',
      Math.round(r() * 20) / 10,
      'mg/dL',
      daysBefore(reference, day),
    );
    p.painNrs(Math.floor(r() * 11), daysBefore(reference, day));
    p.barthel(pick([40, 55, 70, 85, 100]), daysBefore(reference, day));
    n += 10;
  }
  p.input(
    'frankel-grade',
    { code: `frankel-grade-${pick(['C', 'D', 'E', 'E'])}` },
    daysBefore(reference, 3),
  );
  p.sinsItems(
    levels[0]!,
    {
      'sins-pain': pick(['mechanical', 'occasional', 'none']),
      'sins-bone-lesion': pick(['lytic', 'mixed', 'blastic']),
      'sins-alignment': pick(['normal', 'deformity']),
      'sins-collapse': pick(['none', 'lt50', 'gt50']),
      'sins-posterolateral': pick(['none', 'unilateral', 'bilateral']),
    },
    daysBefore(reference, 5),
  );
  p.input(
    'escc-grade',
    { code: `escc-grade-${pick(['0', '1a', '1b', '1c', '2', '3'])}` },
    daysBefore(reference, 5),
    levels[0],
  );
  return p.resources;
}
