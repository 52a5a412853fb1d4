import type { Bundle, Observation, Provenance, Reference } from 'fhir/r4';
import { v5 as uuidv5 } from 'uuid';
import type { SpineLevel } from '../clinical/spine-levels.js';
import { levelCoding } from '../facts/body-sites.js';
import type { Source } from '../provenance/fact.js';
import type { ScoreDef, ScoreResult } from '../scores/types.js';
import {
  OBSERVATION_ID_SYSTEM,
  ORDINAL_VALUE_URL,
  PROJECT_CODESYSTEM,
  SOFTWARE_ID_SYSTEM,
  SYSTEMS,
} from '../terminology/systems.js';

/** Fixed namespace for the deterministic identifiers of written score Observations (UUID v5). */
export const IDENTIFIER_NAMESPACE = '3f7d2c1e-8a4b-5c6d-9e0f-1a2b3c4d5e6f';
export const SOFTWARE = {
  id: 'spinescore',
  version: '0.1.0',
  display: 'Spine Metastasis Scores 0.1.0',
};

export class WritebackError extends Error {}

export interface WritebackContext {
  patientId: string;
  /** Clinical time the inputs describe (D-06). */
  effective: string;
  /** Write time. */
  issued: string;
  /**
   * Validated fhirUser, e.g. `Practitioner/123`. Required: software is never a performer (D-06).
   */
  performer: string;
  /** `final` only after clinician confirmation (D-01). */
  status: 'final' | 'preliminary';
  level?: SpineLevel;
  /** Index metastasis Condition for `focus` (D-05). */
  focus?: string;
}

/**
 * UUID v5 of patient + score + level + what the score was computed from: each item's answer and the
 * values and dates of its facts (D-08). Not the session's time and not resource ids: reopening the
 * app on an unchanged chart gives the same identifiers (nothing is written again); new data or an
 * edited input gives new ones.
 */
export function observationIdentifier(
  patientId: string,
  scoreId: string,
  level: string | undefined,
  result: ScoreResult,
): string {
  const factKey = (f: (typeof result.items)[number]['facts'][number]) =>
    `${JSON.stringify(f.value)}@${f.sources.map((x) => x.date ?? '').join(',')}`;
  const content = result.items
    .map((i) => `${i.code}=${i.answer?.code ?? '?'}[${i.facts.map(factKey).join(';')}]`)
    .join('|');
  return uuidv5(`${patientId}|${scoreId}|${level ?? '-'}|${content}`, IDENTIFIER_NAMESPACE);
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const pc = (code: string, display: string) => ({ system: PROJECT_CODESYSTEM, code, display });

/** R4 derivedFrom accepts only these types (D-05); everything else goes to Provenance.entity. */
const DERIVED_FROM_TYPES = new Set([
  'DocumentReference',
  'ImagingStudy',
  'Media',
  'QuestionnaireResponse',
  'Observation',
  'MolecularSequence',
]);

export function uniqueReferences(sources: readonly Source[]): string[] {
  return [
    ...new Set(
      sources
        .map((s) => s.reference)
        .filter((r): r is string => !!r && /^[A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.test(r)),
    ),
  ];
}

/** A validated fhirUser reference: the performer of a written score. */
const PERFORMER_TYPES = 'Practitioner|PractitionerRole|Patient|RelatedPerson|Organization|CareTeam';
const PERFORMER = new RegExp(`^(${PERFORMER_TYPES})/[A-Za-z0-9\\-.]{1,64}$`);

/**
 * A complete score as a FHIR R4 Observation (interop.md D1–D3): total in valueInteger, one
 * component per item with the answer's ordinalValue, band as interpretation. Incomplete scores are
 * refused: a range is not a value to write into the chart.
 */
export function buildScoreObservation(
  def: ScoreDef,
  result: ScoreResult,
  ctx: WritebackContext,
): Observation {
  if (!result.complete || result.total === null) {
    throw new WritebackError(
      `${def.name} is incomplete (missing: ` +
        `${result.missing.map((m) => m.label).join(', ')}); only complete scores are ` +
        `written`,
    );
  }
  if (def.verification === 'unverified')
    throw new WritebackError(`${def.name} is UNVERIFIED and is not written to the chart`);
  if (!PERFORMER.test(ctx.performer)) {
    throw new WritebackError(
      'performer must be a validated fhirUser reference (Practitioner/…, PractitionerRole/…)',
    );
  }
  const sum = result.items.reduce((s, i) => s + (i.points ?? 0), 0);
  if (sum !== result.total && def.id !== 'nesms')
    throw new WritebackError(
      `${def.name}: item points (${sum}) do not add up to the total (${result.total})`,
    );
  const band = result.band;
  const sources = result.items.flatMap((i) => i.facts.flatMap((f) => f.sources));
  const refs = uniqueReferences(sources);
  const derivedFrom: Reference[] = refs
    .filter((r) => DERIVED_FROM_TYPES.has(r.split('/')[0]!))
    .map((reference) => ({ reference }));
  const itemsText = result.items
    .map((i) => `${i.label} ${i.answer!.display}: ${i.points}`)
    .join('; ');
  const entered = result.items
    .filter((i) => i.facts.some((f) => f.sources.some((s) => s.kind === 'clinician')))
    .map((i) => i.label);
  const levelText = ctx.level ? ` at ${ctx.level}` : '';
  const enteredNote = entered.length ? ` Entered by the clinician: ${entered.join(', ')}.` : '';
  const obs: Observation = {
    resourceType: 'Observation',
    identifier: [
      {
        system: OBSERVATION_ID_SYSTEM,
        value: observationIdentifier(ctx.patientId, def.id, ctx.level, result),
      },
    ],
    text: {
      status: 'generated',
      div: `<div xmlns="http://www.w3.org/1999/xhtml"><p>${escapeXml(
        `${def.name} ${result.total}${band ? ` (${band.label})` : ''}${levelText}, ` +
          `${ctx.effective.slice(0, 10)}: ${itemsText}.`,
      )}</p></div>`,
    },
    status: ctx.status,
    category: [
      { coding: [{ system: SYSTEMS.observationCategory, code: 'survey', display: 'Survey' }] },
    ],
    code: { coding: [pc(def.totalCode, `${def.name} total`)], text: def.name },
    subject: { reference: `Patient/${ctx.patientId}` },
    ...(ctx.focus ? { focus: [{ reference: ctx.focus }] } : {}),
    effectiveDateTime: ctx.effective,
    issued: ctx.issued,
    performer: [{ reference: ctx.performer }],
    valueInteger: result.total,
    ...(band
      ? { interpretation: [{ coding: [pc(band.code, band.label)], text: band.meaning }] }
      : {}),
    note: [{ text: `Computed by ${SOFTWARE.display}.${enteredNote} Citation: ${def.citation}` }],
    ...(ctx.level ? { bodySite: levelCoding(ctx.level) } : {}),
    method: { coding: [pc(def.methodCode, def.methodDisplay)] },
    referenceRange: [
      {
        low: { value: def.range.min },
        high: { value: def.range.max },
        text: def.bands.map((b) => b.label).join('; '),
      },
    ],
    ...(derivedFrom.length ? { derivedFrom } : {}),
    component: result.items.map((i) => ({
      code: { coding: [pc(i.code, i.label)] },
      valueCodeableConcept: {
        coding: [
          {
            extension: [{ url: ORDINAL_VALUE_URL, valueDecimal: i.points! }],
            ...pc(i.answer!.code, i.answer!.display),
          },
        ],
        text: `${i.answer!.display}: ${i.points}`,
      },
    })),
  };
  return obs;
}

/**
 * Provenance for written Observations: author = fhirUser, software as an identifier-only agent
 * (D4).
 */
export function buildProvenance(
  targets: string[],
  ctx: Pick<WritebackContext, 'issued' | 'performer'> & { onBehalfOf?: string },
  sources: readonly Source[],
): Provenance {
  const entity = uniqueReferences(sources).map((reference) => ({
    role: 'derivation' as const,
    what: { reference },
  }));
  return {
    resourceType: 'Provenance',
    target: targets.map((reference) => ({ reference })),
    recorded: ctx.issued,
    activity: { coding: [{ system: SYSTEMS.dataOperation, code: 'CREATE', display: 'create' }] },
    agent: [
      {
        type: {
          coding: [{ system: SYSTEMS.provenanceParticipant, code: 'author', display: 'Author' }],
        },
        who: { reference: ctx.performer },
        ...(ctx.onBehalfOf ? { onBehalfOf: { reference: ctx.onBehalfOf } } : {}),
      },
      {
        type: {
          coding: [
            { system: SYSTEMS.provenanceParticipant, code: 'performer', display: 'Performer' },
          ],
        },
        who: {
          identifier: { system: SOFTWARE_ID_SYSTEM, value: `${SOFTWARE.id}-${SOFTWARE.version}` },
          display: SOFTWARE.display,
        },
      },
    ],
    ...(entity.length ? { entity } : {}),
  };
}

/**
 * One transaction (D-22): each Observation is a conditional create on its identifier, so saving
 * the same assessment twice creates nothing new; the Provenance targets them by urn:uuid.
 */
export function buildWritebackTransaction(
  observations: readonly Observation[],
  ctx: Pick<WritebackContext, 'issued' | 'performer'>,
  sources: readonly Source[],
): Bundle {
  const urns = observations.map((o) => `urn:uuid:${o.identifier![0]!.value}`);
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      ...observations.map((o, k) => ({
        fullUrl: urns[k]!,
        resource: o,
        request: {
          method: 'POST' as const,
          url: 'Observation',
          ifNoneExist: `identifier=${OBSERVATION_ID_SYSTEM}|${o.identifier![0]!.value}`,
        },
      })),
      {
        fullUrl: `urn:uuid:${uuidv5(urns.join(','), IDENTIFIER_NAMESPACE)}`,
        resource: buildProvenance(urns, ctx, sources),
        request: { method: 'POST' as const, url: 'Provenance' },
      },
    ],
  };
}
