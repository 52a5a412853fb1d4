import type { Resource } from 'fhir/r4';

export type Interaction =
  | 'capabilities'
  | 'read'
  | 'vread'
  | 'history'
  | 'search'
  | 'create'
  | 'update'
  | 'patch'
  | 'delete'
  | 'transaction'
  | 'batch'
  | 'operation';

/** One FHIR interaction, as the access policy sees it. */
export interface FhirOperation {
  interaction: Interaction;
  resourceType?: string;
  id?: string;
  params: URLSearchParams;
  resource?: Resource;
  /** The request body as sent (a JSON Patch is a list, not a resource). */
  body?: unknown;
  /**
   * A conditional create's condition (the `If-None-Exist` header or `entry.request.ifNoneExist`).
   */
  ifNoneExist?: string;
}

const TYPE = /^[A-Z][A-Za-z]+$/;

/** Classifies a request by method and base-relative path (`Observation/1`, `Patient?…`). */
export function parseOperation(method: string, relativeUrl: string, body?: unknown): FhirOperation {
  const [path = '', query = ''] = relativeUrl.split('?', 2);
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean);
  const resource =
    body && typeof body === 'object' && 'resourceType' in body ? (body as Resource) : undefined;
  const [type, id, sub, vid] = parts;
  const m = method.toUpperCase();
  if (parts.length === 0) {
    if (m === 'POST' && resource?.resourceType === 'Bundle') {
      return {
        interaction: (resource as { type?: string }).type === 'batch' ? 'batch' : 'transaction',
        params,
        resource,
      };
    }
    return { interaction: 'operation', params };
  }
  if (type === 'metadata') return { interaction: 'capabilities', params };
  if (!type || !TYPE.test(type) || parts.some((p) => p.startsWith('$')))
    return {
      interaction: 'operation',
      ...(type && TYPE.test(type) ? { resourceType: type } : {}),
      params,
    };
  const base = {
    resourceType: type,
    params,
    ...(resource ? { resource } : {}),
    ...(body !== undefined ? { body } : {}),
  };
  // The router searches with the parameters in the body of a POST _search, not the URL's.
  if (id === '_search')
    return {
      ...base,
      interaction: 'search',
      ...(m === 'POST' ? { params: bodyParams(body) } : {}),
    };
  if (id === '_history') return { ...base, interaction: 'history' };
  if (!id) {
    if (m === 'GET' || m === 'HEAD') return { ...base, interaction: 'search' };
    if (m === 'POST') return { ...base, interaction: 'create' };
    if (m === 'PUT') return { ...base, interaction: 'update' };
    if (m === 'PATCH') return { ...base, interaction: 'patch' };
    return { ...base, interaction: 'delete' };
  }
  if (sub === '_history') return { ...base, id, interaction: vid ? 'vread' : 'history' };
  if (m === 'GET' || m === 'HEAD') return { ...base, id, interaction: 'read' };
  if (m === 'PUT') return { ...base, id, interaction: 'update' };
  if (m === 'PATCH') return { ...base, id, interaction: 'patch' };
  if (m === 'DELETE') return { ...base, id, interaction: 'delete' };
  return { ...base, id, interaction: 'operation' };
}

/** A POST _search body as search parameters (the router reads a JSON object's values). */
function bodyParams(body: unknown): URLSearchParams {
  const out = new URLSearchParams();
  if (!body || typeof body !== 'object') return out;
  for (const [k, v] of Object.entries(body)) {
    for (const x of Array.isArray(v) ? v : [v]) out.append(k, String(x));
  }
  return out;
}
