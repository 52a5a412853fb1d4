import { useState } from 'preact/hooks';
import type { Card, Suggestion } from './api.js';
import { renderMarkdown } from './markdown.js';

export interface CardHandlers {
  accept(card: Card, s: Suggestion): Promise<void>;
  override(
    card: Card,
    reason: { system: string; code: string; display?: string } | undefined,
    comment: string,
  ): Promise<void>;
  openSmart(appContext: string | undefined): void;
}

/**
 * One CDS card as an EHR shows it: indicator, summary, source, detail, suggestions, links,
 * override.
 */
export function CardView({ card, on }: { card: Card; on: CardHandlers }) {
  const [open, setOpen] = useState(card.indicator !== 'info');
  const [reason, setReason] = useState('');
  const [comment, setComment] = useState('');
  const [done, setDone] = useState<string>();
  const reasonCoding = card.overrideReasons?.find((r) => r.code === reason);
  return (
    <article
      class={`card ${card.indicator}`}
      data-card-uuid={card.uuid}
      aria-label={`${card.indicator} card: ${card.summary}`}
    >
      <header>
        <span class={`indicator ${card.indicator}`}>{card.indicator}</span>
        <strong class="summary">{card.summary}</strong>
      </header>
      <p class="source">
        Source:{' '}
        {card.source.url ? (
          <a href={card.source.url} target="_blank" rel="noopener noreferrer">
            {card.source.label}
          </a>
        ) : (
          card.source.label
        )}
      </p>
      {card.detail ? (
        <details open={open} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
          <summary>Details</summary>
          <div class="detail" dangerouslySetInnerHTML={{ __html: renderMarkdown(card.detail) }} />
        </details>
      ) : null}
      {card.suggestions?.length ? (
        <div class="suggestions">
          {card.suggestions.map((s) => (
            <button
              key={s.uuid ?? s.label}
              type="button"
              class={s.isRecommended ? 'recommended' : ''}
              disabled={!!done}
              onClick={async () => {
                await on.accept(card, s);
                setDone(`Accepted: ${s.label}`);
              }}
            >
              {s.label}
              {s.isRecommended ? ' (recommended)' : ''}
            </button>
          ))}
        </div>
      ) : null}
      {card.links?.length ? (
        <div class="links">
          {card.links.map((l) =>
            l.type === 'smart' ? (
              <button
                key={l.label}
                type="button"
                class="smart-link"
                onClick={() => on.openSmart(l.appContext)}
              >
                {l.label}
              </button>
            ) : (
              <a key={l.label} href={l.url} target="_blank" rel="noopener noreferrer">
                {l.label}
              </a>
            ),
          )}
        </div>
      ) : null}
      {card.overrideReasons?.length && !done ? (
        <div class="override">
          <label>
            Override reason{' '}
            <select
              value={reason}
              onChange={(e) => setReason((e.target as HTMLSelectElement).value)}
            >
              <option value="">— choose —</option>
              {card.overrideReasons.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.display}
                </option>
              ))}
            </select>
          </label>
          <label>
            Comment{' '}
            <input
              value={comment}
              onInput={(e) => setComment((e.target as HTMLInputElement).value)}
            />
          </label>
          <button
            type="button"
            onClick={async () => {
              await on.override(card, reasonCoding, comment);
              setDone('Overridden');
            }}
          >
            Dismiss card
          </button>
        </div>
      ) : null}
      {done ? (
        <p class="done" role="status">
          {done}
        </p>
      ) : null}
    </article>
  );
}
