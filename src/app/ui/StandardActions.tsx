import type { StandardAction } from '../../recommend/types.js';
import { PAPERS } from '../../recommend/types.js';
import { Inputs } from './format.js';

/**
 * Standard actions and red flags beside the decision (evidence.md §6), one line each, answer first:
 * the few words, then the full text; the source one hover or focus away and the inputs one click
 * away, as for the other statements. Nothing when none applies.
 */
export function StandardActions({ actions }: { actions: readonly StandardAction[] }) {
  if (!actions.length) return null;
  return (
    <ul class="actions" aria-label="Standard actions and red flags">
      {actions.map((x) => (
        <li key={x.id} class={`action ${x.kind}`} data-action={x.id}>
          <strong>
            {x.kind === 'red-flag' ? 'Red flag' : 'Action'}: {x.short}
          </strong>{' '}
          — {x.text}
          {x.suggestion ? (
            <span class="suggest"> Suggested order: {x.suggestion.text}.</span>
          ) : null}
          {x.citations.length ? (
            <span class="cite">
              {' '}
              [
              {x.citations.map((k, i) => (
                <>
                  {i ? ', ' : ''}
                  <abbr key={k} class="term" title={PAPERS[k].title} tabindex={0}>
                    {k}
                  </abbr>
                </>
              ))}
              ]
            </span>
          ) : null}
          <details class="why">
            <summary>why?</summary>
            <code class="rule">{x.id}</code>
            <Inputs inputs={x.inputs} />
          </details>
        </li>
      ))}
    </ul>
  );
}
