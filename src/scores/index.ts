export * from './types.js';
export * from './tokuhashi.js';
export * from './tomita.js';
export * from './sins.js';
export * from './katagiri.js';
export * from './bauer.js';
export * from './nesms.js';
export * from './osri.js';
export * from './barthel.js';
export * from './escc.js';
export * from './harrington.js';
export * from './noms.js';
// Instruments the facts read (clinical/), kept in the scores' public vocabulary.
export * from '../clinical/eq5d.js';
export * from '../clinical/pain.js';
export * from './clavien-dindo.js';

import { TOKUHASHI } from './tokuhashi.js';
import { TOMITA } from './tomita.js';
import { SINS } from './sins.js';
import { KATAGIRI } from './katagiri.js';
import { BAUER_MODIFIED, BAUER_ORIGINAL } from './bauer.js';
import { NESMS } from './nesms.js';
import { OSRI } from './osri.js';
import { BARTHEL } from './barthel.js';
import type { ScoreDef } from './types.js';

/** Every point score's definition: the source of the project CodeSystem and of writeback codes. */
export const SCORE_DEFS: readonly ScoreDef[] = [
  TOKUHASHI,
  TOMITA,
  SINS,
  KATAGIRI,
  BAUER_ORIGINAL,
  BAUER_MODIFIED,
  NESMS,
  OSRI,
  BARTHEL,
];
