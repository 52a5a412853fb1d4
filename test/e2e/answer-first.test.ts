import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Multi-step browser flows on a shared 2-core machine, beside every other suite: a minute each.
vi.setConfig({ testTimeout: 60_000 });
import type { Sandbox } from '../../sandbox/server.js';
import { SCENARIOS } from '../../src/synthetic/scenarios.js';
import { appFrame, launchChromium, shot, testSandbox } from './browser.js';

/**
 * Answer first, for every scenario patient, in the sandbox EHR at 1024×768: the first viewport
 * shows
 * who the patient is, the decision and its urgency, the approach and the score chips without
 * scrolling; the tumour-board print is one A4 page (Chromium's own PDF).
 */
let sb: Sandbox;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  sb = await testSandbox();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await sb?.close();
});

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);
async function axe(p: Page): Promise<string[]> {
  await p.evaluate(axeSource);
  const v = await p.evaluate(async () =>
    (
      await (
        window as unknown as {
          axe: {
            run: (
              c: unknown,
              o: unknown,
            ) => Promise<{ violations: Array<{ id: string; impact: string }> }>;
          };
        }
      ).axe.run(document, { resultTypes: ['violations'] })
    ).violations.map((x) => `${x.impact}: ${x.id}`),
  );
  return v.filter((x) => x.startsWith('critical') || x.startsWith('serious'));
}

/** PDF page count: Chromium writes one "/Type /Page" object per page. */
const pages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;

describe('answer first (1024×768 in the sandbox EHR)', () => {
  it.each(SCENARIOS.map((s) => [s.id, s.id.slice(0, 3)] as const))(
    '%s: identity, decision, urgency, approach and chips in the first viewport; the ' +
      'board summary prints on one A4 page',
    async (_id, pid) => {
      await page.goto(`${sb.origin}/ehr/`);
      await page.getByRole('button', { name: new RegExp(`\\b${pid}\\b`) }).click();
      await page.getByLabel('in this page').check();
      await page.getByRole('button', { name: 'Open Spine Metastasis Assessment' }).click();
      const app = await appFrame(page);
      await app.waitForSelector('.band .decision', { timeout: 20_000 });
      for (const sel of ['.band .name', '.band .decision', '.band .facts', '.band .chips']) {
        const box = await app.locator(sel).first().boundingBox();
        expect(box, sel).not.toBeNull();
        expect(
          box!.y + box!.height,
          `${sel} bottom at ${box!.y + box!.height}px`,
        ).toBeLessThanOrEqual(768);
        expect(box!.y).toBeGreaterThanOrEqual(0);
      }
      expect(await app.locator('.band .facts').textContent()).toMatch(/Urgency: .+Approach: .+/);
      expect(await app.locator('.band .chips li').count()).toBeGreaterThanOrEqual(7);
      if (pid === 's04') await shot(page, 'app-header-band');

      await page.getByLabel('new window').check();
      const [popup] = await Promise.all([
        page.waitForEvent('popup'),
        page.getByRole('button', { name: 'Open Spine Metastasis Assessment' }).click(),
      ]);
      await popup.waitForSelector('.board', { state: 'attached', timeout: 20_000 });
      await popup.emulateMedia({ media: 'print' });
      const pdf = await popup.pdf({ format: 'A4', printBackground: true });
      if (pid === 's01') {
        await popup.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
        await shot(popup, 'board-summary-print');
      }
      expect(pages(pdf)).toBe(1);
      const text = await popup.locator('.board').textContent();
      expect(text).toMatch(/Board decision/);
      // no rule ids on paper
      expect(text).not.toMatch(/(candidacy|approach|urgency|contra)\.[a-z]/);
      await popup.close();
    },
    60_000,
  );
});

describe('every screen at 768 px wide', () => {
  it('fits without horizontal scrolling and is axe clean on every tab, with the "why?" provenance open', async () => {
    await page.goto(`${sb.origin}/ehr/`);
    await page.getByRole('button', { name: /\bs01\b/ }).click();
    await page.getByLabel('new window').check();
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByRole('button', { name: 'Open Spine Metastasis Assessment' }).click(),
    ]);
    await popup.setViewportSize({ width: 768, height: 1024 });
    await popup.waitForSelector('.band .decision', { timeout: 20_000 });
    for (const tab of ['Summary', 'Scores', 'Inputs', 'Trends', 'Save to chart']) {
      await popup.getByRole('tab', { name: tab }).click();
      await popup.waitForSelector('[role=tabpanel] h2');
      if (tab === 'Summary')
        await popup.locator('[role=tabpanel] details.why summary').first().click();
      const overflow = await popup.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `${tab} overflows by ${overflow}px`).toBeLessThanOrEqual(0);
      expect(await axe(popup), tab).toEqual([]);
    }
    await popup.close();
    await page.getByLabel('in this page').check();
  }, 60_000);
});
