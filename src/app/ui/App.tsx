import { suspiciousReads } from '../../facts/queries.js';
import { useEffect, useLayoutEffect, useMemo, useState } from 'preact/hooks';
import type { Resource } from 'fhir/r4';
import { assessPatient } from '../../assess/assess.js';
import {
  inputKey,
  inputObservation,
  type ClinicianInput,
} from '../../writeback/input-observation.js';
import { Summary } from './Summary.js';
import { HeaderBand } from './HeaderBand.js';
import { lazyScreen } from './lazy.js';
import type { AppSession, Chart, View } from './types.js';
import type { SpineLevel } from '../../clinical/spine-levels.js';
import { UNSAVED_ID_PREFIX } from './format.js';
import type { Written } from '../writeback/save.js';
import type { LastSave } from './SavePanel.js';
import { loadDraft, storeDraft } from './draft.js';
import { adviceFor, launchMode, type ProblemText } from '../smart/launch-problems.js';

// The summary is the first screen; the others, and the printed board summary, load on first use
// (the print version right after the first render, so it is there when the user prints).
const Scores = lazyScreen(() => import('./Scores.js').then((m) => m.Scores));
const InputsScreen = lazyScreen(() => import('./Inputs.js').then((m) => m.InputsScreen));
const Trends = lazyScreen(() => import('./Trends.js').then((m) => m.Trends));
const SavePanel = lazyScreen(() => import('./SavePanel.js').then((m) => m.SavePanel));
const BoardSummary = lazyScreen(() => import('./BoardSummary.js').then((m) => m.BoardSummary));

const TABS: Array<[View, string]> = [
  ['summary', 'Summary'],
  ['scores', 'Scores'],
  ['inputs', 'Inputs'],
  ['trends', 'Trends'],
  ['save', 'Save to chart'],
];

export function App({
  session,
  chart,
  now = () => new Date(),
}: {
  session: AppSession;
  chart: Chart;
  now?: () => Date;
}) {
  const [view, setView] = useState<View>(session.appContext?.view ?? 'summary');
  // Inputs entered in an earlier session of this window and never saved come back (draft.ts).
  const [restored] = useState(() => loadDraft(session.serverUrl, session.patientId));
  const [inputs, setInputs] = useState<Map<string, ClinicianInput>>(
    () => new Map(restored.map((i) => [inputKey(i), i])),
  );
  // What the last save wrote of the inputs, by key: only the rest is kept as a draft.
  const [savedInputs, setSavedInputs] = useState<ReadonlyMap<string, string>>(new Map());
  /**
   * Set when the EHR refused the session (expired token, refused refresh): nothing more is sent.
   */
  const [ended, setEnded] = useState<ProblemText>();
  // Kept as soon as the screen shows the change, so a session cut off right after loses nothing.
  useLayoutEffect(() => {
    storeDraft(
      session.serverUrl,
      session.patientId,
      [...inputs].filter(([k, i]) => savedInputs.get(k) !== JSON.stringify(i)).map(([, i]) => i),
    );
  }, [inputs, savedInputs, session.serverUrl, session.patientId]);
  // The session's time (scores); each input carries the time it was entered (an edit is a new
  // entry).
  const [effective] = useState(() => now().toISOString().slice(0, 19) + 'Z');
  // What this session has written, by item (an edit after saving supersedes it), and the last save.
  const [written, setWritten] = useState<ReadonlyMap<string, Written>>(new Map());
  const [lastSave, setLastSave] = useState<LastSave>();
  const asOf = effective.slice(0, 10);

  const assessment = useMemo(() => {
    const entered: Resource[] = [...inputs.values()].map((i, k) => ({
      ...inputObservation(i, { patientId: session.patientId, effective }),
      id: `${UNSAVED_ID_PREFIX}${k}`,
    }));
    return assessPatient([...chart.resources, ...entered], { asOf });
  }, [chart.resources, inputs, session.patientId, effective, asOf]);

  const set = (i: ClinicianInput | { code: string; level?: SpineLevel; clear: true }) =>
    setInputs((prev) => {
      const next = new Map(prev);
      const before = next.get(inputKey(i));
      if ('clear' in i) next.delete(inputKey(i));
      // The same value again keeps its entry (and identifier); another value is a new entry.
      else
        next.set(inputKey(i), {
          ...i,
          enteredAt:
            before && JSON.stringify(before.value) === JSON.stringify(i.value) && before.enteredAt
              ? before.enteredAt
              : now().toISOString().slice(0, 19) + 'Z',
        });
      return next;
    });

  const onKey = (e: KeyboardEvent) => {
    const i = TABS.findIndex(([v]) => v === view);
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      const n = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]![0];
      setView(n);
      (document.getElementById(`tab-${n}`) as HTMLElement | null)?.focus();
    }
  };
  const c = assessment.recommendations.candidacy;
  // The answer first: the header band is painted on its own, the screen below it (tabs, summary,
  // print version) a frame later, so the decision never waits for the longest screen's layout.
  const [below, setBelow] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setBelow(true));
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);

  return (
    <div class="app">
      <div class="top">
        <h1>Spine metastasis assessment</h1>
        <button type="button" class="print" onClick={() => window.print()}>
          Print tumour-board summary
        </button>
      </div>
      {ended ? (
        <div class="banner error" role="alert">
          <strong>{ended.message}</strong> {adviceFor(ended.kind, launchMode())}
          {inputs.size ? ` Unsaved inputs kept: ${inputs.size}.` : ''}
        </div>
      ) : null}
      {restored.length ? (
        <p class="banner" role="status">
          {restored.length === 1 ? '1 input' : `${restored.length} inputs`} from your earlier
          session in this window, not yet saved to the chart, restored: check them on Inputs.
        </p>
      ) : null}
      <HeaderBand a={assessment} resources={chart.resources} onChoose={(i) => set(i)} />
      {below ? (
        <>
          {chart.failed.length ? (
            <p class="banner warn" role="status">
              Not loaded: {chart.failed.map((f) => f.label).join(', ')}. Scores that need them show
              as incomplete.
            </p>
          ) : null}
          {suspiciousReads(chart.reads ?? []).map((w) => (
            <p key={w} class="banner warn" role="status">
              Check the data: {w}.
            </p>
          ))}
          {chart.reads?.length ? (
            <details class="reads">
              <summary>
                Read from the chart: {chart.reads.reduce((n, r) => n + (r.count ?? 0), 0)} resources
              </summary>
              <ul>
                {chart.reads.map((r) => (
                  <li key={r.key}>
                    {r.label}:{' '}
                    {r.unsupported
                      ? 'search not supported by this server'
                      : r.failed
                        ? 'not loaded'
                        : r.count}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          <main>
            <nav role="tablist" aria-label="Screens" onKeyDown={onKey}>
              {TABS.map(([v, label]) => (
                <button
                  key={v}
                  id={`tab-${v}`}
                  role="tab"
                  type="button"
                  aria-selected={view === v}
                  aria-controls="panel"
                  tabIndex={view === v ? 0 : -1}
                  onClick={() => setView(v)}
                >
                  {label}
                </button>
              ))}
            </nav>
            <div
              id="panel"
              role="tabpanel"
              aria-labelledby={`tab-${view}`}
              data-candidacy={c.headline}
            >
              {view === 'summary' ? (
                <Summary
                  a={assessment}
                  {...(session.appContext ? { appContext: session.appContext } : {})}
                />
              ) : null}
              {view === 'scores' ? <Scores a={assessment} /> : null}
              {view === 'inputs' ? <InputsScreen a={assessment} inputs={inputs} set={set} /> : null}
              {view === 'trends' ? <Trends a={assessment} /> : null}
              {view === 'save' ? (
                <SavePanel
                  a={assessment}
                  inputs={[...inputs.values()]}
                  session={session}
                  effective={effective}
                  written={written}
                  {...(lastSave ? { last: lastSave } : {})}
                  {...(ended ? { ended } : {})}
                  onEnded={setEnded}
                  onSaved={(l) => {
                    setLastSave(l);
                    setWritten((prev) => new Map([...prev, ...l.result.written]));
                    setSavedInputs(new Map([...inputs].map(([k, i]) => [k, JSON.stringify(i)])));
                  }}
                />
              ) : null}
            </div>
          </main>
          <div class="print-only" aria-hidden="true">
            <BoardSummary
              a={assessment}
              resources={chart.resources}
              {...(session.fhirUser ? { printedBy: session.fhirUser } : {})}
            />
          </div>
        </>
      ) : null}
    </div>
  );
}
