/** Bilsky epidural spinal cord compression scale (scores.md §10). Grades are strings with a rank. */
export const ESCC_GRADES = ['0', '1a', '1b', '1c', '2', '3'] as const;
export type EsccGrade = (typeof ESCC_GRADES)[number];

export const ESCC_TEXT: Record<EsccGrade, string> = {
  '0': 'Bone-only disease',
  '1a': 'Epidural impingement, no deformation of the thecal sac',
  '1b': 'Deformation of the thecal sac, no spinal cord abutment',
  '1c': 'Deformation of the thecal sac with spinal cord abutment, no cord compression',
  '2': 'Spinal cord compression, CSF visible around the cord',
  '3': 'Spinal cord compression, no CSF visible around the cord',
};

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
