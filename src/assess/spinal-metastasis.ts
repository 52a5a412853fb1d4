import type { Assessment } from './assess.js';

/** A spinal metastasis is on record: a level, or a count of vertebral metastases. */
export function hasSpinalMetastasis(a: Assessment): boolean {
  return a.facts.spine.levels.length > 0 || (a.facts.spine.vertebral?.value.atLeast ?? 0) > 0;
}
