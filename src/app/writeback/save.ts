import type { Bundle, BundleEntry, Observation } from 'fhir/r4';
import type { Assessment } from '../../assess/assess.js';
import { OBSERVATION_ID_SYSTEM } from '../../terminology/systems.js';
import { planWriteback } from '../../writeback/assessment-writeback.js';
import { inputKey, type ClinicianInput } from '../../writeback/input-observation.js';
import { buildInputObservation } from '../../writeback/input-identifier.js';
import { buildProvenance } from '../../writeback/score-observation.js';

export interface PlannedObservation {
  resource: Observation;
  label: string;
  kind: 'score' | 'input';
  /**
   * What it is the value of (an input's code and level, a score and level): an edit keeps the key.
   */
  key: string;
}

export interface SavePlan {
  observations: PlannedObservation[];
  skipped: Array<{ score: string; reason: string }>;
}

export interface SaveContext {
  performer: string;
  effective: string;
  issued: string;
  /**
   * The organization the user acts for, when the launch names one (Provenance.agent.onBehalfOf).
   */
  onBehalfOf?: string;
}

function labelOf(o: Observation): string {
  const c = o.code.coding?.[0]?.code ?? '';
  const level = o.bodySite?.text;
  const v =
    o.valueInteger ??
    o.valueBoolean ??
    o.valueString ??
    o.valueDateTime ??
    o.valueCodeableConcept?.coding?.[0]?.code ??
    o.valueQuantity?.value;
  return `${o.code.text ?? c}${level ? ` ${level}` : ''}: ${String(v)}`;
}

const scoreKey = (o: Observation) =>
  `score:${o.code.coding?.[0]?.code ?? ''}|${o.bodySite?.text ?? '-'}`;

/** The complete, verified scores and the clinician's inputs, as they would be written. */
export function planSave(
  a: Assessment,
  inputs: readonly ClinicianInput[],
  ctx: SaveContext,
): SavePlan {
  const scores = planWriteback(a, {
    effective: ctx.effective,
    issued: ctx.issued,
    performer: ctx.performer,
    status: 'final',
  });
  return {
    observations: [
      ...inputs.map((i) => {
        const resource = buildInputObservation(i, {
          patientId: a.patientId,
          effective: ctx.effective,
          performer: ctx.performer,
        });
        return {
          resource,
          label: labelOf(resource),
          kind: 'input' as const,
          key: `input:${inputKey(i)}`,
        };
      }),
      ...scores.observations.map((resource) => ({
        resource,
        label: labelOf(resource),
        kind: 'score' as const,
        key: scoreKey(resource),
      })),
    ],
    skipped: scores.skipped,
  };
}

/** What the plan would write: identical plans need no second save. */
export function planSignature(plan: SavePlan): string {
  return plan.observations
    .map((p) => idOf(p.resource))
    .sort()
    .join(',');
}

export type Requester = (init: {
  url: string;
  method?: string;
  body?: string;
  headers?: Record<string, string>;
}) => Promise<unknown>;

/** An Observation this session wrote: if the clinician changes its value, it is superseded. */
export interface Written {
  reference: string;
  resource: Observation;
}

export interface SaveResult {
  created: Array<{ label: string; reference: string }>;
  alreadySaved: Array<{ label: string; reference: string }>;
  /**
   * Earlier entries of this session replaced by an edit: marked entered-in-error, or listed as not
   * marked.
   */
  superseded: Array<{ label: string; reference: string; marked: boolean }>;
  provenance?: string;
  /** What this save wrote, by key, for the next save to supersede. */
  written: Map<string, Written>;
}

const idOf = (o: Observation) => o.identifier?.[0]?.value ?? '';
const FHIR_JSON = { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' };

/**
 * Idempotent save. Observations already on the server (same identifier) are not sent again; the
 * rest go in one transaction of conditional creates. Only the Observations the server reports as
 * created (201) get a Provenance, so concurrent identical saves leave one set of Observations and
 * one Provenance. An entry this session saved and the clinician then changed is marked
 * `entered-in-error` in the same transaction (with `Observation.u`), so the chart never keeps two
 * current values of one item from one sitting.
 */
export async function saveToChart(
  plan: SavePlan,
  patientId: string,
  request: Requester,
  ctx: SaveContext & {
    provenance: boolean;
    supersede?: boolean;
    serverUrl: string;
    earlier?: ReadonlyMap<string, Written>;
  },
): Promise<SaveResult> {
  const ids = plan.observations.map((p) => idOf(p.resource));
  const existing = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 40) {
    const chunk = ids
      .slice(i, i + 40)
      .map((v) => `${OBSERVATION_ID_SYSTEM}|${v}`)
      .join(',');
    const query = [
      `patient=${encodeURIComponent(patientId)}`,
      `identifier=${encodeURIComponent(chunk)}`,
    ].join('&');
    const found = (await request({
      url: `Observation?${query}&_count=100`,
    })) as Bundle<Observation>;
    for (const e of found.entry ?? [])
      if (e.resource?.id) existing.set(idOf(e.resource), `Observation/${e.resource.id}`);
  }
  const written = new Map<string, Written>();
  const alreadySaved = plan.observations
    .filter((p) => existing.has(idOf(p.resource)))
    .map((p) => {
      written.set(p.key, { reference: existing.get(idOf(p.resource))!, resource: p.resource });
      return { label: p.label, reference: existing.get(idOf(p.resource))! };
    });
  const todo = plan.observations.filter((p) => !existing.has(idOf(p.resource)));
  // Entries of this session the clinician has since changed (same key, another identifier).
  const replaced = todo.flatMap((p) => {
    const before = ctx.earlier?.get(p.key);
    return before && idOf(before.resource) !== idOf(p.resource)
      ? [{ label: labelOf(before.resource), before }]
      : [];
  });
  const superseded: SaveResult['superseded'] = [];
  if (todo.length === 0) return { created: [], alreadySaved, superseded, written };

  const entry: BundleEntry[] = todo.map((t) => ({
    fullUrl: `urn:uuid:${idOf(t.resource)}`,
    resource: t.resource,
    request: {
      method: 'POST',
      url: 'Observation',
      ifNoneExist: `identifier=${OBSERVATION_ID_SYSTEM}|${idOf(t.resource)}`,
    },
  }));
  if (ctx.supersede) {
    for (const r of replaced) {
      const id = r.before.reference.split('/')[1]!;
      const note = {
        text:
          `Superseded on ${ctx.issued.slice(0, 16).replace('T', ' ')} by a corrected entry ` +
          `saved in the same session.`,
      };
      const marked: Observation = {
        ...r.before.resource,
        id,
        status: 'entered-in-error',
        note: [...(r.before.resource.note ?? []), note],
      };
      entry.push({ resource: marked, request: { method: 'PUT', url: r.before.reference } });
    }
  }
  const res = (await request({
    url: ctx.serverUrl,
    method: 'POST',
    body: JSON.stringify({ resourceType: 'Bundle', type: 'transaction', entry }),
    headers: FHIR_JSON,
  })) as Bundle;
  const answers = res.entry ?? [];
  const created: SaveResult['created'] = [];
  todo.forEach((t, i) => {
    const reference = answers[i]?.response?.location?.split('/_history')[0] ?? '';
    written.set(t.key, { reference, resource: t.resource });
    // 201: created now. Anything else: a concurrent save created it first; it is in the chart.
    if (answers[i]?.response?.status?.startsWith('201'))
      created.push({ label: t.label, reference });
    else alreadySaved.push({ label: t.label, reference });
  });
  for (const r of replaced)
    superseded.push({ label: r.label, reference: r.before.reference, marked: !!ctx.supersede });

  let provenance: string | undefined;
  if (ctx.provenance && created.length) {
    const prov = buildProvenance(
      created.map((c) => c.reference),
      ctx,
      [],
    );
    const out = (await request({
      url: 'Provenance',
      method: 'POST',
      body: JSON.stringify(prov),
      headers: FHIR_JSON,
    })) as { id?: string };
    if (out.id) provenance = `Provenance/${out.id}`;
  }
  return { created, alreadySaved, superseded, written, ...(provenance ? { provenance } : {}) };
}
