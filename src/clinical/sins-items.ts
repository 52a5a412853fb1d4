import type { Fact } from '../provenance/fact.js';
import type { SpineLevel } from './spine-levels.js';

/**
 * The imaging and pain findings SINS reads (Fisher 2010), as facts record them (scores/sins.ts
 * scores them).
 */
export type SinsPain = 'mechanical' | 'occasional' | 'none';
export type SinsBoneLesion = 'lytic' | 'mixed' | 'blastic';
export type SinsAlignment = 'subluxation' | 'deformity' | 'normal';
export type SinsCollapse = 'gt50' | 'lt50' | 'none-gt50-involved' | 'none';
export type SinsPosterolateral = 'bilateral' | 'unilateral' | 'none';

export interface SinsInputs {
  level?: Fact<SpineLevel>;
  pain?: Fact<SinsPain>;
  boneLesion?: Fact<SinsBoneLesion>;
  alignment?: Fact<SinsAlignment>;
  collapse?: Fact<SinsCollapse>;
  posterolateral?: Fact<SinsPosterolateral>;
}
