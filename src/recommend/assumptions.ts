/**
 * The assumptions a leading answer may rest on (docs/decisions.md, "Assumptions"): for an input
 * that is
 * not recorded, the value assumed, the chart evidence it uses, the direction it errs in and why. An
 * assumption is never silent: every surface names the ones an answer rests on ("assuming …"), and
 * only
 * those, with what entering the input would change. Stale and conflicting inputs are never assumed
 * away, except an intact examination carried forward for an elective question (staleness windows).
 */
import { painLabel } from '../clinical/pain.js';
import { possibleEcog } from '../clinical/performance.js';
import type { ClinicalFacts } from '../facts/types.js';
import type { ScoreSet } from '../scores/score-set.js';
import type { ScoreResult } from '../scores/types.js';
import type { InputId } from './engine/inputs.js';
import type { InputState, InputStates, InputStatus } from './engine/read-inputs.js';
import type { PaperKey } from './types.js';

export interface AssumptionContext {
  f: ClinicalFacts;
  s: ScoreSet;
  states: InputStates;
}

export interface AssumptionDef<Id extends string = string> {
  id: Id;
  input: InputId;
  /** The input statuses it may stand in for. */
  statuses: readonly InputStatus[];
  /**
   * The values assumed (a subset of the domain) and the evidence in words; undefined = no
   * assumption.
   */
  assume(
    ctx: AssumptionContext,
    st: InputState,
  ): { values: string[]; text: string; evidence: string } | undefined;
  /** Which way it errs, and why that way: shown in docs/decisions.md. */
  errs: string;
  citations: readonly PaperKey[];
}

/**
 * An intact examination carries an elective decision for this long (docs/decisions.md, "Staleness
 * windows").
 */
export const INTACT_EXAM_CARRIES_DAYS = 90;

const ecogWords = (f: ClinicalFacts) => {
  const e = f.performance ? possibleEcog(f.performance.value) : [];
  if (!f.performance || !e.length)
    return { ecogs: [] as number[], words: 'no performance status recorded' };
  const v = f.performance.value;
  return {
    ecogs: [...e],
    words: v.ecog !== undefined ? `ECOG ${v.ecog}` : `KPS ${v.kps} (≈ ECOG ${e.join('/')})`,
  };
};
const painWords = (f: ClinicalFacts) =>
  f.pain ? `pain ${painLabel(f.pain.value)}` : 'no pain score';
/** Pain at least 7/10 (VAS 70 mm): severe. */
const severePain = (f: ClinicalFacts) =>
  !!f.pain &&
  (f.pain.value.instrument === 'vas' ? f.pain.value.value >= 70 : f.pain.value.value >= 7);
/**
 * A deficit recorded as of recent onset (within 48 hours) or as progressing may be the cause of a
 * poor performance status,
 * and decompression may reverse it: it does not count against surgery. Recorded, not assumed.
 */
const acuteDeficitRecorded = (states: InputStates) =>
  states.neuro.status !== 'missing' &&
  states.neuro.recorded.some((v) => v !== 'intact') &&
  ((states.onset.status === 'known' && states.onset.possible[0] === 'within-48h') ||
    (states.progressive.status === 'known' && states.progressive.possible[0] === 'yes'));

/**
 * Every prognostic score computed is in its worst band (a band decided: no score is read from a
 * range).
 */
function worstBandEverywhere(s: ScoreSet): string | undefined {
  const scores: Array<[string, ScoreResult, string]> = [
    ['Tokuhashi', s.tokuhashi, 'tokuhashi-band-0-8'],
    ['Tomita', s.tomita, 'tomita-band-8-10'],
    ['Katagiri', s.katagiri, 'katagiri-band-high'],
    ['modified Bauer', s.bauerModified, 'bauer-modified-band-0-1'],
  ];
  if (s.tokuhashi.band?.code !== 'tokuhashi-band-0-8') return undefined;
  const shown: string[] = [];
  for (const [name, r, worst] of scores) {
    if (!r.band) continue;
    if (r.band.code !== worst) return undefined;
    shown.push(
      `${name} ${r.range.min === r.range.max ? r.range.min : `${r.range.min}–${r.range.max}`}`,
    );
  }
  return shown.join(', ');
}

/** A deficit is recorded and not known to be of long standing (paraplegia over 48 hours). */
const deficitMayExplain = (states: InputStates) =>
  states.neuro.status !== 'missing' &&
  states.neuro.recorded.some((v) => v !== 'intact') &&
  !(states.onset.status === 'known' && states.onset.possible[0] === 'over-48h');

const ASSUMPTION_TABLE = [
  {
    id: 'assume.survival',
    input: 'survival',
    statuses: ['indeterminate', 'missing', 'stale'],
    assume({ f, s, states }, st) {
      if (f.judgements.expectedSurvival) return undefined;
      const { ecogs, words } = ecogWords(f);
      const worst = worstBandEverywhere(s);
      // A deficit not known to be of long standing may be what keeps an ECOG 3 patient in bed; ECOG
      // 4 counts
      // unless the deficit is recorded as recent or progressing.
      const poor =
        ecogs.length > 0 &&
        (ecogs.every((e) => e >= 4)
          ? !acuteDeficitRecorded(states)
          : ecogs.every((e) => e >= 3) && !deficitMayExplain(states));
      if (worst && poor) {
        return {
          values: ['lt3m'],
          text: 'expected survival under 3 months',
          evidence: `no clinician estimate; ${worst}, ${words}`,
        };
      }
      const rest = st.possible.filter((v) => v !== 'lt3m');
      if (!rest.length || rest.length === st.possible.length) return undefined;
      return {
        values: rest,
        text: 'expected survival of 3 months or more',
        evidence: `no clinician estimate; ${st.detail.split(';')[0]}, ${words}`,
      };
    },
    errs:
      'Towards treatment: under 3 months is assumed only when every computed prognostic ' +
      'score is in its worst band and ECOG is 4, or 3 with no deficit that could explain ' +
      'it; otherwise 3 months or more, so a decompression within Patchell’s limits is ' +
      'never withheld on a guess.',
    citations: ['CTJ2018', 'PATCHELL2005', 'ACTA2020'],
  },
  {
    id: 'assume.fitness',
    input: 'fitness',
    statuses: ['missing'],
    assume({ f, states }) {
      const { ecogs, words } = ecogWords(f);
      if (ecogs.length && ecogs.every((e) => e >= 4) && !acuteDeficitRecorded(states)) {
        return {
          values: ['unfit'],
          text: 'general health too poor for surgery',
          evidence: `not recorded; ${words}`,
        };
      }
      const why =
        ecogs.length && ecogs.every((e) => e >= 4)
          ? `${words}, from a deficit of recent onset`
          : words;
      return { values: ['fit'], text: 'fit for surgery', evidence: `not recorded; ${why}` };
    },
    errs:
      'Towards consultation: fitness is judged at the consultation the answer leads to; ' +
      'unfit is assumed only for ECOG 4 not explained by a deficit of recent onset.',
    citations: ['CTJ2018'],
  },
  {
    id: 'assume.intractable-pain',
    input: 'intractablePain',
    statuses: ['missing'],
    assume({ f }) {
      const opioid = f.strongOpioid?.value.name;
      if (opioid && severePain(f))
        return {
          values: ['yes'],
          text: 'the pain is intractable despite opioids',
          evidence: `not recorded; ${painWords(f)} on ${opioid}`,
        };
      const onOpioid = opioid ? ` on ${opioid}` : ', no strong opioid on the medication list';
      return {
        values: ['no'],
        text: 'the pain is not intractable',
        evidence: `not recorded; ${painWords(f)}${onOpioid}`,
      };
    },
    errs:
      'Intractable means despite opioids (CTJ2018, KANDA2021): severe pain on an active ' +
      'strong opioid is assumed intractable; without a strong opioid the pain has not yet ' +
      'resisted one.',
    citations: ['CTJ2018', 'KANDA2021'],
  },
  {
    id: 'assume.onset-recent',
    input: 'onset',
    statuses: ['missing'],
    assume: () => ({
      values: ['within-48h'],
      text: 'the motor loss began within 48 hours',
      evidence: 'onset not recorded',
    }),
    errs: 'Towards the emergency: an emergency is never hidden behind an unrecorded onset.',
    citations: ['PATCHELL2005'],
  },
  {
    id: 'assume.not-progressing',
    input: 'progressive',
    statuses: ['missing'],
    assume: () => ({
      values: ['no'],
      text: 'the deficit is not progressing',
      evidence: 'course not recorded',
    }),
    errs:
      'A progressing deficit is an indication in itself; the urgency of a deficit does not ' +
      'rest on it (a deficit is urgent either way).',
    citations: ['CTJ2018', 'KANDA2021'],
  },
  {
    id: 'assume.histology-resistant',
    input: 'histology',
    statuses: ['missing', 'indeterminate'],
    assume(_ctx, st) {
      if (st.status === 'missing')
        return {
          values: ['resistant'],
          text: 'a radioresistant tumour until the biopsy',
          evidence: 'primary unknown',
        };
      return st.possible.includes('resistant')
        ? { values: ['resistant'], text: 'a radioresistant histology', evidence: st.detail }
        : undefined;
    },
    errs:
      'Towards surgical review, which also yields tissue; a biopsy before definitive ' +
      'treatment settles it.',
    citations: ['LAUFER2013', 'ACTA2020'],
  },
  {
    id: 'assume.exam-unchanged',
    input: 'neuro',
    statuses: ['stale'],
    assume({ f }, st) {
      const date = f.neuro?.sources[0]?.date?.slice(0, 10);
      if (
        st.recorded.length !== 1 ||
        st.recorded[0] !== 'intact' ||
        (st.ageDays ?? Infinity) > INTACT_EXAM_CARRIES_DAYS
      )
        return undefined;
      return {
        values: ['intact'],
        text: `the neurological examination is unchanged since ${date ?? 'it was recorded'}`,
        evidence: `intact, ${st.ageDays} days old`,
      };
    },
    errs:
      'An intact examination carries an elective decision; any open emergency is still ' +
      'shown first, and a deficit needs a current examination.',
    citations: ['CTJ2018'],
  },
] as const satisfies readonly AssumptionDef[];

export type AssumptionId = (typeof ASSUMPTION_TABLE)[number]['id'];
export const ASSUMPTIONS: readonly AssumptionDef<AssumptionId>[] = ASSUMPTION_TABLE;

export interface AssumptionApplied {
  def: AssumptionDef<AssumptionId>;
  values: string[];
  text: string;
  evidence: string;
}

/** The assumptions this chart allows (each for an input in one of its statuses). */
export function assumptionsFor(ctx: AssumptionContext): AssumptionApplied[] {
  const out: AssumptionApplied[] = [];
  for (const def of ASSUMPTIONS) {
    const st = ctx.states[def.input];
    if (!def.statuses.includes(st.status)) continue;
    const a = def.assume(ctx, st);
    if (a && a.values.length) out.push({ def, ...a });
  }
  return out;
}

/**
 * The input states with these assumptions standing in (a hypothetical chart, for the leading
 * answer).
 */
export function withAssumptions(
  states: InputStates,
  applied: readonly AssumptionApplied[],
): InputStates {
  if (!applied.length) return states;
  const out = { ...states };
  for (const a of applied) {
    out[a.def.input] = {
      ...states[a.def.input],
      possible: a.values,
      recorded: a.values,
      status: a.values.length === 1 ? 'known' : 'indeterminate',
      assumed: a.def.id,
    };
  }
  return out;
}
