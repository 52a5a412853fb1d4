/**
 * Disease extent as the scores need it. Counts are lower bounds unless confirmed complete, because
 * a chart lists the metastases someone coded, not necessarily all of them; absence of a coded
 * metastasis is never read as "none" unless a clinician or staging record confirms it.
 */
export interface LesionCount {
  /** Lesions known (coded or entered). */
  atLeast: number;
  /** True when the count is confirmed complete (whole-body staging, clinician). */
  exact: boolean;
}

export type VisceralSite =
  | 'lung'
  | 'liver'
  | 'kidney'
  | 'brain'
  | 'adrenal'
  | 'pleura'
  | 'peritoneum'
  | 'leptomeninges'
  | 'other';

/** Tokuhashi's "major internal organs" (scores.md §1). */
export const TOKUHASHI_MAJOR_ORGANS: readonly VisceralSite[] = ['lung', 'liver', 'kidney', 'brain'];
/** Katagiri's disseminated metastasis: pleural, peritoneal or leptomeningeal dissemination. */
export const KATAGIRI_DISSEMINATED: readonly VisceralSite[] = [
  'pleura',
  'peritoneum',
  'leptomeninges',
];

export interface VisceralDisease {
  /** Sites with a recorded visceral or cerebral metastasis (lymph nodes are not visceral). */
  sites: VisceralSite[];
  /**
   * True when the site list is confirmed complete; with no sites that means "no visceral
   * metastases".
   */
  complete: boolean;
  /** Clinician judgement (Tokuhashi): removable. */
  removable?: boolean;
  /** Clinician judgement (Tomita): treatable. */
  treatable?: boolean;
}

/** Possible values of "number of lesions" as an interval [min, max] (max = Infinity when open). */
export function countInterval(c: LesionCount): [number, number] {
  return [c.atLeast, c.exact ? c.atLeast : Number.POSITIVE_INFINITY];
}

/** Which of the given count categories ([lo, hi] inclusive) the count can still fall in. */
export function countCategories<C extends string>(
  c: LesionCount,
  categories: ReadonlyArray<readonly [C, number, number]>,
): C[] {
  const [lo, hi] = countInterval(c);
  return categories.filter(([, a, b]) => b >= lo && a <= hi).map(([code]) => code);
}

export function describeCount(c: LesionCount): string {
  return c.exact ? `${c.atLeast}` : `at least ${c.atLeast} (not confirmed complete)`;
}
