import { neuroRank, toFrankelLetter, type NeuroStatus } from '../clinical/neuro.js';
/**
 * Outcome after surgery, per KANDA2021 (ECOG PS, EQ-5D within 3 months) and UEI2018 (Frankel,
 * discharge home by Barthel). Pure; shared by the app's trend screen and any report.
 * Decisions where the papers are silent are in docs/decisions.md ("Outcome tracking").
 */
import type { Fact } from '../provenance/fact.js';
import { eq5dChange } from '../clinical/eq5d.js';

export type Trajectory =
  'improvement' | 'deterioration' | 're-deterioration' | 'unchanged' | 'insufficient-data';

export interface MeasureOutcome {
  measure: 'ECOG PS' | 'EQ-5D';
  trajectory: Trajectory;
  /** Poor outcome within 3 months (KANDA2021): no improvement, or deterioration after one. */
  poorWithin3Months: boolean | null;
  baseline?: { date: string; value: number };
  points: Array<{ date: string; value: number; change: 'improved' | 'deteriorated' | 'unchanged' }>;
  reason: string;
}

const DAY = 86_400_000;
const dateOf = (f: Fact<unknown>) => f.sources[0]?.date?.slice(0, 10);

interface Point {
  date: string;
  value: number;
}

function series<T>(facts: ReadonlyArray<Fact<T>>, value: (v: T) => number | undefined): Point[] {
  return facts
    .flatMap((f) => {
      const d = dateOf(f);
      const v = value(f.value);
      return d && v !== undefined ? [{ date: d, value: v }] : [];
    })
    .sort((a, b) => a.date.localeCompare(b.date));
}

type Compare = (before: number, after: number) => 'improved' | 'deteriorated' | 'unchanged';

/** First improvement over baseline, then whether a later point fell back from the best reached. */
function trace(
  points: Point[],
  baseline: number,
  compare: Compare,
): { improvedAt: number; reDeteriorated: boolean } {
  let improvedAt = -1;
  let best = baseline;
  let reDeteriorated = false;
  points.forEach((p, i) => {
    if (improvedAt < 0) {
      if (compare(baseline, p.value) === 'improved') {
        improvedAt = i;
        best = p.value;
      }
      return;
    }
    const c = compare(best, p.value);
    if (c === 'deteriorated') reDeteriorated = true;
    else if (c === 'improved') best = p.value;
  });
  return { improvedAt, reDeteriorated };
}

/** Classifies one measure around the surgery date; baseline = last value on or before it. */
function classify(
  measure: MeasureOutcome['measure'],
  points: Point[],
  surgery: string,
  compare: Compare,
): MeasureOutcome {
  const baseline = [...points].reverse().find((p) => p.date <= surgery);
  const after = points.filter((p) => p.date > surgery);
  if (!baseline)
    return {
      measure,
      trajectory: 'insufficient-data',
      poorWithin3Months: null,
      points: [],
      reason: `no ${measure} on or before the surgery date`,
    };
  if (after.length === 0)
    return {
      measure,
      trajectory: 'insufficient-data',
      poorWithin3Months: null,
      baseline,
      points: [],
      reason: `no ${measure} after surgery yet`,
    };
  const marked = after.map((p) => ({ ...p, change: compare(baseline.value, p.value) }));
  const all = trace(after, baseline.value, compare);
  const trajectory: Trajectory = all.reDeteriorated
    ? 're-deterioration'
    : all.improvedAt >= 0
      ? 'improvement'
      : marked.some((p) => p.change === 'deteriorated')
        ? 'deterioration'
        : 'unchanged';
  const limit = new Date(Date.parse(surgery) + 92 * DAY).toISOString().slice(0, 10);
  const within = after.filter((p) => p.date <= limit);
  if (within.length === 0)
    return {
      measure,
      trajectory,
      poorWithin3Months: null,
      baseline,
      points: marked,
      reason: 'no measurement within 3 months of surgery',
    };
  const w = trace(within, baseline.value, compare);
  const poor = w.improvedAt < 0 || w.reDeteriorated;
  const reason =
    w.improvedAt < 0
      ? 'no improvement within 3 months'
      : w.reDeteriorated
        ? 'deteriorated again after an improvement within 3 months'
        : 'improved within 3 months and kept it';
  return { measure, trajectory, poorWithin3Months: poor, baseline, points: marked, reason };
}

export interface OutcomeReport {
  surgeryDate: string;
  ecog: MeasureOutcome;
  eq5d: MeasureOutcome;
  /** Poor when either measure with data is poor (KANDA2021); null when neither has data. */
  poorOutcome: boolean | null;
  /**
   * UEI2018: good = up ≥ 1 grade (modified Frankel D1–D3 ranked within D, Table 3) or E kept;
   * unchanged below E is neither.
   */
  frankel: { result: 'good' | 'unchanged' | 'worse' | 'insufficient-data'; reason: string };
  discharge: { criterionMet: boolean | null; reason: string };
  citations: Array<'KANDA2021' | 'UEI2018'>;
}

export function trackOutcome(input: {
  surgeryDate: string;
  ecog: ReadonlyArray<Fact<number>>;
  eq5d: ReadonlyArray<Fact<{ index: number }>>;
  frankel: ReadonlyArray<Fact<NeuroStatus>>;
  barthel: ReadonlyArray<Fact<number>>;
}): OutcomeReport {
  const s = input.surgeryDate.slice(0, 10);
  // ECOG: lower is better; a change of ≥ 1 level counts.
  const ecog = classify(
    'ECOG PS',
    series(input.ecog, (v) => v),
    s,
    (a, b) => (b <= a - 1 ? 'improved' : b >= a + 1 ? 'deteriorated' : 'unchanged'),
  );
  const eq5d = classify(
    'EQ-5D',
    series(input.eq5d, (v) => v.index),
    s,
    (a, b) => eq5dChange(a, b),
  );
  const known = [ecog.poorWithin3Months, eq5d.poorWithin3Months].filter(
    (x): x is boolean => x !== null,
  );
  const fr = input.frankel
    .map((f) => ({ date: (f.sources[0]?.date ?? '').slice(0, 10), value: f.value }))
    .filter((p) => p.date)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const fBase = [...fr].reverse().find((p) => p.date <= s);
  const fAfter = fr.filter((p) => p.date > s).at(-1);
  let frankel: OutcomeReport['frankel'];
  if (!fBase || !fAfter)
    frankel = {
      result: 'insufficient-data',
      reason: !fBase ? 'no Frankel grade before surgery' : 'no Frankel grade after surgery',
    };
  else {
    // Sub-grades count within one system (D1 → D3 is improvement); across systems only the letters
    // compare.
    const same = fBase.value.system === fAfter.value.system;
    const before = same ? neuroRank(fBase.value) : 'ABCDE'.indexOf(toFrankelLetter(fBase.value));
    const after = same ? neuroRank(fAfter.value) : 'ABCDE'.indexOf(toFrankelLetter(fAfter.value));
    const b = fBase.value.grade;
    const a = fAfter.value.grade;
    frankel =
      after > before
        ? { result: 'good', reason: `improved ${b} → ${a}` }
        : toFrankelLetter(fBase.value) === 'E' && toFrankelLetter(fAfter.value) === 'E'
          ? { result: 'good', reason: 'grade E kept' }
          : after < before
            ? { result: 'worse', reason: `worse ${b} → ${a}` }
            : {
                result: 'unchanged',
                reason:
                  `unchanged at ${a} (not ` +
                  `E)${same ? '' : '; different scales compared by letter'}`,
              };
  }
  const lastBarthel = series(input.barthel, (v) => v)
    .filter((p) => p.date > s)
    .at(-1);
  const discharge: OutcomeReport['discharge'] = !lastBarthel
    ? { criterionMet: null, reason: 'no Barthel index after surgery' }
    : lastBarthel.value >= 70
      ? {
          criterionMet: true,
          reason: `Barthel ${lastBarthel.value} ≥ 70 on ${lastBarthel.date}: discharge home`,
        }
      : {
          criterionMet: false,
          reason:
            `Barthel ${lastBarthel.value} < 70 on ${lastBarthel.date}: home only with ` +
            `enough family care`,
        };
  return {
    surgeryDate: s,
    ecog,
    eq5d,
    poorOutcome: known.length ? known.some(Boolean) : null,
    frankel,
    discharge,
    citations: ['KANDA2021', 'UEI2018'],
  };
}
