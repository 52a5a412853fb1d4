/**
 * What to ask a Bulk Data server for: the types the assessment reads that the server says it has
 * (its CapabilityStatement) and offers scopes for (its SMART configuration), in the scope syntax it
 * speaks. A type left out is named with what its absence costs the assessment, never dropped
 * silently.
 */

/**
 * The types the assessment reads, what each is for, and whether an assessment is possible without
 * it.
 */
export const EXPORT_TYPE_TABLE: ReadonlyArray<{ type: string; required: boolean; cost: string }> = [
  { type: 'Patient', required: true, cost: 'the patients themselves (age, death)' },
  {
    type: 'Condition',
    required: true,
    cost: 'the primary tumour and the metastases, without which nothing can be assessed',
  },
  {
    type: 'Observation',
    required: false,
    cost:
      'performance status, labs, pain and imaging inputs are not recorded: most scores ' +
      'stay open ranges and decisions undecided',
  },
  {
    type: 'MedicationRequest',
    required: false,
    cost: 'medication orders (systemic therapy) are not recorded',
  },
  {
    type: 'MedicationStatement',
    required: false,
    cost: 'medication statements (systemic therapy) are not recorded',
  },
  {
    type: 'MedicationAdministration',
    required: false,
    cost: 'administered medications (systemic therapy, opioids given on the ward) are not recorded',
  },
  {
    type: 'Procedure',
    required: false,
    cost: 'earlier radiotherapy and spine surgery are not recorded',
  },
  {
    type: 'ServiceRequest',
    required: false,
    cost: 'referrals on record are not known: the worklist cannot tell who was already referred',
  },
  {
    type: 'Medication',
    required: false,
    cost:
      'medications referenced by orders and statements are not resolved (codes written in ' +
      'the order or statement are still read)',
  },
];

export const EXPORT_TYPES: readonly string[] = EXPORT_TYPE_TABLE.map((t) => t.type);

export interface SkippedType {
  type: string;
  reason: string;
  cost: string;
}

export interface ExportPlan {
  types: string[];
  /** The system scopes to ask the token endpoint for. */
  scope: string;
  skipped: SkippedType[];
  /** Said about the negotiation itself (e.g. the CapabilityStatement could not be read). */
  notes: string[];
}

export class NegotiationError extends Error {}

/** The resource types a CapabilityStatement's server part lists; undefined when it lists none. */
export function capabilityTypes(cs: unknown): Set<string> | undefined {
  if (
    !cs ||
    typeof cs !== 'object' ||
    (cs as { resourceType?: unknown }).resourceType !== 'CapabilityStatement'
  )
    return undefined;
  const rest = (cs as { rest?: unknown }).rest;
  if (!Array.isArray(rest)) return undefined;
  const server = rest.filter(
    (r: { mode?: unknown } | null) => r && (r.mode === 'server' || r.mode === undefined),
  );
  const types = new Set<string>();
  for (const r of server) {
    const resources = (r as { resource?: unknown }).resource;
    if (!Array.isArray(resources)) continue;
    for (const x of resources) if (x && typeof x.type === 'string') types.add(x.type);
  }
  return types.size ? types : undefined;
}

const SYSTEM_SCOPE = /^system\/(\*|[A-Z][A-Za-z]+)\.(\*|read|c?r?u?d?s?)$/;

/**
 * The scope syntax and the types the SMART configuration offers system scopes for. A server that
 * lists no system scope in `scopes_supported` (the field is optional) restricts nothing.
 */
function offeredScopes(smart: { scopes_supported?: unknown; capabilities?: unknown }): {
  v1: boolean;
  types?: Set<string>;
} {
  const caps = Array.isArray(smart.capabilities) ? smart.capabilities : [];
  const listed = Array.isArray(smart.scopes_supported)
    ? smart.scopes_supported.filter((s): s is string => typeof s === 'string')
    : [];
  const system = listed.map((s) => SYSTEM_SCOPE.exec(s)).filter((m): m is RegExpExecArray => !!m);
  const reads = system.filter((m) => m[2] === '*' || m[2] === 'read' || m[2]!.includes('r'));
  const v2Listed = reads.some((m) => /^c?r?u?d?s?$/.test(m[2]!));
  const v1Listed = reads.some((m) => m[2] === 'read' || m[2] === '*');
  // The syntax the listed scopes use; with none listed, the advertised permission capabilities.
  const v1 = reads.length
    ? v1Listed && !v2Listed
    : caps.includes('permission-v1') && !caps.includes('permission-v2');
  if (!reads.length || reads.some((m) => m[1] === '*')) return { v1 };
  return { v1, types: new Set(reads.map((m) => m[1]!)) };
}

/**
 * The export to ask for. `wanted`: the types asked for by hand (`--type`), else every type the
 * assessment reads. Patient and Condition are required: a server without them cannot be assessed.
 */
export function planExport(opts: {
  capability?: unknown;
  smart: { scopes_supported?: unknown; capabilities?: unknown };
  wanted?: readonly string[];
}): ExportPlan {
  const notes: string[] = [];
  const skipped: SkippedType[] = [];
  const costOf = (t: string) => EXPORT_TYPE_TABLE.find((x) => x.type === t)!.cost;
  const wanted = opts.wanted ?? EXPORT_TYPES;
  for (const t of EXPORT_TYPES)
    if (!wanted.includes(t))
      skipped.push({ type: t, reason: 'not asked for (--type)', cost: costOf(t) });
  const served = capabilityTypes(opts.capability);
  if (!served)
    notes.push(
      "the server's CapabilityStatement lists no resource types (or could not be read): " +
        'every type is asked for',
    );
  const offered = offeredScopes(opts.smart);
  const types: string[] = [];
  for (const t of wanted) {
    if (served && !served.has(t))
      skipped.push({ type: t, reason: "not in the server's CapabilityStatement", cost: costOf(t) });
    else if (offered.types && !offered.types.has(t))
      skipped.push({
        type: t,
        reason: "no system scope for it in the server's SMART configuration",
        cost: costOf(t),
      });
    else types.push(t);
  }
  const missing = EXPORT_TYPE_TABLE.filter((x) => x.required && !types.includes(x.type));
  if (missing.length) {
    const why = missing
      .map(
        (m) => `${m.type} (${skipped.find((s) => s.type === m.type)?.reason ?? 'not available'})`,
      )
      .join(', ');
    throw new NegotiationError(
      `The export cannot be assessed without ${why}: ${missing.map((m) => m.cost).join('; ')}.`,
    );
  }
  const scope = types.map((t) => `system/${t}.${offered.v1 ? 'read' : 'rs'}`).join(' ');
  return { types, scope, skipped, notes };
}
