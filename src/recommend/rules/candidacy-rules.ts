/**
 * Candidacy and urgency rules as data (evidence.md §1; scores.md §11 NOMS and Patchell). Each rule
 * names the decision inputs it reads, its side, its text and its sources; its predicate runs on
 * concrete input values, so the engine can explore it over whatever is still possible.
 */
import {
  isHaematological,
  isHighlyRadiosensitive,
  type HistologyGroup,
} from '../../clinical/primary-site.js';
import type { Get } from '../engine/explore.js';
import type { InputId } from '../engine/inputs.js';
import type { CandidacyCategory, PaperKey, StatementSide, Urgency } from '../types.js';

export type G = Get<InputId>;

export interface RuleDef<Id extends string = string> {
  id: Id;
  /**
   * The rule in a few words, for one-line reasons, card summaries and the board (never cut from
   * `text`).
   */
  short: string;
  side: Exclude<StatementSide, 'conflict' | 'workup'>;
  /** NOMS pillar the rule belongs to, for grouping. */
  pillar: 'N' | 'O' | 'M' | 'S' | 'P';
  reads: readonly InputId[];
  when: (g: G) => boolean;
  text: string;
  citations: readonly PaperKey[];
  /**
   * For `urgent` rules: the urgency the rule sets when it applies (the decided urgency is the
   * highest that applies).
   */
  urgency?: Exclude<Urgency, 'routine'>;
  /** For emergency rules: why it is an emergency, in a few words for the headline's reason line. */
  emergencyWhy?: string;
}

// Predicates shared by the rules and the category (one definition each).
export const hist = (g: G) => g('histology') as HistologyGroup;
export const highlyRS = (g: G) => isHighlyRadiosensitive(hist(g));
export const radioresistant = (g: G) => hist(g) === 'resistant' || hist(g) === 'renal-thyroid';
export const instability = (g: G) => g('sins') !== 'stable';
export const highGrade = (g: G) => g('escc') === 'high';
export const deficit = (g: G) => g('neuro') !== 'intact';
export const progressive = (g: G) => deficit(g) && g('progressive') === 'yes';
/** Patchell 2005 excluded paraplegia for more than 48 hours. */
export const paraplegiaOver48h = (g: G) => g('neuro') === 'no-motor' && g('onset') === 'over-48h';
/**
 * No reason on record or assumed against operating at all (CTJ2018: survival < 3 months, general
 * health, refusal).
 */
export const operable = (g: G) =>
  g('declines') !== 'yes' && g('survival') !== 'lt3m' && g('fitness') !== 'unfit';
/**
 * Cord compression with a deficit in a tumour Patchell 2005 enrolled (not highly radiosensitive).
 */
export const msccWithDeficit = (g: G) => highGrade(g) && deficit(g) && !highlyRS(g);
/**
 * Decompression not indicated: outside Patchell's limits (paraplegia > 48 h, survival < 3 months).
 */
export const patchellExcluded = (g: G) => paraplegiaOver48h(g) || g('survival') === 'lt3m';
/** CTJ2018's series: C7–T2. */
export const isCtj = (g: G) => g('region') === 'c7' || g('region') === 't1-t2';
export const isCervical = (g: G) =>
  g('region') === 'upper-cervical' || g('region') === 'subaxial' || g('region') === 'c7';
export const needsDecompression = (g: G) =>
  highGrade(g) || (deficit(g) && g('escc') !== '0') || progressive(g);
/**
 * Surgical decompression indicated: compression or deficit, not a highly radiosensitive tumour,
 * within Patchell's limits.
 */
export const decompressionIndicated = (g: G) =>
  needsDecompression(g) && !highlyRS(g) && !patchellExcluded(g);
/** A subaxial lesion confined to the vertebral body with intact posterior elements. */
export const subaxialBodyOnly = (g: G) =>
  g('region') === 'subaxial' && g('position') === 'body' && g('posteriorRing') === 'intact';
/**
 * The inputs the excisional criteria read (shown as the criteria behind the derived `excisional`
 * input).
 */
export const EXCISIONAL_READS: readonly InputId[] = [
  'vertebral',
  'visceral',
  'extraspinal',
  'histology',
  'prognosis',
  'fitness',
];
export const excisionalCriteria = (g: G) =>
  g('vertebral') === 'one' &&
  g('visceral') === 'none' &&
  g('extraspinal') === 'none' &&
  !isHaematological(hist(g)) &&
  g('prognosis') === 'favourable' &&
  g('fitness') === 'fit';

const CANDIDACY_TABLE = [
  // M — mechanical
  {
    id: 'candidacy.instability.sins-7-18',
    short: 'SINS 7–18',
    side: 'for',
    pillar: 'M',
    reads: ['sins'],
    when: instability,
    text: 'SINS 7–18: potentially unstable or unstable spine; surgical consultation indicated.',
    citations: ['CTJ2018', 'UEI2018'],
  },
  {
    id: 'candidacy.instability.sins-13',
    short: 'SINS 13–18',
    side: 'for',
    pillar: 'M',
    reads: ['sins'],
    when: (g) => g('sins') === 'unstable',
    text: 'SINS 13–18: remarkable instability.',
    citations: ['KANDA2021'],
  },
  {
    id: 'candidacy.instability.mechanical-pain',
    short: 'Pain from instability or threatened instability',
    side: 'for',
    pillar: 'M',
    reads: ['mechanicalPain'],
    when: (g) => g('mechanicalPain') === 'yes',
    text: 'Pain from instability or threatened instability.',
    citations: ['UEI2018'],
  },
  // N — neurological
  {
    id: 'candidacy.neuro.progressive',
    short: 'Significant or progressive neurological deficit',
    side: 'for',
    pillar: 'N',
    reads: ['neuro', 'progressive'],
    when: progressive,
    text: 'Significant or progressive neurological deficit.',
    citations: ['CTJ2018', 'KANDA2021', 'UEI2018'],
  },
  {
    id: 'candidacy.neuro.mscc-decompression',
    short:
      'Cord compression with a neurological deficit in a tumour that is not highly radiosensitive',
    side: 'for',
    pillar: 'N',
    reads: ['escc', 'neuro', 'histology'],
    when: msccWithDeficit,
    text:
      'Cord compression with a neurological deficit in a tumour that is not highly ' +
      'radiosensitive: decompressive surgery followed by radiotherapy beats radiotherapy ' +
      'alone.',
    citations: ['PATCHELL2005', 'CTJ2018', 'ACTA2020'],
  },
  {
    id: 'candidacy.noms.separation-surgery',
    short:
      'NOMS: high-grade compression in a radioresistant tumour → separation surgery, ' +
      'then stereotactic radiosurgery, if the patient can tolerate surgery',
    side: 'for',
    pillar: 'O',
    reads: ['escc', 'histology'],
    when: (g) => highGrade(g) && radioresistant(g),
    text:
      'NOMS: high-grade compression in a radioresistant tumour → separation surgery, then ' +
      'stereotactic radiosurgery, if the patient can tolerate surgery.',
    citations: ['LAUFER2013'],
  },
  // P — pain
  {
    id: 'candidacy.pain.intractable',
    short: 'Intractable pain despite 2 weeks of analgesics including opioids',
    side: 'for',
    pillar: 'P',
    reads: ['intractablePain'],
    when: (g) => g('intractablePain') === 'yes',
    text: 'Intractable pain despite 2 weeks of analgesics including opioids.',
    citations: ['CTJ2018', 'KANDA2021'],
  },
  // O — oncological
  {
    id: 'candidacy.histology.radioresistant',
    short: 'Radiation-resistant histology (renal or thyroid)',
    side: 'for',
    pillar: 'O',
    reads: ['histology'],
    when: (g) => hist(g) === 'renal-thyroid',
    text:
      'Radiation-resistant histology (renal or thyroid); renal cell tumours need surgery ' +
      'irrespective of Harrington class.',
    citations: ['UEI2018', 'ACTA2020'],
  },
  {
    id: 'candidacy.excisional.criteria',
    short:
      'One spinal lesion, no extraspinal bone or visceral metastasis, favourable ' +
      'histology and prognosis, fit',
    side: 'for',
    pillar: 'O',
    reads: ['excisional'],
    when: (g) => g('excisional') === 'met',
    text:
      'One spinal lesion, no extraspinal bone or visceral metastasis, favourable histology ' +
      'and prognosis, fit: the excisional path (total en bloc spondylectomy) if the ' +
      'operation is feasible.',
    citations: ['ACTA2020', 'UEI2018'],
  },
  // Urgency
  {
    id: 'urgency.neuro.mscc',
    short: 'High-grade cord compression with a deficit, within Patchell’s limits',
    side: 'urgent',
    pillar: 'N',
    reads: ['escc', 'neuro', 'histology', 'onset', 'survival', 'fitness', 'declines'],
    when: (g) => msccWithDeficit(g) && !patchellExcluded(g) && operable(g),
    text:
      'High-grade cord compression with a deficit, within Patchell’s limits: decompression ' +
      'is an emergency; short compression is reversible, prolonged compression causes ' +
      'irreversible injury.',
    citations: ['PATCHELL2005', 'CTJ2018'],
    urgency: 'emergency',
    emergencyWhy:
      'a recent deficit from cord compression: decompression then radiotherapy beats ' +
      'radiotherapy alone (Patchell 2005)',
  },
  {
    id: 'urgency.mscc.non-surgical',
    short:
      'Cord compression with a neurological deficit is an oncological emergency whoever treats it',
    side: 'urgent',
    pillar: 'N',
    reads: ['escc', 'neuro'],
    when: (g) => highGrade(g) && deficit(g),
    text:
      'Cord compression with a neurological deficit is an oncological emergency whoever ' +
      'treats it: corticosteroids and definitive treatment (radiotherapy, or surgery) ' +
      'planned the same day by the MSCC team.',
    citations: ['NICE-NG234', 'NICE-QS56'],
    urgency: 'emergency',
    emergencyWhy:
      'cord compression with a deficit: corticosteroids and radiotherapy (or systemic ' +
      'therapy) started the same day',
  },
  {
    id: 'urgency.neuro.progressive',
    short: 'A progressing neurological deficit',
    side: 'urgent',
    pillar: 'N',
    reads: ['neuro', 'progressive', 'declines', 'survival', 'fitness'],
    when: (g) => progressive(g) && operable(g),
    text:
      'A progressing neurological deficit: same-day surgical review; every change in the ' +
      'motor examination counts.',
    citations: ['CTJ2018', 'KANDA2021', 'UEI2018'],
    urgency: 'emergency',
    emergencyWhy: 'a progressing deficit: same-day surgical review',
  },
  {
    id: 'urgency.neuro.ctj',
    short:
      'Neurological impairment at the cervicothoracic junction calls for prompt and ' +
      'aggressive decompressive surgery',
    side: 'urgent',
    pillar: 'N',
    reads: ['neuro', 'region', 'declines', 'survival', 'fitness'],
    when: (g) => deficit(g) && isCtj(g) && operable(g),
    text:
      'Neurological impairment at the cervicothoracic junction calls for prompt and ' +
      'aggressive decompressive surgery.',
    citations: ['CTJ2018'],
    urgency: 'urgent',
  },
  {
    id: 'urgency.neuro.deficit',
    short: 'A neurological deficit',
    side: 'urgent',
    pillar: 'N',
    reads: ['neuro'],
    when: deficit,
    text:
      'A neurological deficit: prompt review; short compression is reversible, prolonged ' +
      'compression causes irreversible injury.',
    citations: ['CTJ2018'],
    urgency: 'urgent',
  },
  {
    id: 'urgency.compression.high-grade',
    short: 'High-grade epidural cord compression (ESCC 2–3)',
    side: 'urgent',
    pillar: 'N',
    reads: ['escc'],
    when: highGrade,
    text:
      'High-grade epidural cord compression (ESCC 2–3): prompt treatment of the ' +
      'compression, by surgery or radiotherapy.',
    citations: ['LAUFER2013', 'PATCHELL2005'],
    urgency: 'urgent',
  },
  {
    id: 'urgency.noms.radiosensitive-compression',
    short: 'High-grade compression in a highly radiosensitive tumour without instability',
    side: 'urgent',
    pillar: 'O',
    reads: ['escc', 'histology', 'sins'],
    when: (g) => highGrade(g) && highlyRS(g) && !instability(g),
    text:
      'High-grade compression in a highly radiosensitive tumour without instability: ' +
      'radiotherapy (or systemic therapy) first, urgently; surgery is not required for the ' +
      'compression.',
    citations: ['LAUFER2013', 'ACTA2020'],
    urgency: 'urgent',
  },
  {
    id: 'urgency.instability.unstable',
    short: 'Unstable spine (SINS 13–18)',
    side: 'urgent',
    pillar: 'M',
    reads: ['sins', 'declines', 'survival', 'fitness'],
    when: (g) => g('sins') === 'unstable' && operable(g),
    text: 'Unstable spine (SINS 13–18): prompt surgical review.',
    citations: ['KANDA2021'],
    urgency: 'urgent',
  },
  // Against — relative contraindications, shown, never a silent veto
  {
    id: 'contra.paraplegia-over-48h',
    short: 'No motor function for more than 48 hours',
    side: 'against',
    pillar: 'N',
    reads: ['neuro', 'onset'],
    when: paraplegiaOver48h,
    text:
      'No motor function for more than 48 hours: outside the limits of the trial behind ' +
      'surgery-first; surgery for decompression is not indicated (relative ' +
      'contraindication).',
    citations: ['PATCHELL2005'],
  },
  {
    id: 'contra.survival-under-3-months',
    short: 'Expected survival under 3 months',
    side: 'against',
    pillar: 'S',
    reads: ['survival'],
    when: (g) => g('survival') === 'lt3m',
    text: 'Expected survival under 3 months: surgery not indicated (relative contraindication).',
    citations: ['CTJ2018', 'PATCHELL2005'],
  },
  {
    id: 'contra.general-health',
    short: 'General health too poor for surgery',
    side: 'against',
    pillar: 'S',
    reads: ['fitness'],
    when: (g) => g('fitness') === 'unfit',
    text:
      'General health too poor for surgery (clinician judgement); NOMS S: radiation alone ' +
      'if surgery cannot be tolerated.',
    citations: ['CTJ2018', 'LAUFER2013'],
  },
  {
    id: 'contra.declines',
    short: 'The patient declines surgery',
    side: 'against',
    pillar: 'S',
    reads: ['declines'],
    when: (g) => g('declines') === 'yes',
    text: 'The patient declines surgery.',
    citations: ['CTJ2018'],
  },
  {
    id: 'contra.radiosensitive',
    short: 'Highly radiosensitive tumour',
    side: 'against',
    pillar: 'O',
    reads: ['histology'],
    when: highlyRS,
    text:
      'Highly radiosensitive tumour: radiotherapy whatever the degree of compression; ' +
      'surgery only for mechanical instability.',
    citations: ['LAUFER2013'],
  },
  {
    id: 'contra.chemotherapy-first',
    short: 'Highly chemosensitive tumour',
    side: 'against',
    pillar: 'O',
    reads: ['histology'],
    when: (g) => hist(g) === 'lymphoma' || hist(g) === 'germ-cell',
    text:
      'Highly chemosensitive tumour (lymphoma, seminoma/germ-cell): chemotherapy as ' +
      'primary treatment.',
    citations: ['ACTA2020'],
  },
  {
    id: 'contra.short-life-radiosensitive',
    short: 'Life expectancy under 6 months with a tumour markedly responsive to radiotherapy',
    side: 'against',
    pillar: 'S',
    reads: ['survival', 'histology'],
    when: (g) => g('survival') !== 'ge6m' && highlyRS(g),
    text: 'Life expectancy under 6 months with a tumour markedly responsive to radiotherapy.',
    citations: ['UEI2018'],
  },
] as const satisfies readonly RuleDef[];

/**
 * The id of a candidacy or urgency rule: a typo or a removed rule is a type error wherever it is
 * named.
 */
export type CandidacyRuleId = (typeof CANDIDACY_TABLE)[number]['id'];
export const CANDIDACY_RULES: readonly RuleDef<CandidacyRuleId>[] = CANDIDACY_TABLE;

/**
 * The category, as ordered rows: the first row whose condition holds gives it (docs/decisions.md,
 * "Candidacy"). First the patients for whom no operation is needed: NOMS (O before N: a highly
 * radiosensitive tumour is irradiated whatever the compression, surgery only for instability),
 * Patchell's limits, no indication. Then, where surgery would be considered, who may not be
 * operated
 * on (refusal, survival under 3 months, general health: CTJ2018), then the confirmed excisional
 * path,
 * decompression within Patchell's limits and any one indication of evidence.md §1.
 */
export interface CategoryRow<Id extends string = string> {
  id: Id;
  /** A few words for one-line reasons. */
  short: string;
  category: CandidacyCategory;
  reads: readonly InputId[];
  when: (g: G) => boolean;
  citations: readonly PaperKey[];
}

export const surgicalIndication = (g: G) =>
  instability(g) ||
  g('mechanicalPain') === 'yes' ||
  progressive(g) ||
  hist(g) === 'renal-thyroid' ||
  (highGrade(g) && radioresistant(g)) ||
  g('intractablePain') === 'yes';
/**
 * Surgery would be considered: the excisional path, decompression for cord compression with a
 * deficit, or an indication.
 */
const surgeryConsidered = (g: G) =>
  g('excisional') === 'met' || msccWithDeficit(g) || surgicalIndication(g);
const SURGERY_CONSIDERED_READS: readonly InputId[] = [
  'excisional',
  'escc',
  'neuro',
  'histology',
  'sins',
  'mechanicalPain',
  'progressive',
  'intractablePain',
];

const CATEGORY_TABLE = [
  {
    id: 'category.radiosensitive-stable',
    short: 'highly radiosensitive tumour, spine not unstable',
    category: 'nonsurgical-first',
    reads: ['histology', 'sins'],
    when: (g) => highlyRS(g) && !instability(g),
    citations: ['LAUFER2013'],
  },
  {
    id: 'category.paraplegia-over-48h',
    short: 'paraplegia for more than 48 hours, spine not unstable',
    category: 'nonsurgical-first',
    reads: ['neuro', 'onset', 'sins'],
    when: (g) => paraplegiaOver48h(g) && !instability(g),
    citations: ['PATCHELL2005'],
  },
  {
    id: 'category.compression-or-deficit',
    short: 'compression or a deficit without a surgical indication',
    category: 'nonsurgical-first',
    reads: SURGERY_CONSIDERED_READS,
    when: (g) => !surgeryConsidered(g) && (highGrade(g) || deficit(g)),
    citations: ['LAUFER2013'],
  },
  {
    id: 'category.no-indication',
    short: 'no surgical indication',
    category: 'radiotherapy-first',
    reads: SURGERY_CONSIDERED_READS,
    when: (g) => !surgeryConsidered(g),
    citations: ['LAUFER2013', 'CTJ2018'],
  },
  {
    id: 'category.declines',
    short: 'the patient declines surgery',
    category: 'not-surgical-candidate',
    reads: ['declines'],
    when: (g) => g('declines') === 'yes',
    citations: ['CTJ2018'],
  },
  {
    id: 'category.survival-under-3-months',
    short: 'expected survival under 3 months',
    category: 'not-surgical-candidate',
    reads: ['survival'],
    when: (g) => g('survival') === 'lt3m',
    citations: ['CTJ2018', 'PATCHELL2005'],
  },
  {
    id: 'category.unfit',
    short: 'general health too poor for surgery',
    category: 'not-surgical-candidate',
    reads: ['fitness'],
    when: (g) => g('fitness') === 'unfit',
    citations: ['CTJ2018', 'LAUFER2013'],
  },
  {
    id: 'category.excisional',
    short: 'every excisional criterion confirmed',
    category: 'excisional',
    reads: ['excisional'],
    when: (g) => g('excisional') === 'met',
    citations: ['ACTA2020', 'UEI2018'],
  },
  {
    id: 'category.mscc-decompression',
    short: 'cord compression with a deficit, within Patchell’s limits',
    category: 'surgical-consultation',
    reads: ['escc', 'neuro', 'histology', 'onset'],
    when: (g) => msccWithDeficit(g) && !paraplegiaOver48h(g),
    citations: ['PATCHELL2005', 'CTJ2018'],
  },
  // Every chart that reaches this row has an indication (the rows above took the rest).
  {
    id: 'category.surgical-indication',
    short: 'a surgical indication',
    category: 'surgical-consultation',
    reads: [
      'sins',
      'mechanicalPain',
      'neuro',
      'progressive',
      'histology',
      'escc',
      'intractablePain',
    ],
    when: () => true,
    citations: ['CTJ2018', 'KANDA2021', 'UEI2018'],
  },
] as const satisfies readonly CategoryRow[];

export type CategoryRowId = (typeof CATEGORY_TABLE)[number]['id'];
export const CATEGORY_ROWS: readonly CategoryRow<CategoryRowId>[] = CATEGORY_TABLE;

/**
 * Every input the candidacy decision (category rows and urgency rules) reads: derived from the
 * tables.
 */
export const CANDIDACY_READS: readonly InputId[] = [
  ...new Set([
    ...CATEGORY_ROWS.flatMap((r) => r.reads),
    ...CANDIDACY_RULES.filter((r) => r.urgency).flatMap((r) => r.reads),
  ]),
];

/**
 * Table checks (like checkBandsTile): unique ids, a citation each, reads declared, a short label.
 */
type CheckedRule = Omit<RuleDef, 'short' | 'side' | 'pillar'> & { short?: string };
export function checkRules(rules: readonly CheckedRule[]): string[] {
  const errors: string[] = [];
  const ids = new Set<string>();
  for (const r of rules) {
    if (ids.has(r.id)) errors.push(`duplicate rule ${r.id}`);
    ids.add(r.id);
    if (!r.citations.length) errors.push(`${r.id}: no citation`);
    if (!r.reads.length) errors.push(`${r.id}: reads nothing`);
    // The short label is written, not cut from the text: a few words, no full stop.
    const badShort = !r.short || r.short.length > r.text.length || r.short.endsWith('.');
    if (r.short !== undefined && badShort) {
      errors.push(`${r.id}: short label`);
    }
    if (r.urgency === 'emergency' && !r.emergencyWhy)
      errors.push(`${r.id}: an emergency rule says why (emergencyWhy)`);
  }
  return errors;
}
