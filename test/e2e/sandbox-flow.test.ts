import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Bundle, Observation, ServiceRequest } from 'fhir/r4';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Multi-step browser flows on a shared 2-core machine, beside every other suite: a minute each.
vi.setConfig({ testTimeout: 60_000 });
import type { Sandbox } from '../../sandbox/server.js';
import { appFrame, launchChromium, shot, testSandbox } from './browser.js';

/**
 * The whole product in a real browser on the real sandbox: EHR page → EHR launch with PKCE →
 * scores → SINS items on the spine diagram → recommendation changes → save → Observations on
 * the FHIR server → reopen and see them used → referral → cards → accept → created resource →
 * feedback stored → the card's SMART link opens the app on the inputs.
 */
let sb: Sandbox;
let browser: Browser;
let page: Page;
const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

beforeAll(async () => {
  sb = await testSandbox();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => console.error('[page error]', e.message));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await sb?.close();
});

async function search<T extends import('fhir/r4').Resource>(url: string): Promise<Bundle<T>> {
  return (await sb.repo.search(
    (await import('@medplum/core')).parseSearchRequest(url),
  )) as unknown as Bundle<T>;
}

async function axe(frame: Frame | Page): Promise<string[]> {
  await frame.evaluate(axeSource);
  const result = await frame.evaluate(async () => {
    const r = await (
      window as unknown as {
        axe: {
          run: (
            ctx: unknown,
            o: unknown,
          ) => Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }>;
        };
      }
    ).axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.impact}: ${v.id} (${v.nodes.length})`);
  });
  return result.filter((v) => v.startsWith('critical') || v.startsWith('serious'));
}

async function openPatient(id: string) {
  await page.goto(`${sb.origin}/ehr/`);
  await page.getByRole('button', { name: new RegExp(`\\b${id}\\b`) }).click();
  await page.getByRole('button', { name: 'Open Spine Metastasis Assessment' }).waitFor();
}

async function launchApp(): Promise<Frame> {
  await page.getByRole('button', { name: 'Open Spine Metastasis Assessment' }).click();
  const frame = await appFrame(page);
  await frame.waitForSelector('[role=tabpanel]', { timeout: 20_000 });
  return frame;
}

describe('sandbox, end to end in Chromium', () => {
  it('launches the app from the EHR page through the real authorization flow and shows the scores', async () => {
    await openPatient('s07');
    await shot(page, 'ehr-page');
    const app = await launchApp();
    // SINS 11–18 with three items missing: consultation either way, but "SINS ≥ 13" only could
    // apply.
    // Frankel D with no ESCC grade: a possible emergency leads, then the category on named
    // assumptions.
    await app
      .getByRole('heading', {
        name: /^Decision: Possible emergency: confirm today — surgical consultation — assuming/,
      })
      .waitFor();
    expect(await app.locator('[role=tabpanel]').getAttribute('data-candidacy')).toBe(
      'surgical-consultation',
    );
    expect(
      await app
        .locator('[role=tabpanel] li.statement[data-certainty=applies]', {
          hasText: 'candidacy.instability.sins-13',
        })
        .count(),
    ).toBe(0);
    expect(
      await app
        .locator('[role=tabpanel] li.statement[data-certainty=possible]', {
          hasText: 'candidacy.instability.sins-13',
        })
        .count(),
    ).toBe(1);
    await shot(page, 'app-summary');
    expect(await axe(app)).toEqual([]);
    await app.getByRole('tab', { name: 'Scores' }).click();
    await app.getByRole('heading', { name: /SINS L1/ }).waitFor();
    expect(await app.locator('article[aria-label^="SINS L1"] .value').textContent()).toBe('11–18');
    await shot(page, 'app-scores');
    expect(await axe(app)).toEqual([]);
  });

  it('enters the missing SINS items on the spine diagram, sees the recommendation change, and saves to the chart', async () => {
    const app = await appFrame(page);
    await app.getByRole('tab', { name: 'Inputs' }).click();
    await app.getByRole('option', { name: /^L1/ }).click();
    await app.getByLabel('SINS bone lesion quality').selectOption({ label: 'Lytic (2)' });
    await app
      .getByLabel('SINS radiographic spinal alignment')
      .selectOption({ label: 'De novo deformity (kyphosis/scoliosis) (2)' });
    await app
      .getByLabel('SINS posterolateral involvement of spinal elements')
      .selectOption({ label: 'Bilateral (3)' });
    await app.getByRole('group', { name: /Lesion at L1 — SINS 1[3-8]$/ }).waitFor();
    await shot(page, 'app-inputs');
    expect(await axe(app)).toEqual([]);
    await app.getByRole('tab', { name: 'Summary' }).click();
    // SINS now ≥ 13: the remarkable-instability indication (KANDA2021) applies.
    await app
      .locator('[role=tabpanel] li.statement[data-certainty=applies]', {
        hasText: 'candidacy.instability.sins-13',
      })
      .first()
      .waitFor();
    await app.getByRole('tab', { name: 'Trends' }).click();
    await app.getByRole('heading', { name: 'Trends' }).waitFor();
    await shot(page, 'app-trends');
    await app.getByRole('tab', { name: 'Save to chart' }).click();
    await app.getByRole('button', { name: 'Save to chart' }).click();
    await app.getByRole('heading', { name: 'Saved' }).waitFor();
    await shot(page, 'app-saved');
    const saved = await app.locator('.saved code').allTextContents();
    expect(saved.length).toBeGreaterThanOrEqual(4);
    const ids = saved.filter((s) => s.startsWith('Observation/'));
    for (const ref of ids)
      expect((await sb.repo.readResource('Observation', ref.split('/')[1]!)).resourceType).toBe(
        'Observation',
      );
    const sins = await search<Observation>(
      'Observation?patient=Patient/s07&code=https://spinescore.example.org/fhir/' +
        'CodeSystem/spine-scores|sins-total',
    );
    expect(sins.entry?.[0]?.resource?.valueInteger).toBeGreaterThanOrEqual(13);
    // Saving again creates nothing new.
    await app.getByRole('button', { name: 'Save to chart' }).click();
    await app.getByText('Nothing new: everything was already in the chart.').waitFor();
    expect(
      (
        await search<Observation>(
          'Observation?patient=Patient/s07&code=https://spinescore.example.org/fhir/' +
            'CodeSystem/spine-scores|sins-total',
        )
      ).total,
    ).toBe(1);
  });

  const SINS_TOTAL =
    'Observation?patient=Patient/s07&code=https://spinescore.example.org/fhir/CodeSystem/' +
    'spine-scores|sins-total';
  const ALIGNMENT =
    'Observation?patient=Patient/s07&code=https://spinescore.example.org/fhir/CodeSystem/' +
    'spine-scores|sins-alignment';

  it('an edit after saving: the app stops claiming the old values are in the chart, then writes the new ones and marks the corrected ones', async () => {
    const app = await appFrame(page);
    const before = (await search<Observation>(SINS_TOTAL)).entry!.map((e) => e.resource!);
    await app.getByRole('tab', { name: 'Inputs' }).click();
    await app
      .getByLabel('SINS radiographic spinal alignment')
      .selectOption({ label: 'Subluxation/translation present (4)' });
    await app.getByRole('tab', { name: 'Save to chart' }).click();
    await app
      .getByText('Changed since the last save: the values above are not in the chart yet.')
      .waitFor();
    expect(await app.getByRole('heading', { name: 'Saved' }).count()).toBe(0);
    await app.getByRole('button', { name: 'Save to chart' }).click();
    await app.getByRole('heading', { name: 'Saved' }).waitFor();
    await app.getByText(/Superseded by your corrections: .*marked entered-in-error/).waitFor();
    const totals = (await search<Observation>(SINS_TOTAL)).entry!.map((e) => e.resource!);
    expect(totals).toHaveLength(2);
    const old = totals.find((o) => o.id === before[0]!.id)!;
    const now = totals.find((o) => o.id !== before[0]!.id)!;
    expect(old.status).toBe('entered-in-error');
    expect(now.status).toBe('final');
    expect(now.valueInteger).toBe(before[0]!.valueInteger! + 2);
    const alignments = (await search<Observation>(ALIGNMENT)).entry!.map((e) => e.resource!);
    expect(
      alignments.map((o) => `${o.status}:${o.valueCodeableConcept?.coding?.[0]?.code}`).sort(),
    ).toEqual(['entered-in-error:sins-alignment-deformity', 'final:sins-alignment-subluxation']);
    // One Provenance per save that created something, none for a save that created nothing.
    const provenance = await search<import('fhir/r4').Provenance>('Provenance?_count=100');
    expect(
      provenance.entry!.filter((e) =>
        e.resource!.target.some((t) => t.reference === `Observation/${now.id}`),
      ),
    ).toHaveLength(1);
  });

  it('reopens the app, uses the saved inputs, and a save of the unchanged chart writes nothing', async () => {
    await openPatient('s07');
    const app = await launchApp();
    await app
      .locator('[role=tabpanel] li.statement[data-certainty=applies]', {
        hasText: 'candidacy.instability.sins-13',
      })
      .first()
      .waitFor();
    await app.getByRole('tab', { name: 'Scores' }).click();
    expect(
      Number(await app.locator('article[aria-label^="SINS L1"] .value').textContent()),
    ).toBeGreaterThanOrEqual(13);
    const count = async () =>
      (await search<Observation>('Observation?patient=Patient/s07&_count=1')).total! +
      ((await search('Provenance?_count=1')).total ?? 0);
    const before = await count();
    await app.getByRole('tab', { name: 'Save to chart' }).click();
    await app.getByRole('button', { name: 'Save to chart' }).click();
    await app.getByText('Nothing new: everything was already in the chart.').waitFor();
    expect(await count()).toBe(before);
  });

  it('orders a referral: cards appear, a suggestion is accepted, the resource is created and feedback stored', async () => {
    await openPatient('s01');
    await page.getByRole('button', { name: 'Order spine surgery referral' }).click();
    const card = page.locator('article.card.critical');
    await card.waitFor({ timeout: 45_000 });
    expect(await card.locator('.summary').textContent()).toMatch(
      /^Emergency: spine surgical review today — surgical consultation/,
    );
    expect(await page.locator('article.card').count()).toBe(2);
    await shot(page, 'ehr-cards');
    const before = (await search<ServiceRequest>('ServiceRequest?patient=Patient/s01')).total ?? 0;
    await page.getByRole('button', { name: /Order whole-spine MRI/ }).click();
    await page.getByText(/Accepted: Order whole-spine MRI/).waitFor();
    const after = await search<ServiceRequest>('ServiceRequest?patient=Patient/s01');
    expect(after.total).toBe(before + 1);
    expect(
      after.entry!.some((e) => /MRI of the whole spine/.test(e.resource!.code?.text ?? '')),
    ).toBe(true);
    const store = await sb.feedbackStore();
    await expect
      .poll(async () => (await store.stats()).find((s) => s.cardKind === 'approach')?.accepted ?? 0)
      .toBe(1);
    // Accepting "Make this referral stat" (cord compression with a deficit) changes the draft, then
    // signing runs order-sign.
    await page.getByRole('button', { name: /Make this referral stat/ }).click();
    expect(await page.getByLabel('Priority').inputValue()).toBe('stat');
    await page.getByRole('button', { name: 'Sign order' }).click();
    await page.getByRole('heading', { name: /order-sign/ }).waitFor();
    await page.getByRole('button', { name: 'Confirm signature' }).click();
    await page.locator('#orders', { hasText: 'stat' }).waitFor();
  });

  it("opens the app from a card's SMART link on the inputs the card says are missing", async () => {
    await openPatient('s07');
    await page.getByRole('button', { name: 'Order spine surgery referral' }).click();
    await page.locator('article.card').first().waitFor({ timeout: 20_000 });
    // The SINS items saved from the app earlier are read back by the service: this referral sees
    // SINS ≥ 13.
    expect(await page.locator('article.card').first().textContent()).toMatch(/SINS 1[3-8] at L1/);
    await page
      .getByRole('button', { name: /in the Spine Metastasis app/ })
      .first()
      .click();
    const app = await appFrame(page);
    await app.waitForSelector('[role=tabpanel]', { timeout: 20_000 });
    expect(await app.getByRole('tab', { selected: true }).textContent()).toMatch(/Inputs|Summary/);
  });
});

describe('other launch paths', () => {
  it('launches the app in a new window from the EHR page', async () => {
    await openPatient('s02');
    await page.getByLabel('new window').check();
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByRole('button', { name: 'Open Spine Metastasis Assessment' }).click(),
    ]);
    await popup.getByRole('heading', { name: /^Decision:/ }).waitFor({ timeout: 20_000 });
    expect(await popup.locator('.band .name').textContent()).toBe('Keiko Suzuki');
    await popup.close();
    await page.getByLabel('in this page').check();
  });

  it('standalone launch: the authorization server shows its patient picker, then the app opens on the patient chosen', async () => {
    const p = await browser.newPage();
    await p.goto(`${sb.origin}/launch.html`);
    await p.getByRole('button', { name: /Ewa Kowalski/ }).click();
    await p.getByRole('heading', { name: /^Decision:/ }).waitFor({ timeout: 20_000 });
    expect(await p.locator('.band .name').textContent()).toBe('Ewa Kowalski');
    await p.close();
  });
});

describe('failure screens in the browser', () => {
  it('the app opened without a launch explains how to launch it', async () => {
    const p = await browser.newPage();
    await p.goto(`${sb.origin}/index.html`);
    await p
      .getByRole('heading', { name: /must be opened by launching the app from the EHR/ })
      .waitFor();
    await shot(p, 'app-error-no-launch');
    await p.close();
  });

  it('a user without write permission sees why saving is disabled', async () => {
    await openPatient('s03');
    await page.getByLabel('user without write permission').check();
    const app = await launchApp();
    await app.getByRole('tab', { name: 'Save to chart' }).click();
    await app.getByText(/did not grant permission to create Observations/).waitFor();
    expect(await app.getByRole('button', { name: 'Save to chart' }).isDisabled()).toBe(true);
    await shot(page, 'app-save-disabled');
  });

  it('a standalone launch the user refuses says that access was not allowed, not "launch from the EHR"', async () => {
    const p = await browser.newPage();
    await p.goto(`${sb.origin}/launch.html`);
    await p.getByRole('button', { name: 'Do not allow access' }).click();
    await p
      .getByRole('heading', { name: 'Access to the chart was not allowed.' })
      .waitFor({ timeout: 20_000 });
    await p.getByText(/allow it to read the chart when the EHR asks/).waitFor();
    await p.close();
  });

  it('an expired or unknown launch says so, with what to do', async () => {
    const p = await browser.newPage();
    const iss = encodeURIComponent(`${sb.origin}/fhir/R4`);
    await p.goto(`${sb.origin}/launch.html?iss=${iss}&launch=expired-launch-value`);
    await p
      .getByRole('heading', { name: 'The launch expired before it completed.' })
      .waitFor({ timeout: 20_000 });
    await p.getByText(/Launches are valid for a short time/).waitFor();
    await p.close();
  });

  it('a launch from an unknown server is refused before any network call', async () => {
    const p = await browser.newPage();
    const requests: string[] = [];
    p.on('request', (r) => requests.push(r.url()));
    await p.goto(
      `${sb.origin}/launch.html?iss=${encodeURIComponent('https://evil.example/fhir')}&launch=x`,
    );
    await p.getByRole('heading', { name: 'Unknown EHR' }).waitFor();
    expect(requests.some((u) => u.startsWith('https://evil.example'))).toBe(false);
    await p.close();
  });
});
