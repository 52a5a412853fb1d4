import { certainties, decidingInput } from './engine/decide.js';
import type { InputId } from './engine/inputs.js';
import { ruleInputs, type InputStates } from './engine/read-inputs.js';
import { APPROACH_RULES, OPTION_LABELS, TIE_ORDER } from './rules/approach-rules.js';
import type { Approach, ApproachOption, ApproachStatement, OptionId } from './types.js';

interface Scored {
  option: ApproachOption;
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
    const st: ApproachStatement = {
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
    };
    (st.side === 'against' ? s.option.against : s.option.for).push(st);
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
  const supported = (s: Scored) => s.option.for.some((x) => x.weight > 0);
  const all = [...byOption.values()].filter((s) => supported(s) || s.excluded || s.maybeExcluded);
  for (const s of all) s.option.weightRange = { min: s.min, max: s.max };

  // Blockers must be sure to stay in the list: not possibly ruled out, and supported by a rule that
  // applies for sure.
  // With no such option, "no option ranked" stays possible.
  const surelySupported = (s: Scored) => s.option.for.some((x) => x.weight > 0 && !x.certainty);
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
