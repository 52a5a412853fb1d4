import { useState } from 'preact/hooks';
import type { Assessment } from '../../assess/assess.js';
import type { ClinicianInput } from '../../writeback/input-observation.js';
import { planSave, saveToChart, type SaveResult } from '../writeback/save.js';
import type { AppSession } from './types.js';

export function SavePanel({ a, inputs, session, effective }: { a: Assessment; inputs: ClinicianInput[]; session: AppSession; effective: string }) {
  const [state, setState] = useState<{ busy: boolean; result?: SaveResult; error?: string }>({ busy: false });
  const performer = session.fhirUser && /^(Practitioner|PractitionerRole)\//.test(session.fhirUser) ? session.fhirUser : undefined;
  const disabledWhy = !session.canWrite.observations
    ? 'The EHR did not grant permission to create Observations (patient/Observation.c or .write), so nothing can be saved. Ask for write access when launching.'
    : !performer ? 'The EHR did not identify you as a practitioner (fhirUser), and a score must have its author.' : undefined;
  const plan = performer ? planSave(a, inputs, { performer, effective, issued: new Date().toISOString() }) : undefined;

  async function save() {
    if (!plan || !performer) return;
    setState({ busy: true });
    try {
      const result = await saveToChart(plan, session.patientId, session.request, { performer, effective, issued: new Date().toISOString(), provenance: session.canWrite.provenance, serverUrl: session.serverUrl });
      setState({ busy: false, result });
    } catch (e) {
      setState({ busy: false, error: (e as Error).message || 'The EHR refused the save.' });
    }
  }

  return (
    <section aria-labelledby="save-h">
      <h2 id="save-h">Save to chart</h2>
      {plan ? (
        <>
          <p>Will write {plan.observations.filter((p) => p.kind === 'score').length} complete scores and {plan.observations.filter((p) => p.kind === 'input').length} of your inputs as Observations{session.canWrite.provenance ? ', with a Provenance naming you as author' : ' (no Provenance: not granted)'}. Saving again creates nothing new.</p>
          <ul class="plan">{plan.observations.map((p) => <li key={p.resource.identifier![0]!.value}>{p.kind === 'score' ? 'Score' : 'Input'}: {p.label}</li>)}</ul>
          {plan.skipped.length ? <><h3>Not written</h3><ul>{plan.skipped.map((s) => <li key={s.score}>{s.score}: {s.reason}</li>)}</ul></> : null}
        </>
      ) : null}
      <button type="button" class="primary" onClick={save} disabled={!!disabledWhy || state.busy || !plan?.observations.length} aria-describedby={disabledWhy ? 'save-why' : undefined}>
        {state.busy ? 'Saving…' : 'Save to chart'}
      </button>
      {disabledWhy ? <p id="save-why" class="why" role="note">{disabledWhy}</p> : null}
      {state.error ? <p class="error" role="alert">Not saved: {state.error}</p> : null}
      {state.result ? (
        <div class="saved" role="status">
          <h3>Saved</h3>
          {state.result.created.length ? <ul>{state.result.created.map((c) => <li key={c.reference}>{c.label} → <code>{c.reference}</code></li>)}</ul> : <p>Nothing new: everything was already in the chart.</p>}
          {state.result.alreadySaved.length ? <p>Already in the chart: {state.result.alreadySaved.map((c) => c.reference).join(', ')}</p> : null}
          {state.result.provenance ? <p>Provenance: <code>{state.result.provenance}</code></p> : null}
        </div>
      ) : null}
    </section>
  );
}
