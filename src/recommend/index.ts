import type { ClinicalFacts } from '../facts/types.js';
import type { ScoreSet } from '../assess/score-all.js';
import { candidacy } from './candidacy.js';
import { approachOptions } from './approach.js';
import { expectedCourse, riskFlags } from './risk-and-course.js';
import type { Recommendations, Statement } from './types.js';
import { factInput } from './inputs.js';

export * from './types.js';

export const DISCLAIMER = 'Decision support only: each statement shows its rule, inputs and source. The surgeon decides.';

/** Facts and scores → recommendations. Pure; shared by the app, the CDS service and the CLI. */
export function recommend(f: ClinicalFacts, s: ScoreSet): Recommendations {
  const cand = candidacy(f, s);
  const workup: Statement[] = [];
  const confirmed = f.spine.vertebral?.value.exact === true;
  if (!s.escc || !confirmed) {
    workup.push({
      rule: 'workup.whole-spine-mri',
      text: `Whole-spine MRI before a decision (about 15 % have non-contiguous lesions)${!s.escc ? '; no ESCC grade is recorded' : ''}${!confirmed ? '; the number of involved vertebrae is not confirmed' : ''}. CT for bone and hardware.`,
      citations: ['ACTA2020'],
      inputs: [...factInput('vertebral metastases', f.spine.vertebral)],
    });
  }
  const missingSins = s.sinsIndex?.result.missing ?? [];
  if (missingSins.length) {
    workup.push({ rule: 'workup.sins-items', text: `SINS at ${s.sinsIndex!.level} lacks ${missingSins.map((m) => m.label).join(', ')}: enter them from CT/MRI.`, citations: [], inputs: [] });
  }
  return {
    candidacy: cand,
    approach: approachOptions(f, s, cand),
    riskFlags: riskFlags(f, s),
    expectedCourse: expectedCourse(f, s),
    workup,
    disclaimer: DISCLAIMER,
  };
}
