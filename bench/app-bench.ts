/**
 * SMART app (issue #5): JavaScript shipped per page (gzip), time from the EHR's launch click to
 * the scores on screen for a patient with 5,000 Observations (headless Chromium, median of
 * runs, each in a fresh browser context so nothing is cached between launches), and the FHIR
 * requests one launch makes. Needs `npm run build` first (`npm run bench` does it).
 *   npm run bench:app [-- --runs 5 --observations 5000]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fmt, launchChromium, median, opt, table, testSandbox } from './lib.js';

const args = process.argv.slice(2);
const runs = Number(opt(args, 'runs', '5'));
const observations = Number(opt(args, 'observations', '5000'));
const DIST = join(import.meta.dirname, '..', 'dist');
if (!existsSync(join(DIST, 'app', 'index.html'))) {
  console.error('dist/ is missing: run npm run build first (npm run bench does).');
  process.exit(2);
}

// --- bytes per page -----------------------------------------------------------------------
const gz = (file: string) => gzipSync(readFileSync(file)).length;
/** Scripts and styles a page loads up front: its module entry and every modulepreload. */
function initialAssets(dir: string, html: string, base: string): { js: string[]; css: string[] } {
  const text = readFileSync(join(dir, html), 'utf8');
  const refs = [...text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((r) => r.startsWith(base) && /\.(js|css)$/.test(r));
  const local = refs.map((r) => join(dir, r.slice(base.length)));
  return { js: local.filter((f) => f.endsWith('.js')), css: local.filter((f) => f.endsWith('.css')) };
}
const sizes: Array<Record<string, string | number>> = [];
const kb = (n: number) => fmt(n / 1024, 1);
for (const [page, dir, html, base, target] of [
  ['app (index.html)', join(DIST, 'app'), 'index.html', '/', 80],
  ['launch (launch.html)', join(DIST, 'app'), 'launch.html', '/', 30],
  ['sandbox EHR page', join(DIST, 'ehr'), 'index.html', '/ehr/', 0],
] as const) {
  const { js, css } = initialAssets(dir, html, base);
  const jsBytes = js.reduce((s, f) => s + gz(f), 0);
  sizes.push({ page, 'JS KiB gzip': kb(jsBytes), files: js.length, 'CSS KiB gzip': kb(css.reduce((s, f) => s + gz(f), 0)), target: target ? `≤ ${target} KB` : '-', ok: target ? (jsBytes / 1024 <= target ? 'yes' : 'NO') : '-' });
}
{
  const initial = new Set([...initialAssets(join(DIST, 'app'), 'index.html', '/').js, ...initialAssets(join(DIST, 'app'), 'launch.html', '/').js]);
  const assets = join(DIST, 'app', 'assets');
  for (const f of readdirSync(assets).filter((n) => n.endsWith('.js')).map((n) => join(assets, n)).filter((f) => !initial.has(f))) {
    sizes.push({ page: `  lazy chunk ${f.split('/').pop()!.replace(/-[\w-]{8}\.js$/, '')}`, 'JS KiB gzip': kb(gz(f)), files: 1, 'CSS KiB gzip': '-', target: 'on demand', ok: '-' });
  }
}

// --- launch to scores ---------------------------------------------------------------------
const sandbox = await testSandbox({ generatePatients: 1, generateObservations: observations, accessTokenSeconds: 3600 });
const browser = await launchChromium();
const launches: Array<{ ms: number; fhir: number; fhirData: number; auth: number; jsKb: number }> = [];
try {
  for (let i = 0; i < runs + 1; i++) {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    await page.goto(`${sandbox.origin}/ehr/`);
    await page.getByRole('button', { name: /\bc0\b/ }).click();
    const open = page.getByRole('button', { name: 'Open Spine Metastasis Assessment' });
    await open.waitFor();
    const fhir: string[] = [];
    let auth = 0;
    const scripts = new Set<string>();
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/assets/') && u.pathname.endsWith('.js')) scripts.add(join(DIST, 'app', u.pathname));
      if (u.pathname.startsWith('/fhir/R4')) fhir.push(u.pathname + u.search);
      if (u.pathname.startsWith('/auth/')) auth++;
    });
    const t0 = Date.now();
    await open.click();
    const frame = await (await page.waitForSelector('iframe.app-frame')).contentFrame();
    await frame!.locator('.band .decision').waitFor({ timeout: 60_000 });
    const ms = Date.now() - t0;
    if (i > 0) launches.push({ ms, fhir: fhir.length, fhirData: fhir.filter((p) => !/\/(metadata|\.well-known)/.test(p)).length, auth, jsKb: [...scripts].reduce((t, f) => t + gz(f), 0) / 1024 });
    await context.close();
  }
} finally {
  await browser.close();
  await sandbox.close();
}

console.log('\nJavaScript shipped per page (gzip, what the page loads before it can run):');
console.log(table(sizes));
console.log(`\nEHR launch click → scores on screen, patient c0 with ${observations} Observations, headless Chromium, ${runs} fresh launches (after one warm-up):`);
console.log(table([{
  'median ms': median(launches.map((l) => l.ms)), 'min ms': Math.min(...launches.map((l) => l.ms)), 'max ms': Math.max(...launches.map((l) => l.ms)), target: '≤ 1500 ms',
  'FHIR requests': median(launches.map((l) => l.fhir)), 'of which data queries/pages': median(launches.map((l) => l.fhirData)), 'auth requests': median(launches.map((l) => l.auth)), 'JS loaded KiB gzip (launch + app + lazy)': fmt(median(launches.map((l) => l.jsKb)), 1),
}]));
process.exit(0);
