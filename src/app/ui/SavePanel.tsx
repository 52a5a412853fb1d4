import { useState } from 'preact/hooks';
import type { Assessment } from '../../assess/assess.js';
import type { ClinicianInput } from '../../writeback/input-observation.js';
import {
  planSave,
  planSignature,
  saveToChart,
  type SaveResult,
  type Written,
} from '../writeback/save.js';
import type { AppSession } from './types.js';
import {
  endsSession,
  launchMode,
  sessionEnded,
  type ProblemText,
} from '../smart/launch-problems.js';

/** The last save of this session, kept by the app across screens. */
export interface LastSave {
  result: SaveResult;
  signature: string;
}

/** A score this save supersedes, and whether the old Observation could be marked. */
const supersededText = (c: { label: string; reference: string; marked: boolean }) => {
  const marked = c.marked
    ? ', marked entered-in-error'
    : ', not marked: the EHR did not grant Observation update';
  return `${c.label} (${c.reference}${marked})`;
};

export function SavePanel({
  a,
  inputs,
  session,
  effective,
  written,
  last,
  onSaved,
  ended,
  onEnded,
}: {
  a: Assessment;
  inputs: ClinicianInput[];
  session: AppSession;
  effective: string;
  /**
   * What this session saved earlier (an edit supersedes it), the last save, and where a save
   * reports.
   */
  written: ReadonlyMap<string, Written>;
  last?: LastSave;
  onSaved: (s: LastSave) => void;
  /** The session has ended (the app shows why); a save would only fail again. */
  ended?: ProblemText;
  onEnded: (p: ProblemText) => void;
}) {
  const [state, setState] = useState<{ busy: boolean; error?: string }>({ busy: false });
  const performer =
    session.fhirUser && /^(Practitioner|PractitionerRole)\//.test(session.fhirUser)
      ? session.fhirUser
      : undefined;
  const notGranted = (session.notGranted ?? []).filter((s) =>
    /Observation\.(c|cu|write|\*)/.test(s),
  );
  const disabledWhy = ended
    ? `${ended.message} Nothing was saved; your inputs are kept.`
    : session.writebackOff
      ? 'Saving to the chart is turned off for this EHR (its entry in smart-config.json ' +
        'has "writeback": false).'
      : !session.canWrite.observations && notGranted.length
        ? `The EHR did not grant permission to create Observations ` +
          `(${notGranted.join(', ')} was asked for and not granted), so nothing can be ` +
          `saved. Ask your EHR administrator for write access.`
        : !session.canWrite.observations
          ? 'The EHR did not grant permission to create Observations ' +
            '(patient/Observation.c or .write), so nothing can be saved. Ask for write ' +
            'access when launching.'
          : !performer
            ? 'The EHR did not identify you as a practitioner (fhirUser), and a score must ' +
              'have its author.'
            : undefined;
  const plan = performer
    ? planSave(a, inputs, { performer, effective, issued: new Date().toISOString() })
    : undefined;
  // A result describes the plan that was saved: after an edit it would claim values are in the
  // chart that are not.
  const current = last && plan && last.signature === planSignature(plan) ? last.result : undefined;
  const changedSinceSave = !!last && !current;

  async function save() {
    if (!plan || !performer) return;
    const signature = planSignature(plan);
    setState({ busy: true });
    try {
      const result = await saveToChart(plan, session.patientId, session.request, {
        performer,
        effective,
        issued: new Date().toISOString(),
        provenance: session.canWrite.provenance,
        supersede: !!session.canWrite.supersede,
        ...(session.organization ? { onBehalfOf: session.organization } : {}),
        serverUrl: session.serverUrl,
        earlier: written,
      });
      onSaved({ result, signature });
      setState({ busy: false });
    } catch (e) {
      if (endsSession(e)) {
        onEnded(sessionEnded(launchMode()));
        setState({ busy: false });
      } else setState({ busy: false, error: (e as Error).message || 'The EHR refused the save.' });
    }
  }

  return (
    <section aria-labelledby="save-h">
      <h2 id="save-h">Save to chart</h2>
      {plan ? (
        <>
          <p>
            Will write {plan.observations.filter((p) => p.kind === 'score').length} complete scores
            and {plan.observations.filter((p) => p.kind === 'input').length} of your inputs as
            Observations
            {session.canWrite.provenance
              ? ', with a Provenance naming you as author'
              : ' (no Provenance: not granted)'}
            . Saving again creates nothing new.
          </p>
          <ul class="plan">
            {plan.observations.map((p) => (
              <li key={p.resource.identifier![0]!.value}>
                {p.kind === 'score' ? 'Score' : 'Input'}: {p.label}
              </li>
            ))}
          </ul>
          {plan.skipped.length ? (
            <>
              <h3>Not written</h3>
              <ul>
                {plan.skipped.map((s) => (
                  <li key={s.score}>
                    {s.score}: {s.reason}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
      <button
        type="button"
        class="primary"
        onClick={save}
        disabled={!!disabledWhy || state.busy || !plan?.observations.length}
        aria-describedby={disabledWhy ? 'save-why' : undefined}
      >
        {state.busy ? 'Saving…' : 'Save to chart'}
      </button>
      {disabledWhy ? (
        <p id="save-why" class="why" role="note">
          {disabledWhy}
        </p>
      ) : null}
      {state.error ? (
        <p class="error" role="alert">
          Not saved: {state.error}
        </p>
      ) : null}
      {changedSinceSave ? (
        <p class="banner warn" role="status">
          Changed since the last save: the values above are not in the chart yet.
        </p>
      ) : null}
      {current ? (
        <div class="saved" role="status">
          <h3>Saved</h3>
          {current.created.length ? (
            <ul>
              {current.created.map((c) => (
                <li key={c.reference}>
                  {c.label} → <code>{c.reference}</code>
                </li>
              ))}
            </ul>
          ) : (
            <p>Nothing new: everything was already in the chart.</p>
          )}
          {current.alreadySaved.length ? (
            <p>Already in the chart: {current.alreadySaved.map((c) => c.reference).join(', ')}</p>
          ) : null}
          {current.superseded.length ? (
            <p>
              Superseded by your corrections: {current.superseded.map(supersededText).join('; ')}
            </p>
          ) : null}
          {current.provenance ? (
            <p>
              Provenance: <code>{current.provenance}</code>
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
