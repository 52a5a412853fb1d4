import type { ProblemKind } from '../smart/session.js';

const WHAT_TO_DO: Record<ProblemKind, string> = {
  'no-launch': 'Open the patient’s chart in the EHR and start “Spine Metastasis Assessment” from there.',
  'no-context': 'Launch the app from within a patient’s chart so the EHR can tell it which patient to open.',
  denied: 'The app needs read access to the patient, conditions and observations. Launch it again and allow access, or ask your EHR administrator.',
  expired: 'Launch the app again from the EHR to continue. Nothing you entered has been saved unless you pressed Save to chart.',
  fhir: 'The EHR’s data service did not answer as expected. Try again in a moment; if it persists, contact your EHR support.',
};

export function ErrorScreen({ kind, message, detail, onRetry }: { kind: ProblemKind; message: string; detail?: string; onRetry?: () => void }) {
  return (
    <main class="problem" aria-labelledby="problem-h">
      <div role="alert"><h1 id="problem-h">{message}</h1></div>
      <p>{WHAT_TO_DO[kind]}</p>
      {detail ? <details><summary>Technical detail</summary><p>{detail}</p></details> : null}
      {onRetry ? <button type="button" onClick={onRetry}>Try again</button> : null}
    </main>
  );
}
