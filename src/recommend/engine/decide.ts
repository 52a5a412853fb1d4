import type { Certainty, Decision, DecidingInput } from '../types.js';
import { explore, outcome, type Get, type Leaf, type Outcome, type Space } from './explore.js';
import { INPUT_DEFS, valueLabel, type InputId } from './inputs.js';
import { recordedSpace, strictSpace, type InputStates } from './read-inputs.js';

export type DecisionFn<T> = (get: Get<InputId>) => T;

interface Spaces {
  strict: Space<InputId>;
  recorded: Space<InputId>;
  /** False when no input is stale or in conflict: the two spaces are the same. */
  differ: boolean;
}
const spacesOf = new WeakMap<InputStates, Spaces>();
function spaces(states: InputStates): Spaces {
  let s = spacesOf.get(states);
  if (!s) {
    const differ = Object.values(states).some((st) => st.status === 'stale' || st.status === 'conflict');
    const strict = strictSpace(states);
    spacesOf.set(states, (s = { strict, recorded: differ ? recordedSpace(states) : strict, differ }));
  }
  return s;
}

/** Leaves of one decision function over the strict and the recorded space (the latter only when they differ). */
export interface Explored<R> {
  strict: Array<Leaf<InputId, R>>;
  recorded: Array<Leaf<InputId, R>> | null;
}

export function exploreBoth<R>(states: InputStates, fn: DecisionFn<R>): Explored<R> {
  const sp = spaces(states);
  return { strict: explore(sp.strict, fn), recorded: sp.differ ? explore(sp.recorded, fn) : null };
}

/**
 * One component of an explored decision. Decided when every leaf agrees with stale and conflicting
 * inputs opened; provisional when the leaves agree only on the data as recorded.
 */
export function decisionOf<R, T extends string>(states: InputStates, ex: Explored<R>, pick: (r: R) => T, order: readonly T[], label: (t: T) => string = (t) => t): Decision<T> {
  const sp = spaces(states);
  const so = outcome(sp.strict, ex.strict, pick, order);
  if (so.value !== null) return { status: 'decided', value: so.value, possible: so.possible, provisional: so.value, deciding: [] };
  const ro: Outcome<InputId, T> = ex.recorded ? outcome(sp.recorded, ex.recorded, pick, order) : so;
  const deciding: DecidingInput[] = so.deciding.map((d) => ({
    input: d.input,
    label: states[d.input].label,
    short: INPUT_DEFS[d.input].short,
    status: states[d.input].status,
    detail: states[d.input].detail,
    action: states[d.input].action,
    decidesAlone: d.decidesAlone,
    outcomes: d.byValue.map((b) => ({ value: valueLabel(d.input, b.value), results: b.results.map(label) })),
  }));
  return { status: ro.value !== null ? 'provisional' : 'undecided', value: null, possible: so.possible, provisional: ro.value, deciding };
}

export function decide<T extends string>(states: InputStates, fn: DecisionFn<T>, order: readonly T[], label?: (t: T) => string): Decision<T> {
  return decisionOf(states, exploreBoth(states, fn), (r) => r, order, label);
}

/** A rule's truth over the open inputs: omitted when false everywhere, else its certainty and what it depends on. */
export function certainty(states: InputStates, pred: DecisionFn<boolean>): { certainty: Certainty; dependsOn: InputId[] } | null {
  const sp = spaces(states);
  const sl = explore(sp.strict, pred);
  let t = 0;
  for (const l of sl) if (l.result) t++;
  if (t === sl.length) return { certainty: 'applies', dependsOn: [] };
  if (t === 0) return null;
  // The open inputs read on the way (enough to say what the statement depends on).
  const dependsOn = new Set<InputId>();
  for (const l of sl) for (const id of l.ids) dependsOn.add(id);
  if (sp.differ && explore(sp.recorded, pred).every((l) => l.result)) return { certainty: 'provisional', dependsOn: [...dependsOn] };
  return { certainty: 'possible', dependsOn: [...dependsOn] };
}
