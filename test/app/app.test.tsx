// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import FHIR from 'fhirclient/lib/entry/browser';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIO_REFERENCE_DATE } from '../../src/synthetic/scenarios.js';
import { daysBetween, shiftDate } from '../../src/synthetic/shift-dates.js';
import { fetchAllWith, LaunchProblem } from '../../src/app/smart/session.js';
import { Root } from '../../src/app/ui/Root.js';
import type { AppSession } from '../../src/app/ui/types.js';
import { capabilityStatement } from '../../sandbox/fhir/capability.js';
import { loadFhirDefinitions } from '../../sandbox/fhir/definitions.js';
import { createFhirApp } from '../../sandbox/fhir/fhir-app.js';
import { IndexedRepository } from '../../sandbox/fhir/indexed-repository.js';
import { seedScenarios } from '../../sandbox/fhir/seed.js';
import { headlineText } from '../../src/recommend/describe.js';
import { assessScenario } from '../scenario-helpers.js';

/**
 * Component tests of every screen. The remote EHR is msw, forwarding to the embedded FHIR
 * server with the scenario patients; fhirclient is the real browser build.
 */
const BASE = 'https://ehr.test/fhir/R4';
const server = setupServer();
let repo: IndexedRepository;
let fhirApp: ReturnType<typeof createFhirApp>;
const forward = async ({ request }: { request: Request }) =>
  fhirApp.fetch(
    new Request(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.method === 'GET' ? {} : { body: await request.text() }),
    }),
  );

beforeAll(async () => {
  loadFhirDefinitions();
  repo = new IndexedRepository();
  // The charts moved to today, as the sandbox does: the app assesses as of the day it runs.
  await seedScenarios(repo, 'fixtures/scenarios', { asOf: new Date().toISOString().slice(0, 10) });
  fhirApp = createFhirApp({
    basePath: '/fhir/R4',
    repo,
    capabilityStatement: () => capabilityStatement({ fhirBase: BASE }),
  });
  server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => {
  cleanup();
  server.resetHandlers();
  sessionStorage.clear();
});
afterAll(() => server.close());

function session(patientId: string, over: Partial<AppSession> = {}): AppSession {
  const client = FHIR.client({
    serverUrl: BASE,
    tokenResponse: {
      access_token: 'tok',
      patient: patientId,
      scope: 'patient/*.rs patient/Observation.c patient/Provenance.c',
    },
  });
  return {
    patientId,
    serverUrl: BASE,
    fhirUser: 'Practitioner/sandbox-surgeon',
    canWrite: { observations: true, provenance: true },
    fetchAll: fetchAllWith({ client } as never),
    request: (init) =>
      client.request(
        init.method
          ? {
              url: init.url,
              method: init.method,
              ...(init.body ? { body: init.body } : {}),
              headers: init.headers ?? {},
            }
          : init.url,
      ),
    ...over,
  };
}

const show = (s: AppSession | Promise<AppSession>) => render(<Root open={async () => s} />);

describe('summary', () => {
  it('s01: the emergency first, with its assumptions, rules, inputs, sources and citations', async () => {
    server.use(http.all(`${BASE}/*`, forward));
    show(session('s01'));
    await screen.findByRole(
      'heading',
      {
        name: /Decision: Emergency: spine surgical review today — surgical consultation — assuming/,
      },
      { timeout: 10_000 },
    );
    // The same words as the cards and the CLI (recommend/describe.ts), from the same engine.
    const s01 = assessScenario('s01-ctj-lung-cord-compression').recommendations.candidacy;
    expect(
      screen.getAllByRole('heading', { name: `Decision: ${headlineText(s01)}` }).length,
    ).toBeGreaterThan(0);
    expect(screen.getAllByText('urgency.neuro.ctj').length).toBeGreaterThan(0);
    expect(
      screen.getAllByText(/expected survival of 3 months or more \(no clinician estimate/).length,
    ).toBeGreaterThan(0);
    expect(screen.getAllByText(/CTJ2018/).length).toBeGreaterThan(0);
    expect(screen.getByRole('heading', { name: 'Conflicting signals' })).toBeTruthy();
    expect(
      screen.getByRole('heading', { name: 'Expected course for patients like this one' }),
    ).toBeTruthy();
    // inputs name their source resource
    expect(document.body.textContent).toMatch(/Observation\/s01-/);
  });

  it('shows a progress list naming what is loading', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    server.use(
      http.get(`${BASE}/Procedure`, async (info) => {
        await gate;
        return forward(info);
      }),
      http.all(`${BASE}/*`, forward),
    );
    show(session('s03'));
    await screen.findByText(/conditions \(\d+\)/);
    expect(screen.getByText(/procedures \(radiotherapy, surgery\)/)).toBeTruthy();
    release();
    await screen.findByRole('heading', { name: /Decision:/ }, { timeout: 10_000 });
  });

  it('reads each query of the plan once per launch (the Patient once)', async () => {
    const urls: string[] = [];
    server.use(
      http.all(`${BASE}/*`, (info) => {
        urls.push(new URL(info.request.url).pathname + new URL(info.request.url).search);
        return forward(info);
      }),
    );
    show(session('s01'));
    await screen.findByRole('heading', { name: /Decision:/ }, { timeout: 10_000 });
    // The Patient comes with the Conditions (_include), and is not read again alone.
    expect(urls.filter((u) => u.startsWith('/fhir/R4/Patient'))).toEqual([]);
    expect(
      urls.filter((u) => /^\/fhir\/R4\/Condition\?.*_include=Condition:patient/.test(u)),
    ).toEqual(['/fhir/R4/Condition?patient=s01&_include=Condition:patient']);
    expect(new Set(urls).size).toBe(urls.length);
  });

  it('opens on the view a CDS card asked for, and names the referral', async () => {
    server.use(http.all(`${BASE}/*`, forward));
    show(
      session('s07', { appContext: { view: 'inputs', serviceRequest: 'ServiceRequest/draft-1' } }),
    );
    await screen.findByRole('heading', { name: 'Inputs' }, { timeout: 10_000 });
    expect(screen.getByRole('tab', { name: 'Inputs' }).getAttribute('aria-selected')).toBe('true');
  });
});

describe('scores and inputs', () => {
  it('lists every item with points, source and date, and the range when items are missing', async () => {
    server.use(http.all(`${BASE}/*`, forward));
    show(session('s07'));
    fireEvent.click(await screen.findByRole('tab', { name: 'Scores' }, { timeout: 10_000 }));
    const sins = await screen.findByRole('article', { name: /SINS L1/ });
    expect(within(sins).getByText('11–18')).toBeTruthy();
    expect(sins.querySelector('.missing')!.textContent).toMatch(
      /Missing: .*alignment.*posterolateral/i,
    ); // L1 pain, lytic, >50 % collapse known
    const kat = screen.getByRole('article', { name: 'New Katagiri' });
    expect(within(kat).getAllByText(/Observation\/|Condition\//).length).toBeGreaterThan(0);
  });

  it('recomputes at once when a SINS item is entered on the spine diagram', async () => {
    server.use(http.all(`${BASE}/*`, forward));
    show(session('s07'));
    fireEvent.click(await screen.findByRole('tab', { name: 'Inputs' }, { timeout: 10_000 }));
    fireEvent.click(screen.getByRole('option', { name: /^L1/ }));
    const legend = () => screen.getByText(/Lesion at L1 — SINS/).textContent;
    expect(legend()).toMatch(/11–18/);
    fireEvent.change(screen.getByLabelText('SINS bone lesion quality'), {
      target: { value: 'sins-bone-lesion-lytic' },
    });
    fireEvent.change(screen.getByLabelText('SINS radiographic spinal alignment'), {
      target: { value: 'sins-alignment-normal' },
    });
    fireEvent.change(screen.getByLabelText('SINS posterolateral involvement of spinal elements'), {
      target: { value: 'sins-posterolateral-none' },
    });
    await waitFor(() => expect(legend()).toMatch(/SINS \d+$/));
    // Provenance of an unsaved entry says so; it is never shown as a chart resource.
    expect(
      document.getElementById(
        screen
          .getByLabelText('SINS radiographic spinal alignment')
          .getAttribute('aria-describedby')!,
      )!.textContent,
    ).toBe('Now: spinal alignment: normal (entered in this session, not saved)');
    expect(document.body.textContent).not.toMatch(/Observation\/unsaved-/);
    fireEvent.click(screen.getByRole('tab', { name: 'Summary' }));
    expect(screen.queryAllByText('candidacy.instability.sins-13')).toHaveLength(0);
  });

  it('s01: the input an assumption stands in for is offered, and entering it replaces the assumption (expected survival 3–6 months)', async () => {
    server.use(http.all(`${BASE}/*`, forward));
    show(session('s01'));
    await screen.findByRole(
      'heading',
      { name: /Decision: Emergency: spine surgical review today/ },
      { timeout: 10_000 },
    );
    fireEvent.click(screen.getByRole('tab', { name: 'Inputs' }));
    await screen.findByText(/would settle the decision/, {}, { timeout: 10_000 });
    expect(
      screen.getAllByText(
        /assuming expected survival of 3 months or more \(no clinician estimate; revised Tokuhashi/,
      ).length,
    ).toBeGreaterThan(0);
    fireEvent.change(await screen.findByLabelText('Expected survival (clinician estimate)'), {
      target: { value: 'expected-survival-3to6m' },
    });
    await waitFor(() =>
      expect(document.querySelector('.band .decision')!.textContent).toBe(
        'Emergency: spine surgical review today — surgical consultation — assuming fit for surgery',
      ),
    );
    // ESCC options carry their grade, never a raw code.
    expect(
      [
        ...(
          screen.getByLabelText(
            'Epidural spinal cord compression (Bilsky) grade',
          ) as HTMLSelectElement
        ).options,
      ].map((o) => o.textContent),
    ).toContain('ESCC 3 — Cord compression, no CSF visible');
  });

  it('s08: a performance status recorded twice the same day with different values is a conflict the clinician settles from the header', async () => {
    server.use(http.all(`${BASE}/*`, forward));
    show(session('s08'));
    const banner = await screen.findByText(/Performance status conflicts/, {}, { timeout: 10_000 });
    const buttons = within(banner.closest('p')!).getAllByRole('button');
    expect(buttons.length).toBeGreaterThanOrEqual(2);
    fireEvent.click(buttons[0]!);
    await waitFor(() => expect(screen.queryByText(/Performance status conflicts/)).toBeNull());
    // Terms explain themselves on hover and focus.
    const term = document.querySelector('.band abbr.term')!;
    expect(term.getAttribute('title')).toMatch(/Spinal Instability Neoplastic Score/);
    expect(term.getAttribute('tabindex')).toBe('0');
  });

  it('the spine is one keyboard control: arrow keys move between levels, Enter marks the level involved', async () => {
    server.use(http.all(`${BASE}/*`, forward));
    show(session('s03'));
    fireEvent.click(await screen.findByRole('tab', { name: 'Inputs' }, { timeout: 10_000 }));
    const spine = await screen.findByRole('listbox', {}, { timeout: 10_000 });
    expect(spine.getAttribute('tabindex')).toBe('0');
    expect(spine.getAttribute('aria-activedescendant')).toBe('vert-L3');
    fireEvent.keyDown(spine, { key: 'ArrowDown' });
    await waitFor(() =>
      expect(screen.getByRole('listbox').getAttribute('aria-activedescendant')).toBe('vert-L4'),
    );
    expect(screen.getByRole('option', { name: /^L4/ }).getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(screen.getByRole('listbox'), { key: 'Enter' });
    await waitFor(() =>
      expect(screen.getByRole('option', { name: /^L4/ }).getAttribute('aria-label')).toBe(
        'L4, involved',
      ),
    );
    expect(screen.getByText(/Involved: L3, L4\. Editing: L4\./)).toBeTruthy();
  });

  it('marks a new involved level from the diagram', async () => {
    server.use(http.all(`${BASE}/*`, forward));
    show(session('s03'));
    fireEvent.click(await screen.findByRole('tab', { name: 'Inputs' }, { timeout: 10_000 }));
    const t9 = screen.getByRole('option', { name: /^T9/ });
    expect(t9.getAttribute('aria-label')).toBe('T9');
    fireEvent.click(t9);
    await waitFor(() =>
      expect(screen.getByRole('option', { name: /^T9/ }).getAttribute('aria-label')).toBe(
        'T9, involved',
      ),
    );
    expect(screen.getByText(/Lesion at T9/)).toBeTruthy();
  });
});

describe('trends', () => {
  it('draws the histories and classifies the outcome when a surgery is recorded, or says why not', async () => {
    server.use(http.all(`${BASE}/*`, forward));
    show(session('s05'));
    fireEvent.click(await screen.findByRole('tab', { name: 'Trends' }, { timeout: 10_000 }));
    await screen.findByRole('heading', { name: 'Trends' });
    expect(screen.getAllByRole('figure').length).toBe(6);
    // Every chart has a dated axis and its values as a table.
    for (const fig of screen.getAllByRole('figure')) {
      if (!fig.querySelector('svg')) continue;
      expect(fig.querySelectorAll('svg text.tick').length).toBeGreaterThanOrEqual(3);
      expect(
        [...fig.querySelectorAll('svg text.tick')].some((t) =>
          /^\d{4}-\d{2}-\d{2}$/.test(t.textContent ?? ''),
        ),
      ).toBe(true);
      expect(fig.querySelector('details.values table tbody tr')).toBeTruthy();
    }
    expect(screen.getByText(/No spine surgery is recorded|Outcome since surgery/)).toBeTruthy();
  });
});

describe('trends', () => {
  it('labels values as clinicians read them: Frankel letters, counts, which way is better', async () => {
    server.use(http.all(`${BASE}/*`, forward));
    show(session('s07'));
    fireEvent.click(await screen.findByRole('tab', { name: 'Trends' }, { timeout: 10_000 }));
    // The chart was moved to today (as the sandbox does): the fixture's 2026-11-18 reads as the
    // same day before today.
    const day = shiftDate(
      '2026-11-18',
      daysBetween(SCENARIO_REFERENCE_DATE, new Date().toISOString().slice(0, 10)),
    );
    expect(
      (await screen.findByText(/^Frankel grade \(modified D1–D3 within D\): latest/)).textContent,
    ).toBe(`Frankel grade (modified D1–D3 within D): latest D on ${day} (1 value)`);
    expect(screen.getByText(/^Pain \(0–10\): latest/).textContent).toMatch(
      /lower is better, drawn higher$/,
    );
  });
});

describe('save to chart', () => {
  it('writes scores and inputs with a Provenance, shows the server ids, and saving twice creates nothing', async () => {
    server.use(http.all(`${BASE}/*`, forward), http.all(BASE, forward));
    show(session('s03'));
    fireEvent.click(await screen.findByRole('tab', { name: 'Save to chart' }, { timeout: 10_000 }));
    const button = await screen.findByRole('button', { name: 'Save to chart' });
    fireEvent.click(button);
    await screen.findByRole('heading', { name: 'Saved' }, { timeout: 10_000 });
    const refs = [...document.querySelectorAll('.saved code')].map((c) => c.textContent!);
    expect(refs.some((r) => r.startsWith('Provenance/'))).toBe(true);
    const obs = refs.filter((r) => r.startsWith('Observation/'));
    expect(obs.length).toBeGreaterThan(0);
    for (const r of obs)
      expect(
        (
          (await repo.readResource('Observation', r.split('/')[1]!)) as {
            subject?: { reference?: string };
          }
        ).subject?.reference,
      ).toBe('Patient/s03');
    fireEvent.click(screen.getByRole('button', { name: 'Save to chart' }));
    await screen.findByText(
      'Nothing new: everything was already in the chart.',
      {},
      { timeout: 10_000 },
    );
  });

  it('explains why saving is disabled without a write scope', async () => {
    server.use(http.all(`${BASE}/*`, forward));
    show(session('s03', { canWrite: { observations: false, provenance: false } }));
    fireEvent.click(await screen.findByRole('tab', { name: 'Save to chart' }, { timeout: 10_000 }));
    const button = (await screen.findByRole('button', {
      name: 'Save to chart',
    })) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(document.getElementById('save-why')!.textContent).toMatch(
      /did not grant permission to create Observations/,
    );
  });

  it("says Save is turned off when the EHR's registration has writeback: false, whatever was granted", async () => {
    server.use(http.all(`${BASE}/*`, forward));
    show(
      session('s03', { writebackOff: true, canWrite: { observations: false, provenance: false } }),
    );
    fireEvent.click(await screen.findByRole('tab', { name: 'Save to chart' }, { timeout: 10_000 }));
    expect(
      ((await screen.findByRole('button', { name: 'Save to chart' })) as HTMLButtonElement)
        .disabled,
    ).toBe(true);
    expect(document.getElementById('save-why')!.textContent).toMatch(
      /turned off for this EHR .*"writeback": false/,
    );
  });

  it('names the write scope the EHR did not grant', async () => {
    server.use(http.all(`${BASE}/*`, forward));
    show(
      session('s03', {
        notGranted: ['patient/Observation.cu', 'patient/Provenance.c'],
        canWrite: { observations: false, provenance: false },
      }),
    );
    fireEvent.click(await screen.findByRole('tab', { name: 'Save to chart' }, { timeout: 10_000 }));
    await screen.findByRole('button', { name: 'Save to chart' });
    expect(document.getElementById('save-why')!.textContent).toContain(
      'did not grant permission to create Observations (patient/Observation.cu was asked ' +
        'for and not granted)',
    );
  });

  it('shows the server refusal without losing the entries', async () => {
    // s04: nothing of it saved by the test above, so the save must reach the server.
    server.use(
      http.post(BASE, () =>
        HttpResponse.json(
          { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'forbidden' }] },
          { status: 403 },
        ),
      ),
      http.all(`${BASE}/*`, forward),
    );
    show(session('s04'));
    fireEvent.click(await screen.findByRole('tab', { name: 'Save to chart' }, { timeout: 10_000 }));
    fireEvent.click(await screen.findByRole('button', { name: 'Save to chart' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Not saved/);
  });
});

describe('failure screens', () => {
  it.each([
    ['no-launch', /opened by launching/, /start “Spine Metastasis Assessment”/],
    ['no-context', /did not say which patient/, /within a patient’s chart/],
    ['denied', /Read access to Observation was not granted/, /needs read access/],
    ['expired', /Your session ended — reopen the app from the patient’s chart/, /Nothing is lost/],
  ] as const)('%s', async (kind, title, advice) => {
    const messages: Record<string, string> = {
      'no-launch': 'This page must be opened by launching the app from the EHR.',
      'no-context': 'The EHR did not say which patient to open.',
      denied: 'Read access to Observation was not granted.',
      expired: 'Your session ended — reopen the app from the patient’s chart.',
    };
    render(<Root open={() => Promise.reject(new LaunchProblem(kind, messages[kind]!))} />);
    expect((await screen.findByRole('heading', { name: title })).tagName).toBe('H1');
    expect(screen.getByText(advice)).toBeTruthy();
  });

  it('a FHIR server error while reading the chart offers a retry that works', async () => {
    let fail = true;
    server.use(
      http.get(`${BASE}/Condition`, (info) =>
        fail
          ? HttpResponse.json({ resourceType: 'OperationOutcome' }, { status: 500 })
          : forward(info),
      ),
      http.all(`${BASE}/*`, forward),
    );
    show(session('s03'));
    await screen.findByRole('heading', { name: /could not be read/ }, { timeout: 10_000 });
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByRole('heading', { name: /Decision:/ }, { timeout: 10_000 });
  });

  it('an expired token while reading becomes the re-launch screen', async () => {
    server.use(
      http.get(`${BASE}/Condition`, () => HttpResponse.json({}, { status: 401 })),
      http.all(`${BASE}/*`, forward),
    );
    show(session('s03'));
    await screen.findByRole(
      'heading',
      { name: 'Your session ended — reopen the app from the patient’s chart.' },
      { timeout: 10_000 },
    );
  });

  it('a refused optional query still shows the scores, with a banner naming what is missing', async () => {
    server.use(
      http.get(`${BASE}/MedicationStatement`, () =>
        HttpResponse.json({ resourceType: 'OperationOutcome' }, { status: 403 }),
      ),
      http.all(`${BASE}/*`, forward),
    );
    show(session('s05'));
    await screen.findByRole('heading', { name: /Decision:/ }, { timeout: 10_000 });
    expect(screen.getByRole('status').textContent).toMatch(/Not loaded: medication statements/);
  });
});
