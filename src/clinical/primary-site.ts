/**
 * Primary cancer as the scores need it, and its category in each score. Category tables follow
 * scores.md §1, §2, §4, §5 and §11; memberships that scores.md marks UNVERIFIED are returned with
 * `unverified: true` so results carry a review flag instead of presenting them as authoritative.
 */
export const PRIMARY_SITES = [
  'breast',
  'prostate',
  'lung',
  'kidney',
  'thyroid',
  'rectum',
  'colon',
  'stomach',
  'esophagus',
  'pancreas',
  'liver',
  'gallbladder',
  'bladder',
  'uterus',
  'cervix',
  'ovary',
  'head-neck',
  'melanoma',
  'myeloma',
  'lymphoma',
  'osteosarcoma',
  'sarcoma',
  'carcinoid',
  'testis',
  'unknown',
  'other',
] as const;
export type PrimarySite = (typeof PRIMARY_SITES)[number];

export interface PrimaryCancer {
  site: PrimarySite;
  /** Lung only. */
  lungHistology?: 'nsclc' | 'sclc';
  /** Breast and prostate: hormone-dependent (ER/PR positive; castration-sensitive). */
  hormoneDependent?: boolean;
  /** Lung: treated with molecularly targeted drugs. */
  targetedTherapy?: boolean;
  /** Human label of the diagnosis, e.g. `Malignant neoplasm of upper lobe, right lung`. */
  display: string;
}

export interface Categorized<C extends string> {
  /** Categories still possible: one when decided. */
  categories: C[];
  reason: string;
  unverified?: boolean;
}

const one = <C extends string>(c: C, reason: string, unverified = false): Categorized<C> => ({
  categories: [c],
  reason,
  ...(unverified ? { unverified } : {}),
});

// --- Revised Tokuhashi primary-site group (points 0–5) ---
export type TokuhashiSiteGroup = 0 | 1 | 2 | 3 | 4 | 5;
export function tokuhashiSiteGroup(p: PrimaryCancer): Categorized<`${TokuhashiSiteGroup}`> {
  const groups: Partial<Record<PrimarySite, TokuhashiSiteGroup>> = {
    lung: 0,
    osteosarcoma: 0,
    stomach: 0,
    bladder: 0,
    esophagus: 0,
    pancreas: 0,
    liver: 1,
    gallbladder: 1,
    unknown: 1,
    kidney: 3,
    uterus: 3,
    cervix: 3,
    rectum: 4,
    thyroid: 5,
    breast: 5,
    prostate: 5,
    carcinoid: 5,
  };
  const g = groups[p.site] ?? 2;
  const reason =
    g === 2
      ? `${p.site}: "others" (2) as published; note colon = 2 but rectum = 4`
      : `${p.site} → ${g} points`;
  return one(
    `${g}` as `${TokuhashiSiteGroup}`,
    p.site === 'cervix' ? `${reason} (Tokuhashi "uterus" read as corpus and cervix)` : reason,
  );
}

// --- Tomita primary growth (1 / 2 / 4) ---
export type TomitaGrowth = 'slow' | 'moderate' | 'rapid';
export function tomitaGrowth(p: PrimaryCancer): Categorized<TomitaGrowth> {
  const published: Partial<Record<PrimarySite, TomitaGrowth>> = {
    breast: 'slow',
    thyroid: 'slow',
    prostate: 'slow',
    kidney: 'moderate',
    uterus: 'moderate',
    lung: 'rapid',
    stomach: 'rapid',
    esophagus: 'rapid',
    pancreas: 'rapid',
    unknown: 'rapid',
  };
  // Cervix is read as Tomita's "uterus", as Tokuhashi's is (docs/decisions.md).
  const unverified: Partial<Record<PrimarySite, TomitaGrowth>> = {
    liver: 'rapid',
    colon: 'rapid',
    rectum: 'rapid',
    cervix: 'moderate',
  };
  const g = published[p.site];
  if (g) return one(g, `${p.site}: Tomita's example of ${g} growth`);
  const u = unverified[p.site];
  if (u) return one(u, `${p.site}: ${u} growth (example list UNVERIFIED, scores.md §2)`, true);
  return {
    categories: ['slow', 'moderate', 'rapid'],
    reason: `${p.site}: not in Tomita's examples; growth class is a clinician judgement`,
  };
}

// --- New Katagiri primary-lesion group (0 / 2 / 3) ---
export type KatagiriGroup = 'slow' | 'moderate' | 'rapid';
export function katagiriGroup(p: PrimaryCancer): Categorized<KatagiriGroup> {
  switch (p.site) {
    case 'breast':
    case 'prostate':
      if (p.hormoneDependent === undefined)
        return {
          categories: ['slow', 'moderate'],
          reason:
            `${p.site}: hormone dependence not recorded (slow if hormone-dependent, ` +
            `moderate if not)`,
        };
      return one(
        p.hormoneDependent ? 'slow' : 'moderate',
        `${p.site}, hormone-${p.hormoneDependent ? 'dependent' : 'independent'}`,
      );
    case 'thyroid':
    case 'myeloma':
    case 'lymphoma':
      return one('slow', `${p.site}: slow growth group`);
    case 'lung':
      if (p.targetedTherapy === undefined)
        return {
          categories: ['moderate', 'rapid'],
          reason: 'lung: molecularly targeted therapy not known (moderate with, rapid without)',
        };
      return one(
        p.targetedTherapy ? 'moderate' : 'rapid',
        `lung ${p.targetedTherapy ? 'with' : 'without'} molecularly targeted therapy`,
      );
    case 'kidney':
    case 'sarcoma':
    case 'osteosarcoma':
      return one('moderate', `${p.site}: moderate growth group`);
    case 'colon':
    case 'rectum':
    case 'stomach':
    case 'pancreas':
    case 'head-neck':
    case 'esophagus':
    case 'liver':
    case 'melanoma':
    case 'unknown':
      return one('rapid', `${p.site}: rapid growth group`);
    case 'bladder':
    case 'gallbladder':
    case 'cervix':
      return one(
        'rapid',
        `${p.site}: rapid growth group (membership UNVERIFIED, scores.md §4)`,
        true,
      );
    default:
      return one(
        'moderate',
        `${p.site}: "others" → moderate growth group (membership UNVERIFIED, scores.md §4)`,
        true,
      );
  }
}

// --- Bauer histology items ---
export function bauerNotLung(p: PrimaryCancer): boolean {
  return p.site !== 'lung';
}
export function bauerFavourablePrimary(p: PrimaryCancer): boolean {
  return (
    p.site === 'breast' || p.site === 'kidney' || p.site === 'lymphoma' || p.site === 'myeloma'
  );
}

// --- Histology groups for the decision rules (NOMS O, Patchell 2005 exclusions, ACTA2020
// chemotherapy-first) ---
/**
 * Highly radiosensitive: lymphoma, myeloma/plasmacytoma, germ-cell (seminoma), small-cell lung
 * (scores.md §11 and its 2026-12 note; Patchell 2005 excluded exactly these). Moderately
 * radiosensitive: breast, prostate, ovary, neuroendocrine, uterine cervix. Radioresistant: renal,
 * thyroid, HCC, colorectal, NSCLC, sarcoma, melanoma. Others are not in the table: radiation
 * oncology
 * judges, so both solid-tumour groups stay possible.
 */
export type HistologyGroup =
  'lymphoma' | 'myeloma' | 'germ-cell' | 'sclc' | 'moderate' | 'renal-thyroid' | 'resistant';

export function histologyGroups(p: PrimaryCancer): Categorized<HistologyGroup> {
  const fixed: Partial<Record<PrimarySite, HistologyGroup>> = {
    lymphoma: 'lymphoma',
    myeloma: 'myeloma',
    testis: 'germ-cell',
    breast: 'moderate',
    prostate: 'moderate',
    ovary: 'moderate',
    carcinoid: 'moderate',
    cervix: 'moderate',
    kidney: 'renal-thyroid',
    thyroid: 'renal-thyroid',
    liver: 'resistant',
    colon: 'resistant',
    rectum: 'resistant',
    sarcoma: 'resistant',
    osteosarcoma: 'resistant',
    melanoma: 'resistant',
  };
  const g = fixed[p.site];
  if (g) return one(g, `${p.site} → ${g}`, true);
  if (p.site === 'lung') {
    if (p.lungHistology === 'sclc')
      return one('sclc', 'small-cell lung cancer → highly radiosensitive', true);
    if (p.lungHistology === 'nsclc')
      return one('resistant', 'non-small-cell lung cancer → radioresistant', true);
    return {
      categories: ['sclc', 'resistant'],
      reason: 'lung cancer, histology (small-cell or not) not recorded',
    };
  }
  return {
    categories: ['moderate', 'resistant'],
    reason: `${p.site}: not in the NOMS radiosensitivity table; radiation oncology to judge`,
  };
}

const HIGHLY_RADIOSENSITIVE: readonly HistologyGroup[] = [
  'lymphoma',
  'myeloma',
  'germ-cell',
  'sclc',
];
export const isHighlyRadiosensitive = (g: HistologyGroup): boolean =>
  HIGHLY_RADIOSENSITIVE.includes(g);
/**
 * ACTA2020: chemotherapy as primary treatment only for highly chemosensitive tumours such as
 * lymphoma or seminoma.
 */
export const isChemotherapyFirst = (g: HistologyGroup): boolean =>
  g === 'lymphoma' || g === 'germ-cell';
export const isHaematological = (g: HistologyGroup): boolean => g === 'lymphoma' || g === 'myeloma';

// --- NOMS radiosensitivity to conventional EBRT, derived from the groups above ---
export type Radiosensitivity = 'radiosensitive' | 'radioresistant';
export function radiosensitivity(p: PrimaryCancer): Categorized<Radiosensitivity> {
  const h = histologyGroups(p);
  const cats = [
    ...new Set(
      h.categories.map((g): Radiosensitivity =>
        g === 'resistant' || g === 'renal-thyroid' ? 'radioresistant' : 'radiosensitive',
      ),
    ),
  ];
  if (cats.length === 1)
    return one(cats[0]!, `${h.reason}: ${cats[0]} to cEBRT (NOMS table)`, true);
  return { categories: cats, reason: `${h.reason}; radiation oncology to judge` };
}

/**
 * Histologies the evidence calls radiation-resistant and surgical irrespective of class (UEI2018,
 * ACTA2020).
 */
export function isRadiationResistantSurgicalHistology(p: PrimaryCancer): boolean {
  return p.site === 'kidney' || p.site === 'thyroid';
}
