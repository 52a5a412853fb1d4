import type { Assessment } from '../../assess/assess.js';
import type { ScoreDef, ScoreResult } from '../../scores/types.js';
import { BAUER_MODIFIED, BAUER_ORIGINAL } from '../../scores/bauer.js';
import { KATAGIRI } from '../../scores/katagiri.js';
import { TOKUHASHI } from '../../scores/tokuhashi.js';
import { TOMITA } from '../../scores/tomita.js';
import { SCORE_CITATIONS } from '../../scores/citations.js';

/**
 * One score on its own scale: each band a segment, the patient's total (or the range it can still
 * take) marked.
 */
function BandBar({ def, r }: { def: ScoreDef; r: ScoreResult }) {
  const span = def.range.max - def.range.min + 1;
  const pct = (v: number) => ((v - def.range.min) / span) * 100;
  const value = r.complete ? `${r.total}` : `${r.range.min}–${r.range.max} (incomplete)`;
  return (
    <div class="bandbar">
      <div class="bb-head">
        <strong>{def.name.replace(/\s*\(.*\)$/, '')}</strong> {value}
        {r.band ? ` — ${r.band.label}` : ` — ${r.possibleBands.length} bands possible`}{' '}
        <span class="hint">
          ({def.direction === 'higher-worse' ? 'higher is worse' : 'higher is better'})
        </span>
      </div>
      <div
        class="bb-track"
        role="img"
        aria-label={`${def.name}: ${value}; bands ${def.bands.map((b) => b.label).join('; ')}`}
      >
        {def.bands.map((b) => (
          <span
            key={b.code}
            class={`bb-band ${r.possibleBands.some((p) => p.code === b.code) ? 'possible' : ''}`}
            style={{ left: `${pct(b.min)}%`, width: `${((b.max - b.min + 1) / span) * 100}%` }}
            title={`${b.label}: ${b.meaning}`}
          >
            {b.label.split(':')[0]}
          </span>
        ))}
        <span
          class="bb-mark"
          style={{
            left: `${pct(r.range.min)}%`,
            width: `${((r.range.max - r.range.min + 1) / span) * 100}%`,
          }}
        />
      </div>
      <div class="bb-meaning">
        {r.band
          ? r.band.meaning
          : r.possibleBands.map((b) => `${b.label}: ${b.meaning}`).join(' · ')}{' '}
        <span class="cite">[{def.citation.split(/[.;]/)[0]}]</span>
      </div>
    </div>
  );
}

/**
 * Every survival-related score on one panel, with the published meaning of each band, next to the
 * surgical cohorts' figures, so the two kinds of number are read apart: score bands predict from
 * the
 * scores' derivation cohorts; the papers report what happened after surgery in their own series.
 */
export function Prognosis({ a }: { a: Assessment }) {
  const s = a.scores;
  const n = s.noms;
  const course = a.recommendations.expectedCourse.flatMap((row) =>
    row.measures
      .filter((m) => /survival|alive/.test(m.name))
      .map((m) => `${row.source} (${row.group}): ${m.name} ${m.after}`),
  );
  return (
    <section class="prognosis" aria-labelledby="prognosis-h">
      <h3 id="prognosis-h">Prognosis</h3>
      <BandBar def={TOKUHASHI} r={s.tokuhashi} />
      <BandBar def={TOMITA} r={s.tomita} />
      <BandBar def={KATAGIRI} r={s.katagiri} />
      <BandBar def={BAUER_MODIFIED} r={s.bauerModified} />
      {s.bauerVersionsDisagree ? <BandBar def={BAUER_ORIGINAL} r={s.bauerOriginal} /> : null}
      <p class="hint">
        Score bands predict survival from each score's own derivation cohort. The surgical papers
        report what happened after surgery in their series
        {course.length ? `: ${course.join('; ')}` : ''}. Survival after palliative stabilisation
        often exceeded the Tokuhashi prediction (UEI2018); predicted life expectancy alone should
        not decide the need for surgery (SEGI2025).
      </p>
      <h4>NOMS ({SCORE_CITATIONS.noms.split(/[.;]/)[0]})</h4>
      <dl class="noms">
        <dt>N — neurological</dt>
        <dd>
          {n.neurologic === 'unknown'
            ? 'ESCC grade not recorded'
            : `${n.neurologic} compression${n.greyZone ? ' (1c grey zone)' : ''}`}
        </dd>
        <dt>O — oncological</dt>
        <dd>
          {n.reasons.find((x) => x.startsWith('O:'))?.slice(3) ?? 'radiosensitivity not decided'}
        </dd>
        <dt>M — mechanical</dt>
        <dd>stabilisation {n.stabilisation}</dd>
        <dt>S — systemic</dt>
        <dd>
          {n.reasons.find((x) => x.startsWith('S:'))?.slice(3) ??
            'fitness for surgery not recorded'}
          ; path: {n.paths.join(' or ') || '—'}
        </dd>
      </dl>
    </section>
  );
}
