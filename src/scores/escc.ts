import { SCORE_CITATIONS } from './citations.js';

/** The ESCC grades are clinical vocabulary (src/clinical/escc.ts); the score layer adds its paper. */
export * from '../clinical/escc.js';
export const ESCC_CITATION = SCORE_CITATIONS.escc;
