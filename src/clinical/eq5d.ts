/** The papers of the value sets (scores/citations.ts lists them with the scores' papers). */
export const EQ5D_CITATIONS = {
  jp:
    'Shiroiwa T, et al. Comparison of value set based on DCE and/or TTO data: scoring for ' +
    'EQ-5D-5L health states in Japan. Value Health 2016;19(5):648–654. ' +
    'doi:10.1016/j.jval.2016.03.1834',
  us:
    'Pickard AS, et al. United States valuation of EQ-5D-5L health states using an ' +
    'international protocol. Value Health 2019;22(8):931–941. ' +
    'doi:10.1016/j.jval.2019.02.009',
} as const;

/**
 * EQ-5D-5L utility from a 5-digit health state (scores.md §15). Additive main-effects value sets.
 */
export type Eq5dValueSet = 'JP-Shiroiwa2016-cTTO' | 'JP-Shiroiwa2016-hybrid' | 'US-Pickard2019';

type Decrements = readonly [number, number, number, number]; // levels 2..5
interface ValueSet {
  constant: number;
  dims: readonly [Decrements, Decrements, Decrements, Decrements, Decrements]; // MO SC UA PD AD
  citation: string;
}

const VALUE_SETS: Record<Eq5dValueSet, ValueSet> = {
  'JP-Shiroiwa2016-cTTO': {
    constant: 0.060924,
    dims: [
      [0.063865, 0.112618, 0.179043, 0.242916],
      [0.043632, 0.07666, 0.124265, 0.159659],
      [0.050407, 0.091131, 0.147929, 0.174786],
      [0.044545, 0.068178, 0.131436, 0.191203],
      [0.071779, 0.110496, 0.168171, 0.195961],
    ],
    citation: EQ5D_CITATIONS.jp,
  },
  'JP-Shiroiwa2016-hybrid': {
    constant: 0.0616,
    dims: [
      [0.0654, 0.1125, 0.1792, 0.2397],
      [0.038, 0.0701, 0.1175, 0.1606],
      [0.0572, 0.0918, 0.1551, 0.1729],
      [0.0406, 0.068, 0.124, 0.193],
      [0.0781, 0.1111, 0.173, 0.1968],
    ],
    citation: EQ5D_CITATIONS.jp,
  },
  'US-Pickard2019': {
    constant: 0,
    dims: [
      [0.096, 0.122, 0.237, 0.322],
      [0.089, 0.107, 0.22, 0.261],
      [0.068, 0.101, 0.255, 0.255],
      [0.06, 0.098, 0.318, 0.414],
      [0.057, 0.123, 0.299, 0.321],
    ],
    citation: EQ5D_CITATIONS.us,
  },
};

export interface Eq5dResult {
  state: string;
  valueSet: Eq5dValueSet;
  /** Full-precision index; round only for display. */
  index: number;
  citation: string;
}

export class Eq5dInputError extends Error {}

/** Refuses anything but five digits 1–5: no imputation of a missing dimension. */
export function eq5dIndex(
  state: string,
  valueSet: Eq5dValueSet = 'JP-Shiroiwa2016-cTTO',
): Eq5dResult {
  if (!/^[1-5]{5}$/.test(state))
    throw new Eq5dInputError(
      `EQ-5D-5L state must be five digits 1–5 (MO SC UA PD AD), got "${state}"`,
    );
  const vs = VALUE_SETS[valueSet];
  const levels = [...state].map(Number);
  const decrement = levels.reduce(
    (sum, level, d) => sum + (level === 1 ? 0 : vs.dims[d]![level - 2]!),
    0,
  );
  const index = state === '11111' ? 1 : 1 - vs.constant - decrement;
  return { state, valueSet, index, citation: vs.citation };
}

/**
 * KANDA2021: a change of ≥ 10 % in EQ-5D counts as improvement or deterioration. The paper does not
 * say 10 % of what; the default reads it as 10 % of the 0–1 utility scale (0.1), because 10 % of a
 * baseline near 0 (KANDA2021's own median was 0.085) is far below the MCID of 0.039–0.071 quoted by
 * SEGI2025. `basis: 'baseline'` gives the relative reading (docs/decisions.md).
 */
export function eq5dChange(
  before: number,
  after: number,
  basis: 'scale' | 'baseline' = 'scale',
): 'improved' | 'deteriorated' | 'unchanged' {
  const threshold = basis === 'scale' ? 0.1 : Math.abs(before) * 0.1;
  const delta = after - before;
  const eps = 1e-9; // float noise: 0.5 − 0.45 must count as a 0.05 change
  if (delta > 0 && delta >= threshold - eps) return 'improved';
  if (delta < 0 && -delta >= threshold - eps) return 'deteriorated';
  return 'unchanged';
}
