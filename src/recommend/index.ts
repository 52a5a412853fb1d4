import type { ClinicalFacts } from '../facts/types.js';
import type { ScoreSet } from '../scores/score-set.js';
import {
  candidacy,
  deceasedCandidacy,
  notAssessedCandidacy,
  spinalMetastasisOnRecord,
  stagingToConfirm,
} from './candidacy.js';
import { approach, approachTop } from './approach.js';
import { readInputs } from './engine/read-inputs.js';
import { expectedCourse, riskFlags } from './risk-and-course.js';
import type { Approach, Candidacy, Recommendations, RuleInput, Statement } from './types.js';
import type { InputStates } from './engine/read-inputs.js';
import type { Fact } from '../provenance/fact.js';
import { factInput } from './inputs.js';
import { wordedStatement } from './rules/worded-rules.js';
import { standardActions } from './actions.js';

export * from './types.js';

/** Every input fact past its staleness limit, with its age. */
export function staleInputs(f: ClinicalFacts): RuleInput[] {
  const named: Array<[string, Fact<unknown> | undefined]> = [
    ['performance status', f.performance],
    ['neurology', f.neuro],
    ['pain', f.pain],
    ...Object.entries(f.labs).map(([k, v]) => [LAB_NAMES[k] ?? k, v] as [string, Fact<unknown>]),
    ['vertebral count', f.spine.vertebral],
    ['extraspinal count', f.spine.extraspinalBone],
    ['visceral staging', f.visceral],
    ...Object.entries(f.spine.sins).flatMap(([level, items]) =>
      Object.entries(items ?? {}).map(
        ([k, v]) => [`SINS ${k} at ${level}`, v] as [string, Fact<unknown>],
      ),
    ),
    ...Object.entries(f.spine.escc).map(
      ([level, v]) => [`ESCC at ${level}`, v] as [string, Fact<unknown>],
    ),
  ];
  return named
    .filter(([, v]) => v?.stale)
    .map(([name, v]) => ({
      name,
      value: `${v!.stale!.ageDays} days old, limit ${v!.stale!.limitDays}`,
      sources: v!.sources,
      stale: true,
    }));
}

/** Plain names of the lab keys (never a code name on screen). */
const LAB_NAMES: Record<string, string> = {
  crpMgDl: 'CRP',
  ldhUL: 'LDH',
  albuminGDl: 'albumin',
  plateletsPerUl: 'platelets',
  calciumMgDl: 'calcium',
  bilirubinMgDl: 'total bilirubin',
};

export const DISCLAIMER =
  'Decision support only: each statement shows its rule, inputs and source. The surgeon decides.';

/**
 * The approach on the chart the candidacy was answered on: decided when it ranks first on the
 * strict
 * chart, leading under the candidacy's named assumptions, deferred while the answer rests on stale
 * or
 * conflicting data (no operation is offered until re-assessment).
 */
function approachFor(cand: Candidacy, strictStates: InputStates, states: InputStates): Approach {
  // The chart as recorded gives the answer, or only its top beside the leading chart's answer.
  if (cand.kind === 'insufficient' || states === strictStates)
    return strictFor(cand, approach(strictStates));
  const strictTop = approachTop(strictStates);
  if (strictTop.status === 'decided') return approach(strictStates);
  const lead = approach(states);
  if (lead.top.status !== 'decided')
    return { ...lead, top: { ...lead.top, possible: strictTop.possible } };
  return {
    ...lead,
    top: {
      ...lead.top,
      status: 'leading',
      value: null,
      leading: lead.top.value,
      possible: strictTop.possible,
      assumptions: cand.assumptions.map((a) => a.id),
    },
  };
}

/** The answer on the chart as recorded: deferred when the candidacy is insufficient. */
function strictFor(cand: Candidacy, strict: Approach): Approach {
  if (cand.kind === 'insufficient') {
    const stale = cand.banners.filter((b) => b.kind !== 'missing').map((b) => b.input);
    return {
      ...strict,
      top: {
        status: 'undecided',
        value: null,
        possible: strict.top.possible,
        provisional: null,
        deciding: [],
      },
      deferred: `after re-assessment${stale.length ? ` (${stale.join(', ')})` : ''}`,
    };
  }
  return strict;
}

/** The answer where no operation is in question (a deceased patient, no spinal metastasis). */
function noOperation(candidacy: Candidacy): Recommendations {
  return {
    candidacy,
    approach: {
      top: {
        status: 'decided',
        value: 'none',
        possible: ['none'],
        provisional: 'none',
        deciding: [],
      },
      ranked: [],
      ruledOut: [],
    },
    riskFlags: [],
    expectedCourse: [],
    workup: [],
    actions: [],
    disclaimer: DISCLAIMER,
  };
}

/** Facts and scores → recommendations. Pure; shared by the app, the CDS service and the CLI. */
export function recommend(f: ClinicalFacts, s: ScoreSet): Recommendations {
  if (f.deceased) return noOperation(deceasedCandidacy(f));
  if (!spinalMetastasisOnRecord(f)) return noOperation(notAssessedCandidacy());
  const { candidacy: cand, states, strictStates } = candidacy(f, s, readInputs(f, s));
  const workup: Statement[] = [];
  const confirmed = f.spine.vertebral?.value.exact === true;
  if (!s.escc || !confirmed || states.escc.status === 'stale' || states.sins.status === 'stale') {
    // The card's line is the first sentence, with why it is needed for this patient.
    const escc = !s.escc
      ? '; no ESCC grade is recorded'
      : states.escc.status === 'stale'
        ? '; the ESCC grade is stale'
        : '';
    const why = `${escc}${!confirmed ? '; the number of involved vertebrae is not confirmed' : ''}`;
    const short =
      'Whole-spine MRI before a decision (about 15 % have non-contiguous lesions)' + why;
    workup.push(
      wordedStatement(
        'workup.whole-spine-mri',
        `${short}. CT for bone and hardware.`,
        ['ACTA2020'],
        [...factInput('vertebral metastases', f.spine.vertebral)],
        short,
      ),
    );
  }
  if (cand.uncharacterisedLevels.length) {
    const short =
      `Grade ${cand.uncharacterisedLevels.join(' and ')} on the whole-spine MRI (SINS ` +
      `items, ESCC): listed as involved, not characterised; the index lesion decides ` +
      `meanwhile`;
    workup.push(
      wordedStatement('workup.uncharacterised-levels', `${short}.`, ['ACTA2020'], [], short),
    );
  }
  const staging = stagingToConfirm(strictStates);
  if (staging.length) {
    const short =
      `To consider the excisional (en bloc) path, confirm: ` +
      `${staging.map((id) => strictStates[id].label).join(', ')}`;
    workup.push(wordedStatement('workup.excisional-staging', `${short}.`, ['ACTA2020'], [], short));
  }
  const missingSins = s.sinsIndex?.result.missing ?? [];
  if (missingSins.length) {
    const short =
      `SINS at ${s.sinsIndex!.level} lacks ${missingSins.map((m) => m.label).join(', ')}: ` +
      `enter them from CT/MRI`;
    workup.push(wordedStatement('workup.sins-items', `${short}.`, [], [], short));
  }
  const stale = staleInputs(f);
  if (stale.length) {
    const short =
      `Older than their limits, used but flagged: ` +
      `${stale.map((x) => `${x.name} (${x.value})`).join('; ')}`;
    workup.push(
      wordedStatement(
        'workup.stale-inputs',
        `${short}. Re-assess before deciding.`,
        [],
        stale,
        short,
      ),
    );
  }
  return {
    candidacy: cand,
    approach: approachFor(cand, strictStates, states),
    riskFlags: riskFlags(f, s),
    expectedCourse: expectedCourse(f, s),
    workup,
    actions: standardActions(f, s, cand),
    disclaimer: DISCLAIMER,
  };
}
