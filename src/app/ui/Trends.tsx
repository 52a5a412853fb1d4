import type { Assessment } from '../../assess/assess.js';
import { toFrankelLetter, type NeuroStatus } from '../../clinical/neuro.js';
import { trackOutcome, type MeasureOutcome } from '../../outcomes/outcome-tracking.js';
import type { Fact } from '../../provenance/fact.js';
import { LineChart, type ChartPoint } from './LineChart.js';

const pts = <T,>(facts: ReadonlyArray<Fact<T>>, v: (x: T) => number | undefined): ChartPoint[] =>
  facts
    .flatMap((f) => {
      const d = f.sources[0]?.date;
      const n = v(f.value);
      return d && n !== undefined ? [{ date: d, value: n }] : [];
    })
    .sort((a, b) => a.date.localeCompare(b.date));

/** Frankel letters on 0–4 with the modified sub-grades D1–D3 spread inside D (UEI2018 Table 3). */
const SUB: Record<string, number> = { D0: 3, D1: 3, D2: 3.33, D3: 3.67 };
function frankelScale(v: NeuroStatus): number | undefined {
  const i = 'ABCDE'.indexOf(toFrankelLetter(v));
  if (i < 0) return undefined;
  return v.grade.length === 2 && v.grade[0] === 'D' ? SUB[v.grade] : i;
}
function frankelLabel(x: number): string {
  const sub = Object.entries(SUB).find(([k, n]) => k !== 'D0' && Math.abs(n - x) < 0.01 && x !== 3);
  return sub ? sub[0] : ('ABCDE'[Math.round(x)] ?? String(x));
}

function Measure({ m }: { m: MeasureOutcome }) {
  return (
    <li>
      <strong>{m.measure}</strong>: {m.trajectory.replace('-', ' ')}
      {m.poorWithin3Months === null
        ? ''
        : m.poorWithin3Months
          ? ' — poor outcome'
          : ' — good outcome'}{' '}
      ({m.reason})
    </li>
  );
}

export function Trends({ a }: { a: Assessment }) {
  const h = a.facts.history;
  const surgery = [...a.facts.therapy.spineSurgery]
    .map((s) => s.value.date ?? s.sources[0]?.date)
    .filter((d): d is string => !!d)
    .sort()
    .at(-1);
  const outcome = surgery
    ? trackOutcome({
        surgeryDate: surgery,
        ecog: h.ecog,
        eq5d: h.eq5d,
        frankel: h.neuro,
        barthel: h.barthel,
      })
    : undefined;
  return (
    <section aria-labelledby="trends-h">
      <h2 id="trends-h">Trends</h2>
      {outcome ? (
        <div class="outcome">
          <h3>Outcome since surgery on {outcome.surgeryDate} [KANDA2021, UEI2018]</h3>
          <ul>
            <Measure m={outcome.ecog} />
            <Measure m={outcome.eq5d} />
            <li>
              <strong>Overall (KANDA2021)</strong>:{' '}
              {outcome.poorOutcome === null
                ? 'not enough data yet'
                : outcome.poorOutcome
                  ? 'poor outcome within 3 months'
                  : 'no poor outcome within 3 months'}
            </li>
            <li>
              <strong>Frankel (UEI2018)</strong>: {outcome.frankel.result} —{' '}
              {outcome.frankel.reason}
            </li>
            <li>
              <strong>Discharge home (UEI2018)</strong>: {outcome.discharge.reason}
            </li>
          </ul>
        </div>
      ) : (
        <p>
          No spine surgery is recorded, so outcomes are not classified; the charts show the course
          so far.
        </p>
      )}
      <div class="charts">
        <LineChart
          title="ECOG performance status"
          points={pts(h.ecog, (v) => v)}
          min={0}
          max={4}
          invert
          {...(surgery ? { marker: surgery } : {})}
        />
        <LineChart
          title="Karnofsky"
          points={pts(h.kps, (v) => v)}
          min={0}
          max={100}
          {...(surgery ? { marker: surgery } : {})}
          unit="%"
        />
        <LineChart
          title="Frankel grade (modified D1–D3 within D)"
          points={pts(h.neuro, frankelScale)}
          min={0}
          max={4}
          format={frankelLabel}
          {...(surgery ? { marker: surgery } : {})}
        />
        <LineChart
          title="Pain (0–10)"
          points={pts(h.pain, (v) => (v.instrument === 'vas' ? v.value / 10 : v.value))}
          min={0}
          max={10}
          invert
          {...(surgery ? { marker: surgery } : {})}
        />
        <LineChart
          title="Barthel index"
          points={pts(h.barthel, (v) => v)}
          min={0}
          max={100}
          {...(surgery ? { marker: surgery } : {})}
        />
        <LineChart
          title="EQ-5D-5L index"
          points={pts(h.eq5d, (v) => v.index)}
          min={-0.5}
          max={1}
          {...(surgery ? { marker: surgery } : {})}
        />
      </div>
    </section>
  );
}
