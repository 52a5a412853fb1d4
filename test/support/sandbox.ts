import { createSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server.js';

/** A test's sandbox: the scenario patients only, feedback in memory, nothing logged. */
export const QUIET_SANDBOX: SandboxOptions = {
  host: '127.0.0.1',
  port: 8440,
  allowRemote: false,
  generatePatients: 0,
  generateObservations: 0,
  accessTokenSeconds: 300,
  staticDir: 'dist',
  feedbackDb: 'memory',
  log: () => undefined,
};

/** A quiet sandbox answered through `app.fetch`, not listening: the port only names its origin. */
export function inProcessSandbox(): Promise<Sandbox> {
  return createSandbox(QUIET_SANDBOX);
}
