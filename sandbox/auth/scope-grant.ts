import { parseResourceScope, type Permission } from '../../src/smart/scopes.js';
import { ACCESS_MODEL, contextAllowed, type ClientKind } from './access-model.js';

const ORDER: readonly Permission[] = ['c', 'r', 'u', 'd', 's'];
const WRITE: ReadonlySet<Permission> = new Set(['c', 'u', 'd']);

export interface GrantContext {
  /** The EHR launched the app for a user without write permission: read and search only. */
  readOnly?: boolean;
}

/**
 * The scopes a client gets: the intersection of what it asked for, what it is registered for
 * and what its kind may hold (access-model.ts), narrowed by the launch context. A resource scope
 * keeps only the permissions all of them allow (`patient/Observation.cruds` asked, `.rs` allowed →
 * `patient/Observation.rs`) and its v2 restriction; anything else is dropped, never widened.
 */
export function grantScopes(
  requested: string,
  registered: readonly string[],
  client: ClientKind,
  ctx: GrantContext = {},
): string[] {
  const allowed = registered.map((r) => ({ raw: r, scope: parseResourceScope(r) }));
  const out: string[] = [];
  for (const raw of requested.split(/\s+/).filter(Boolean)) {
    const asked = parseResourceScope(raw);
    if (!asked) {
      if (registered.includes(raw)) out.push(raw);
      continue;
    }
    if (!contextAllowed(asked.context, client)) continue;
    const permitted = new Set<Permission>();
    for (const { scope } of allowed) {
      if (!scope || scope.restriction || scope.context !== asked.context) continue;
      if (scope.resourceType !== '*' && scope.resourceType !== asked.resourceType) continue;
      for (const p of scope.permissions) permitted.add(p);
    }
    const perms = ORDER.filter(
      (p) =>
        asked.permissions.has(p) &&
        permitted.has(p) &&
        ACCESS_MODEL[asked.context].permissions.includes(p) &&
        !(ctx.readOnly && WRITE.has(p)),
    );
    if (perms.length === 0) continue;
    if (perms.length === asked.permissions.size)
      out.push(raw); // as asked (v1 or v2 form)
    else {
      const restriction = asked.restriction ? `?${asked.restriction}` : '';
      out.push(`${asked.context}/${asked.resourceType}.${perms.join('')}${restriction}`);
    }
  }
  return [...new Set(out)];
}
