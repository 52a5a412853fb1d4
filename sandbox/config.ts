import { SERVER_PROFILES } from './fhir/server-profiles.js';

/** Sandbox settings from flags and environment, with safe defaults. */
export interface SandboxConfig {
  host: string;
  port: number;
  /** Listening on a non-loopback address must be asked for explicitly. */
  allowRemote: boolean;
  /** Extra Bundles / NDJSON to load at start. */
  loadDir?: string;
  /** Generated patients with long histories (c0, c1, …). */
  generatePatients: number;
  generateObservations: number;
  accessTokenSeconds: number;
  /** CDS Hooks service the EHR page calls; defaults to the embedded one. */
  cdsBaseUrl?: string;
  /** Where the built app and EHR page are (see `npm run build`). */
  staticDir: string;
  /**
   * Make the FHIR server behave as a less helpful real EHR server
   * (sandbox/fhir/server-profiles.ts).
   */
  fhirProfile?: string;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

export function readSandboxConfig(argv: string[], env: NodeJS.ProcessEnv): SandboxConfig {
  const flag = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (v: string | undefined, d: number, what: string) => {
    if (v === undefined) return d;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0)
      throw new Error(`${what} must be a whole number, got "${v}".`);
    return n;
  };
  const config: SandboxConfig = {
    host: flag('host') ?? env.SANDBOX_HOST ?? '127.0.0.1',
    port: num(flag('port') ?? env.SANDBOX_PORT ?? env.PORT, 8440, 'port'),
    allowRemote: argv.includes('--allow-remote') || env.SANDBOX_ALLOW_REMOTE === '1',
    generatePatients: num(flag('generate') ?? env.SANDBOX_GENERATE, 0, '--generate'),
    generateObservations: num(
      flag('observations') ?? env.SANDBOX_OBSERVATIONS,
      5000,
      '--observations',
    ),
    accessTokenSeconds: num(env.SANDBOX_TOKEN_SECONDS, 3600, 'SANDBOX_TOKEN_SECONDS'),
    staticDir: env.SANDBOX_STATIC_DIR ?? 'dist',
  };
  const load = flag('load') ?? env.SANDBOX_LOAD_DIR;
  if (load) config.loadDir = load;
  const profile = flag('fhir-profile') ?? env.SANDBOX_FHIR_PROFILE;
  if (profile) {
    if (!(profile in SERVER_PROFILES))
      throw new Error(
        `--fhir-profile must be one of ${Object.keys(SERVER_PROFILES).join(', ')}; got ` +
          `"${profile}".`,
      );
    config.fhirProfile = profile;
  }
  const cds = env.CDS_BASE_URL;
  if (cds) config.cdsBaseUrl = cds;
  if (!isLoopback(config.host) && !config.allowRemote) {
    throw new Error(
      `Refusing to listen on ${config.host}: this is a development sandbox. Pass ` +
        `--allow-remote (or SANDBOX_ALLOW_REMOTE=1) if you really mean it.`,
    );
  }
  return config;
}
