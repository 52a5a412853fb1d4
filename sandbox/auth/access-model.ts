import type { Permission, ScopeContext } from '../../src/smart/scopes.js';

/**
 * The sandbox's access model: one table, by scope context, that the authorization server grants
 * from (auth-server.ts), the FHIR endpoint decides from (access-policy.ts) and bulk export checks
 * (bulk-export.ts). docs/sandbox.md shows the same table (`accessModelMarkdown`, checked by a
 * test).
 */
export type ClientKind = 'public-app' | 'backend' | 'ehr';

export const CLIENT_KINDS: Record<ClientKind, string> = {
  'public-app': 'public app (PKCE, no client secret): the SMART app',
  backend: 'confidential back-end client (private-key JWT): bulk export',
  ehr: 'the sandbox EHR itself (its page back end, its CDS prefetch)',
};

export interface AccessRule {
  /** Client kinds that may hold a scope of this context. */
  clients: readonly ClientKind[];
  /** Permissions a scope of this context can carry at most. */
  permissions: readonly Permission[];
  /** Patient data reached: the token's launch patient only, or every patient. */
  patientData: 'launch patient' | 'all patients';
  /**
   * Shared types (Practitioner, Organization, Medication …): write needs a scope naming the type.
   */
  sharedWrite: 'scope naming the type' | 'never';
  /** History across resources; conditional update, patch and delete. */
  unconfined: boolean;
  /** Bulk Data `$export` (and its jobs, owned by the client that started them). */
  bulkExport: boolean;
}

export const ACCESS_MODEL: Readonly<Record<ScopeContext, AccessRule>> = {
  patient: {
    clients: ['public-app', 'ehr'],
    permissions: ['c', 'r', 'u', 'd', 's'],
    patientData: 'launch patient',
    sharedWrite: 'scope naming the type',
    unconfined: false,
    bulkExport: false,
  },
  user: {
    clients: ['public-app', 'ehr'],
    permissions: ['c', 'r', 'u', 'd', 's'],
    patientData: 'all patients',
    sharedWrite: 'scope naming the type',
    unconfined: true,
    bulkExport: false,
  },
  system: {
    clients: ['backend'],
    permissions: ['r', 's'],
    patientData: 'all patients',
    sharedWrite: 'never',
    unconfined: true,
    bulkExport: true,
  },
};

/** The scopes each registered client kind may be granted at most (the registration). */
export const PUBLIC_APP_SCOPES: readonly string[] = [
  'launch',
  'launch/patient',
  'openid',
  'fhirUser',
  'offline_access',
  'online_access',
  'patient/*.cruds',
  'user/*.rs',
];

/** Whether a scope context may be held by this client kind (a token's scopes are re-checked). */
export function contextAllowed(context: ScopeContext, client: ClientKind): boolean {
  return ACCESS_MODEL[context].clients.includes(client);
}

/** The table as docs/sandbox.md shows it. */
export function accessModelMarkdown(): string {
  const yes = (b: boolean) => (b ? 'yes' : 'no');
  const rows = (Object.entries(ACCESS_MODEL) as [ScopeContext, AccessRule][]).map(([ctx, r]) => [
    `\`${ctx}/\``,
    r.clients.join(', '),
    r.permissions.join(''),
    r.patientData,
    r.sharedWrite,
    yes(r.unconfined),
    yes(r.bulkExport),
  ]);
  const head = [
    'scope',
    'clients',
    'at most',
    'patient data',
    'shared types written with',
    'history across resources, conditional update/patch/delete',
    'bulk export',
  ];
  return [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}
