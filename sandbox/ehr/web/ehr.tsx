import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import {
  api,
  type Card,
  type ChartSummary,
  type HookResult,
  type PatientRow,
  type Suggestion,
  type WorklistRow,
} from './api.js';
import { CardView } from './CardView.js';
import './ehr.css';

/**
 * Feedback goes to the service that issued the cards (order-select and order-sign have their own
 * ids).
 */
const DEFAULT_SERVICE = 'spine-surgery-referral';
const ORDERABLE = {
  system: 'http://ehr.example.org/CodeSystem/orderables',
  code: 'REF-SPINE-SURG',
  display: 'Referral to spine surgery',
};

function draftFor(patient: string, priority: string, note: string): Record<string, unknown> {
  return {
    resourceType: 'ServiceRequest',
    id: `draft-${patient}`,
    status: 'draft',
    intent: 'order',
    priority,
    category: [
      {
        coding: [
          { system: 'http://snomed.info/sct', code: '3457005', display: 'Patient referral' },
        ],
      },
    ],
    code: { coding: [ORDERABLE], text: 'Referral to spine surgery' },
    performerType: {
      coding: [
        {
          system: 'http://nucc.org/provider-taxonomy',
          code: '207XS0117X',
          display: 'Orthopaedic Surgery of the Spine',
        },
      ],
    },
    subject: { reference: `Patient/${patient}` },
    requester: { reference: 'Practitioner/sandbox-surgeon' },
    authoredOn: new Date().toISOString(),
    ...(note ? { note: [{ text: note }] } : {}),
  };
}

/**
 * HH:MM:SS local time. Not toLocaleTimeString: its first call in a page loads the locale's date
 * formats (40 ms in a trace), and the first note is the app launch, on the click's path.
 */
const clockTime = (d: Date) =>
  [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');

function Ehr() {
  const [patients, setPatients] = useState<PatientRow[]>([]);
  const [pid, setPid] = useState<string>();
  const [chart, setChart] = useState<ChartSummary>();
  const [mode, setMode] = useState<'iframe' | 'window'>('iframe');
  const [readOnly, setReadOnly] = useState(false);
  const [appUrl, setAppUrl] = useState<string>();
  const [draft, setDraft] = useState<Record<string, unknown>>();
  const [cards, setCards] = useState<{ hook: string; result: HookResult }>();
  const [log, setLog] = useState<string[]>([]);
  const [worklist, setWorklist] = useState<{ asOf: string; entries: WorklistRow[] } | 'loading'>();
  const note = (s: string) => setLog((l) => [`${clockTime(new Date())} ${s}`, ...l].slice(0, 30));

  useEffect(() => {
    void api.patients().then((r) => setPatients(r.patients));
  }, []);
  useEffect(() => {
    setChart(undefined);
    setDraft(undefined);
    setCards(undefined);
    setAppUrl(undefined);
    if (pid) void api.chart(pid).then(setChart);
  }, [pid]);

  async function openApp(appContext?: string) {
    if (!pid) return;
    const { url } = await api.launch(pid, appContext, readOnly);
    note(`EHR launch${appContext ? ' from a card link' : ''} (${mode})`);
    if (mode === 'window') window.open(url, 'spinescore-app', 'width=1100,height=800');
    else setAppUrl(url);
  }

  async function runHook(hook: 'order-select' | 'order-sign', d: Record<string, unknown>) {
    if (!pid) return;
    const result = await api.hook(pid, hook, d);
    note(
      `${hook}: HTTP ${result.status}, ${result.body?.cards?.length ?? 0} cards in ` +
        `${Math.round(result.ms)} ms${result.error ? ` — ${result.error}` : ''}`,
    );
    setCards({ hook, result });
  }

  async function startOrder() {
    if (!pid) return;
    const d = draftFor(pid, 'routine', '');
    setDraft(d);
    await runHook('order-select', d);
  }

  async function accept(card: Card, s: Suggestion) {
    const creates = (s.actions ?? []).filter((a) => a.type !== 'update');
    for (const a of s.actions ?? []) {
      // An update of the draft order changes the draft being signed.
      if (
        a.type === 'update' &&
        a.resource?.resourceType === 'ServiceRequest' &&
        a.resource.id === draft?.id
      )
        setDraft(a.resource);
    }
    if (creates.length) {
      const r = await api.apply(creates);
      note(`Applied "${s.label}": created ${r.created.join(', ')}`);
    } else note(`Applied "${s.label}" to the draft order`);
    if (card.uuid && s.uuid)
      await api.feedback(cards?.result.serviceId ?? DEFAULT_SERVICE, [
        {
          card: card.uuid,
          outcome: 'accepted',
          acceptedSuggestions: [{ id: s.uuid }],
          outcomeTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        },
      ]);
    if (pid) setChart(await api.chart(pid));
  }

  async function override(
    card: Card,
    reason: { system: string; code: string; display?: string } | undefined,
    comment: string,
  ) {
    if (!card.uuid) return;
    const r = await api.feedback(cards?.result.serviceId ?? DEFAULT_SERVICE, [
      {
        card: card.uuid,
        outcome: 'overridden',
        ...(reason || comment
          ? {
              overrideReason: {
                ...(reason ? { reason } : {}),
                ...(comment ? { userComment: comment } : {}),
              },
            }
          : {}),
        outcomeTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      },
    ]);
    note(`Override sent (feedback HTTP ${r.status})`);
  }

  async function sign() {
    if (!draft || !pid) return;
    await runHook('order-sign', draft);
  }
  async function confirmSign() {
    if (!draft || !pid) return;
    const r = await api.sign(draft);
    note(`Order signed: ServiceRequest/${r.id}`);
    setDraft(undefined);
    setCards(undefined);
    setChart(await api.chart(pid));
  }

  return (
    <div class="ehr">
      <header class="bar">
        <strong>Sandbox EHR</strong>{' '}
        <span class="dev">Development sandbox — synthetic patients only</span>
      </header>
      <div class="cols">
        <nav class="patients" aria-label="Patients">
          <button
            type="button"
            id="run-worklist"
            onClick={async () => {
              setPid(undefined);
              setWorklist('loading');
              setWorklist(await api.worklist());
            }}
          >
            Safety-net worklist
          </button>
          <h2>Patients</h2>
          <ul>
            {patients.map((p) => (
              <li key={p.id}>
                <button
                  type="button"
                  aria-current={p.id === pid}
                  onClick={() => {
                    setWorklist(undefined);
                    setPid(p.id);
                  }}
                >
                  {p.name}{' '}
                  <small>
                    {p.id}
                    {p.birthDate ? ` · ${p.birthDate}` : ''}
                  </small>
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <main class="chart">
          {worklist ? (
            <section class="worklist" aria-labelledby="worklist-h">
              <h1 id="worklist-h">Safety-net worklist</h1>
              <p>
                Patients with spinal metastases whose spine can be unstable (SINS ≥ 7 still
                possible) or whose cord can be compressed at high grade (ESCC ≥ 2 still possible, or
                not recorded), or whose decision is at least urgent — and no spine-surgery referral
                on record. Decision support: review each chart.
              </p>
              {worklist === 'loading' ? (
                <p role="status">Assessing every chart…</p>
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Patient</th>
                      <th scope="col">Why</th>
                      <th scope="col">Decision</th>
                      <th scope="col">Data date</th>
                    </tr>
                  </thead>
                  <tbody>
                    {worklist.entries.map((e) => (
                      <tr key={e.patientId}>
                        <td>
                          <button
                            type="button"
                            onClick={() => {
                              setWorklist(undefined);
                              setPid(e.patientId);
                            }}
                          >
                            {e.name}
                          </button>{' '}
                          <small>{e.patientId}</small>
                        </td>
                        <td>
                          <ul>
                            {e.reasons.map((r) => (
                              <li key={r}>{r}</li>
                            ))}
                          </ul>
                        </td>
                        <td>{e.decision}</td>
                        <td>{e.dataDate ?? '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          ) : !chart ? (
            <p>Select a patient.</p>
          ) : (
            <>
              <h1>
                {chart.name}{' '}
                <small>
                  {chart.id} · {chart.gender ?? ''} · born {chart.birthDate ?? '?'}
                </small>
              </h1>
              <div class="actions">
                <button type="button" id="open-app" onClick={() => openApp()}>
                  Open Spine Metastasis Assessment
                </button>
                <label>
                  <input
                    type="radio"
                    name="mode"
                    checked={mode === 'iframe'}
                    onChange={() => setMode('iframe')}
                  />{' '}
                  in this page
                </label>
                <label>
                  <input
                    type="radio"
                    name="mode"
                    checked={mode === 'window'}
                    onChange={() => setMode('window')}
                  />{' '}
                  new window
                </label>
                <label>
                  <input
                    type="checkbox"
                    checked={readOnly}
                    onChange={(e) => setReadOnly((e.target as HTMLInputElement).checked)}
                  />{' '}
                  user without write permission
                </label>
                <button type="button" id="order-referral" onClick={startOrder}>
                  Order spine surgery referral
                </button>
              </div>
              {draft ? (
                <section class="order" aria-label="Draft order">
                  <h2>Draft order: Referral to spine surgery</h2>
                  <label>
                    Priority{' '}
                    <select
                      value={String(draft.priority)}
                      onChange={async (e) => {
                        const d = { ...draft, priority: (e.target as HTMLSelectElement).value };
                        setDraft(d);
                        await runHook('order-select', d);
                      }}
                    >
                      {['routine', 'urgent', 'asap', 'stat'].map((p) => (
                        <option key={p}>{p}</option>
                      ))}
                    </select>
                  </label>
                  <button type="button" id="sign-order" onClick={sign}>
                    Sign order
                  </button>
                  {cards?.hook === 'order-sign' ? (
                    <button type="button" id="confirm-sign" onClick={confirmSign}>
                      Confirm signature
                    </button>
                  ) : null}
                </section>
              ) : null}
              {cards ? (
                <section class="cards" aria-label={`Decision support (${cards.hook})`}>
                  <h2>
                    Decision support <small>{cards.hook}</small>
                  </h2>
                  {cards.result.error ? <p class="error">{cards.result.error}</p> : null}
                  {(cards.result.body?.cards ?? []).length === 0 ? <p>No cards.</p> : null}
                  {(cards.result.body?.cards ?? []).map((c) => (
                    <CardView
                      key={c.uuid ?? c.summary}
                      card={c}
                      on={{ accept, override, openSmart: (ctx) => void openApp(ctx) }}
                    />
                  ))}
                </section>
              ) : null}
              {appUrl ? (
                <iframe
                  class="app-frame"
                  title="Spine Metastasis Assessment"
                  src={appUrl}
                  width={1024}
                  height={768}
                />
              ) : null}
              <div class="summary-cols">
                <section>
                  <h2>Problems</h2>
                  <ul>
                    {chart.conditions.map((c) => (
                      <li key={c.id}>
                        {c.text} <small>{c.onset?.slice(0, 10)}</small>
                      </li>
                    ))}
                  </ul>
                </section>
                <section>
                  <h2>Recent results</h2>
                  <ul>
                    {chart.observations.map((o) => (
                      <li key={o.id}>
                        {o.text}: {o.value} <small>{o.date?.slice(0, 10)}</small>
                      </li>
                    ))}
                  </ul>
                </section>
                <section>
                  <h2>Orders</h2>
                  <ul id="orders">
                    {chart.orders.length ? (
                      chart.orders.map((o) => (
                        <li key={o.id}>
                          {o.text} — {o.status}
                          {o.priority ? `, ${o.priority}` : ''} <small>{o.id}</small>
                        </li>
                      ))
                    ) : (
                      <li>None</li>
                    )}
                  </ul>
                </section>
              </div>
              <section class="log">
                <h2>Activity</h2>
                <ol>
                  {log.map((l, i) => (
                    <li key={i}>{l}</li>
                  ))}
                </ol>
              </section>
            </>
          )}
        </main>
      </div>
    </div>
  );
}

render(<Ehr />, document.getElementById('ehr')!);
