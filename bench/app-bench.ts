/**
 * SMART app (issues #5, #21): the first page's bytes (gzip), and the time from the EHR's launch
 * click to the header band's decision on screen, for the patient with 5,000 Observations and for
 * an ordinary scenario patient (headless Chromium, median of runs after a warm-up, each in a fresh
 * browser context so nothing is cached between launches), with the FHIR requests one launch
 * makes. `--warm`: every launch of a patient in one browser context instead, after two warm-up
 * launches there (HTTP cache and compiled code kept, as a clinician's browser keeps them). Needs
 * `npm run build` first (`npm run bench:app` and `npm run bench` do it).
 *   npm run bench:app [-- --runs 5 --observations 5000 --scenario s07 --warm]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext } from 'playwright-core';
import {
  fmt,
  freePort,
  launchChromium,
  median,
  opt,
  startSandboxProcess,
  stopChild,
  table,
} from './lib.js';

const args = process.argv.slice(2);
const runs = Number(opt(args, 'runs', '5'));
const observations = Number(opt(args, 'observations', '5000'));
const scenario = opt(args, 'scenario', 's07');
const warm = args.includes('--warm');
const DIST = join(import.meta.dirname, '..', 'dist');
if (!existsSync(join(DIST, 'app', 'index.html'))) {
  console.error('dist/ is missing: run npm run build first (npm run bench does).');
  process.exit(2);
}

// --- bytes per page -----------------------------------------------------------------------
const gz = (file: string) => gzipSync(readFileSync(file)).length;
const kb = (n: number) => fmt(n / 1024, 1);
/**
 * What a page loads before it runs: its HTML, module entry, every modulepreload, its styles; and
 * apart, what it prefetches for the next page (fetched at low priority, not run or waited for).
 */
function firstPage(dir: string, html: string, base: string) {
  const text = readFileSync(join(dir, html), 'utf8');
  const refs = (prefetch: boolean) =>
    [...text.matchAll(/<(?:script|link)\b[^>]*>/g)]
      .map((m) => m[0])
      .filter((tag) => /\brel="prefetch"/.test(tag) === prefetch)
      .map((tag) => /\b(?:src|href)="([^"]+)"/.exec(tag)?.[1] ?? '')
      .filter((r) => r.startsWith(base) && /\.(js|css)$/.test(r))
      .map((r) => join(dir, r.slice(base.length)));
  const local = refs(false);
  const js = local.filter((f) => f.endsWith('.js'));
  const sum = (fs: string[]) => fs.reduce((s, f) => s + gz(f), 0);
  const jsB = sum(js);
  const cssB = sum(local.filter((f) => f.endsWith('.css')));
  const htmlB = gzipSync(text).length;
  return { js, jsB, cssB, htmlB, total: jsB + cssB + htmlB, prefetchB: sum(refs(true)) };
}
const sizes: Array<Record<string, string | number>> = [];
const pages = [
  ['app (index.html): first page', join(DIST, 'app'), 'index.html', '/', 40],
  ['launch (launch.html)', join(DIST, 'app'), 'launch.html', '/', 30],
  ['sandbox EHR page', join(DIST, 'ehr'), 'index.html', '/ehr/', 0],
] as const;
const initial = new Set<string>();
for (const [page, dir, html, base, target] of pages) {
  const p = firstPage(dir, html, base);
  if (base === '/') p.js.forEach((f) => initial.add(f));
  sizes.push({
    page,
    'JS KiB': kb(p.jsB),
    files: p.js.length,
    'CSS KiB': kb(p.cssB),
    'HTML KiB': kb(p.htmlB),
    'total KiB gzip': kb(p.total),
    target: target ? `≤ ${target} KiB` : '-',
    ok: target ? (p.total / 1024 <= target ? 'yes' : 'NO') : '-',
    'prefetched KiB': p.prefetchB ? kb(p.prefetchB) : '-',
  });
}
const assets = join(DIST, 'app', 'assets');
for (const f of readdirSync(assets)
  .filter((n) => n.endsWith('.js'))
  .map((n) => join(assets, n))) {
  if (initial.has(f)) continue;
  const name = f
    .split('/')
    .pop()!
    .replace(/-[\w-]{8}\.js$/, '');
  sizes.push({
    page: `  chunk ${name}`,
    'JS KiB': kb(gz(f)),
    files: 1,
    'CSS KiB': '-',
    'HTML KiB': '-',
    'total KiB gzip': kb(gz(f)),
    target: 'loaded later',
    ok: '-',
    'prefetched KiB': '-',
  });
}

// --- launch click → decision on screen ----------------------------------------------------
/**
 * Runs in every document of the context (the EHR page and each page of the app frame): the EHR
 * page notes when the launch button is clicked, the app notes the animation frame in which the
 * header band's decision first appears (the frame that paints it). Both as wall-clock ms. The app
 * says so on its console, which the bench waits for: polling the frame (`waitForFunction`) would
 * have Playwright evaluate its own 300 KiB script in each of the frame's pages and run a check
 * every frame, on the main thread the launch is timed on (30–60 ms of a launch).
 */
const PAINTED = 'spinescore-bench: decision painted';
// A string, not a function: tsx would wrap a function's inner functions in a helper the page lacks.
const PROBE = `(() => {
  addEventListener('click', (e) => {
    const b = e.target && e.target.closest && e.target.closest('button');
    if (b && b.textContent.includes('Open Spine Metastasis Assessment')) {
      window.__clickAt = performance.timeOrigin + e.timeStamp;
    }
  }, true);
  new MutationObserver((_, o) => {
    if (!document.querySelector('.band .decision')) return;
    o.disconnect();
    requestAnimationFrame(() => {
      window.__decisionAt = performance.timeOrigin + performance.now();
      console.debug(${JSON.stringify(PAINTED)});
    });
  }).observe(document, { childList: true, subtree: true });
})();`;

interface Launch {
  ms: number;
  /** Click → the token's answer: the SMART EHR launch itself, before the first FHIR search. */
  launchMs: number;
  fhir: number;
  fhirData: number;
  auth: number;
}

/** A browser context with the probe in every document. */
async function probedContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  await context.addInitScript({ content: PROBE });
  return context;
}

/** One launch in `shared` (a page of it, closed after), or in a fresh context of its own. */
async function launchOnce(
  browser: Browser,
  origin: string,
  patient: string,
  shared?: BrowserContext,
): Promise<Launch> {
  const context = shared ?? (await probedContext(browser));
  const page = await context.newPage();
  try {
    await page.goto(`${origin}/ehr/`);
    await page
      .getByRole('button', { name: new RegExp(`\\b${patient}\\b`) })
      .first()
      .click();
    const open = page.getByRole('button', { name: 'Open Spine Metastasis Assessment' });
    await open.waitFor();
    const fhir: string[] = [];
    let auth = 0;
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/fhir/R4')) fhir.push(u.pathname + u.search);
      if (u.pathname.startsWith('/auth/')) auth++;
    });
    const painted = page.waitForEvent('console', {
      predicate: (m) => m.text() === PAINTED,
      timeout: 60_000,
    });
    await open.click();
    await painted;
    const frame = await (await page.waitForSelector('iframe.app-frame')).contentFrame();
    const at = await frame!.evaluate(() => (window as { __decisionAt?: number }).__decisionAt);
    const clickAt = await page.evaluate(() => (window as { __clickAt?: number }).__clickAt);
    // The token's answer as the app's page timed it (Resource Timing, wall clock).
    const tokenAt = await frame!.evaluate(() => {
      const t = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find(
        (e) => new URL(e.name).pathname.endsWith('/auth/token'),
      );
      return t ? performance.timeOrigin + t.responseEnd : undefined;
    });
    // Every request of the launch, also any made after the answer showed: wait until it is quiet.
    await frame!.waitForLoadState('networkidle');
    if (clickAt === undefined || at === undefined || tokenAt === undefined)
      throw new Error('the launch was not seen');
    return {
      ms: Math.round(at - clickAt),
      launchMs: Math.round(tokenAt - clickAt),
      fhir: fhir.length,
      auth,
      fhirData: fhir.filter((p) => !/\/(metadata|\.well-known)/.test(p)).length,
    };
  } finally {
    await (shared ? page.close() : context.close());
  }
}

// The sandbox in its own process, as `npm start` runs it: in this one its server would share the
// event loop with the Playwright driver, whose protocol traffic then delays every answer.
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const sandbox = await startSandboxProcess(port, {
  SANDBOX_GENERATE: '1',
  SANDBOX_OBSERVATIONS: String(observations),
});
const browser = await launchChromium();
const rows: Array<Record<string, string | number>> = [];
try {
  for (const [patient, label, target] of [
    ['c0', `c0 (${observations.toLocaleString('en')} Observations)`, 600],
    [scenario, `${scenario} (scenario patient)`, 300],
  ] as const) {
    // Warm-up: server caches, JIT, disk cache; with --warm, twice in the context every launch uses
    // (a script's compiled code is kept from its second load on).
    const shared = warm ? await probedContext(browser) : undefined;
    for (let i = 0; i < (warm ? 2 : 1); i++) await launchOnce(browser, origin, patient, shared);
    const launches: Launch[] = [];
    for (let i = 0; i < runs; i++)
      launches.push(await launchOnce(browser, origin, patient, shared));
    await shared?.close();
    const ms = launches.map((l) => l.ms);
    const m = median(ms);
    rows.push({
      patient: label,
      'median ms': m,
      runs: ms.join(' / '),
      target: `≤ ${target} ms`,
      met: m <= target ? 'yes' : 'NO',
      'of which launch (click → token)': median(launches.map((l) => l.launchMs)),
      // The app's own share: from the token's answer, the searches, the assessment and the paint.
      'token → decision': median(launches.map((l) => l.ms - l.launchMs)),
      'FHIR requests': median(launches.map((l) => l.fhir)),
      '≤ 12': median(launches.map((l) => l.fhir)) <= 12 ? 'yes' : 'NO',
      'of which data': median(launches.map((l) => l.fhirData)),
      'auth requests': median(launches.map((l) => l.auth)),
    });
  }
} finally {
  await browser.close();
  await stopChild(sandbox);
}

console.log(
  '\nBytes per page, gzip (a page: what it loads before it runs; prefetched: fetched for the ' +
    'next page while it waits; chunks: fetched by the app as it runs):',
);
console.log(table(sizes));
console.log(
  `\nEHR launch click → header band's decision on screen, headless Chromium, ${runs} ` +
    (warm
      ? `launches in one browser context after two warm-up launches there (--warm):`
      : `fresh browser contexts after a warm-up:`),
);
console.log(table(rows));
process.exit(0);
