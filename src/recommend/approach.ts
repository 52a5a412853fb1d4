import { certainties, decidingInput, type RuleTruth } from './engine/decide.js';
import type { InputId } from './engine/inputs.js';
import { ruleInputs, type InputStates } from './engine/read-inputs.js';
import { APPROACH_RULES, OPTION_LABELS, TIE_ORDER } from './rules/approach-rules.js';
import type { Approach, ApproachOption, ApproachStatement, OptionId } from './types.js';

/** A rule that applies or could apply to an option; its statement is built only for the answer. */
interface Speaks {
  rule: (typeof APPROACH_RULES)[number];
  truth: NonNullable<RuleTruth>;
}

interface Scored {
  option: ApproachOption;
  for: Speaks[];
  against: Speaks[];
  /** A not-advised rule applies on the data as they stand (strict) / could apply. */
  excluded: boolean;
  maybeExcluded: boolean;
  provisionalExcluded: boolean;
  min: number;
  max: number;
  /** Weight on the recorded data (provisional rules counted). */
  recorded: { min: number; max: number };
  open: Set<InputId>;
}

const APPROACH_WHEN = APPROACH_RULES.map((r) => r.when);
const tieRank = (id: OptionId) => TIE_ORDER.indexOf(id);
/** a ranks strictly before b whatever the open inputs. */
const surelyBefore = (a: { id: OptionId; min: number }, b: { id: OptionId; max: number }) =>
  a.min > b.max || (a.min === b.max && tieRank(a.id) < tieRank(b.id));

/**
 * Ranked approach options (evidence.md §2, under MAPS). Each rule's truth comes from the engine; an
 * option's weight is a range when rules could still apply. The top option is decided only when it
 * ranks first at every end of every range (a sound bound: never decided when it could change).
 */
export function approach(states: InputStates): Approach {
  return rank(states, true);
}

/**
 * Only the top option of `approach(states)`, without the statements: for a chart whose answer is
 * given on other states (recommend/index.ts), whose top alone is read.
 */
export function approachTop(states: InputStates): Approach['top'] {
  return rank(states, false).top;
}

function rank(states: InputStates, full: true): Approach;
function rank(states: InputStates, full: false): Pick<Approach, 'top'>;
function rank(states: InputStates, full: boolean): Pick<Approach, 'top'> | Approach {
  const byOption = new Map<OptionId, Scored>();
  const get = (id: OptionId): Scored => {
    let s = byOption.get(id);
    if (!s)
      byOption.set(
        id,
        (s = {
          option: {
            id,
            label: OPTION_LABELS[id],
            weight: 0,
            weightRange: { min: 0, max: 0 },
            status: 'option',
            for: [],
            against: [],
          },
          for: [],
          against: [],
          excluded: false,
          maybeExcluded: false,
          provisionalExcluded: false,
          min: 0,
          max: 0,
          recorded: { min: 0, max: 0 },
          open: new Set(),
        }),
      );
    return s;
  };
  const truths = certainties(states, 'approach-rules', APPROACH_WHEN);
  for (const [k, r] of APPROACH_RULES.entries()) {
    const c = truths[k];
    if (!c) continue;
    const s = get(r.option);
    (r.notAdvised || r.weight < 0 ? s.against : s.for).push({ rule: r, truth: c });
    for (const id of c.dependsOn) s.open.add(id);
    const sure = c.certainty === 'applies';
    const onRecord = sure || c.certainty === 'provisional';
    if (r.notAdvised) {
      if (sure) s.excluded = true;
      else s.maybeExcluded = true;
      if (onRecord) s.provisionalExcluded = true;
      continue;
    }
    if (sure) {
      s.min += r.weight;
      s.max += r.weight;
      s.option.weight += r.weight;
    } else if (r.weight > 0) s.max += r.weight;
    else s.min += r.weight;
    if (onRecord) {
      s.recorded.min += r.weight;
      s.recorded.max += r.weight;
    } else if (r.weight > 0) s.recorded.max += r.weight;
    else s.recorded.min += r.weight;
  }
  // An option shows when a weighted rule speaks (or could speak) for it, or when it is ruled out
  // (so the reader sees why); notes alone do not make an option.
  const supported = (s: Scored) => s.for.some((x) => x.rule.weight > 0);
  const all = [...byOption.values()].filter((s) => supported(s) || s.excluded || s.maybeExcluded);
  for (const s of all) s.option.weightRange = { min: s.min, max: s.max };

  // Blockers must be sure to stay in the list: not possibly ruled out, and supported by a rule that
  // applies for sure.
  // With no such option, "no option ranked" stays possible.
  const surelySupported = (s: Scored) =>
    s.for.some((x) => x.rule.weight > 0 && x.truth.certainty === 'applies');
  const tops = (
    range: (s: Scored) => { min: number; max: number },
    excluded: (s: Scored) => boolean,
  ): Array<OptionId | 'none'> => {
    const live = all.filter((s) => !excluded(s) && supported(s));
    const firm = live.filter((s) => !s.maybeExcluded && surelySupported(s));
    const ids: Array<OptionId | 'none'> = live
      .filter(
        (s) =>
          !firm.some(
            (o) =>
              o !== s &&
              surelyBefore(
                { id: o.option.id, min: range(o).min },
                { id: s.option.id, max: range(s).max },
              ),
          ),
      )
      .map((s) => s.option.id);
    if (!firm.length) ids.push('none');
    return ids;
  };
  const strictTops = tops(
    (s) => s,
    (s) => s.excluded,
  );
  const recordedTops = tops(
    (s) => s.recorded,
    (s) => s.provisionalExcluded,
  );
  const decided = strictTops.length === 1;
  const open = new Set<InputId>();
  for (const id of strictTops)
    if (id !== 'none') for (const i of byOption.get(id)!.open) open.add(i);
  const deciding = decided ? [] : [...open].map((id) => decidingInput(states, id, false, []));
  const top: Approach['top'] = decided
    ? {
        status: 'decided',
        value: strictTops[0]!,
        possible: strictTops,
        provisional: strictTops[0]!,
        deciding: [],
      }
    : {
        status: recordedTops.length === 1 ? 'provisional' : 'undecided',
        value: null,
        possible: strictTops,
        provisional: recordedTops.length === 1 ? recordedTops[0]! : null,
        deciding,
      };
  if (!full) return { top };

  // The statements of the options shown, in rule order on each side.
  const statement = ({ rule: r, truth: c }: Speaks): ApproachStatement => ({
    rule: r.id,
    text: r.text,
    citations: [...r.citations],
    inputs: ruleInputs(states, r.reads),
    heading: r.heading,
    weight: r.weight,
    side: r.notAdvised || r.weight < 0 ? 'against' : 'for',
    ...(c.certainty === 'applies'
      ? {}
      : { certainty: c.certainty, dependsOn: c.dependsOn.map((id) => states[id].label) }),
  });
  for (const s of all) {
    s.option.for = s.for.map(statement);
    s.option.against = s.against.map(statement);
  }

  const ranked = all.filter((s) => !s.excluded && supported(s));
  for (const s of ranked) {
    const againstWeight = s.option.against
      .filter((x) => !x.certainty)
      .reduce((n, x) => n - x.weight, 0);
    s.option.status = s.maybeExcluded
      ? 'caution'
      : top.value === s.option.id && s.min >= 4
        ? 'favoured'
        : againstWeight > s.option.weight
          ? 'caution'
          : 'option';
  }
  ranked.sort(
    (a, b) =>
      b.option.weight - a.option.weight ||
      b.max - a.max ||
      tieRank(a.option.id) - tieRank(b.option.id),
  );
  // The decided (or provisional) top option leads the list.
  const lead = top.value ?? top.provisional;
  if (lead && lead !== 'none')
    ranked.sort((a, b) => Number(b.option.id === lead) - Number(a.option.id === lead));
  const ruledOut = all
    .filter((s) => s.excluded)
    .map((s) => ({ ...s.option, status: 'not-advised' as const }));
  return { top, ranked: ranked.map((s) => s.option), ruledOut };
}
