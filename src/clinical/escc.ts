/**
 * Bilsky epidural spinal cord compression scale (scores.md §10). Grades are strings with a rank.
 */
export const ESCC_GRADES = ['0', '1a', '1b', '1c', '2', '3'] as const;
export type EsccGrade = (typeof ESCC_GRADES)[number];

export function esccRank(g: EsccGrade): number {
  return ESCC_GRADES.indexOf(g);
}
export function isEsccGrade(s: string): s is EsccGrade {
  return (ESCC_GRADES as readonly string[]).includes(s);
}
/** High grade = 2 and 3 (Radiopaedia; NOMS). */
export function isHighGradeEscc(g: EsccGrade): boolean {
  return g === '2' || g === '3';
}
/** 1c is a grey zone: NOMS groups it with low grade for radiation decisions. */
export function isGreyZoneEscc(g: EsccGrade): boolean {
  return g === '1c';
}
