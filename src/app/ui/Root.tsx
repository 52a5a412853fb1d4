import { useEffect, useState } from 'preact/hooks';
import type { LoadProgress } from '../data/load-chart.js';
import { loadChart } from '../data/load-chart.js';
import { loadUcum } from '../ucum-lazy.js';
import { asProblem, type LaunchProblem } from '../smart/session.js';
import type { ComponentType } from 'preact';
import { ErrorScreen } from './ErrorScreen.js';
import type { AppSession, Chart } from './types.js';

type AppView = ComponentType<{ session: AppSession; chart: Chart }>;
/**
 * The assessment (facts, scores, decision engine) and its screens are one chunk, imported from the
 * cache (launch.html prefetched it) as the page starts: it is evaluated while the token is
 * exchanged, and the main thread is free again when the chart's first answers come in. UCUM's
 * unit tables are built once the searches are out, while the server answers.
 */
const loadApp = (): Promise<AppView> => import('./App.js').then((m) => m.App);

/** Session → chart (with a progress list naming what loads) → the app; or a failure screen. */
export function Root({ open }: { open: () => Promise<AppSession> }) {
  const [session, setSession] = useState<AppSession>();
  const [chart, setChart] = useState<Chart>();
  const [App, setApp] = useState<AppView>();
  const [progress, setProgress] = useState<Record<string, LoadProgress>>({});
  const [problem, setProblem] = useState<LaunchProblem>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    // The token request goes out first; the code is evaluated while it is answered.
    const opening = session ? Promise.resolve(session) : open();
    const app = loadApp();
    app.catch(() => undefined); // a failure is reported where it is awaited, below
    (async () => {
      try {
        const s = await opening;
        if (!live) return;
        setSession(s);
        const chart = loadChart(
          s.patientId,
          s.fetchAll,
          (p) => live && setProgress((prev) => ({ ...prev, [p.key]: p })),
        );
        const [c, view] = await Promise.all([chart, app, loadUcum()]);
        if (live) {
          setApp(() => view);
          setChart(c);
        }
      } catch (e) {
        if (live) setProblem(asProblem(e));
      }
    })();
    return () => {
      live = false;
    };
  }, [attempt]);

  if (problem)
    return (
      <ErrorScreen
        kind={problem.kind}
        message={problem.message}
        {...(problem.detail ? { detail: problem.detail } : {})}
        {...(problem.kind === 'fhir'
          ? {
              onRetry: () => {
                setProblem(undefined);
                setAttempt((n) => n + 1);
              },
            }
          : {})}
      />
    );
  if (!session || !chart || !App) {
    const items = Object.values(progress);
    return (
      <main class="loading" aria-busy="true" aria-labelledby="loading-h">
        <h1 id="loading-h">{session ? 'Reading the chart…' : 'Connecting to the EHR…'}</h1>
        <ul role="status">
          {items.map((p) => (
            <li key={p.key} class={p.state}>
              {p.state === 'done' ? '✓' : p.state === 'failed' ? '✗' : '…'} {p.label}
              {p.count !== undefined ? ` (${p.count})` : ''}
            </li>
          ))}
        </ul>
      </main>
    );
  }
  return <App session={session} chart={chart} />;
}
