import { adviceFor, launchMode, type ProblemKind } from '../smart/launch-problems.js';

export function ErrorScreen({
  kind,
  message,
  detail,
  onRetry,
}: {
  kind: ProblemKind;
  message: string;
  detail?: string;
  onRetry?: () => void;
}) {
  return (
    <main class="problem" aria-labelledby="problem-h">
      <div role="alert">
        <h1 id="problem-h">{message}</h1>
      </div>
      <p>{adviceFor(kind, launchMode())}</p>
      {detail ? (
        <details>
          <summary>Technical detail</summary>
          <p>{detail}</p>
        </details>
      ) : null}
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </main>
  );
}
