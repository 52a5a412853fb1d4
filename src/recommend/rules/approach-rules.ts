/**
 * Approach rules as data, under ACTA2020's MAPS headings (evidence.md §2). Each rule adds a signed
 * weight to one option when it applies; `notAdvised` rules rule the option out. Weights are
 * explicit and documented in docs/decisions.md ("Approach ranking"): 8 chemotherapy first for a
 * chemosensitive tumour; 6 confirmed excisional path; 4 NOMS radiation; 5 anterior reconstruction
 * of a
 * subaxial body-only lesion; 3 the main need (stabilisation, body-only subaxial lesion); 2 a rule
 * in
 * favour; 1 a preference; 0 a note shown with the option. Fitness and survival belong to candidacy
 * ("non-operative care favoured"); here they only weigh the larger operations against the smaller.
 */
import { isChemotherapyFirst } from '../../clinical/primary-site.js';
import type { InputId } from '../engine/inputs.js';
import type { MapsHeading, OptionId, PaperKey } from '../types.js';
import { candidacyLeaf } from '../candidacy.js';
import {
  CANDIDACY_READS,
  decompressionIndicated,
  hist,
  highGrade,
  isCervical,
  isCtj,
  radioresistant,
  subaxialBodyOnly,
  type G,
} from './candidacy-rules.js';

/** The approach is about the index lesion: its own stability and compression. */
const instability = (g: G) => g('sinsIndex') !== 'stable';
const ix =
  (g: G): G =>
  (id) =>
    g(id === 'escc' ? 'esccIndex' : id === 'sins' ? 'sinsIndex' : id);

export interface ApproachRuleDef<Id extends string = string> {
  id: Id;
  option: OptionId;
  heading: MapsHeading;
  weight: number;
  notAdvised?: true;
  reads: readonly InputId[];
  when: (g: G) => boolean;
  text: string;
  citations: readonly PaperKey[];
}

export const OPTION_LABELS: Record<OptionId, string> = {
  'radiotherapy-first': 'Radiotherapy first (cEBRT or SRS per NOMS)',
  'systemic-first': 'Systemic therapy first (chemotherapy)',
  'vertebral-augmentation': 'Balloon kyphoplasty / vertebroplasty',
  mist: 'Minimally invasive spine stabilisation (MISt, percutaneous pedicle screws)',
  'posterior-decompression-stabilization':
    'Posterior (posterolateral) decompression and stabilisation',
  'decompression-alone': 'Decompression without stabilisation',
  anterior: 'Anterior approach (corpectomy and reconstruction)',
  combined: 'Combined posterior–anterior approach',
  'en-bloc': 'Total en bloc spondylectomy',
};

/** Tie rule: equal weights rank the less invasive option first. */
export const TIE_ORDER: readonly OptionId[] = [
  'systemic-first',
  'radiotherapy-first',
  'vertebral-augmentation',
  'mist',
  'posterior-decompression-stabilization',
  'decompression-alone',
  'anterior',
  'combined',
  'en-bloc',
];

const thoracolumbar = (g: G) =>
  ['upper-thoracic', 'mid-thoracic', 'thoracolumbar', 'lumbosacral'].includes(g('region'));
const tlls = (g: G) => g('region') === 'thoracolumbar' || g('region') === 'lumbosacral';
const poorCandidate = (g: G) => g('fitness') === 'unfit' || g('survival') === 'lt3m';
const nonSurgicalPath = (g: G) => {
  const c = candidacyLeaf(g).category;
  return c === 'radiotherapy-first' || c === 'nonsurgical-first' || c === 'not-surgical-candidate';
};
/**
 * Operations a spine surgeon would not weigh for a patient who cannot or will not be operated on
 * (CTJ2018).
 */
const OPERATIONS: readonly OptionId[] = [
  'mist',
  'posterior-decompression-stabilization',
  'decompression-alone',
  'anterior',
  'combined',
  'en-bloc',
];
const posteriorElements = (g: G) =>
  g('position') === 'posterior' ||
  g('position') === 'body-and-posterior' ||
  g('posteriorRing') === 'involved';

const APPROACH_TABLE = [
  // M — method
  {
    id: 'approach.en-bloc.criteria',
    option: 'en-bloc',
    heading: 'M',
    weight: 6,
    reads: ['excisional'],
    when: (g) => g('excisional') === 'met',
    text:
      'Every criterion of the excisional path is confirmed: en bloc spondylectomy if the ' +
      'operation is feasible.',
    citations: ['ACTA2020', 'UEI2018'],
  },
  {
    id: 'approach.en-bloc.not-met',
    option: 'en-bloc',
    heading: 'M',
    weight: 0,
    notAdvised: true,
    reads: ['excisional'],
    when: (g) => g('excisional') === 'not-met',
    text:
      'The excisional path needs one spinal lesion, no extraspinal bone or visceral ' +
      'metastasis, a favourable histology and prognosis and a fit patient; a criterion is ' +
      'not met.',
    citations: ['ACTA2020'],
  },
  {
    id: 'approach.noms.radiation',
    option: 'radiotherapy-first',
    heading: 'M',
    weight: 4,
    reads: CANDIDACY_READS,
    when: nonSurgicalPath,
    text:
      'NOMS: no surgical indication, or a radiosensitive tumour without instability → ' +
      'radiotherapy (cEBRT for radiosensitive, SRS for radioresistant histology).',
    citations: ['LAUFER2013'],
  },
  {
    id: 'approach.chemotherapy-first',
    option: 'systemic-first',
    heading: 'M',
    weight: 8,
    reads: ['histology', 'sinsIndex'],
    when: (g) => isChemotherapyFirst(hist(g)) && !instability(g),
    text:
      'Highly chemosensitive tumour (lymphoma, seminoma/germ-cell): chemotherapy as ' +
      'primary treatment.',
    citations: ['ACTA2020'],
  },
  {
    id: 'approach.radiotherapy.poor-candidate',
    option: 'radiotherapy-first',
    heading: 'P',
    weight: 0,
    reads: ['fitness', 'survival'],
    when: poorCandidate,
    text:
      'Poor surgical candidate (not fit, or survival under 3 months): stereotactic ' +
      'radiosurgery or 30 Gy in 10 fractions.',
    citations: ['ACTA2020'],
  },
  {
    id: 'approach.noms.separation',
    option: 'posterior-decompression-stabilization',
    heading: 'M',
    weight: 2,
    reads: ['esccIndex', 'histology', 'survival'],
    when: (g) => highGrade(ix(g)) && radioresistant(g) && g('survival') !== 'lt3m',
    text:
      'NOMS: high-grade compression in a radioresistant tumour → separation surgery ' +
      '(posterior decompression and stabilisation), then stereotactic radiosurgery.',
    citations: ['LAUFER2013'],
  },
  {
    id: 'approach.decompress.neuro',
    option: 'posterior-decompression-stabilization',
    heading: 'M',
    weight: 2,
    reads: [
      'esccIndex',
      'neuro',
      'progressive',
      'histology',
      'onset',
      'region',
      'position',
      'posteriorRing',
      'survival',
    ],
    when: (g) => decompressionIndicated(ix(g)) && !subaxialBodyOnly(g),
    text:
      'Cord compression or a neurological deficit needs decompression; decompressive ' +
      'surgery followed by radiotherapy beats radiotherapy alone.',
    citations: ['PATCHELL2005', 'CTJ2018', 'ACTA2020'],
  },
  {
    id: 'approach.decompression-alone.stable',
    option: 'decompression-alone',
    heading: 'S',
    weight: 2,
    reads: ['sinsIndex', 'esccIndex', 'neuro', 'progressive', 'histology', 'onset', 'survival'],
    when: (g) => !instability(g) && decompressionIndicated(ix(g)),
    text:
      'Stable lesion (SINS 0–6) needing decompression: decompression alone may do; add ' +
      'stabilisation if it must sacrifice the facet joints.',
    citations: ['SEGI2025'],
  },
  {
    id: 'approach.decompression-alone.unstable',
    option: 'decompression-alone',
    heading: 'S',
    weight: 0,
    notAdvised: true,
    reads: ['sinsIndex'],
    when: instability,
    text:
      'Decompression without stabilisation is rarely indicated for a potentially unstable ' +
      'or unstable lesion because of later instability.',
    citations: ['SEGI2025'],
  },
  // A — anatomy; CTJ2018's rules apply to its series, C7–T2
  {
    id: 'approach.anterior.body-ctj',
    option: 'anterior',
    heading: 'A',
    weight: 2,
    reads: ['region', 'position'],
    when: (g) => isCtj(g) && g('position') === 'body',
    text:
      'At C7–T2, tumour mainly in the vertebral body or encroaching on the canal from the ' +
      'front: anterior approach.',
    citations: ['CTJ2018'],
  },
  {
    id: 'approach.anterior.subaxial-body',
    option: 'anterior',
    heading: 'A',
    weight: 3,
    reads: ['region', 'position', 'posteriorRing'],
    when: subaxialBodyOnly,
    text:
      'Subaxial cervical lesion in the vertebral body with intact posterior elements: ' +
      'anterior corpectomy and reconstruction (anteriorly located cervical lesions were ' +
      'treated anterior-only; extrapolated from a C7–T2 series).',
    citations: ['CTJ2018'],
  },
  {
    id: 'approach.anterior.subaxial-decompress-stabilize',
    option: 'anterior',
    heading: 'S',
    weight: 5,
    reads: [
      'region',
      'position',
      'posteriorRing',
      'sinsIndex',
      'esccIndex',
      'neuro',
      'progressive',
      'histology',
      'survival',
      'onset',
    ],
    when: (g) => subaxialBodyOnly(g) && (instability(g) || decompressionIndicated(ix(g))),
    text:
      'A subaxial body-only lesion is decompressed and reconstructed from the front ' +
      '(corpectomy, cage and plate): the anterior route meets the stabilisation and ' +
      'decompression needs.',
    citations: ['CTJ2018'],
  },
  {
    id: 'approach.anterior.posterior-ring-ctj',
    option: 'anterior',
    heading: 'A',
    weight: 0,
    notAdvised: true,
    reads: ['region', 'position', 'posteriorRing'],
    when: (g) => isCtj(g) && posteriorElements(g),
    text: 'At C7–T2, avoid anterior-only surgery when the posterior ring or a pedicle is involved.',
    citations: ['CTJ2018'],
  },
  {
    id: 'approach.anterior.posterior-ring',
    option: 'anterior',
    heading: 'S',
    weight: -3,
    reads: ['region', 'position', 'posteriorRing'],
    when: (g) => !isCtj(g) && posteriorElements(g),
    text:
      'Posterior elements involved: an anterior-only construct needs supplemental ' +
      'posterior stabilisation (two stages weighed against their morbidity).',
    citations: ['ACTA2020'],
  },
  {
    id: 'approach.posterior.elements-ctj',
    option: 'posterior-decompression-stabilization',
    heading: 'A',
    weight: 2,
    reads: ['region', 'position'],
    when: (g) => isCtj(g) && (g('position') === 'posterior' || g('position') === 'circumferential'),
    text:
      'At C7–T2, tumour mainly in the posterior elements, or circumferential: posterior ' +
      'approach.',
    citations: ['CTJ2018'],
  },
  {
    id: 'approach.combined.body-and-lamina-ctj',
    option: 'combined',
    heading: 'A',
    weight: 2,
    reads: ['region', 'position'],
    when: (g) => isCtj(g) && g('position') === 'body-and-posterior',
    text:
      'At C7–T2, tumour in both the vertebral body and the lamina: combined ' +
      'posterior–anterior approach.',
    citations: ['CTJ2018'],
  },
  {
    id: 'approach.combined.deformity-ctj',
    option: 'combined',
    heading: 'A',
    weight: 1,
    reads: ['region', 'deformity'],
    when: (g) => isCtj(g) && g('deformity') === 'yes',
    text: 'At C7–T2, pre-existing deformity: consider a combined approach.',
    citations: ['CTJ2018'],
  },
  {
    id: 'approach.combined.body-and-lamina',
    option: 'combined',
    heading: 'S',
    weight: 1,
    reads: ['region', 'position'],
    when: (g) => !isCtj(g) && g('position') === 'body-and-posterior',
    text:
      'Body and posterior elements involved: anterior and posterior stabilisation may both ' +
      'be needed.',
    citations: ['ACTA2020'],
  },
  {
    id: 'approach.posterior.ctj-gold-standard',
    option: 'posterior-decompression-stabilization',
    heading: 'S',
    weight: 2,
    reads: ['region', 'sinsIndex'],
    when: (g) => isCtj(g) && instability(g),
    text: 'Posterior fixation is regarded as the gold standard for cervicothoracic instability.',
    citations: ['CTJ2018'],
  },
  {
    id: 'approach.anterior.t1-t4',
    option: 'anterior',
    heading: 'A',
    weight: -1,
    reads: ['region'],
    when: (g) => g('region') === 't1-t2' || g('region') === 'upper-thoracic',
    text:
      'Anterior access to T1–T4 is technically demanding; anterior constructs at T1 failed ' +
      'biomechanically and needed posterior fixation.',
    citations: ['CTJ2018'],
  },
  {
    id: 'approach.anterior.body-thoracolumbar',
    option: 'anterior',
    heading: 'A',
    weight: 1,
    reads: ['region', 'position'],
    when: (g) => thoracolumbar(g) && g('position') === 'body',
    text:
      'The vertebral body is the usual site; the anterior approach gives the best access ' +
      'to it.',
    citations: ['ACTA2020'],
  },
  {
    id: 'approach.posterior.posterolateral-palliative',
    option: 'posterior-decompression-stabilization',
    heading: 'A',
    weight: 2,
    reads: [
      'region',
      'esccIndex',
      'neuro',
      'progressive',
      'excisional',
      'histology',
      'survival',
      'onset',
    ],
    when: (g) => thoracolumbar(g) && decompressionIndicated(ix(g)) && g('excisional') !== 'met',
    text:
      'Palliative decompression of the thoracic or lumbar spine: many publications ' +
      'recommend a posterolateral approach.',
    citations: ['ACTA2020'],
  },
  {
    id: 'approach.anterior.t5-t10-access',
    option: 'anterior',
    heading: 'A',
    weight: 0,
    reads: ['region'],
    when: (g) => g('region') === 'mid-thoracic',
    text: 'T5–T10 anterior access is by right thoracotomy.',
    citations: ['ACTA2020'],
  },
  {
    id: 'approach.anterior.t11-l1-access',
    option: 'anterior',
    heading: 'A',
    weight: 0,
    reads: ['region'],
    when: (g) => g('region') === 'thoracolumbar',
    text: 'T11–L1 anterior access is by combined thoracotomy and retroperitoneal approach.',
    citations: ['ACTA2020'],
  },
  {
    id: 'approach.posterior.cervical-screws',
    option: 'posterior-decompression-stabilization',
    heading: 'S',
    weight: 0,
    reads: ['region'],
    when: isCervical,
    text:
      'Cervical posterior fixation: lateral mass screws C1, C3–6; pedicle screws C2, C7 ' +
      'and thoracic.',
    citations: ['KANDA2021'],
  },
  // P — patient fitness
  {
    id: 'approach.patient.open-surgery',
    option: 'combined',
    heading: 'P',
    weight: -2,
    reads: ['fitness', 'survival'],
    when: (g) => poorCandidate(g) || g('survival') === '3to6m',
    text:
      'Weigh blood loss (median 580 ml combined vs 320 posterior, 140 anterior), fitness ' +
      'and life expectancy.',
    citations: ['CTJ2018'],
  },
  {
    id: 'approach.patient.poor-candidate-open',
    option: 'posterior-decompression-stabilization',
    heading: 'P',
    weight: 0,
    reads: ['fitness', 'survival'],
    when: poorCandidate,
    text:
      'Not fit, or survival under 3 months: open surgery is weighed against radiotherapy ' +
      'alone.',
    citations: ['CTJ2018', 'LAUFER2013'],
  },
  {
    id: 'approach.patient.poor-candidate-anterior',
    option: 'anterior',
    heading: 'P',
    weight: -1,
    reads: ['fitness', 'survival'],
    when: poorCandidate,
    text:
      'Not fit, or survival under 3 months: an anterior or transthoracic approach adds ' +
      'morbidity.',
    citations: ['ACTA2020'],
  },
  ...OPERATIONS.map((option): ApproachRuleDef<`approach.patient.no-operation.${OptionId}`> => ({
    id: `approach.patient.no-operation.${option}`,
    option,
    heading: 'P',
    weight: 0,
    notAdvised: true,
    reads: ['fitness', 'survival', 'declines'],
    when: (g) => poorCandidate(g) || g('declines') === 'yes',
    text:
      'Not fit for surgery, expected survival under 3 months, or surgery declined: no ' +
      'operation; radiotherapy and supportive care (vertebral augmentation for a painful ' +
      'fracture remains an option).',
    citations: ['CTJ2018', 'LAUFER2013'],
  })),
  // S — stabilisation
  {
    id: 'approach.stabilize.sins',
    option: 'posterior-decompression-stabilization',
    heading: 'S',
    weight: 3,
    reads: ['sinsIndex', 'region', 'position', 'posteriorRing'],
    when: (g) => instability(g) && !subaxialBodyOnly(g),
    text: 'SINS 7–18: stabilisation for a potentially unstable or unstable lesion.',
    citations: ['SEGI2025'],
  },
  {
    id: 'approach.mist.stabilize',
    option: 'mist',
    heading: 'S',
    weight: 2,
    reads: ['sinsIndex'],
    when: instability,
    text: 'SINS 7–18: stabilisation; percutaneous screws can provide it.',
    citations: ['SEGI2025', 'UEI2018'],
  },
  {
    id: 'approach.mist.first-choice',
    option: 'mist',
    heading: 'S',
    weight: 1,
    reads: ['sinsIndex', 'region'],
    when: (g) => instability(g) && !isCervical(g),
    text: 'MISt is the first choice where feasible and allows earlier adjuvant therapy.',
    citations: ['UEI2018', 'ACTA2020'],
  },
  {
    id: 'approach.mist.tl-l-s',
    option: 'mist',
    heading: 'A',
    weight: 1,
    reads: ['sinsIndex', 'region'],
    when: (g) => instability(g) && tlls(g),
    text: 'MISt is used mostly at the thoracolumbar junction, lumbar and sacral spine.',
    citations: ['SEGI2025'],
  },
  {
    id: 'approach.mist.cervical',
    option: 'mist',
    heading: 'A',
    weight: 0,
    notAdvised: true,
    reads: ['region'],
    when: isCervical,
    text:
      'Percutaneous procedures are impractical in the cervical spine; MISt is not for ' +
      'occipital-to-cervical lesions.',
    citations: ['SEGI2025', 'UEI2018'],
  },
  {
    id: 'approach.mist.no-decompression',
    option: 'mist',
    heading: 'M',
    weight: -2,
    reads: ['esccIndex', 'neuro', 'progressive', 'histology', 'survival', 'onset'],
    when: (g) => decompressionIndicated(ix(g)),
    text: 'Percutaneous fixation alone does not decompress the canal.',
    citations: ['UEI2018'],
  },
  {
    id: 'approach.mist.pedicle',
    option: 'mist',
    heading: 'A',
    weight: 0,
    reads: ['sinsIndex'],
    when: instability,
    text: 'Not where the pedicle cannot be seen under fluoroscopy (check on imaging).',
    citations: ['UEI2018'],
  },
  {
    id: 'approach.augmentation.fracture',
    option: 'vertebral-augmentation',
    heading: 'S',
    weight: 2,
    reads: ['collapse', 'painful'],
    when: (g) => g('collapse') === 'yes' && g('painful') === 'yes',
    text: 'Painful pathological vertebral-body fracture: balloon kyphoplasty or vertebroplasty.',
    citations: ['ACTA2020'],
  },
  {
    id: 'approach.augmentation.potentially-unstable-tls',
    option: 'vertebral-augmentation',
    heading: 'S',
    weight: 1,
    reads: ['sinsIndex', 'region'],
    when: (g) => g('sinsIndex') === 'potential' && tlls(g),
    text: 'An option for potentially unstable lesions at TL/L/S.',
    citations: ['SEGI2025'],
  },
  {
    id: 'approach.augmentation.canal',
    option: 'vertebral-augmentation',
    heading: 'A',
    weight: 0,
    notAdvised: true,
    reads: ['esccIndex'],
    when: (g) => g('esccIndex') !== '0',
    text:
      'Contraindicated when tumour involves the spinal canal (ESCC 1a or higher); with no ' +
      'ESCC on record the canal is unknown: caution.',
    citations: ['ACTA2020'],
  },
  {
    id: 'approach.augmentation.asymptomatic',
    option: 'vertebral-augmentation',
    heading: 'P',
    weight: 0,
    notAdvised: true,
    reads: ['painful'],
    when: (g) => g('painful') === 'no',
    text: 'Contraindicated in an asymptomatic patient.',
    citations: ['ACTA2020'],
  },
  {
    id: 'approach.augmentation.infection',
    option: 'vertebral-augmentation',
    heading: 'P',
    weight: 0,
    reads: ['collapse'],
    when: () => true,
    text: 'Contraindicated with local or generalised infection (not assessed by this tool).',
    citations: ['ACTA2020'],
  },
] as const satisfies readonly ApproachRuleDef[];

export type ApproachRuleId = (typeof APPROACH_TABLE)[number]['id'];
export const APPROACH_RULES: readonly ApproachRuleDef<ApproachRuleId>[] = APPROACH_TABLE;
