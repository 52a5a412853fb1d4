import { z } from 'zod';
import { defaultCdsConfig, DEFAULT_REFERRAL, type CdsConfig } from './config.js';
import { describeIssues } from './request-schema.js';
import { isPostgresUrl } from './store/sql-client.js';

/**
 * Configuration of the stand-alone service (`npm run cds`): a JSON file named by CDS_CONFIG
 * plus a few environment variables. Everything is validated before the server listens, so a
 * typo stops the start with a clear message instead of a service that trusts the wrong party.
 */
const url = z.url({ protocol: /^https?$/ });
const coding = z.strictObject({
  system: z.url(),
  code: z.string().min(1),
  display: z.string().optional(),
});

export const fileSchema = z.strictObject({
  publicBaseUrl: url,
  trustedIssuers: z
    .array(
      z.strictObject({
        iss: z.string().min(1),
        jwksUrls: z.array(url).min(1),
        algorithms: z
          .array(
            z.enum([
              'ES384',
              'ES256',
              'ES512',
              'RS384',
              'RS256',
              'RS512',
              'PS384',
              'PS256',
              'PS512',
              'EdDSA',
            ]),
          )
          .min(1),
        tenants: z.array(z.string().min(1)).optional(),
        fhirServers: z.array(url),
      }),
    )
    .min(
      1,
      'at least one trusted issuer is needed: the service refuses calls without a verified JWT',
    ),
  corsOrigins: z.array(z.url()).default([]),
  fetchDeadlineMs: z.number().int().min(100).max(30_000).optional(),
  /** Local orderable codes added to (not replacing) the SNOMED CT defaults. */
  extraReferralCodes: z.array(coding).default([]),
  extraPerformerTypes: z.array(z.string().min(1)).default([]),
  patientViewEnabled: z.boolean().default(false),
  appLaunchUrl: url.optional(),
  infoUrl: url.optional(),
  allowHttpFhir: z.boolean().default(false),
  /** Reuse of assessments of identical prefetched charts; entries 0 turns it off. */
  assessmentCache: z
    .strictObject({
      entries: z.number().int().min(0).max(10_000),
      ttlSeconds: z.number().int().min(1).max(3_600),
    })
    .optional(),
});

export interface CdsServerSettings {
  config: CdsConfig;
  host: string;
  port: number;
  /** PostgreSQL URL, or a folder for the embedded PGlite database. */
  database: string;
  /** Processes serving the port (CDS_WORKERS); more than one needs PostgreSQL. */
  workers: number;
  /** Folder where audit entries wait while the database is unavailable (CDS_SPOOL_DIR). */
  spoolDir: string;
  adminToken?: string;
  quiet: boolean;
}

export class CdsConfigError extends Error {}

/**
 * Parses the config file's JSON text and the environment; throws CdsConfigError with the reason.
 */
export function readCdsServerSettings(fileText: string, env: NodeJS.ProcessEnv): CdsServerSettings {
  let json: unknown;
  try {
    json = JSON.parse(fileText);
  } catch {
    throw new CdsConfigError('The CDS configuration file is not valid JSON.');
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success)
    throw new CdsConfigError(`The CDS configuration is invalid: ${describeIssues(parsed.error)}`);
  const f = parsed.data;
  if (!f.allowHttpFhir) {
    const plain = f.trustedIssuers
      .flatMap((i) => [...i.jwksUrls, ...i.fhirServers])
      .find((u) => u.startsWith('http:') && !/^http:\/\/(127\.|localhost|\[::1\])/.test(u));
    if (plain)
      throw new CdsConfigError(
        `${plain} is plain http: JWKS and FHIR servers must use https (set allowHttpFhir ` +
          `only for local testing).`,
      );
  }
  const port = Number(env.CDS_PORT ?? 8441);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CdsConfigError(`CDS_PORT must be a port number, got "${env.CDS_PORT}".`);
  const database = env.CDS_DATABASE_URL ?? env.CDS_DATA_DIR ?? '.data/cds-feedback';
  const workers = Number(env.CDS_WORKERS ?? 1);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64)
    throw new CdsConfigError(
      `CDS_WORKERS must be a whole number from 1 to 64, got "${env.CDS_WORKERS}".`,
    );
  // The embedded database and the in-memory jti store belong to one process; workers share
  // PostgreSQL.
  if (workers > 1 && !isPostgresUrl(database))
    throw new CdsConfigError(
      'CDS_WORKERS above 1 needs CDS_DATABASE_URL (PostgreSQL): the workers share its ' +
        'feedback, audit and JWT replay tables; the embedded database serves one process ' +
        'only.',
    );
  const config = defaultCdsConfig(f.publicBaseUrl, {
    trustedIssuers: f.trustedIssuers.map((i) => ({ ...i, algorithms: [...i.algorithms] })),
    corsOrigins: f.corsOrigins,
    referral: {
      ...DEFAULT_REFERRAL,
      codes: [
        ...DEFAULT_REFERRAL.codes,
        ...f.extraReferralCodes.map((c) => ({
          system: c.system,
          code: c.code,
          ...(c.display ? { display: c.display } : {}),
        })),
      ],
      performerTypes: [...DEFAULT_REFERRAL.performerTypes, ...f.extraPerformerTypes],
    },
    patientViewEnabled: f.patientViewEnabled,
    allowHttpFhir: f.allowHttpFhir,
    ...(f.fetchDeadlineMs ? { fetchDeadlineMs: f.fetchDeadlineMs } : {}),
    ...(f.assessmentCache
      ? {
          assessmentCache: {
            entries: f.assessmentCache.entries,
            ttlMs: f.assessmentCache.ttlSeconds * 1000,
          },
        }
      : {}),
    ...(f.appLaunchUrl ? { appLaunchUrl: f.appLaunchUrl } : {}),
    ...(f.infoUrl ? { infoUrl: f.infoUrl } : {}),
  });
  return {
    config,
    host: env.CDS_HOST ?? '127.0.0.1',
    port,
    database,
    workers,
    spoolDir: env.CDS_SPOOL_DIR ?? '.data/cds-audit-spool',
    ...(env.CDS_ADMIN_TOKEN ? { adminToken: env.CDS_ADMIN_TOKEN } : {}),
    quiet: env.CDS_LOG === 'quiet',
  };
}
