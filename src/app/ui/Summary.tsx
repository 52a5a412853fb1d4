import type { Assessment } from '../../assess/assess.js';
import { CANDIDACY_LABELS, PAPERS } from '../../recommend/types.js';
import type { AppContext } from '../smart/app-context.js';
import { StatementItem } from './format.js';

export function Summary({ a, appContext }: { a: Assessment; appContext?: AppContext }) {
  const c = a.recommendations.candidacy;
  const cited = new Set([...c.urgency, ...c.indications, ...c.contraindications, ...a.recommendations.riskFlags].flatMap((s) => s.citations));
  return (
    <section aria-labelledby="summary-h">
      <h2 id="summary-h">Summary</h2>
      {appContext?.serviceRequest ? <p class="banner" role="note">Opened from the spine-surgery referral {appContext.serviceRequest}.</p> : null}
      <p class="disclaimer">{a.recommendations.disclaimer}</p>
      <div class={`candidacy ${c.urgency.length ? 'urgent' : ''}`}>
        <h3>Candidacy: {c.category ? CANDIDACY_LABELS[c.category] : 'undecided — inputs missing'}</h3>
        {!c.category ? <p>Still possible: {c.possible.map((p) => CANDIDACY_LABELS[p]).join(', ')}</p> : null}
        <ul class="statements">
          {c.urgency.map((s) => <StatementItem key={s.rule} st={s} mark="Urgent:" />)}
          {c.indications.map((s) => <StatementItem key={s.rule} st={s} mark="For:" />)}
          {c.possibleIndications.map((s) => <StatementItem key={s.rule} st={s} mark="Could apply:" />)}
          {c.contraindications.map((s) => <StatementItem key={s.rule} st={s} mark="Against (relative):" />)}
          {c.context.map((s) => <StatementItem key={s.rule} st={s} mark="Prognosis:" />)}
        </ul>
        {c.conflicts.length ? (
          <div class="conflicts"><h4>Conflicting signals</h4><ul>{c.conflicts.map((s) => <StatementItem key={s.rule} st={s} />)}</ul></div>
        ) : null}
      </div>
      <h3>Approach options</h3>
      <ol class="approach">
        {a.recommendations.approach.map((o) => (
          <li key={o.id} class={`opt ${o.status}`}>
            <strong>{o.label}</strong> <span class={`status ${o.status}`}>{o.status}</span>
            <ul>{o.for.map((s) => <StatementItem key={s.rule} st={s} mark="+" />)}{o.against.map((s) => <StatementItem key={s.rule} st={s} mark="−" />)}</ul>
          </li>
        ))}
      </ol>
      {a.recommendations.riskFlags.length ? (
        <><h3>Risk flags</h3><ul class="flags">{a.recommendations.riskFlags.map((f) => <StatementItem key={f.rule} st={f} mark={f.severity === 'high' ? 'High:' : f.severity === 'moderate' ? 'Moderate:' : 'Note:'} />)}</ul></>
      ) : null}
      {a.recommendations.expectedCourse.length ? (
        <>
          <h3>Expected course for patients like this one</h3>
          <table class="course">
            <thead><tr><th scope="col">Source</th><th scope="col">Group</th><th scope="col">Measure</th><th scope="col">Before</th><th scope="col">After</th><th scope="col">When</th></tr></thead>
            <tbody>
              {a.recommendations.expectedCourse.flatMap((r) => r.measures.map((m, k) => (
                <tr key={`${r.source}${r.group}${k}`}><td>{r.source}</td><td>{r.group}</td><td>{m.name}</td><td>{m.before ?? ''}</td><td>{m.after}</td><td>{m.when}</td></tr>
              )))}
            </tbody>
          </table>
        </>
      ) : null}
      {a.recommendations.workup.length ? <><h3>Before deciding</h3><ul>{a.recommendations.workup.map((w) => <StatementItem key={w.rule} st={w} />)}</ul></> : null}
      {a.facts.issues.length ? (
        <><h3>Data issues</h3><ul class="issues">{a.facts.issues.map((i, k) => <li key={k}>{i.severity}: {i.resource}: {i.message}</li>)}</ul></>
      ) : null}
      <h3>Sources</h3>
      <ul class="papers">{[...cited].sort().map((k) => <li key={k}><strong>{k}</strong>: {PAPERS[k].title}{PAPERS[k].doi ? ` doi:${PAPERS[k].doi}` : ''}</li>)}</ul>
    </section>
  );
}
