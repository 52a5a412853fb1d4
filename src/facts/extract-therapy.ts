import type {
  CodeableConcept,
  Medication,
  MedicationAdministration,
  MedicationRequest,
  MedicationStatement,
  Procedure,
} from 'fhir/r4';
import type { Fact } from '../provenance/fact.js';
import {
  ANTI_ANGIOGENIC_WINDOW_DAYS,
  antiAngiogenicDrug,
  classifyDrug,
  type DrugClass,
} from './drug-classes.js';
import { readBodySites } from './body-sites.js';
import { byNewest, factFrom, hasCoding, refOf, sourceOf, timeOf } from './fhir-read.js';
import { SNOMED, SYSTEMS } from '../terminology/systems.js';
import type { RadiotherapyRecord, SurgeryRecord, TherapyFacts } from './types.js';

type MedResource = MedicationRequest | MedicationStatement | MedicationAdministration;

function medStatusCounts(r: MedResource): boolean {
  const s = r.status as string;
  return !['entered-in-error', 'cancelled', 'draft', 'not-taken', 'not-done', 'unknown'].includes(
    s,
  );
}

function medDate(r: MedResource): string | undefined {
  if (r.resourceType === 'MedicationRequest') return r.authoredOn;
  if (r.resourceType === 'MedicationStatement')
    return r.effectiveDateTime ?? r.effectivePeriod?.start ?? r.dateAsserted;
  return r.effectiveDateTime ?? r.effectivePeriod?.start;
}

function medConcept(
  r: MedResource,
  meds: ReadonlyMap<string, Medication>,
): CodeableConcept | undefined {
  if (r.medicationCodeableConcept) return r.medicationCodeableConcept;
  const ref = r.medicationReference?.reference;
  if (!ref) return undefined;
  if (ref.startsWith('#')) {
    const contained = (r.contained ?? []).find((c) => c.id === ref.slice(1));
    return contained?.resourceType === 'Medication' ? (contained as Medication).code : undefined;
  }
  return (
    meds.get(ref)?.code ??
    (r.medicationReference?.display ? { text: r.medicationReference.display } : undefined)
  );
}

/** A total dose stated in the record's text or notes: "30 Gy/10", "20 Gy in 5 fractions", "8Gy". */
const DOSE_RE = /(\d+(?:[.,]\d+)?)\s*Gy\b/i;
function statedDoseGy(texts: ReadonlyArray<string | undefined>): number | undefined {
  for (const t of texts) {
    const m = t ? DOSE_RE.exec(t) : null;
    if (m) return Number(m[1]!.replace(',', '.'));
  }
  return undefined;
}

const RT_TEXT = /radiotherap|radiation therap|\bSBRT\b|\bSRS\b|stereotactic|\bEBRT\b|irradiation/i;
const SURGERY_WORDS = [
  'fusion',
  'laminectomy',
  'decompress',
  'stabili[sz]ation',
  'corpectomy',
  'spondylectomy',
  'vertebroplasty',
  'kyphoplasty',
  'pedicle screw',
  'instrumentation',
  'spinal surgery',
];
const SURGERY_TEXT = new RegExp(SURGERY_WORDS.join('|'), 'i');

const ORDER_INTENTS = new Set([
  'order',
  'original-order',
  'reflex-order',
  'filler-order',
  'instance-order',
  'plan',
]);

/**
 * On the medication list now: an active MedicationRequest (intent order or plan) or an active
 * MedicationStatement, whose validity or effective period has not ended. On-hold is not current:
 * a held opioid may have been stopped for toxicity or no longer needed, and the chart does not say.
 */
function currentMed(r: MedResource, asOf: string): boolean {
  if (r.status !== 'active') return false;
  if (r.resourceType === 'MedicationRequest') {
    if (!ORDER_INTENTS.has(r.intent)) return false;
    const end = r.dispenseRequest?.validityPeriod?.end;
    return !end || timeOf(end) >= timeOf(asOf);
  }
  if (r.resourceType === 'MedicationStatement') {
    const end = r.effectivePeriod?.end;
    return !end || timeOf(end) >= timeOf(asOf);
  }
  return false;
}

export interface TherapyReading extends TherapyFacts {
  /** The newest current strong-opioid order or statement (ClinicalFacts.strongOpioid). */
  strongOpioid?: Fact<{ name: string }>;
}

export function extractTherapy(
  meds: readonly MedResource[],
  medications: readonly Medication[],
  procedures: readonly Procedure[],
  asOf: string,
  opioidLimitDays?: number,
): TherapyReading {
  const medIndex = new Map(medications.map((m) => [`Medication/${m.id}`, m]));
  const byClass = new Map<
    DrugClass,
    Array<{ r: MedResource; name: string; via: string; date?: string }>
  >();
  const antiAngiogenic: Array<{ r: MedResource; name: string; date?: string }> = [];
  for (const r of meds) {
    if (!medStatusCounts(r)) continue;
    const concept = medConcept(r, medIndex);
    const aa = antiAngiogenicDrug(concept);
    const date = medDate(r);
    // Only current ones matter (held around surgery): active, or given within the window, or
    // undated.
    const current =
      ['active', 'on-hold', 'intended', 'in-progress'].includes(r.status as string) ||
      !date ||
      Date.parse(asOf) - Date.parse(date) <= ANTI_ANGIOGENIC_WINDOW_DAYS * 86_400_000;
    if (aa && current) antiAngiogenic.push({ r, name: aa, ...(date ? { date } : {}) });
    const match = classifyDrug(concept);
    if (!match) continue;
    byClass.set(match.cls, [
      ...(byClass.get(match.cls) ?? []),
      { r, name: match.name, via: match.via, ...(date ? { date } : {}) },
    ]);
  }
  // Strong opioids on the list now, newest first (order date, then last update).
  const opioids = (byClass.get('strong-opioid') ?? [])
    .filter((x) => currentMed(x.r, asOf))
    .map((x) => ({ ...x, time: timeOf(x.date), tiebreakTime: timeOf(x.r.meta?.lastUpdated) }))
    .sort(byNewest);
  const classFact = (cls: DrugClass): Fact<boolean> | undefined => {
    const list = byClass.get(cls);
    if (!list?.length) return undefined;
    return {
      value: true,
      sources: list.map((x) => sourceOf(x.r, x.date, `${x.name} (${x.via})`)),
    };
  };
  const radiotherapy: Array<Fact<RadiotherapyRecord>> = [];
  const spineSurgery: Array<Fact<SurgeryRecord>> = [];
  for (const p of procedures) {
    if (p.status !== 'completed' && p.status !== 'in-progress') continue;
    const text = [p.code?.text, ...(p.code?.coding ?? []).map((c) => c.display), p.category?.text]
      .filter(Boolean)
      .join(' ');
    const date = p.performedDateTime ?? p.performedPeriod?.start;
    const sites = readBodySites(p.bodySite);
    const isRt =
      hasCoding(p.code, SYSTEMS.snomed, SNOMED.radiotherapyCourse) ||
      hasCoding(p.category, SYSTEMS.snomed, SNOMED.radiotherapyCategory) ||
      RT_TEXT.test(text);
    const display = text || refOf(p);
    const doseGy = statedDoseGy([text, ...(p.note ?? []).map((n) => n.text)]);
    const rt: RadiotherapyRecord = {
      ...(date ? { date } : {}),
      levels: sites.levels,
      display,
      ...(doseGy !== undefined ? { doseGy } : {}),
    };
    if (isRt) radiotherapy.push(factFrom(rt, p, date, `radiotherapy: ${display}`, asOf));
    else if (sites.spinal && SURGERY_TEXT.test(text))
      spineSurgery.push(
        factFrom(
          { ...(date ? { date } : {}), levels: sites.levels, display },
          p,
          date,
          `spine surgery: ${display}`,
          asOf,
        ),
      );
  }
  const out: TherapyReading = { radiotherapy, spineSurgery };
  const chemo = classFact('cytotoxic');
  if (chemo) out.previousChemotherapy = chemo;
  const targeted = classFact('targeted');
  if (targeted) out.targetedTherapy = targeted;
  const hormonal = classFact('hormonal');
  if (hormonal) out.hormonalTherapy = hormonal;
  const newest = opioids[0];
  if (newest) {
    // Evidence for a pain judgement ages like one (the pain staleness limit).
    const label = (x: typeof newest) => `${x.name} (${x.via}), ${x.r.resourceType} ${x.r.status}`;
    const f = factFrom(
      { name: newest.name },
      newest.r,
      newest.date,
      label(newest),
      asOf,
      opioidLimitDays,
    );
    f.sources.push(...opioids.slice(1).map((x) => sourceOf(x.r, x.date, label(x))));
    out.strongOpioid = f;
  }
  const antibodies = [...(byClass.get('antibody') ?? []), ...(byClass.get('immunotherapy') ?? [])];
  if (antibodies.length)
    out.antibodyTherapy = {
      value: true,
      sources: antibodies.map((x) => sourceOf(x.r, x.date, `${x.name} (${x.via})`)),
    };
  if (antiAngiogenic.length)
    out.antiAngiogenic = {
      value: true,
      sources: antiAngiogenic.map((x) => sourceOf(x.r, x.date, `${x.name} (anti-angiogenic)`)),
    };
  return out;
}
