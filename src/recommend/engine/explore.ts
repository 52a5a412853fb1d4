/**
 * The one mechanism for uncertainty. A decision is a plain function of concrete input values; the
 * explorer runs it over every value still possible for each input it reads, branching only on the
 * inputs a path actually reads (so `a && b` never branches on b when a is false). A result is
 * *decided* only when every leaf agrees. Like cql-execution's three-valued logic, but exact for any
 * combination of rules, because the rules are evaluated on concrete values, never on nulls.
 */

/**
 * The values still possible for each input; one value = known. An empty list is a programming
 * error.
 */
export type Space<I extends string> = Readonly<Record<I, readonly string[]>>;

/** Reads one input's concrete value inside a decision function. */
export type Get<I extends string> = (id: I) => string;

export interface Leaf<I extends string, R> {
  /** The open inputs the path read, in order, and the value it fixed for each. */
  ids: I[];
  values: string[];
  result: R;
}

/**
 * Hard ceiling on the leaves of one exploration: a rule table that reads too many open inputs on
 * one path is a defect.
 */
export const MAX_LEAVES = 200_000;

/**
 * Depth-first over choice points, by re-execution: each run follows the choices on the trail and
 * opens a new choice (first value) at each open input it reads for the first time; after the run
 * the
 * last choice that has values left advances. No exceptions, no copies: one run per leaf.
 */
export function explore<I extends string, R>(
  space: Space<I>,
  fn: (get: Get<I>) => R,
): Array<Leaf<I, R>> {
  const leaves: Array<Leaf<I, R>> = [];
  const trailIds: I[] = [];
  const trailPos: number[] = [];
  let depth = 0;
  const get: Get<I> = (id) => {
    const p = space[id];
    if (p === undefined || p.length === 0) throw new Error(`input ${id} has no possible value`);
    if (p.length === 1) return p[0]!;
    // Already chosen on this path?
    for (let k = 0; k < depth; k++) if (trailIds[k] === id) return p[trailPos[k]!]!;
    if (depth < trailIds.length) {
      // Replaying the path to the current choice point.
      if (trailIds[depth] !== id) throw new Error('decision function is not deterministic');
      return p[trailPos[depth++]!]!;
    }
    trailIds.push(id);
    trailPos.push(0);
    depth++;
    return p[0]!;
  };
  for (;;) {
    depth = 0;
    const result = fn(get);
    if (depth !== trailIds.length) throw new Error('decision function is not deterministic');
    const values: string[] = new Array(trailIds.length);
    for (let k = 0; k < trailIds.length; k++) values[k] = space[trailIds[k]!][trailPos[k]!]!;
    leaves.push({ ids: trailIds.slice(), values, result });
    if (leaves.length > MAX_LEAVES)
      throw new Error(`decision exploration exceeded ${MAX_LEAVES} leaves`);
    // Backtrack to the deepest choice with a value left.
    while (
      trailIds.length &&
      trailPos[trailPos.length - 1]! + 1 >= space[trailIds[trailIds.length - 1]!].length
    ) {
      trailIds.pop();
      trailPos.pop();
    }
    if (!trailIds.length) return leaves;
    trailPos[trailPos.length - 1]!++;
  }
}

export interface Outcome<I extends string, T> {
  /** The value when every leaf agrees, else null. */
  value: T | null;
  /** Distinct values, in the order of `order` when given, else first seen. */
  possible: T[];
  /** Open inputs whose value changes the result, with the result under each of their values. */
  deciding: Array<DecidingEffect<I, T>>;
}

export interface DecidingEffect<I extends string, T> {
  input: I;
  /** True when fixing this input alone (to whichever value) settles the result. */
  decidesAlone: boolean;
  /** The results still possible under each value of the input. */
  byValue: Array<{ value: string; results: T[] }>;
}

/**
 * Summarises one component of the leaves' results: decided or not, what is possible, what would
 * decide it.
 */
export function outcome<I extends string, R, T>(
  space: Space<I>,
  leaves: ReadonlyArray<Leaf<I, R>>,
  pick: (r: R) => T,
  order?: readonly T[],
): Outcome<I, T> {
  const picked = leaves.map((l) => pick(l.result));
  const seen: T[] = [];
  for (const v of picked) if (!seen.includes(v)) seen.push(v);
  const possible = order ? order.filter((o) => seen.includes(o)) : seen;
  if (possible.length <= 1) return { value: possible[0] ?? null, possible, deciding: [] };
  // One pass: results per (input, value), and results of the leaves that never read the input (they
  // hold for every value).
  const byInput = new Map<I, { byValue: Map<string, Set<T>>; free: Set<T> }>();
  leaves.forEach((l, k) => {
    for (let q = 0; q < l.ids.length; q++) {
      const id = l.ids[q]!;
      let e = byInput.get(id);
      if (!e) byInput.set(id, (e = { byValue: new Map(), free: new Set() }));
      const v = l.values[q]!;
      let set = e.byValue.get(v);
      if (!set) e.byValue.set(v, (set = new Set()));
      set.add(picked[k]!);
    }
  });
  const deciding: Array<DecidingEffect<I, T>> = [];
  for (const [id, e] of byInput) {
    leaves.forEach((l, k) => {
      if (!l.ids.includes(id)) e.free.add(picked[k]!);
    });
    const ordered = (set: Set<T>) => possible.filter((p) => set.has(p) || e.free.has(p));
    const byValue = space[id].map((value) => ({
      value,
      results: ordered(e.byValue.get(value) ?? new Set()),
    }));
    if (!byValue.some((b) => b.results.length !== possible.length)) continue;
    deciding.push({
      input: id,
      decidesAlone: byValue.every((b) => b.results.length === 1),
      byValue,
    });
  }
  deciding.sort((a, b) => Number(b.decidesAlone) - Number(a.decidesAlone));
  return { value: null, possible, deciding };
}
