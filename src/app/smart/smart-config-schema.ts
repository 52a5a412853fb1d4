import { z } from 'zod';
import { parseResourceScope } from '../../smart/scopes.js';

/**
 * smart-config.json: the app's registration (RFC 7591 client metadata an EHR administrator
 * registers), the EHRs it may be launched from, and the writeback systems. Validated when the app
 * is built (launch/vite.config.ts) so a typo stops the build with the field and the reason; the
 * browser code reads the file as these types and carries no validator.
 */
const url = z.url({ protocol: /^https?$/ });

/** Every word a scope the App Launch 2 spec knows, so a typo is caught before an EHR refuses it. */
const scopeList = z
  .string()
  .min(1)
  .superRefine((v, ctx) => {
    const words = v.split(' ');
    if (words.some((w) => w === ''))
      ctx.addIssue({ code: 'custom', message: 'scopes are separated by single spaces' });
    for (const w of words.filter(Boolean)) {
      const known = [
        'launch',
        'launch/patient',
        'launch/encounter',
        'openid',
        'fhirUser',
        'profile',
        'online_access',
        'offline_access',
      ];
      if (!known.includes(w) && !parseResourceScope(w))
        ctx.addIssue({ code: 'custom', message: `"${w}" is not a SMART scope` });
    }
    if (new Set(words).size !== words.length)
      ctx.addIssue({ code: 'custom', message: 'a scope is listed twice' });
  });

export const issEntrySchema = z.strictObject({
  /** The FHIR base URL the EHR sends as `iss`, exactly. */
  iss: url,
  client_id: z.string().min(1),
  /** Scope syntax to ask this EHR for; `auto` follows its SMART configuration's capabilities. */
  scope_version: z.enum(['v1', 'v2', 'auto']),
  /** false: the app asks for no write scope and never offers Save to chart. */
  writeback: z.boolean(),
  /** The sandbox: also matches the sandbox on another loopback port of the page's own origin. */
  dev_only: z.boolean().optional(),
});

export const smartConfigSchema = z
  .strictObject({
    client_name: z.string().min(1),
    software_id: z.string().min(1),
    software_version: z.string().regex(/^\d+\.\d+\.\d+/, 'a semantic version'),
    token_endpoint_auth_method: z.literal(
      'none',
      'the app is a public client (tokens live in the browser)',
    ),
    grant_types: z.array(z.enum(['authorization_code', 'refresh_token'])).min(1),
    response_types: z.tuple([z.literal('code')]),
    launch_uri: url,
    redirect_uris: z.array(url).min(1),
    fhir_versions: z.array(z.literal('4.0.1')).min(1),
    pkce: z.strictObject({ mode: z.literal('required'), code_challenge_method: z.literal('S256') }),
    scope_v2: scopeList,
    scope_v1: scopeList,
    iss_allowlist: z.array(issEntrySchema).min(1),
    writeback: z
      .strictObject({
        /**
         * Identifier system of written Observations (the conditional-create key); never change once
         * used.
         */
        observation_identifier_system: url.optional(),
        /** Canonical URL of the project CodeSystem; the published one's when absent. */
        codesystem: url.optional(),
      })
      .default({}),
    contacts: z.array(z.string().min(1)).default([]),
  })
  .superRefine((c, ctx) => {
    for (const [k, v] of [
      ['scope_v2', c.scope_v2],
      ['scope_v1', c.scope_v1],
    ] as const) {
      const words = v.split(' ');
      const refresh = words.includes('online_access') || words.includes('offline_access');
      if (refresh !== c.grant_types.includes('refresh_token')) {
        ctx.addIssue({
          code: 'custom',
          path: [k],
          message: refresh
            ? 'asks for refresh (online_access/offline_access) but grant_types lacks refresh_token'
            : 'grant_types lists refresh_token but no online_access/offline_access scope ' +
              'asks for it',
        });
      }
      if (!words.includes('launch') && !words.includes('launch/patient'))
        ctx.addIssue({
          code: 'custom',
          path: [k],
          message: 'needs launch (EHR launch) or launch/patient (standalone)',
        });
    }
    const iss = c.iss_allowlist.map((e) => e.iss);
    iss.forEach((v, i) => {
      if (iss.indexOf(v) !== i)
        ctx.addIssue({
          code: 'custom',
          path: ['iss_allowlist', i, 'iss'],
          message: `${v} is listed twice`,
        });
    });
  });

export type SmartConfig = z.output<typeof smartConfigSchema>;
export type IssEntry = z.output<typeof issEntrySchema>;

export class SmartConfigError extends Error {}

/** The parsed configuration, or SmartConfigError naming each bad field and why. */
export function readSmartConfig(json: unknown): SmartConfig {
  const r = smartConfigSchema.safeParse(json);
  if (r.success) return r.data;
  const lines = r.error.issues.map(
    (i) => `  ${i.path.length ? i.path.join('.') : '(file)'}: ${i.message}`,
  );
  throw new SmartConfigError(`smart-config.json is invalid:\n${lines.join('\n')}`);
}
