import type { Fact } from '../provenance/fact.js';

/**
 * The laboratory values the facts read (latest of each, in the units named), for Katagiri's
 * abnormal-labs item (scores/katagiri.ts) and the cards.
 */
export interface KatagiriLabs {
  crpMgDl?: Fact<number>;
  ldhUL?: Fact<number>;
  albuminGDl?: Fact<number>;
  plateletsPerUl?: Fact<number>;
  calciumMgDl?: Fact<number>;
  bilirubinMgDl?: Fact<number>;
}
