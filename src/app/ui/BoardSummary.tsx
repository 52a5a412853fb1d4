import type { Resource } from 'fhir/r4';
import type { Assessment } from '../../assess/assess.js';
import {
  approachText,
  certaintyMark,
  headlineText,
  inSections,
  nonOperativeText,
  sideLabel,
  urgencyText,
  noRecommendation,
} from '../../recommend/describe.js';
import { PAPERS, shortOf, type PaperKey } from '../../recommend/types.js';
import type { ScoreResult } from '../../scores/types.js';
import { chips, dataDate, identity } from './HeaderBand.js';
import { clinicalBackground } from './background.js';

const value = (r: ScoreResult) =>
  r.complete ? String(r.total) : `${r.range.min}–${r.range.max} (incomplete)`;

/**
 * The tumour-board (MDT) summary, one A4 page: identity, data date, printed by and when, the
 * clinical
 * background (primary, histology group, levels, prior treatment), the standard actions and red
 * flags,
 * the scores, the decision with its reasons, what is missing or stale, the sources, and a box for
 * the board's
 * decision and sign-off. No rule ids or resource ids: the app holds the provenance.
 */
export function BoardSummary({
  a,
  resources,
  printedBy,
  now = new Date(),
}: {
  a: Assessment;
  resources: readonly Resource[];
  printedBy?: string;
  now?: Date;
}) {
  const id = identity(resources, a);
  const r = a.recommendations;
  const c = r.candidacy;
  const s = a.scores;
  const listed = inSections(c.statements, 'board');
  const reasons = listed.filter((x) => x.certainty !== 'possible').slice(0, 5);
  const open = listed.filter((x) => x.certainty === 'possible').slice(0, 3);
  const cited = [
    ...new Set(
      [...reasons, ...r.riskFlags.filter((f) => f.severity === 'high'), ...r.actions].flatMap(
        (x) => x.citations,
      ),
    ),
  ].sort() as PaperKey[];
  const nonOp = nonOperativeText(c);
  const rows: Array<[string, string, string]> = [
    ...s.sinsLesions.map(
      (l) =>
        [`SINS ${l.level}`, value(l.result), l.result.band?.label ?? 'band not decided'] as [
          string,
          string,
          string,
        ],
    ),
    ['Revised Tokuhashi', value(s.tokuhashi), s.tokuhashi.band?.meaning ?? 'band not decided'],
    ['Tomita', value(s.tomita), s.tomita.band?.meaning ?? 'band not decided'],
    ['New Katagiri', value(s.katagiri), s.katagiri.band?.label ?? 'band not decided'],
    ['Modified Bauer', value(s.bauerModified), s.bauerModified.band?.label ?? 'band not decided'],
  ];
  return (
    <article class="board" aria-label="Tumour-board summary">
      <header class="board-head">
        <h2>Spinal metastasis — tumour-board summary</h2>
        <p>
          <strong>{id.name}</strong>
          {id.birthDate
            ? ` · born ${id.birthDate}${id.age !== undefined ? ` (${id.age} y)` : ''}`
            : ''}
          {id.sex ? ` · ${id.sex}` : ''}
          {id.mrn ? ` · record ${id.mrn}` : ''}
        </p>
        <p class="meta">
          Data to {dataDate(a) ?? 'unknown'} · assessed {a.asOf.slice(0, 10)} · printed{' '}
          {now.toISOString().slice(0, 16).replace('T', ' ')} UTC
          {printedBy ? ` by ${printedBy}` : ''}
        </p>
      </header>
      <section class="board-decision">
        <p class="decision">{headlineText(c)}</p>
        <p>{c.reason}</p>
        {!noRecommendation(c) ? (
          <p>
            Urgency: {urgencyText(c)}. Approach: {approachText(r.approach)}.
            {nonOp ? ` Note: ${nonOp}.` : ''}
          </p>
        ) : null}
      </section>
      <section class="board-background" aria-label="Clinical background">
        {/* Two dense lines: who has what, then what was done before (A4 stays one page). */}
        {[clinicalBackground(a).slice(0, 3), clinicalBackground(a).slice(3)].map((items, i) => (
          <p key={i}>
            {items.map(([k, v], j) => (
              <span key={k} class="bg-item">
                {j ? ' · ' : ''}
                <strong>{k}:</strong> <span>{v}</span>
              </span>
            ))}
          </p>
        ))}
      </section>
      {r.actions.length ? (
        <section class="board-actions" aria-label="Actions and red flags">
          {/* One line each, in the header band's short words (the full text is in the app). */}
          <p>
            {r.actions.map((x, i) => (
              <span key={x.id}>
                {i ? ' · ' : ''}
                <strong>{x.kind === 'red-flag' ? 'Red flag' : 'Action'}:</strong> {x.short}
              </span>
            ))}
            {` [${[...new Set(r.actions.flatMap((x) => x.citations))].join(', ')}]`}
          </p>
        </section>
      ) : null}
      <table class="board-scores">
        <thead>
          <tr>
            <th scope="col">Score</th>
            <th scope="col">Value</th>
            <th scope="col">Band / meaning</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([n, v, b]) => (
            <tr key={n}>
              <td>{n}</td>
              <td>{v}</td>
              <td>{b}</td>
            </tr>
          ))}
          {chips(a)
            .filter((ch) => ['ESCC', 'Frankel', 'ASIA', 'KPS', 'ECOG', 'PS'].includes(ch.label))
            .map((ch) => (
              <tr key={ch.label}>
                <td>{ch.label}</td>
                <td>{ch.value}</td>
                <td>{ch.band}</td>
              </tr>
            ))}
        </tbody>
      </table>
      <section>
        <h3>Reasons</h3>
        <ul>
          {reasons.map((x) => (
            <li key={x.rule}>
              <strong>
                {sideLabel(x)}
                {x.certainty ? ` (${certaintyMark(x)})` : ''}:
              </strong>{' '}
              {x.text} [{x.citations.join(', ')}]
            </li>
          ))}
        </ul>
        {open.length ? (
          <p>
            Could apply: {open.map((x) => `${shortOf(x)} (${x.dependsOn?.join(', ')})`).join('; ')}.
          </p>
        ) : null}
      </section>
      {c.banners.length ? (
        <section>
          <h3>Missing or stale</h3>
          <ul>
            {c.banners.slice(0, 4).map((b) => (
              <li key={b.input}>
                {b.text} — {b.action}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p class="sources">
        Sources: {cited.map((k) => `${k} — ${PAPERS[k].title}`).join('; ')}. Decision support only:
        the surgeon decides.
      </p>
      <section class="signoff" aria-label="Board decision">
        <h3>Board decision</h3>
        <div class="box" />
        <p>Chair: ______________________ Signature: ______________________ Date: ____________</p>
      </section>
    </article>
  );
}
