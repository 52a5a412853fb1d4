/** Karnofsky and ECOG performance status and their mapping (scores.md §13). */
export type Kps = 0 | 10 | 20 | 30 | 40 | 50 | 60 | 70 | 80 | 90 | 100;
export type Ecog = 0 | 1 | 2 | 3 | 4 | 5;

export function isKps(v: number): v is Kps {
  return Number.isInteger(v) && v >= 0 && v <= 100 && v % 10 === 0;
}
export function isEcog(v: number): v is Ecog {
  return Number.isInteger(v) && v >= 0 && v <= 5;
}

/** KPS → ECOG is deterministic (many-to-one). */
export function kpsToEcog(kps: Kps): Ecog {
  if (kps >= 90) return 0;
  if (kps >= 70) return 1;
  if (kps >= 50) return 2;
  if (kps >= 30) return 3;
  if (kps >= 10) return 4;
  return 5;
}

/**
 * How a KPS and an ECOG recorded together relate under the standard conversion (scores.md §13):
 * `agree` (KPS maps to that ECOG), `adjacent` (one ECOG grade apart: the conversion's bands are
 * coarse and two raters a grade apart describe the same patient) or `conflict` (two or more grades:
 * no standard conversion joins them). For adjacent grades `worse` names the scale whose
 * ECOG-equivalent is worse, so a decision never overstates fitness.
 */
export type KpsEcogRelation =
  { kind: 'agree' } | { kind: 'adjacent'; worse: 'kps' | 'ecog' } | { kind: 'conflict' };
export function relateKpsEcog(kps: Kps, ecog: Ecog): KpsEcogRelation {
  const fromKps = kpsToEcog(kps);
  const gap = Math.abs(fromKps - ecog);
  if (gap === 0) return { kind: 'agree' };
  if (gap === 1) return { kind: 'adjacent', worse: fromKps > ecog ? 'kps' : 'ecog' };
  return { kind: 'conflict' };
}

/** ECOG → KPS is lossy: it returns the band of KPS values, never a single imputed value. */
export function ecogToKpsBand(ecog: Ecog): readonly Kps[] {
  return ([[90, 100], [70, 80], [50, 60], [30, 40], [10, 20], [0]] as const)[ecog];
}

/** A performance status as recorded: KPS, ECOG or both (each keeps its own provenance upstream). */
export interface PerformanceStatus {
  kps?: Kps;
  ecog?: Ecog;
}

/** The KPS values compatible with what is recorded: KPS itself, else the ECOG band. */
export function possibleKps(ps: PerformanceStatus): readonly Kps[] {
  if (ps.kps !== undefined) return [ps.kps];
  if (ps.ecog !== undefined) return ecogToKpsBand(ps.ecog);
  return [];
}

/** The ECOG values compatible with what is recorded. */
export function possibleEcog(ps: PerformanceStatus): readonly Ecog[] {
  if (ps.ecog !== undefined) return [ps.ecog];
  if (ps.kps !== undefined) return [kpsToEcog(ps.kps)];
  return [];
}

/**
 * Tokuhashi's general-condition categories of KPS (reused by OSRI's GC): 10–40 poor, 50–70
 * moderate, 80–100 good.
 */
export type KpsCategory = 'poor' | 'moderate' | 'good';
export function kpsCategory(kps: Kps): KpsCategory {
  return kps <= 40 ? 'poor' : kps <= 70 ? 'moderate' : 'good';
}
