/** Public entry of the clinical core shared by the SMART app, the CDS Hooks service and the CLI. */
export * from './provenance/fact.js';
export * from './scores/index.js';
export * from './facts/types.js';
export { extractFacts, type ExtractOptions } from './facts/extract.js';
export { scoreAll, type ScoreSet } from './assess/score-all.js';
export { recommend } from './recommend/index.js';
export * from './recommend/types.js';
export { assessPatient, assessFacts, type Assessment } from './assess/assess.js';
export * from './terminology/systems.js';
export { INPUT_CODES } from './terminology/input-codes.js';
