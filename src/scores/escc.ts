/**
 * The ESCC grades are clinical vocabulary (src/clinical/escc.ts); the score layer adds its paper.
 */
export * from '../clinical/escc.js';
