import type { Fact } from '../provenance/fact.js';
import type { ScoreResult } from '../scores/types.js';
import type { ClinicalFacts } from '../facts/types.js';
import type { ScoreSet } from '../scores/score-set.js';
import type { RuleInput } from './types.js';

const VALUE_LABELS: Record<string, string> = { kps: 'KPS', ecog: 'ECOG' };

/** A fact's value as a clinician reads it: `{ kps: 50 }` → "KPS 50", never raw JSON. */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(describeValue).join(', ');
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => `${VALUE_LABELS[k] ?? k} ${describeValue(x)}`)
      .join(', ');
  }
  return String(value);
}

export function factInput(name: string, f: Fact<unknown> | undefined, value?: string): RuleInput[] {
  if (!f) return [];
  const v = value ?? describeValue(f.value);
  return [{ name, value: v, sources: f.sources, ...(f.stale ? { stale: true } : {}) }];
}

export function rangeText(r: { min: number; max: number }): string {
  return r.min === r.max ? `${r.min}` : `${r.min}–${r.max}`;
}

/** A score as a rule input: total or range, band, and the sources of every item. */
export function scoreInput(r: ScoreResult, label?: string): RuleInput {
  const sources = r.items.flatMap((i) => i.facts.flatMap((f) => f.sources));
  const seen = new Set<string>();
  return {
    name: label ?? r.name,
    value: [
      `${rangeText(r.range)}${r.complete ? '' : ' (incomplete)'}`,
      ...(r.band ? [r.band.label] : []),
    ].join(', '),
    sources: sources.filter((s) => {
      const k = `${s.kind}|${s.reference}|${s.display}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    }),
    ...(r.staleItems.length ? { stale: true } : {}),
  };
}

/**
 * The index level as a rule input: the clinician's index-level record, else the records of the
 * lesion's level.
 */
export function indexLevelInput(f: ClinicalFacts, s: ScoreSet): RuleInput[] {
  const lesion = s.sinsIndex;
  if (!lesion) return [];
  return [
    {
      name: 'index level',
      value: lesion.level,
      sources:
        f.spine.indexLevel?.sources ??
        lesion.result.items[0]?.facts.flatMap((x) => x.sources) ??
        [],
    },
  ];
}
