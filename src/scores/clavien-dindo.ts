/** Clavien–Dindo classification of surgical complications (scores.md §17). */
export const CLAVIEN_DINDO_GRADES = ['I', 'II', 'IIIa', 'IIIb', 'IVa', 'IVb', 'V'] as const;
export type ClavienDindoGrade = (typeof CLAVIEN_DINDO_GRADES)[number];

export interface Complication {
  grade: ClavienDindoGrade;
  /** The "d" suffix: still present at discharge. */
  atDischarge?: boolean;
}

export function clavienDindoRank(g: ClavienDindoGrade): number {
  return CLAVIEN_DINDO_GRADES.indexOf(g);
}

export function formatClavienDindo(c: Complication): string {
  return c.atDischarge ? `${c.grade}-d` : c.grade;
}

/**
 * "Major" is a parameter: ≥ IIIb by default, ≥ IIIa in some studies (KANDA2021 counts ≥ III as
 * severe).
 */
export function isMajorComplication(
  g: ClavienDindoGrade,
  threshold: ClavienDindoGrade = 'IIIb',
): boolean {
  return clavienDindoRank(g) >= clavienDindoRank(threshold);
}

/** Patient-level summary = highest grade. */
export function worstComplication(list: readonly Complication[]): Complication | undefined {
  return [...list].sort((a, b) => clavienDindoRank(b.grade) - clavienDindoRank(a.grade))[0];
}
