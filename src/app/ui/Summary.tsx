import type { Assessment } from '../../assess/assess.js';
import {
  atLeastUrgent,
  certaintyMark,
  headlineText,
  inSections,
  nonOperativeText,
  sideLabel,
  noRecommendation,
} from '../../recommend/describe.js';
import {
  MAPS_LABELS,
  PAPERS,
  type ApproachOption,
  type ApproachStatement,
} from '../../recommend/types.js';
import type { AppContext } from '../smart/app-context.js';
import { StatementItem } from './format.js';
import { Prognosis } from './Prognosis.js';
import { Glossary } from './glossary.js';

function Option({ o }: { o: ApproachOption }) {
  const byHeading = (['M', 'A', 'P', 'S'] as const)
    .map((h) => [h, [...o.for, ...o.against].filter((x) => x.heading === h)] as const)
    .filter(([, l]) => l.length);
  return (
    <li class={`opt ${o.status}`}>
      <strong>{o.label}</strong> <span class={`status ${o.status}`}>{o.status}</span>
      {byHeading.map(([h, list]) => (
        <div key={h} class="maps">
          <span class="maps-h">{MAPS_LABELS[h]}</span>
          <ul>
            {list.map((st) => (
              <StatementItem key={st.rule} st={st} mark={markOf(st)} />
            ))}
          </ul>
        </div>
      ))}
    </li>
  );
}

/** An approach rule's weight sign, then how sure it is (certaintyMark). */
const markOf = (st: ApproachStatement) => {
  const sign = st.weight > 0 ? '+' : st.weight < 0 ? '−' : '·';
  return `${sign}${st.certainty ? ` ${certaintyMark(st)}:` : ''}`;
};

export function Summary({ a, appContext }: { a: Assessment; appContext?: AppContext }) {
  const r = a.recommendations;
  const c = r.candidacy;
  const cited = new Set([...c.statements, ...r.riskFlags].flatMap((s) => s.citations));
  const urgent = atLeastUrgent(c);
  const nonOp = nonOperativeText(c);
  return (
    <section aria-labelledby="summary-h">
      <h2 id="summary-h">Summary</h2>
      {appContext?.serviceRequest ? (
        <p class="banner" role="note">
          Opened from the spine-surgery referral {appContext.serviceRequest}.
        </p>
      ) : null}
      <div
        class={`candidacy ${urgent ? 'urgent' : ''} ${c.category.status}`}
        data-headline={c.headline}
      >
        <h3 class="decision">Decision: {headlineText(c)}</h3>
        {nonOp ? <p class="note">{nonOp}</p> : null}
        {c.banners.filter((b) => b.kind === 'missing').length ? (
          <ul class="banners" aria-label="Missing inputs that would decide">
            {c.banners
              .filter((b) => b.kind === 'missing')
              .map((b) => (
                <li key={b.input} class="banner missing">
                  <strong>Missing:</strong> {b.text} — {b.action}
                </li>
              ))}
          </ul>
        ) : null}
        <p class="disclaimer">{r.disclaimer}</p>
        <ul class="statements">
          {inSections(c.statements, 'app').map((s) => (
            <StatementItem
              key={s.rule}
              st={s}
              mark={`${sideLabel(s)}${s.certainty ? ` — ${certaintyMark(s)}` : ''}:`}
            />
          ))}
        </ul>
        {c.conflicts.length ? (
          <div class="conflicts">
            <h4>Conflicting signals</h4>
            <ul>
              {c.conflicts.map((s) => (
                <StatementItem key={s.rule} st={s} />
              ))}
            </ul>
          </div>
        ) : null}
      </div>
      {!noRecommendation(c) ? <Prognosis a={a} /> : null}
      {!noRecommendation(c) ? (
        <>
          <h3>Approach options</h3>
          <ol class="approach">
            {r.approach.ranked.map((o) => (
              <Option key={o.id} o={o} />
            ))}
          </ol>
          {r.approach.ruledOut.length ? (
            <>
              <h4>Ruled out</h4>
              <ul class="approach ruled-out">
                {r.approach.ruledOut.map((o) => (
                  <Option key={o.id} o={o} />
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
      {r.riskFlags.length ? (
        <>
          <h3>Risk flags</h3>
          <ul class="flags">
            {r.riskFlags.map((f) => (
              <StatementItem
                key={f.rule}
                st={f}
                mark={
                  f.severity === 'high'
                    ? 'High:'
                    : f.severity === 'moderate'
                      ? 'Moderate:'
                      : 'Note:'
                }
              />
            ))}
          </ul>
        </>
      ) : null}
      {r.expectedCourse.length ? (
        <>
          <h3>Expected course for patients like this one</h3>
          <table class="course">
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col">Group</th>
                <th scope="col">Measure</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {r.expectedCourse.flatMap((r) =>
                r.measures.map((m, k) => (
                  <tr key={`${r.source}${r.group}${k}`}>
                    <td>{r.source}</td>
                    <td>{r.group}</td>
                    <td>{m.name}</td>
                    <td>{m.before ?? ''}</td>
                    <td>{m.after}</td>
                    <td>{m.when}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </>
      ) : null}
      {r.workup.length ? (
        <>
          <h3>Before deciding</h3>
          <ul>
            {r.workup.map((w) => (
              <StatementItem key={w.rule} st={w} />
            ))}
          </ul>
        </>
      ) : null}
      {a.facts.issues.length ? (
        <>
          <h3>Data issues</h3>
          <ul class="issues">
            {a.facts.issues.map((i, k) => (
              <li key={k}>
                {i.severity}: {i.resource}: {i.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <Glossary />
      <h3>Sources</h3>
      <ul class="papers">
        {[...cited].sort().map((k) => (
          <li key={k}>
            <strong>{k}</strong>: {PAPERS[k].title}
            {PAPERS[k].doi ? ` doi:${PAPERS[k].doi}` : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}
