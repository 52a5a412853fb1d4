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
 * The assessment (facts, scores, decision engine) and its screens are one chunk, asked for once the
 * chart's searches are out (launch.html prefetched it): the first page stays small, and evaluating
 * it (UCUM's tables with it) runs while the server answers instead of holding the searches back.
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
    (async () => {
      try {
        const s = session ?? (await open());
        if (!live) return;
        setSession(s);
        const chart = loadChart(
          s.patientId,
          s.fetchAll,
          (p) => live && setProgress((prev) => ({ ...prev, [p.key]: p })),
        );
        // After the searches are sent: module evaluation and UCUM's tables take the main thread.
        const [c, [app]] = await Promise.all([chart, Promise.all([loadApp(), loadUcum()])]);
        if (live) {
          setApp(() => app);
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
