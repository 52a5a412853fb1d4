/**
 * SMART App Launch 2 scopes, v2 (`patient/Observation.rs`) and v1 (`patient/Observation.read`)
 * syntax, read into one shape. Shared by the app (is writeback granted?), the CDS service
 * (what may it fetch?) and the sandbox's token enforcement.
 */
export type ScopeContext = 'patient' | 'user' | 'system';
export type Permission = 'c' | 'r' | 'u' | 'd' | 's';

export interface ResourceScope {
  context: ScopeContext;
  /** A resource type or `*`. */
  resourceType: string;
  permissions: ReadonlySet<Permission>;
  /** v2 search-parameter restriction (`?category=…`), kept but not widened. */
  restriction?: URLSearchParams;
  raw: string;
}

const V1: Record<string, Permission[]> = {
  read: ['r', 's'],
  write: ['c', 'u', 'd'],
  '*': ['c', 'r', 'u', 'd', 's'],
};
const V2 = /^c?r?u?d?s?$/;
const SCOPE = /^(patient|user|system)\/(\*|[A-Z][A-Za-z]+)\.([a-z*]+)(\?.*)?$/;

/** One resource scope, or undefined for anything else (`openid`, `launch`, malformed). */
export function parseResourceScope(raw: string): ResourceScope | undefined {
  const m = SCOPE.exec(raw);
  if (!m) return undefined;
  const [, context, resourceType, perms, query] = m;
  let permissions: Permission[] | undefined = V1[perms!];
  if (!permissions) {
    if (!V2.test(perms!) || !perms) return undefined;
    permissions = [...perms] as Permission[];
  }
  const scope: ResourceScope = {
    context: context as ScopeContext,
    resourceType: resourceType!,
    permissions: new Set(permissions),
    raw,
  };
  if (query) scope.restriction = new URLSearchParams(query.slice(1));
  return scope;
}

export interface ScopeSet {
  resources: ResourceScope[];
  /** Non-resource scopes: openid, fhirUser, launch, launch/patient, offline_access, … */
  other: Set<string>;
}

export function parseScopes(scope: string | undefined): ScopeSet {
  const set: ScopeSet = { resources: [], other: new Set() };
  for (const raw of (scope ?? '').split(/\s+/).filter(Boolean)) {
    const r = parseResourceScope(raw);
    if (r) set.resources.push(r);
    else set.other.add(raw);
  }
  return set;
}

/** Whether some scope grants `permission` on `resourceType` (any context unless one is given). */
export function grants(
  set: ScopeSet,
  resourceType: string,
  permission: Permission,
  context?: ScopeContext,
): boolean {
  return set.resources.some(
    (s) =>
      (s.resourceType === '*' || s.resourceType === resourceType) &&
      s.permissions.has(permission) &&
      (!context || s.context === context),
  );
}

/** What the app needs to know to offer "Save to chart". */
export function writebackGranted(scope: string | undefined): {
  observations: boolean;
  provenance: boolean;
  supersede: boolean;
} {
  const set = parseScopes(scope);
  return {
    observations: grants(set, 'Observation', 'c'),
    provenance: grants(set, 'Provenance', 'c'),
    supersede: grants(set, 'Observation', 'u'),
  };
}
