import type { Source } from '../../provenance/fact.js';
import { PAPERS, type PaperKey, type RuleInput, type Statement } from '../../recommend/types.js';
import type { ScoreResult } from '../../scores/types.js';

export const scoreText = (r: ScoreResult) =>
  r.complete ? String(r.total) : `${r.range.min}–${r.range.max}`;
export const bandText = (r: ScoreResult) =>
  r.band
    ? r.band.label
    : r.possibleBands.length
      ? `undecided: ${r.possibleBands.map((b) => b.label).join(' or ')}`
      : '—';

/**
 * Ids given to this session's unsaved entries, so provenance never shows them as chart resources.
 */
export const UNSAVED_ID_PREFIX = 'unsaved-';

export function sourceLabel(s: Source): string {
  if (s.reference?.includes(`/${UNSAVED_ID_PREFIX}`)) return 'entered in this session, not saved';
  return s.reference ?? s.kind;
}

export function SourceRef({ s }: { s: Source }) {
  return (
    <span class="src">
      {sourceLabel(s)}
      {s.date ? ` · ${s.date.slice(0, 10)}` : ''}
    </span>
  );
}

export function Inputs({ inputs }: { inputs: RuleInput[] }) {
  if (!inputs.length) return null;
  return (
    <ul class="inputs">
      {inputs.map((i) => (
        <li key={`${i.name}|${i.value}`}>
          {i.name}: <strong>{i.value}</strong>
          {i.stale ? <span class="flag stale"> stale</span> : null}{' '}
          {i.sources.map((s, k) => (
            <SourceRef key={k} s={s} />
          ))}
        </li>
      ))}
    </ul>
  );
}

export function StatementItem({ st, mark }: { st: Statement; mark?: string }) {
  return (
    <li class="statement" data-certainty={st.certainty ?? 'applies'}>
      {mark ? <span class="mark">{mark} </span> : null}
      {st.text}
      <Cited keys={st.citations} />
      <Why rule={st.rule} inputs={st.inputs} />
    </li>
  );
}

/** A statement's sources, each named in full on hover or focus; nothing when it cites none. */
export function Cited({ keys }: { keys: readonly PaperKey[] }) {
  if (!keys.length) return null;
  return (
    <span class="cite">
      {' '}
      [
      {keys.map((k, i) => (
        <>
          {i ? ', ' : ''}
          <abbr key={k} class="term" title={PAPERS[k].title} tabindex={0}>
            {k}
          </abbr>
        </>
      ))}
      ]
    </span>
  );
}

/** Provenance one click away: the rule id and the inputs with their resources and dates. */
export function Why({ rule, inputs }: { rule: string; inputs: RuleInput[] }) {
  return (
    <details class="why">
      <summary>why?</summary>
      <code class="rule">{rule}</code>
      <Inputs inputs={inputs} />
    </details>
  );
}
