import type { Fact } from '../provenance/fact.js';
import type {
  AnswerDef,
  BandDef,
  ItemDef,
  ItemResult,
  MissingInput,
  ScoreDef,
  ScoreResult,
} from './types.js';

/**
 * How an item resolved. `answers` are the answer codes still possible: one = decided, several =
 * indeterminate (e.g. ECOG 1 straddles two KPS categories), none given = missing (all answers
 * possible).
 */
export interface ItemResolution {
  answers?: readonly string[];
  reason: string;
  facts?: ReadonlyArray<Fact<unknown> | undefined>;
}

export function answerDef(item: ItemDef, code: string): AnswerDef {
  const answer = item.answers.find((a) => a.code === code);
  if (!answer) throw new Error(`${item.code}: unknown answer ${code}`);
  return answer;
}

// Hot path (every score of every assessment): plain loops, one object per item.
function resolveItem(item: ItemDef, res: ItemResolution): ItemResult {
  const facts: Array<Fact<unknown>> = [];
  let stale = false;
  for (const f of res.facts ?? []) {
    if (f === undefined) continue;
    facts.push(f);
    if (f.stale !== undefined) stale = true;
  }
  const candidates =
    res.answers && res.answers.length > 0
      ? res.answers.map((c) => answerDef(item, c))
      : [...item.answers];
  let min = Infinity;
  let max = -Infinity;
  for (const a of candidates) {
    if (a.points < min) min = a.points;
    if (a.points > max) max = a.points;
  }
  if (candidates.length === 1) {
    return {
      id: item.id,
      code: item.code,
      label: item.display,
      min,
      max,
      reason: res.reason,
      facts,
      stale,
      points: candidates[0]!.points,
      answer: candidates[0]!,
      status: 'decided',
    };
  }
  return {
    id: item.id,
    code: item.code,
    label: item.display,
    min,
    max,
    reason: res.reason,
    facts,
    stale,
    points: null,
    candidates,
    status: res.answers && res.answers.length > 0 ? 'indeterminate' : 'missing',
  };
}

export function bandsFor(bands: readonly BandDef[], min: number, max: number): BandDef[] {
  return bands.filter((b) => b.max >= min && b.min <= max);
}

export interface BuildOptions {
  /** Maps the summed raw points to the reported total (NESMS caps at 3). Must be monotone. */
  total?: (raw: number) => number;
  warnings?: string[];
}

/** Builds a ScoreResult from one resolution per item; never fills a missing item with a default. */
export function buildScore(
  def: ScoreDef,
  resolutions: Record<string, ItemResolution>,
  opts: BuildOptions = {},
): ScoreResult {
  const items = def.items.map((item) => {
    const res = resolutions[item.id];
    if (!res) throw new Error(`${def.id}: no resolution for item ${item.id}`);
    return resolveItem(item, res);
  });
  const map = opts.total ?? ((x: number) => x);
  const min = map(items.reduce((s, i) => s + i.min, 0));
  const max = map(items.reduce((s, i) => s + i.max, 0));
  const complete = items.every((i) => i.status === 'decided');
  const possibleBands = bandsFor(def.bands, min, max);
  const missing: MissingInput[] = items
    .filter((i) => i.status !== 'decided')
    .map((i) => ({ item: i.id, label: i.label, reason: i.reason }));
  return {
    scoreId: def.id,
    name: def.name,
    citation: def.citation,
    direction: def.direction,
    verification: def.verification,
    complete,
    total: complete ? min : null,
    range: { min, max },
    items,
    missing,
    band: possibleBands.length === 1 ? possibleBands[0]! : null,
    possibleBands,
    staleItems: items.filter((i) => i.stale).map((i) => i.id),
    notes: [...(def.notes ?? [])],
    warnings: opts.warnings ?? [],
  };
}

/** Shorthand for a missing item. */
export function missing(reason: string): ItemResolution {
  return { reason };
}

/** Shorthand for a decided or indeterminate item. */
export function resolved(
  answers: string | readonly string[],
  reason: string,
  ...facts: Array<Fact<unknown> | undefined>
): ItemResolution {
  return { answers: typeof answers === 'string' ? [answers] : answers, reason, facts };
}

/**
 * Checks that a decided band lies in the table and the bands tile the published range without gaps.
 */
export function checkBandsTile(def: ScoreDef): string[] {
  const errors: string[] = [];
  const sorted = [...def.bands].sort((a, b) => a.min - b.min);
  if (sorted[0]?.min !== def.range.min)
    errors.push(`${def.id}: first band does not start at ${def.range.min}`);
  if (sorted.at(-1)?.max !== def.range.max)
    errors.push(`${def.id}: last band does not end at ${def.range.max}`);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.min !== sorted[i - 1]!.max + 1)
      errors.push(`${def.id}: gap or overlap before band ${sorted[i]!.code}`);
  }
  return errors;
}
