import { spawn, type ChildProcess } from 'node:child_process';

/** Shared helpers of the bench scripts: order statistics, free ports, child servers. */
export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Nearest-rank percentile (p in 0..100). */
export const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};

export const fmt = (n: number, digits = 1): string => n.toFixed(digits);

export function opt(args: string[], name: string, def: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : def;
}

// One definition of a free loopback port and of Chromium with this machine's flags: the browser
// tests'.
export { freePort, launchChromium, testSandbox } from '../test/e2e/browser.js';

/**
 * Starts a TypeScript entry point in its own Node process and waits until `ready` matches its
 * output.
 */
export async function startChild(
  entry: string,
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 60_000,
  nodeArgs: string[] = [],
): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${entry} did not start in ${timeoutMs} ms:\n${out}`)),
      timeoutMs,
    );
    const onData = (d: string) => {
      out += d;
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.setEncoding('utf8').on('data', onData);
    child.stderr!.setEncoding('utf8').on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited (${code}):\n${out}`));
    });
  });
  child.removeAllListeners('exit');
  // Keep draining so a chatty child never blocks on a full pipe.
  child.stdout!.resume();
  child.stderr!.resume();
  return child;
}

/**
 * The sandbox as `npm start` runs it, in its own process on `port` (feedback in memory), resolved
 * once it says it is ready; `env` adds settings (sandbox/config.ts).
 */
export function startSandboxProcess(
  port: number,
  env: Record<string, string> = {},
): Promise<ChildProcess> {
  return startChild(
    'scripts/start.ts',
    { SANDBOX_PORT: String(port), SANDBOX_FEEDBACK_DB: 'memory', ...env },
    /Ctrl-C stops/,
  );
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
  });
}

export function table(rows: Array<Record<string, string | number>>): string {
  if (rows.length === 0) return '';
  const cols = Object.keys(rows[0]!);
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(width[i]!)).join('  ');
  return [
    line(cols),
    line(width.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(cols.map((c) => String(r[c])))),
  ].join('\n');
}
