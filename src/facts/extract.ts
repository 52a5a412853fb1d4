import type {
  Condition,
  Medication,
  MedicationAdministration,
  MedicationRequest,
  MedicationStatement,
  Observation,
  Patient,
  Procedure,
  Resource,
} from 'fhir/r4';
import type { Fact } from '../provenance/fact.js';
import { derivedFact } from '../provenance/fact.js';
import { countVertebralUnits, levelIndex, type SpineLevel } from '../clinical/spine-levels.js';
import type { LesionCount, VisceralDisease } from '../clinical/disease-extent.js';
import { extractObservations } from './extract-observations.js';
import { extractConditions } from './extract-conditions.js';
import { extractTherapy } from './extract-therapy.js';
import { readCordCompression } from './cord-compression.js';
import { ageInDays } from './fhir-read.js';
import { DEFAULT_STALENESS, type ClinicalFacts, type StalenessLimits } from './types.js';

export interface ExtractOptions {
  /** Assessment date (ISO); defaults to now. Staleness is measured from it. */
  asOf?: string;
  staleness?: Partial<StalenessLimits>;
}

function ofType<T extends Resource>(
  resources: readonly Resource[],
  ...types: Array<T['resourceType']>
): T[] {
  return resources.filter((r): r is T => (types as string[]).includes(r.resourceType));
}

/** FHIR resources of one patient → normalized clinical facts, each with provenance. Pure. */
export function extractFacts(
  resources: readonly Resource[],
  opts: ExtractOptions = {},
): ClinicalFacts {
  const asOf = opts.asOf ?? new Date().toISOString();
  const limits: StalenessLimits = { ...DEFAULT_STALENESS, ...opts.staleness };
  const patient = ofType<Patient>(resources, 'Patient')[0];
  const obs = extractObservations(ofType<Observation>(resources, 'Observation'), asOf, limits);
  const conditions = ofType<Condition>(resources, 'Condition');
  const cond = extractConditions(conditions, asOf, limits.staging);
  const { strongOpioid, ...therapy } = extractTherapy(
    ofType<MedicationRequest | MedicationStatement | MedicationAdministration>(
      resources,
      'MedicationRequest',
      'MedicationStatement',
      'MedicationAdministration',
    ),
    ofType<Medication>(resources, 'Medication'),
    ofType<Procedure>(resources, 'Procedure'),
    asOf,
    limits.pain,
  );
  const issues = [...obs.issues, ...cond.issues];
  /** Clinician entries combined below with other records. */
  const entered = obs.judgements;

  // Primary cancer, refined by hormone status and targeted therapy where the chart says so.
  let primary = cond.primary;
  if (primary) {
    const p = primary.value;
    if (p.site === 'breast' || p.site === 'prostate') {
      const receptors = obs.receptors;
      const fromReceptors = receptors.length
        ? derivedFact(
            receptors.some((r) => r.value),
            receptors,
            receptors.some((r) => r.value)
              ? 'ER or PR positive → hormone-dependent'
              : 'ER and PR negative → hormone-independent',
          )
        : undefined;
      const h =
        entered.hormoneDependent ??
        cond.hormoneStatus ??
        (p.site === 'breast' ? fromReceptors : undefined);
      if (h)
        primary = {
          ...primary,
          value: { ...p, hormoneDependent: h.value },
          sources: [...primary.sources, ...h.sources],
        };
    }
    if (p.site === 'lung' && therapy.targetedTherapy) {
      primary = {
        ...primary,
        value: { ...primary.value, targetedTherapy: true },
        sources: [...primary.sources, ...therapy.targetedTherapy.sources],
      };
      if (entered.lungNoTargetedTherapy?.value === true) {
        const msg =
          'clinician entered "lung cancer without targeted therapy" but targeted drugs ' +
          'are recorded; the drug records are used';
        const resource = entered.lungNoTargetedTherapy.sources[0]?.reference ?? '';
        issues.push({ severity: 'warning', resource, message: msg });
      }
    } else if (p.site === 'lung' && entered.lungNoTargetedTherapy) {
      // Only a clinician (or negative driver results entered as such) can establish "without
      // targeted therapy".
      const lung = entered.lungNoTargetedTherapy;
      primary = {
        ...primary,
        value: { ...primary.value, targetedTherapy: !lung.value },
        sources: [...primary.sources, ...lung.sources],
      };
    }
  }

  // Spinal levels: Conditions and imaging inputs together.
  const levelMap = new Map<SpineLevel, Fact<SpineLevel>>();
  for (const f of [...cond.levels, ...obs.spine.metastasisLevels]) {
    const prev = levelMap.get(f.value);
    levelMap.set(f.value, prev ? { ...prev, sources: [...prev.sources, ...f.sources] } : f);
  }
  const levels = [...levelMap.values()].sort((a, b) => levelIndex(a.value) - levelIndex(b.value));
  const units = countVertebralUnits(levels.map((l) => l.value));

  const count = (
    confirmed: Fact<number> | undefined,
    known: number,
    knownFacts: Array<Fact<unknown>>,
    what: string,
  ): Fact<LesionCount> | undefined => {
    if (confirmed) {
      if (confirmed.value < known) {
        const msg =
          `${what}: confirmed count ${confirmed.value} is lower than the ${known} ` +
          `recorded; using at least ${known} until resolved`;
        issues.push({
          severity: 'warning',
          resource: confirmed.sources[0]?.reference ?? '',
          message: msg,
        });
        return {
          ...derivedFact(
            { atLeast: known, exact: false },
            [confirmed, ...knownFacts],
            'conflicting counts',
          ),
          warnings: [msg],
        };
      }
      return { ...confirmed, value: { atLeast: confirmed.value, exact: true } };
    }
    if (!knownFacts.length) return undefined;
    return derivedFact(
      { atLeast: known, exact: false },
      knownFacts,
      `${known} counted from the chart; not confirmed complete`,
    );
  };
  const vertebral = count(obs.spine.vertebralCount, units, levels, 'vertebral metastases');
  const extraspinalBone = count(
    obs.spine.extraspinalCount,
    cond.extraspinalSites.length,
    cond.extraspinalSites,
    'extraspinal bone foci',
  );

  // Visceral disease: positive records, completeness and judgements from the clinician.
  let visceral: Fact<VisceralDisease> | undefined;
  if (cond.visceral.length || entered.visceralComplete) {
    const { visceralComplete, visceralRemovable, visceralTreatable } = entered;
    const parts = [...cond.visceral, visceralComplete, visceralRemovable, visceralTreatable];
    visceral = derivedFact<VisceralDisease>(
      {
        sites: cond.visceral.map((v) => v.value),
        complete: visceralComplete?.value === true,
        ...(visceralRemovable ? { removable: visceralRemovable.value } : {}),
        ...(visceralTreatable ? { treatable: visceralTreatable.value } : {}),
      },
      parts,
    );
  }

  // Previous chemotherapy: recorded drugs prove it; only a clinician can confirm "none".
  let previousChemotherapy = therapy.previousChemotherapy ?? entered.previousChemotherapy;
  if (therapy.previousChemotherapy && entered.previousChemotherapy?.value === false) {
    const msg =
      'clinician entered "no previous chemotherapy" but cytotoxic drugs are recorded; ' +
      'the drug records are used';
    const resource = entered.previousChemotherapy.sources[0]?.reference ?? '';
    issues.push({ severity: 'warning', resource, message: msg });
    previousChemotherapy = { ...therapy.previousChemotherapy, warnings: [msg] };
  }

  const indexLevel =
    obs.spine.indexLevel ??
    (levels.length === 1 ? { ...levels[0]!, derivation: 'the only recorded level' } : undefined);
  // A deceased patient's age stops at death; no recommendation is made for them (recommend/).
  const deathDate = patient?.deceasedDateTime;
  const deceased: Fact<{ date?: string }> | undefined =
    patient && (patient.deceasedBoolean === true || deathDate)
      ? {
          value: deathDate ? { date: deathDate } : {},
          sources: [
            {
              kind: 'fhir',
              reference: `Patient/${patient.id ?? '(no id)'}`,
              ...(deathDate ? { date: deathDate } : {}),
              display: deathDate ? `deceased ${deathDate.slice(0, 10)}` : 'deceased',
            },
          ],
        }
      : undefined;
  const ageRef = deathDate && Date.parse(deathDate) < Date.parse(asOf) ? deathDate : asOf;
  const age = patient?.birthDate ? ageInDays(patient.birthDate, ageRef) : undefined;

  const judgements = { ...obs.judgements };
  if (!judgements.pathologicalFracture && cond.pathologicalFracture)
    judgements.pathologicalFracture = cond.pathologicalFracture;

  const facts: ClinicalFacts = {
    patientId: patient?.id ?? '(unknown)',
    asOf,
    ...(patient?.birthDate ? { birthDate: patient.birthDate } : {}),
    ...(age !== undefined ? { ageYears: Math.floor(age / 365.25) } : {}),
    spine: {
      levels,
      sins: obs.spine.sins,
      escc: obs.spine.escc,
      lesionPosition: obs.spine.lesionPosition,
      judgedUnstable: obs.spine.judgedUnstable,
      ...(indexLevel ? { indexLevel } : {}),
      ...(vertebral ? { vertebral } : {}),
      ...(extraspinalBone ? { extraspinalBone } : {}),
    },
    labs: obs.labs,
    therapy: { ...therapy, ...(previousChemotherapy ? { previousChemotherapy } : {}) },
    judgements,
    history: obs.history,
    issues,
  };
  if (primary) facts.primary = primary;
  if (deceased) facts.deceased = deceased;
  if (visceral) facts.visceral = visceral;
  if (obs.performance) facts.performance = obs.performance;
  if (obs.neuro) facts.neuro = obs.neuro;
  if (obs.ambulation) facts.ambulation = obs.ambulation;
  if (obs.pain) facts.pain = obs.pain;
  const cordCompression = readCordCompression(conditions);
  if (cordCompression) facts.cordCompression = cordCompression;
  if (strongOpioid) facts.strongOpioid = strongOpioid;
  return facts;
}
