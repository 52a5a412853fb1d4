import type { Certainty, Decision, DecidingInput } from '../types.js';
import { explore, outcome, type Get, type Outcome, type Space } from './explore.js';
import { INPUT_DEFS, INPUT_IDS, valueLabel, type InputId } from './inputs.js';
import { recordedSpace, strictSpace, type InputState, type InputStates } from './read-inputs.js';

export type DecisionFn<T> = (get: Get<InputId>) => T;

/**
 * The spaces of one chart, built only when an exploration runs (a memo hit needs only the tokens).
 */
interface Spaces {
  states: InputStates;
  /** False when no input is stale or in conflict: the recorded space is the strict one. */
  differ: boolean;
  strict?: Space<InputId>;
  recorded?: Space<InputId>;
  /** Per input (INPUT_IDS order), its memo token: see tokenOf. */
  tokens: Array<string | undefined>;
}
const spacesOf = new WeakMap<InputStates, Spaces>();
function spaces(states: InputStates): Spaces {
  let s = spacesOf.get(states);
  if (!s) {
    let differ = false;
    for (const id of INPUT_IDS)
      if (states[id].status === 'stale' || states[id].status === 'conflict') differ = true;
    spacesOf.set(states, (s = { states, differ, tokens: new Array(INPUT_IDS.length) }));
  }
  return s;
}
const strictOf = (sp: Spaces) => (sp.strict ??= strictSpace(sp.states));
const recordedOf = (sp: Spaces) =>
  sp.differ ? (sp.recorded ??= recordedSpace(sp.states)) : strictOf(sp);

// Bit masks of inputs read fit one 32-bit integer.
if (INPUT_IDS.length > 31) throw new Error('more decision inputs than bits in a read mask');
const INDEX = Object.fromEntries(INPUT_IDS.map((id, k) => [id, k])) as Record<InputId, number>;
const joined = (v: readonly string[]) => (v.length === 1 ? v[0]! : v.join(','));
const same = (a: readonly string[], b: readonly string[]) =>
  a === b || (a.length === b.length && a.every((v, k) => v === b[k]));
/**
 * An input's part of a memo key: what an exploration can see of it, its strict values and, when the
 * chart has a recorded space of its own (`differ`), its recorded values where they are not the
 * same.
 */
function tokenOf(sp: Spaces, id: InputId): string {
  const k = INDEX[id];
  let t = sp.tokens[k];
  if (t === undefined) {
    const st: InputState = sp.states[id];
    t = joined(st.possible);
    if (sp.differ && !same(st.possible, st.recorded)) t += `/${joined(st.recorded)}`;
    sp.tokens[k] = t;
  }
  return t;
}

/** Turns memoisation off inside `run` (the property test compares memoised with fresh results). */
let bypass = false;
export function unmemoised<T>(run: () => T): T {
  const was = bypass;
  bypass = true;
  try {
    return run();
  } finally {
    bypass = was;
  }
}

/** Results one memo keeps before it starts again: a cohort's charts share far fewer. */
const MEMO_ENTRIES = 4096;
type Track = <R>(fn: DecisionFn<R>) => DecisionFn<R>;
/** A node of a memo: a result, or the input to look at next and a branch per token of it. */
type Node<T> = { value: T } | { test: number; next: Map<string, Node<T>> };

/**
 * The results of one pure function of the spaces, keyed on the values of the inputs it read, not on
 * the whole chart: patients who differ only in inputs an exploration never read share it. Sound
 * because an exploration's path depends only on the values it reads: two charts that agree on every
 * input one of them read follow the same paths to the same leaves. The memo is a decision tree:
 * each
 * inner node tests one input's token (its values), each leaf holds a result computed for a chart
 * that
 * read only inputs tested on the way to it. A chart that reaches a leaf agrees with that chart on
 * all
 * it read; one that finds no branch is computed, and its branch added below, testing the inputs it
 * read that the way there did not test. The recorded space is explored only when a chart has one
 * (`differ`), and then its tokens carry the recorded values, so the key covers it too.
 */
class Memo<T> {
  private root: Node<T> | undefined;
  private size = 0;

  get(sp: Spaces, compute: (track: Track) => T): T {
    if (bypass) return compute((fn) => fn);
    let node = this.root;
    while (node && 'test' in node) node = node.next.get(tokenOf(sp, INPUT_IDS[node.test]!));
    if (node) return node.value;
    // The inputs this computation reads, as bits of their INPUT_IDS index.
    let read = 0;
    const track: Track = (fn) => (get) => fn((id) => ((read |= 1 << INDEX[id]), get(id)));
    const value = compute(track);
    if (this.size >= MEMO_ENTRIES) {
      this.root = undefined;
      this.size = 0;
    }
    this.size++;
    this.add(sp, read, value);
    return value;
  }

  /** Adds the chart's branch where the tree has none for it. */
  private add(sp: Spaces, read: number, value: T): void {
    let tested = 0;
    let at: { test: number; next: Map<string, Node<T>> } | undefined;
    let token = '';
    for (let node = this.root; node;) {
      if (!('test' in node)) return;
      tested |= 1 << node.test;
      token = tokenOf(sp, INPUT_IDS[node.test]!);
      at = node;
      node = node.next.get(token);
    }
    // The inputs it read that are not tested yet, each a node, in INPUT_IDS order; then its result.
    let branch: Node<T> = { value };
    for (let k = INPUT_IDS.length - 1; k >= 0; k--) {
      if (read & (1 << k) && !(tested & (1 << k)))
        branch = { test: k, next: new Map([[tokenOf(sp, INPUT_IDS[k]!), branch]]) };
    }
    if (at) at.next.set(token, branch);
    else this.root = branch;
  }
}

const memos = new Map<string, Memo<unknown>>();
function memoOf<T>(key: string): Memo<T> {
  let m = memos.get(key);
  if (!m) memos.set(key, (m = new Memo<unknown>()));
  return m as Memo<T>;
}
const tableMemos = new Map<string, Array<Memo<RuleTruth>>>();

/**
 * The strict and recorded outcomes of some components of one decision function (recorded only when
 * needed).
 */
export type Outcomes<T> = { strict: Outcome<InputId, T>; recorded: Outcome<InputId, T> };

/**
 * Explores `fn` once and summarises each named component; `key` names the function for the memo.
 */
export function decideAll<R, K extends string>(
  states: InputStates,
  key: string,
  fn: DecisionFn<R>,
  parts: Record<K, { pick: (r: R) => string; order: readonly string[] }>,
): Record<K, Outcomes<string>> {
  const sp = spaces(states);
  return memoOf<Record<K, Outcomes<string>>>(`d:${key}`).get(sp, (track) => {
    const tracked = track(fn);
    const strict = strictOf(sp);
    const sl = explore(strict, tracked);
    let rl: ReturnType<typeof explore<InputId, R>> | undefined;
    const out = {} as Record<K, Outcomes<string>>;
    for (const name of Object.keys(parts) as K[]) {
      const { pick, order } = parts[name];
      const so = outcome(strict, sl, pick, order);
      let ro = so;
      if (so.value === null && sp.differ) {
        const recorded = recordedOf(sp);
        ro = outcome(recorded, (rl ??= explore(recorded, tracked)), pick, order);
      }
      out[name] = { strict: so, recorded: ro };
    }
    return out;
  });
}

/**
 * The outcomes as a decision, with this patient's words: decided when every leaf agrees with stale
 * and
 * conflicting inputs opened; provisional when they agree only on the data as recorded.
 */
export function toDecision<T extends string>(
  states: InputStates,
  o: Outcomes<string>,
  label: (t: T) => string = (t) => t,
): Decision<T> {
  const so = o.strict as Outcome<InputId, T>;
  const ro = o.recorded as Outcome<InputId, T>;
  if (so.value !== null)
    return {
      status: 'decided',
      value: so.value,
      possible: so.possible,
      provisional: so.value,
      deciding: [],
    };
  const deciding = so.deciding.map((d) =>
    decidingInput(
      states,
      d.input,
      d.decidesAlone,
      d.byValue.map((b) => ({
        value: valueLabel(d.input, b.value),
        results: b.results.map(label),
      })),
    ),
  );
  return {
    status: ro.value !== null ? 'provisional' : 'undecided',
    value: null,
    possible: so.possible,
    provisional: ro.value,
    deciding,
  };
}

/** An input that would settle an open answer, in this patient's words. */
export function decidingInput(
  states: InputStates,
  id: InputId,
  decidesAlone: boolean,
  outcomes: DecidingInput['outcomes'],
): DecidingInput {
  const st = states[id];
  return {
    input: id,
    label: st.label,
    short: INPUT_DEFS[id].short,
    status: st.status,
    detail: st.detail,
    action: st.action,
    decidesAlone,
    outcomes,
  };
}

export function decide<T extends string>(
  states: InputStates,
  key: string,
  fn: DecisionFn<T>,
  order: readonly T[],
  label?: (t: T) => string,
): Decision<T> {
  return toDecision(
    states,
    decideAll(states, key, fn, { v: { pick: (r: T) => r, order } }).v,
    label,
  );
}

export type RuleTruth = { certainty: Certainty; dependsOn: InputId[] } | null;

/** The truth of every rule of a table, memoised per rule on the inputs that rule reads. */
export function certainties(
  states: InputStates,
  table: string,
  preds: ReadonlyArray<DecisionFn<boolean>>,
): RuleTruth[] {
  const sp = spaces(states);
  let ms = tableMemos.get(table);
  if (!ms) tableMemos.set(table, (ms = preds.map(() => new Memo<RuleTruth>())));
  const out: RuleTruth[] = new Array(preds.length);
  for (let k = 0; k < preds.length; k++)
    out[k] = ms[k]!.get(sp, (track) => truthOf(sp, track(preds[k]!)));
  return out;
}

/**
 * A rule's truth over the open inputs: omitted when false everywhere, else its certainty and what
 * it depends on.
 */
function truthOf(sp: Spaces, pred: DecisionFn<boolean>): RuleTruth {
  const sl = explore(strictOf(sp), pred);
  let t = 0;
  for (const l of sl) if (l.result) t++;
  if (t === sl.length) return { certainty: 'applies', dependsOn: [] };
  if (t === 0) return null;
  // The open inputs read on the way (enough to say what the statement depends on).
  const dependsOn = new Set<InputId>();
  for (const l of sl) for (const id of l.ids) dependsOn.add(id);
  if (sp.differ && explore(recordedOf(sp), pred).every((l) => l.result))
    return { certainty: 'provisional', dependsOn: [...dependsOn] };
  return { certainty: 'possible', dependsOn: [...dependsOn] };
}

/**
 * The distinct results of a function over the strict and the recorded space (for derived inputs).
 */
export function resultsOf(
  states: InputStates,
  key: string,
  fn: DecisionFn<string>,
): { strict: string[]; recorded: string[] } {
  const sp = spaces(states);
  return memoOf<{ strict: string[]; recorded: string[] }>(`r:${key}`).get(sp, (track) => {
    const tracked = track(fn);
    const distinct = (space: Space<InputId>) => [
      ...new Set(explore(space, tracked).map((l) => l.result)),
    ];
    const strict = distinct(strictOf(sp));
    return { strict, recorded: sp.differ ? distinct(recordedOf(sp)) : strict };
  });
}
