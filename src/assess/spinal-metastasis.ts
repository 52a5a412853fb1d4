import type { Assessment } from './assess.js';
import { spinalMetastasisOnRecord } from '../recommend/candidacy.js';

/** A spinal metastasis is on record (the one definition the engine uses for "not assessed"). */
export function hasSpinalMetastasis(a: Assessment): boolean {
  return spinalMetastasisOnRecord(a.facts);
}
