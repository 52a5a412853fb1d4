import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { INPUT_ROWS, type InputRow } from '../../src/inputs/input-table.js';
import type { SpineLevel } from '../../src/clinical/spine-levels.js';
import type { Sandbox } from '../../sandbox/server.js';
import { enteredWords, samples } from '../inputs/input-samples.js';
import { appFrame, launchChromium, testSandbox } from './browser.js';

// A browser flow on a shared 2-core machine, beside every other suite: a few minutes at most.
vi.setConfig({ testTimeout: 180_000 });

/**
 * Every row of the input table, entered through the Inputs screen in a real browser, saved to the
 * chart, and read back after a relaunch: each input's "Now: …" line shows the value entered, from
 * the Observation saved (not from the session). Per-level inputs go to a level marked on the spine.
 */
let sb: Sandbox;
let browser: Browser;
let page: Page;
const PATIENT = 's07';
const LEVEL: SpineLevel = 'T9';

beforeAll(async () => {
  sb = await testSandbox();
  browser = await launchChromium();
  // UTC, so a date-time entered in the browser reads back with the same wall-clock time.
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, timezoneId: 'UTC' });
  page.on('pageerror', (e) => console.error('[page error]', e.message));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await sb?.close();
});

async function launch(): Promise<Frame> {
  await page.goto(`${sb.origin}/ehr/`);
  await page.getByRole('button', { name: new RegExp(`\\b${PATIENT}\\b`) }).click();
  await page.getByRole('button', { name: 'Open Spine Metastasis Assessment' }).click();
  const frame = await appFrame(page);
  await frame.waitForSelector('[role=tabpanel]', { timeout: 20_000 });
  await frame.getByRole('tab', { name: 'Inputs' }).click();
  return frame;
}

/** The value entered for a row: a yes for yes/no inputs, else the last value of its domain. */
const chosen = (row: InputRow) =>
  row.value === 'boolean' ? samples(row)[0]! : samples(row).at(-1)!;
const idOf = (row: InputRow) => (row.perLevel ? `${row.code}-${LEVEL}` : row.code);

async function enter(app: Frame, row: InputRow): Promise<void> {
  const v = chosen(row);
  const control = app.locator(`#${idOf(row)}`);
  if (row.section === 'map') return; // marked by clicking the level on the spine
  if (typeof v === 'object') await control.selectOption(v.code);
  else if (row.flag) await control.check();
  else if (typeof v === 'boolean') await control.selectOption(v ? 'yes' : 'no');
  else if (row.value === 'integer' && row.range?.[1] !== undefined)
    await control.selectOption(String(v));
  else {
    await control.fill(row.value === 'dateTime' ? String(v).slice(0, 16) : String(v));
    await control.dispatchEvent('change');
  }
}

describe('the Inputs screen, every input of the table', () => {
  it('offers every input; each entered, saved and relaunched reads back as recorded', async () => {
    let app = await launch();
    await app.getByRole('option', { name: LEVEL, exact: true }).click();
    await app.getByRole('group', { name: new RegExp(`^Lesion at ${LEVEL}`) }).waitFor();
    for (const row of INPUT_ROWS) await enter(app, row);
    // Entered, not yet saved: every line says so, none claims the chart.
    for (const row of INPUT_ROWS) {
      await expect
        .poll(() => app.locator(`#${idOf(row)}-now`).textContent(), { timeout: 20_000 })
        .toContain('entered in this session, not saved');
    }

    await app.getByRole('tab', { name: 'Save to chart' }).click();
    await app.getByRole('button', { name: 'Save to chart' }).click();
    await app.getByRole('heading', { name: 'Saved' }).waitFor({ timeout: 30_000 });

    app = await launch();
    await app.getByRole('option', { name: new RegExp(`^${LEVEL}, involved$`) }).click();
    await app.getByRole('group', { name: new RegExp(`^Lesion at ${LEVEL}`) }).waitFor();
    const wrong: string[] = [];
    for (const row of INPUT_ROWS) {
      const now = (await app.locator(`#${idOf(row)}-now`).textContent()) ?? '';
      const words = enteredWords(row, chosen(row));
      const asRecorded =
        now.startsWith(`Now: ${words} (`) &&
        /\(.*Observation\/[A-Za-z0-9-]+/.test(now) &&
        !/not saved/.test(now);
      if (!asRecorded) wrong.push(`${row.code}: entered ${words}, shows "${now}"`);
    }
    expect(wrong).toEqual([]);
  });
});
