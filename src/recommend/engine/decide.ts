import type { Certainty, Decision, DecidingInput } from '../types.js';
import { explore, outcome, type Get, type Outcome, type Space } from './explore.js';
import { INPUT_DEFS, INPUT_IDS, valueLabel, type InputId } from './inputs.js';
import { recordedSpace, strictSpace, type InputStates } from './read-inputs.js';

export type DecisionFn<T> = (get: Get<InputId>) => T;

interface Spaces {
  strict: Space<InputId>;
  recorded: Space<InputId>;
  /** False when no input is stale or in conflict: the two spaces are the same. */
  differ: boolean;
  /** Every value of both spaces: the whole input of any exploration, so results can be memoised by it. */
  signature: string;
}
const spacesOf = new WeakMap<InputStates, Spaces>();
function spaces(states: InputStates): Spaces {
  let s = spacesOf.get(states);
  if (!s) {
    const differ = INPUT_IDS.some((id) => states[id].status === 'stale' || states[id].status === 'conflict');
    const strict = strictSpace(states);
    const recorded = differ ? recordedSpace(states) : strict;
    let signature = differ ? 'd' : 's';
    for (const id of INPUT_IDS) signature += `${strict[id].join(',')}${differ ? `/${recorded[id].join(',')}` : ''};`;
    spacesOf.set(states, (s = { strict, recorded, differ, signature }));
  }
  return s;
}

/**
 * Explorations are pure functions of the spaces: patients with the same open and known inputs get the
 * same answers. Memoised per signature (bounded), since cohorts and repeated hooks share most of them.
 */
const MEMO_SIGNATURES = 1024;
const memo = new Map<string, Map<string, unknown>>();
function memoised<T>(states: InputStates, key: string, compute: () => T): T {
  const sig = spaces(states).signature;
  let m = memo.get(sig);
  if (!m) {
    if (memo.size >= MEMO_SIGNATURES) memo.delete(memo.keys().next().value!);
    memo.set(sig, (m = new Map()));
  }
  if (m.has(key)) return m.get(key) as T;
  const v = compute();
  m.set(key, v);
  return v;
}

/** The strict and recorded outcomes of some components of one decision function (recorded only when needed). */
export type Outcomes<T> = { strict: Outcome<InputId, T>; recorded: Outcome<InputId, T> };

/** Explores `fn` once and summarises each named component; `key` names the function for the memo. */
export function decideAll<R, K extends string>(
  states: InputStates,
  key: string,
  fn: DecisionFn<R>,
  parts: Record<K, { pick: (r: R) => string; order: readonly string[] }>,
): Record<K, Outcomes<string>> {
  return memoised(states, `d:${key}`, () => {
    const sp = spaces(states);
    const sl = explore(sp.strict, fn);
    let rl: ReturnType<typeof explore<InputId, R>> | undefined;
    const out = {} as Record<K, Outcomes<string>>;
    for (const name of Object.keys(parts) as K[]) {
      const { pick, order } = parts[name];
      const so = outcome(sp.strict, sl, pick, order);
      let ro = so;
      if (so.value === null && sp.differ) ro = outcome(sp.recorded, (rl ??= explore(sp.recorded, fn)), pick, order);
      out[name] = { strict: so, recorded: ro };
    }
    return out;
  });
}

/**
 * The outcomes as a decision, with this patient's words: decided when every leaf agrees with stale and
 * conflicting inputs opened; provisional when they agree only on the data as recorded.
 */
export function toDecision<T extends string>(states: InputStates, o: Outcomes<string>, label: (t: T) => string = (t) => t): Decision<T> {
  const so = o.strict as Outcome<InputId, T>;
  const ro = o.recorded as Outcome<InputId, T>;
  if (so.value !== null) return { status: 'decided', value: so.value, possible: so.possible, provisional: so.value, deciding: [] };
  const deciding = so.deciding.map((d) => decidingInput(states, d.input, d.decidesAlone, d.byValue.map((b) => ({ value: valueLabel(d.input, b.value), results: b.results.map(label) }))));
  return { status: ro.value !== null ? 'provisional' : 'undecided', value: null, possible: so.possible, provisional: ro.value, deciding };
}

/** An input that would settle an open answer, in this patient's words. */
export function decidingInput(states: InputStates, id: InputId, decidesAlone: boolean, outcomes: DecidingInput['outcomes']): DecidingInput {
  const st = states[id];
  return { input: id, label: st.label, short: INPUT_DEFS[id].short, status: st.status, detail: st.detail, action: st.action, decidesAlone, outcomes };
}

export function decide<T extends string>(states: InputStates, key: string, fn: DecisionFn<T>, order: readonly T[], label?: (t: T) => string): Decision<T> {
  return toDecision(states, decideAll(states, key, fn, { v: { pick: (r: T) => r, order } }).v, label);
}

export type RuleTruth = { certainty: Certainty; dependsOn: InputId[] } | null;

/** The truth of every rule of a table, memoised as one entry (one lookup per table, not per rule). */
export function certainties(states: InputStates, table: string, preds: ReadonlyArray<DecisionFn<boolean>>): RuleTruth[] {
  return memoised(states, `t:${table}`, () => preds.map((p) => truthOf(states, p)));
}

/** A rule's truth over the open inputs: omitted when false everywhere, else its certainty and what it depends on. */
function truthOf(states: InputStates, pred: DecisionFn<boolean>): RuleTruth {
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

/** The distinct results of a function over the strict and the recorded space (for derived inputs). */
export function resultsOf(states: InputStates, key: string, fn: DecisionFn<string>): { strict: string[]; recorded: string[] } {
  return memoised(states, `r:${key}`, () => {
    const sp = spaces(states);
    const distinct = (space: Space<InputId>) => [...new Set(explore(space, fn).map((l) => l.result))];
    const strict = distinct(sp.strict);
    return { strict, recorded: sp.differ ? distinct(sp.recorded) : strict };
  });
}
