import type { AnswerDef, ItemDef } from './types.js';

/** Builds an item definition whose answer codes are `<item code>-<suffix>`. */
export function item(
  id: string,
  code: string,
  display: string,
  answers: ReadonlyArray<readonly [string, string, number]>,
): ItemDef {
  return {
    id,
    code,
    display,
    answers: answers.map(([suffix, d, points]): AnswerDef => ({
      code: `${code}-${suffix}`,
      display: d,
      points,
    })),
  };
}
