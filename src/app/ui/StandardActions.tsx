import type { StandardAction } from '../../recommend/types.js';
import { Cited, Why } from './format.js';

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
          <Cited keys={x.citations} />
          <Why rule={x.id} inputs={x.inputs} />
        </li>
      ))}
    </ul>
  );
}
