/** Frankel, modified Frankel (two systems) and ASIA AIS (scores.md §12). */
export type FrankelGrade = 'A' | 'B' | 'C' | 'D' | 'E';
export type AisGrade = 'A' | 'B' | 'C' | 'D' | 'E';
/** Motor-grade modified Frankel used in Japanese spinal-metastasis papers (UEI2018 Table 2). */
export type BradfordGrade = 'A' | 'B' | 'C' | 'D1' | 'D2' | 'D3' | 'E';
/** Gait version, Spinal Injuries Center Iizuka. */
export type SicGaitGrade = 'A' | 'B1' | 'B2' | 'B3' | 'C1' | 'C2' | 'D0' | 'D1' | 'D2' | 'D3' | 'E';

export type NeuroStatus =
  | { system: 'frankel'; grade: FrankelGrade }
  | { system: 'asia'; grade: AisGrade }
  | { system: 'bradford-motor'; grade: BradfordGrade }
  | { system: 'sic-gait'; grade: SicGaitGrade };

export const FRANKEL_GRADES: readonly FrankelGrade[] = ['A', 'B', 'C', 'D', 'E'];
export const BRADFORD_GRADES: readonly BradfordGrade[] = ['A', 'B', 'C', 'D1', 'D2', 'D3', 'E'];
export const SIC_GAIT_GRADES: readonly SicGaitGrade[] = [
  'A',
  'B1',
  'B2',
  'B3',
  'C1',
  'C2',
  'D0',
  'D1',
  'D2',
  'D3',
  'E',
];

export const FRANKEL_TEXT: Record<FrankelGrade, string> = {
  A: 'Complete: no motor or sensory function below the level',
  B: 'Sensory only: some sensation below the level, no motor function',
  C: 'Motor useless: some motor function of no practical use',
  D: 'Motor useful: useful motor function below the level',
  E: 'Recovery: normal motor and sensory function',
};

/** Rank for ordering and change detection (0 = worst). Sub-grades rank within their letter. */
export function neuroRank(s: NeuroStatus): number {
  const list: readonly string[] =
    s.system === 'bradford-motor'
      ? BRADFORD_GRADES
      : s.system === 'sic-gait'
        ? SIC_GAIT_GRADES
        : FRANKEL_GRADES;
  return list.indexOf(s.grade);
}

/**
 * Collapse to a Frankel letter. Both modified systems collapse to their letter (D1–D3 → D). AIS is
 * mapped letter-for-letter and the caller must label it as "mapped from AIS" (approximate).
 */
export function toFrankelLetter(s: NeuroStatus): FrankelGrade {
  return s.grade.charAt(0) as FrankelGrade;
}

export function describeNeuro(s: NeuroStatus): string {
  const name = {
    frankel: 'Frankel',
    asia: 'ASIA AIS',
    'bradford-motor': 'modified Frankel (motor)',
    'sic-gait': 'modified Frankel (gait)',
  }[s.system];
  return `${name} ${s.grade}`;
}

/** Raw ambulatory status kept as recorded (scores.md §12d), not a boolean. */
export type Ambulation = 'independent' | 'with-aid' | 'non-ambulatory';

/**
 * Ambulation implied by a neuro grade where the scale implies one: Frankel/AIS D–E are ambulatory
 * by
 * convention but may need an aid, so they give no independent/with-aid split; A–C are
 * non-ambulatory.
 * Gait-version grades give the split directly.
 */
export function ambulationFromNeuro(s: NeuroStatus): readonly Ambulation[] {
  if (s.system === 'sic-gait') {
    if (s.grade === 'D2' || s.grade === 'D3' || s.grade === 'E') return ['independent'];
    if (s.grade === 'D1') return ['with-aid'];
    if (s.grade === 'D0') return ['independent', 'with-aid', 'non-ambulatory'];
    return ['non-ambulatory'];
  }
  const letter = toFrankelLetter(s);
  if (letter === 'D' || letter === 'E')
    return letter === 'E' ? ['independent'] : ['independent', 'with-aid'];
  return ['non-ambulatory'];
}
