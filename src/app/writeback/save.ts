import type { Bundle, Observation } from 'fhir/r4';
import type { Assessment } from '../../assess/assess.js';
import { OBSERVATION_ID_SYSTEM } from '../../terminology/systems.js';
import { planWriteback } from '../../writeback/assessment-writeback.js';
import type { ClinicianInput } from '../../writeback/input-observation.js';
import { buildInputObservation } from '../../writeback/input-identifier.js';
import { buildWritebackTransaction } from '../../writeback/score-observation.js';

export interface SavePlan {
  observations: Array<{ resource: Observation; label: string; kind: 'score' | 'input' }>;
  skipped: Array<{ score: string; reason: string }>;
}

export interface SaveContext { performer: string; effective: string; issued: string }

function labelOf(o: Observation): string {
  const c = o.code.coding?.[0]?.code ?? '';
  const level = o.bodySite?.text;
  const v = o.valueInteger ?? o.valueBoolean ?? o.valueString ?? o.valueCodeableConcept?.coding?.[0]?.code ?? o.valueQuantity?.value;
  return `${o.code.text ?? c}${level ? ` ${level}` : ''}: ${String(v)}`;
}

/** The complete, verified scores and the clinician's inputs, as they would be written. */
export function planSave(a: Assessment, inputs: readonly ClinicianInput[], ctx: SaveContext): SavePlan {
  const scores = planWriteback(a, { effective: ctx.effective, issued: ctx.issued, performer: ctx.performer, status: 'final' });
  const inputObs = inputs.map((i) => buildInputObservation(i, { patientId: a.patientId, effective: ctx.effective, performer: ctx.performer }));
  return {
    observations: [
      ...inputObs.map((resource) => ({ resource, label: labelOf(resource), kind: 'input' as const })),
      ...scores.observations.map((resource) => ({ resource, label: labelOf(resource), kind: 'score' as const })),
    ],
    skipped: scores.skipped,
  };
}

export type Requester = (init: { url: string; method?: string; body?: string; headers?: Record<string, string> }) => Promise<unknown>;

export interface SaveResult {
  created: Array<{ label: string; reference: string }>;
  alreadySaved: Array<{ label: string; reference: string }>;
  provenance?: string;
}

const idOf = (o: Observation) => o.identifier?.[0]?.value ?? '';

/**
 * Idempotent save: Observations already on the server (same identifier) are not sent again;
 * the rest go in one transaction of conditional creates with a Provenance when it is granted.
 * Saving twice therefore creates nothing the second time, Provenance included.
 */
export async function saveToChart(plan: SavePlan, patientId: string, request: Requester, ctx: SaveContext & { provenance: boolean; serverUrl: string }): Promise<SaveResult> {
  const ids = plan.observations.map((p) => idOf(p.resource));
  const existing = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 40) {
    const chunk = ids.slice(i, i + 40).map((v) => `${OBSERVATION_ID_SYSTEM}|${v}`).join(',');
    const found = (await request({ url: `Observation?patient=${encodeURIComponent(patientId)}&identifier=${encodeURIComponent(chunk)}&_count=100` })) as Bundle<Observation>;
    for (const e of found.entry ?? []) if (e.resource?.id) existing.set(idOf(e.resource), `Observation/${e.resource.id}`);
  }
  const alreadySaved = plan.observations.filter((p) => existing.has(idOf(p.resource))).map((p) => ({ label: p.label, reference: existing.get(idOf(p.resource))! }));
  const todo = plan.observations.filter((p) => !existing.has(idOf(p.resource)));
  if (todo.length === 0) return { created: [], alreadySaved };
  const tx = buildWritebackTransaction(todo.map((t) => t.resource), { issued: ctx.issued, performer: ctx.performer }, []);
  if (!ctx.provenance) tx.entry = tx.entry!.filter((e) => e.resource?.resourceType !== 'Provenance');
  const res = (await request({
    url: ctx.serverUrl, method: 'POST', body: JSON.stringify(tx),
    headers: { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' },
  })) as Bundle;
  const locations = (res.entry ?? []).map((e) => e.response?.location?.split('/_history')[0] ?? '');
  const created = todo.map((t, i) => ({ label: t.label, reference: locations[i] ?? '' }));
  const provenance = ctx.provenance ? locations[todo.length] : undefined;
  return { created, alreadySaved, ...(provenance ? { provenance } : {}) };
}
