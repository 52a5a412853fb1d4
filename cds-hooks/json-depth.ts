/** Deepest nesting a request body may have: FHIR resources stay well under 30; 64 leaves room. */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether parsed JSON nests deeper than `max` arrays/objects. Iterative, so a hostile body of
 * 100,000 levels costs a loop, not a stack overflow in whatever walks the value next.
 */
export function nestsDeeperThan(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}
