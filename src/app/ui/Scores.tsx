import type { Assessment } from '../../assess/assess.js';
import type { ScoreResult } from '../../scores/types.js';
import { bandText, scoreText, SourceRef } from './format.js';

function ScoreBlock({ title, r }: { title: string; r: ScoreResult }) {
  return (
    <article class="score" aria-label={title}>
      <h3>
        {title}: <span class="value">{scoreText(r)}</span> <span class="band">{bandText(r)}</span>
        {r.verification === 'unverified' ? <span class="flag"> table unverified</span> : null}
      </h3>
      {!r.complete ? (
        <p class="missing">
          Missing: {r.missing.map((m) => m.label).join(', ')}
          {' — the total can still be '}
          {r.range.min} to {r.range.max}
          {r.band ? `; band already decided: ${r.band.label}` : ''}.
        </p>
      ) : null}
      <table>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Answer / reason</th>
            <th scope="col">Points</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {r.items.map((i) => (
            <tr key={i.id} class={i.status}>
              <td>{i.label}</td>
              <td>
                {i.answer?.display ?? i.reason}
                {i.stale ? <span class="flag stale"> stale</span> : null}
                {i.facts.map((f, k) =>
                  f.conversion || f.derivation ? (
                    <div key={k} class="conv">
                      {f.conversion ?? ''}
                      {f.conversion && f.derivation ? '; ' : ''}
                      {f.derivation ?? ''}
                    </div>
                  ) : null,
                )}
              </td>
              <td>{i.points ?? `${i.min}–${i.max}`}</td>
              <td>
                {i.facts
                  .flatMap((f) => f.sources)
                  .map((s, k) => (
                    <div key={k}>
                      <SourceRef s={s} />
                    </div>
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.warnings.length ? (
        <ul class="warnings">
          {r.warnings.map((w, k) => (
            <li key={k}>{w}</li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}

export function Scores({ a }: { a: Assessment }) {
  const s = a.scores;
  return (
    <section aria-labelledby="scores-h">
      <h2 id="scores-h">Scores</h2>
      <p>
        As of {a.asOf}. Each item shows the resource and date it came from; conversions are UCUM.
      </p>
      {s.sinsLesions.map((l) => (
        <ScoreBlock
          key={l.level}
          title={`SINS ${l.level}${l === s.sinsIndex ? ' (index lesion)' : ''}`}
          r={l.result}
        />
      ))}
      <ScoreBlock title="Revised Tokuhashi" r={s.tokuhashi} />
      <ScoreBlock title="Tomita" r={s.tomita} />
      <ScoreBlock title="New Katagiri" r={s.katagiri} />
      <ScoreBlock title="Modified Bauer" r={s.bauerModified} />
      <ScoreBlock title="NESMS" r={s.nesms} />
      <article class="score" aria-label="ESCC and NOMS">
        <h3>ESCC: {s.escc ? `${s.escc.grade.value} at ${s.escc.level}` : 'not recorded'}</h3>
        <p>
          NOMS: {s.noms.paths.join(' or ') || '—'}; stabilisation {s.noms.stabilisation}.{' '}
          {s.noms.reasons.join('. ')}
        </p>
        <p>
          Harrington: {s.harrington.grade ?? `undecided (${s.harrington.possible.join(', ')})`}
          {' — '}
          {s.harrington.meaning}
        </p>
      </article>
    </section>
  );
}
