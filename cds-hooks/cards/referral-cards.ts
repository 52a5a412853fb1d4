import type { Reference, ServiceRequest } from 'fhir/r4';
import type { Assessment } from '../../src/assess/assess.js';
import type { ApproachOption, Candidacy, Statement } from '../../src/recommend/types.js';
import { answerOf } from '../../src/recommend/actions.js';
import {
  approachText,
  atLeastUrgent,
  decisionLines,
  headlineText,
  inSections,
  sectionLabel,
  surgeryPossible,
  urgencyText,
} from '../../src/recommend/describe.js';
import type { DataNote } from '../data/gather.js';
import type { QueryRead } from '../../src/facts/queries.js';
import { cardUuid, suggestionUuid } from './card-ids.js';
import { dataNoteLines, mainPaper, scoreValue } from './detail.js';
import { md, summary } from './markdown.js';
import type { CdsCard, CdsCoding, CdsLink, CdsSuggestion } from './types.js';
import { PAPERS, shortOf, withoutStop } from '../../src/recommend/types.js';
import { wordedRow } from '../../src/recommend/rules/worded-rules.js';
import { actionDetailLines, withActionSuggestions } from './action-suggestions.js';
import { toFrankelLetter } from '../../src/clinical/neuro.js';

export interface CardContext {
  hookInstance: string;
  patientId: string;
  userId: string;
  encounterId?: string;
  referral: ServiceRequest;
  referralReason: string;
  notes: DataNote[];
  /** What each query read, for the "read from the chart" line. */
  reads?: QueryRead[];
  appLaunchUrl: string;
  infoUrl: string;
}

const OVERRIDE_SYSTEM = 'https://spinescore.example.org/fhir/CodeSystem/override-reasons';
export const OVERRIDE_REASONS: CdsCoding[] = [
  {
    system: OVERRIDE_SYSTEM,
    code: 'nonoperative-by-mdt',
    display: 'Non-operative plan agreed at tumour board',
  },
  {
    system: OVERRIDE_SYSTEM,
    code: 'patient-declines-surgery',
    display: 'Patient declines surgery',
  },
  {
    system: OVERRIDE_SYSTEM,
    code: 'inputs-incorrect',
    display: 'Chart inputs are wrong or outdated',
  },
  { system: OVERRIDE_SYSTEM, code: 'already-addressed', display: 'Already addressed' },
];

const SCT = 'http://snomed.info/sct';
const TOPIC = 'https://spinescore.example.org/fhir/CodeSystem/cds-topics';

const allStatements = (a: Assessment): Statement[] =>
  inSections(a.recommendations.candidacy.statements, 'card');
/** The first statement that rules an option out, in a few words. */
const whyRuledOut = (o: ApproachOption) => {
  const x = o.against.find((st) => !st.certainty);
  return x ? shortOf(x) : '';
};
const lower = (t: string) => t.charAt(0).toLowerCase() + t.slice(1);

/**
 * Indicator policy (docs/cds-hooks.md): `critical` for an emergency (decided or leading); `warning`
 * only when something must be done before the referral is signed — a possible emergency, an answer
 * resting on stale or conflicting data, an assumption that would change the category, or an urgency
 * the draft referral does not carry yet; `info` otherwise. A referring doctor learns to trust
 * warnings.
 */
export function candidacyIndicator(
  c: Candidacy,
  referral?: { priority?: string | undefined },
): CdsCard['indicator'] {
  if (c.headline === 'deceased' || c.headline === 'not-assessed') return 'info';
  if (c.emergency === 'yes') return 'critical';
  if (c.emergency === 'possible' || c.kind === 'insufficient') return 'warning';
  // An assumption the referrer can settle before signing (not fitness: that is judged at the
  // consultation).
  if (
    c.kind === 'leading' &&
    c.assumptions.some(
      (x) =>
        x.input !== 'fitness' && /surgical|excisional|radiotherapy|candidate/.test(x.otherwise),
    )
  )
    return 'warning';
  const urgent = c.urgency.leading === 'urgent' || c.urgency.leading === 'emergency';
  if (
    urgent &&
    surgeryPossible(c) &&
    referral &&
    referral.priority !== 'urgent' &&
    referral.priority !== 'stat'
  )
    return 'warning';
  return 'info';
}

/**
 * A card detail within its budget: lines in order of importance, each clipped; the last line always
 * kept.
 */
export const DETAIL_MAX_CHARS = 1200;
export function fitDetail(lines: readonly string[], last: string, max = DETAIL_MAX_CHARS): string {
  const clip = (l: string, n: number) => (l.length <= n ? l : `${l.slice(0, n - 1).trimEnd()}…`);
  const out: string[] = [];
  let used = last.length + 1;
  for (const l of lines) {
    const line = clip(l, 260);
    if (used + line.length + 1 > max) continue;
    out.push(line);
    used += line.length + 1;
  }
  return [...out, clip(last, max)].join('\n');
}

function metastasisReferences(a: Assessment): Reference[] {
  const refs = new Set<string>();
  for (const l of a.facts.spine.levels)
    for (const s of l.sources) if (s.reference?.startsWith('Condition/')) refs.add(s.reference);
  return [...refs].slice(0, 5).map((reference) => ({ reference }));
}

/** Inputs the clinician still has to give, for the link label and appContext. */
function missingImaging(a: Assessment): string[] {
  const sins = a.scores.sinsIndex?.result.missing ?? [];
  const out = sins.map((m) => m.label);
  if (!a.scores.escc) out.push('ESCC grade');
  return out;
}

function appLink(a: Assessment, ctx: CardContext): CdsLink {
  const missing = missingImaging(a);
  const appContext = JSON.stringify({
    hookInstance: ctx.hookInstance,
    serviceRequest: ctx.referral.id ? `ServiceRequest/${ctx.referral.id}` : undefined,
    focus: metastasisReferences(a)[0]?.reference,
    view: missing.length ? 'inputs' : 'summary',
    missing: missing.length ? missing : undefined,
  });
  return {
    label: missing.length
      ? `Enter missing ${missing.length === 1 ? missing[0] : `inputs (${missing.length})`} ` +
        `in the Spine Metastasis app`
      : 'Review scores in the Spine Metastasis app',
    url: ctx.appLaunchUrl,
    type: 'smart',
    appContext,
  };
}

function source(statements: Statement[], infoUrl: string, topic: CdsCoding) {
  const paper = mainPaper(statements);
  const doi = paper ? PAPERS[paper].doi : undefined;
  return {
    label: `spinescore decision support${paper ? ` · ${paper}` : ''}`,
    url: doi ? `https://doi.org/${doi}` : infoUrl,
    topic,
  };
}

/** The referral's requester, encounter and subject: references that exist in the EHR (A-51). */
function orderBase(ctx: CardContext, a: Assessment): Partial<ServiceRequest> {
  return {
    subject: { reference: `Patient/${ctx.patientId}` },
    ...(ctx.encounterId ? { encounter: { reference: `Encounter/${ctx.encounterId}` } } : {}),
    requester: { reference: ctx.userId },
    ...(metastasisReferences(a).length ? { reasonReference: metastasisReferences(a) } : {}),
  };
}

const details = new WeakMap<Assessment, Map<string, string>>();
/** A card's markdown detail, once per assessment, referral reason and data notes (not per call). */
/**
 * Grouped counts of what the queries returned: "Read from the chart: 3 conditions, 17 observations,
 * …".
 */
const READ_GROUPS: Array<[string, string[]]> = [
  ['conditions', ['conditions']],
  [
    'observations',
    ['clinicalObservations', 'receptorObservations', 'clinicianInputs', 'panelObservations'],
  ],
  ['medication records', ['medicationRequests', 'medicationStatements']],
  ['procedures', ['procedures']],
];
export function readLine(reads: readonly QueryRead[] | undefined): string | undefined {
  if (!reads?.length) return undefined;
  const parts = READ_GROUPS.map(([label, keys]) => {
    const rs = reads.filter((r) => keys.includes(r.key) && !r.failed);
    return rs.length ? `${rs.reduce((n, r) => n + (r.count ?? 0), 0)} ${label}` : undefined;
  }).filter(Boolean);
  return parts.length ? `Read from the chart: ${parts.join(', ')}.` : undefined;
}

function memoDetail(a: Assessment, kind: string, ctx: CardContext, build: () => string): string {
  let byKey = details.get(a);
  if (!byKey) details.set(a, (byKey = new Map()));
  const key = [
    kind,
    ctx.referralReason,
    JSON.stringify(ctx.notes),
    JSON.stringify(ctx.reads ?? []),
  ].join('\u241f');
  let text = byKey.get(key);
  if (text === undefined) byKey.set(key, (text = build()));
  return text;
}

export function candidacyCard(a: Assessment, ctx: CardContext): CdsCard {
  const c = a.recommendations.candidacy;
  const s = a.scores;
  const uuid = cardUuid(ctx.hookInstance, 'candidacy', ctx.referral.id ?? '');
  const indicator = candidacyIndicator(c, ctx.referral);
  // The headline with its assumptions when it fits the summary, else with how many (named in the
  // detail).
  const full = headlineText(c, true);
  const head =
    full.length <= 110 || !c.assumptions.length
      ? full
      : `${headlineText({ ...c, assumptions: [] }, true)} — on ${c.assumptions.length} ` +
        `assumption${c.assumptions.length > 1 ? 's' : ''} (details)`;
  const parts: string[] = [];
  if (c.headline !== 'deceased') {
    // What would decide an open answer first, then the deciding factors, then the strongest factor
    // against.
    const open =
      c.kind === 'open' || c.kind === 'insufficient'
        ? (c.category.deciding[0] ?? c.urgency.deciding[0])
        : undefined;
    if (open) parts.push(`${open.short} decides`);
    if (s.sinsIndex) parts.push(`SINS ${scoreValue(s.sinsIndex.result)} at ${s.sinsIndex.level}`);
    if (s.escc) parts.push(`ESCC ${s.escc.grade.value}`);
    if (a.facts.neuro) parts.push(`Frankel ${toFrankelLetter(a.facts.neuro.value)}`);
    const against = c.contraindications.find((x) => !x.certainty);
    if (against) parts.push(`against: ${lower(shortOf(against))}`);
    parts.push(`Tokuhashi ${scoreValue(s.tokuhashi)}`);
  }

  const statements = allStatements(a);
  // At most ~10 lines for a busy clinician: the decision, why, what decides it, what data were
  // missing;
  // rules by id and papers by key; the scores, inputs and their sources are one click away in the
  // app.
  const detail = memoDetail(a, 'candidacy', ctx, () => {
    // Answer first: the decision and why, what it rests on, what would change it; then what is
    // against it
    // and what the card could not read. Rules, scores and inputs with their sources are one click
    // away.
    const lines = decisionLines(a.recommendations).map((l) => `- ${md(l)}`);
    // The standard actions and red flags right after the decision: what to do now.
    lines.splice(1, 0, ...actionDetailLines(a.recommendations.actions));
    const against = statements
      .filter((x) => x.side === 'against' && !x.certainty)
      .slice(0, 2)
      .map((x) => `${md(withoutStop(x.text))} [${x.citations.join(', ')}]`);
    if (against.length) lines.push(`- **${sectionLabel('against')}:** ${against.join('; ')}`);
    const notes = dataNoteLines(ctx.notes);
    if (notes.length)
      lines.unshift(
        `- **Data not available for this card:** ` +
          `${notes.map((n) => n.replace(/^- /, '')).join('; ')}`,
      );
    const papers = [
      ...new Set(
        [
          ...statements.filter((x) => !x.certainty),
          ...a.recommendations.riskFlags.filter((f) => f.severity === 'high'),
        ].flatMap((x) => x.citations),
      ),
    ].sort();
    // Paper keys only: the card's source link and the app carry the references.
    const last = `- Sources: ${papers.join(', ') || '—'}. *${md(a.recommendations.disclaimer)}*`;
    return fitDetail(lines, last);
  });

  const suggestions: CdsSuggestion[] = [];
  const urgent = atLeastUrgent(c);
  if (
    urgent &&
    surgeryPossible(c) &&
    ctx.referral.id &&
    ctx.referral.priority !== 'urgent' &&
    ctx.referral.priority !== 'stat'
  ) {
    // A-50: the draft order echoed unchanged except the fields we change, keeping its id.
    const urgent: ServiceRequest = {
      ...ctx.referral,
      priority: 'urgent',
      note: [
        ...(ctx.referral.note ?? []),
        {
          text: `Urgent per decision support: ${
            c.urgencyReasons
              .filter((u) => !u.certainty)
              .map((u) => u.rule)
              .join(', ') || urgencyText(c)
          }.`,
        },
      ],
    };
    suggestions.push({
      label: 'Mark this referral urgent',
      uuid: suggestionUuid(uuid, 'urgent'),
      isRecommended: true,
      actions: [
        {
          type: 'update',
          description:
            'Set the draft referral priority to urgent (neurological urgency) and note the reason.',
          resource: urgent,
        },
      ],
    });
  }
  // Radiation oncology only when the decision involves radiotherapy for this patient.
  const answer = answerOf(c);
  const radiotherapy = answer
    ? answer !== 'surgical-consultation' && answer !== 'excisional'
    : c.category.possible.some((p) => p === 'radiotherapy-first' || p === 'nonsurgical-first');
  if (radiotherapy) {
    suggestions.push({
      label: 'Also refer to radiation oncology',
      uuid: suggestionUuid(uuid, 'radiation-oncology'),
      actions: [
        {
          type: 'create',
          description:
            `Draft referral to radiation oncology (radiotherapy is the treatment the ` +
            `decision leads to; NOMS: ${s.noms.paths.join(' or ')}).`,
          resource: {
            resourceType: 'ServiceRequest',
            status: 'draft',
            intent: 'order',
            priority: urgent ? 'urgent' : 'routine',
            category: [{ coding: [{ system: SCT, code: '3457005', display: 'Patient referral' }] }],
            code: { text: 'Referral to radiation oncology' },
            performerType: {
              coding: [
                {
                  system: 'http://nucc.org/provider-taxonomy',
                  code: '2085R0001X',
                  display: 'Radiation Oncology',
                },
              ],
            },
            ...orderBase(ctx, a),
          } as ServiceRequest,
        },
      ],
    });
  }

  // Standard actions (evidence.md §6): the stat spine and radiotherapy referrals among them.
  suggestions.splice(
    0,
    suggestions.length,
    ...withActionSuggestions(
      a.recommendations.actions,
      ctx.referral,
      orderBase(ctx, a),
      uuid,
      suggestions,
    ),
  );
  return {
    uuid,
    summary: summary(head, parts),
    detail,
    indicator,
    source: source(statements, ctx.infoUrl, {
      system: TOPIC,
      code: 'surgical-candidacy',
      display: 'Surgical candidacy',
    }),
    ...(suggestions.length ? { suggestions, selectionBehavior: 'any' as const } : {}),
    overrideReasons: OVERRIDE_REASONS,
    links: [appLink(a, ctx)],
  };
}

export function approachCard(a: Assessment, ctx: CardContext): CdsCard {
  const uuid = cardUuid(ctx.hookInstance, 'approach', ctx.referral.id ?? '');
  const ap = a.recommendations.approach;
  const options = ap.ranked;
  const head = `Approach: ${approachText(ap)}`;
  const parts: string[] = [];
  if (ap.ruledOut.length) parts.push(`not advised: ${ap.ruledOut.map((o) => o.label).join(', ')}`);
  const missing = missingImaging(a);
  if (missing.length)
    parts.push(`${missing.length} imaging input${missing.length > 1 ? 's' : ''} missing`);

  const statements: Statement[] = [
    ...[...options, ...ap.ruledOut].flatMap((o) => [...o.for, ...o.against]),
    ...a.recommendations.workup,
  ];
  const detail = memoDetail(a, 'approach', ctx, () => {
    const reason = (o: ApproachOption) =>
      o.for.filter((x) => !x.certainty && x.weight > 0).sort((x, y) => y.weight - x.weight)[0];
    const lines = [`- **${md(head)}**`];
    for (const o of options.slice(0, 3)) {
      const r = reason(o);
      lines.push(
        `- ${md(o.label)} (${o.status}, weight ` +
          `${o.weight})${r ? `: ${md(shortOf(r))} [${r.citations.join(', ')}]` : ''}`,
      );
    }
    if (ap.ruledOut.length)
      lines.push(
        `- **Ruled out:** ` +
          `${ap.ruledOut.map((o) => `${md(o.label)} (${md(whyRuledOut(o))})`).join('; ')}`,
      );
    if (ap.top.deciding.length)
      lines.push(
        `- **What would decide it:** ${ap.top.deciding
          .slice(0, 3)
          .map((d) => `${md(d.short)} — ${md(d.action)}`)
          .join('; ')}`,
      );
    if (a.recommendations.workup.length)
      lines.push(
        `- **Before deciding:** ${a.recommendations.workup.map((w) => md(shortOf(w))).join('; ')}`,
      );
    const notes = dataNoteLines(ctx.notes);
    if (notes.length)
      lines.push(
        `- **Data not available for this card:** ` +
          `${notes.map((n) => n.replace(/^- /, '')).join('; ')}`,
      );
    const read = readLine(ctx.reads);
    if (read) lines.push(`- ${read}`);
    const papers = [
      ...new Set(statements.filter((x) => !x.certainty).flatMap((x) => x.citations)),
    ].sort();
    const cite = (k: (typeof papers)[number]) => {
      const doi = PAPERS[k].doi;
      return doi ? `[${k}](https://doi.org/${doi})` : k;
    };
    return fitDetail(
      lines,
      `- Sources: ${papers.map(cite).join(', ') || '—'}. *Ranked for discussion under ` +
        `MAPS (ACTA2020); every rule, weight and input is in the app. ` +
        `${md(a.recommendations.disclaimer)}*`,
    );
  });

  const suggestions: CdsSuggestion[] = [];
  if (a.recommendations.workup.some((w) => wordedRow(w.rule)?.suggestion === 'whole-spine-mri')) {
    suggestions.push({
      label: 'Order whole-spine MRI',
      uuid: suggestionUuid(uuid, 'whole-spine-mri'),
      isRecommended: true,
      actions: [
        {
          type: 'create',
          description:
            'Draft order: MRI of the whole spine, to grade cord compression (ESCC) and ' +
            'find non-contiguous lesions (about 15 %).',
          resource: {
            resourceType: 'ServiceRequest',
            status: 'draft',
            intent: 'order',
            priority:
              a.recommendations.candidacy.urgency.atLeast === 'routine' ||
              !a.recommendations.candidacy.urgency.atLeast
                ? 'routine'
                : 'urgent',
            category: [{ coding: [{ system: SCT, code: '363679005', display: 'Imaging' }] }],
            code: {
              text: 'MRI of the whole spine (cervical, thoracic, lumbar) with and without contrast',
            },
            ...orderBase(ctx, a),
          } as ServiceRequest,
        },
      ],
    });
  }
  return {
    uuid,
    summary: summary(head, parts),
    detail,
    // The approach is the surgeon's to weigh at the consultation: nothing here must be done before
    // signing.
    indicator: 'info',
    source: source(statements, ctx.infoUrl, {
      system: TOPIC,
      code: 'surgical-approach',
      display: 'Surgical approach',
    }),
    ...(suggestions.length ? { suggestions, selectionBehavior: 'at-most-one' as const } : {}),
    overrideReasons: OVERRIDE_REASONS,
    links: [appLink(a, ctx)],
  };
}
