import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { QUIET_SANDBOX } from '../support/sandbox.js';

/**
 * Which Chromium: CHROMIUM_PATH, else Debian's /usr/bin/chromium when installed, else the Chromium
 * shipped inside the @sparticuz/chromium npm package, so `npm ci && npm test` passes on a machine
 * without a system browser. SPINESCORE_BUNDLED_CHROMIUM=1 forces the packaged one (to test that
 * path).
 */
export async function chromiumPath(): Promise<string> {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (process.env.SPINESCORE_BUNDLED_CHROMIUM !== '1' && existsSync('/usr/bin/chromium'))
    return '/usr/bin/chromium';
  const { default: packaged } = await import('@sparticuz/chromium');
  return packaged.executablePath();
}

/** Chromium with the flags this machine needs (developers' guide). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: await chromiumPath(),
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-gpu',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** A quiet sandbox on a free loopback port with an in-memory feedback store (tests and benches). */
export async function testSandbox(
  extra: {
    generatePatients?: number;
    generateObservations?: number;
    accessTokenSeconds?: number;
  } = {},
): Promise<Sandbox> {
  return startSandbox({
    ...QUIET_SANDBOX,
    port: await freePort(),
    accessTokenSeconds: 600,
    ...extra,
  });
}

/**
 * Screenshots of each screen: to the ignored .artifacts/screenshots/ on every run (tests never
 * rewrite
 * tracked files); `npm run screenshots` points SCREENSHOTS_DIR at docs/screenshots/ to refresh the
 * documented ones.
 */
export const SHOTS =
  process.env.SCREENSHOTS_DIR ?? join(import.meta.dirname, '..', '..', '.artifacts', 'screenshots');
export async function shot(target: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await target.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

export async function appFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe.app-frame');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('no app frame');
  return frame;
}
