/**
 * npm start: the whole product on one loopback port — embedded FHIR server with synthetic
 * patients, SMART authorization server, CDS Hooks service, EHR page and the SMART app.
 *   npm start -- [--port 8440] [--host 127.0.0.1] [--load <folder>] [--generate N [--observations
 *   M]]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { readSandboxConfig } from '../sandbox/config.js';
import { sandboxDataDir, startSandbox } from '../sandbox/server.js';
import { EXPORT_TYPES } from '../src/cli/bulk-client.js';

const started = performance.now();
let config;
try {
  config = readSandboxConfig(process.argv.slice(2), process.env);
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}
// A back-end client for Bulk Data (SMART Backend Services): a fresh key each start, its private
// half in this sandbox's own git-ignored folder (.data/sandbox-<port>/) so `npm run assess --
// --fhir …`
// can use it. Written only once the port is ours: a second start on a busy port changes nothing.
const bulkKey = await generateKeyPair('ES384', { extractable: true });
const bulkClients = [
  {
    clientId: 'spinescore-bulk',
    jwks: [{ ...(await exportJWK(bulkKey.publicKey)), kid: 'sandbox-bulk', alg: 'ES384' }],
    scopes: EXPORT_TYPES.map((t) => `system/${t}.rs`),
  },
];
const dataDir = sandboxDataDir(config.port);
let sandbox;
try {
  const feedbackDb = process.env.CDS_DATABASE_URL ?? process.env.SANDBOX_FEEDBACK_DB;
  sandbox = await startSandbox({
    ...config,
    bulkClients,
    dataDir,
    ...(feedbackDb ? { feedbackDb } : {}),
  });
} catch (e) {
  if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
  console.error(
    `Port ${config.port} is in use (another sandbox, or another program): nothing was ` +
      `started or changed. Stop it, or start this one with --port <another port>.`,
  );
  process.exit(2);
}
mkdirSync(dataDir, { recursive: true });
const keyFile = join(dataDir, 'bulk-client.jwk.json');
writeFileSync(
  keyFile,
  JSON.stringify({ ...(await exportJWK(bulkKey.privateKey)), kid: 'sandbox-bulk', alg: 'ES384' }),
  { mode: 0o600 },
);
const r = sandbox.seedReport;
const loaded = [
  `${r.scenarios} scenario patients`,
  ...(r.loaded ? [`${r.loaded} resources loaded`] : []),
  ...(r.generated ? [`${r.generated} generated resources`] : []),
].join(', ');
const readyIn = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  [
    '',
    '  spinescore sandbox — DEVELOPMENT ONLY, synthetic patients, no real data',
    '',
    `  EHR page          ${sandbox.origin}/ehr/`,
    `  FHIR R4           ${sandbox.fhirBase}   (SMART: ` +
      `${sandbox.fhirBase}/.well-known/smart-configuration)`,
    `  CDS Hooks         ${sandbox.origin}/cds-services`,
    `  SMART app launch  ${sandbox.origin}/launch.html`,
    `  Bulk export       npm run assess -- --fhir ${sandbox.fhirBase} --client-id ` +
      `spinescore-bulk --key ${relative(process.cwd(), keyFile)} [--worklist]`,
    '',
    `  ${loaded}; ready in ${readyIn} s. Ctrl-C stops.`,
    ...r.errors.map((e) => `  load error: ${e}`),
    '',
  ].join('\n'),
);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await sandbox.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
