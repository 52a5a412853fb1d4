import type { Resource, ServiceRequest } from 'fhir/r4';
import { assessPatient } from '../src/assess/assess.js';
import { hasSpinalMetastasis } from '../src/assess/spinal-metastasis.js';
import { approachCard, candidacyCard, type CardContext } from './cards/referral-cards.js';
import { cardUuid } from './cards/card-ids.js';
import type { CdsCard } from './cards/types.js';
import { md } from './cards/markdown.js';
import { deadlineText, notReadInTime, notReadInTimeCard } from './cards/unread-card.js';
import { AssessmentCache } from './data/assessment-cache.js';
import type { Gathered } from './data/gather.js';
import type { OrderContext } from './request-schema.js';
import { preconditionFailed } from './outcomes.js';
import {
  conditionsUnreachable,
  gatherFor,
  type HookCall,
  type ServiceOutcome,
} from './service-kit.js';
import { findReferrals } from './trigger.js';

/** order-select and order-sign: the referral's context; its queries come from services.ts. */
export type ServiceInput = HookCall<OrderContext>;

export async function referralService(input: ServiceInput): Promise<ServiceOutcome> {
  const { request, context, config } = input;
  const referrals = findReferrals(request.hook, context, config.referral);
  if (referrals.length === 0) return { body: { cards: [] } };

  // Without fhirAuthorization there is no FHIR access: prefetch only (412 when it lacks
  // Conditions).
  const data: Gathered = await gatherFor(input);
  if (conditionsUnreachable(data)) {
    return {
      error: preconditionFailed(
        'Cannot evaluate spine-surgery candidacy: no Condition data was prefetched and ' +
          'no FHIR access was granted.',
      ),
    };
  }
  const { request: referral, reason } = referrals[0]!;
  const ctx: CardContext = {
    hookInstance: request.hookInstance,
    patientId: context.patientId,
    userId: context.userId,
    referral,
    referralReason: reason,
    notes: data.notes,
    reads: data.reads,
    appLaunchUrl: config.appLaunchUrl,
    infoUrl: config.infoUrl,
    ...(context.encounterId ? { encounterId: context.encounterId } : {}),
  };
  const late = notReadInTime(data.notes);
  if (data.sources.conditions === 'missing') {
    const note = data.notes.find((n) => n.key === 'conditions');
    if (note?.problem === 'timeout') {
      return unavailable(
        ctx,
        `the chart could not be read in time: ${late.map((n) => n.label).join('; ')} ` +
          `(not read ${deadlineText(config.fetchDeadlineMs)}), so spinal metastasis could ` +
          `not be checked`,
      );
    }
    return unavailable(
      ctx,
      `the problem list could not be used (${note?.text ?? 'it was not read'}), so ` +
        `spinal metastasis could not be checked`,
    );
  }

  // Deterministic only when nothing came from the FHIR server: then the request content is the
  // input.
  const key =
    input.cache && request.prefetch && data.fetches === 0
      ? AssessmentCache.key(context.patientId, input.asOf, request.prefetch)
      : undefined;
  let assessment = key ? input.cache!.get(key) : undefined;
  if (!assessment) {
    try {
      assessment = assessPatient(withPatient(data.resources, context.patientId), {
        asOf: input.asOf,
      });
    } catch {
      return unavailable(ctx, 'the chart data could not be read');
    }
    if (key) input.cache!.set(key, assessment);
  }
  // A deadline never changes the answer silently: what was not read in time is said, and nothing
  // the unread data could change is decided (docs/cds-hooks.md).
  if (late.length)
    return {
      body: {
        cards: [
          notReadInTimeCard(ctx, late, config.fetchDeadlineMs, {
            metastasisFound: hasSpinalMetastasis(assessment),
          }),
        ],
      },
    };
  if (!hasSpinalMetastasis(assessment)) {
    // No metastasis found is "no" only when every query was read: a level can also come from an
    // unread query (earlier clinician inputs), and absence of a record is not "no".
    const unread = data.notes.filter(
      (n) => n.problem !== 'no-access' && n.problem !== 'partial' && n.problem !== 'empty',
    );
    if (unread.length)
      return unavailable(
        ctx,
        `no spinal metastasis was found, but ` +
          `${unread.map((n) => `${n.label}: ${n.text}`).join('; ')}`,
      );
    return { body: { cards: [] } };
  }
  // A deceased patient gets one card saying so, and no approach.
  const cards =
    assessment.recommendations.candidacy.headline === 'deceased'
      ? [candidacyCard(assessment, ctx)]
      : [candidacyCard(assessment, ctx), approachCard(assessment, ctx)];
  return { body: { cards } };
}

/** The Patient read may be absent (not prefetched, not fetchable): the core needs its id. */
function withPatient(resources: Resource[], patientId: string): Resource[] {
  return resources.some((r) => r.resourceType === 'Patient')
    ? resources
    : [{ resourceType: 'Patient', id: patientId }, ...resources];
}

function unavailable(ctx: CardContext & { referral: ServiceRequest }, why: string): ServiceOutcome {
  const card: CdsCard = {
    uuid: cardUuid(ctx.hookInstance, 'data-unavailable', ctx.referral.id ?? ''),
    summary: 'Spine metastasis scores unavailable for this referral: chart data could not be read',
    detail:
      `No candidacy or approach advice: ${md(why)}. Nothing was assumed. Open the app to ` +
      `assess with the chart and your own inputs.`,
    indicator: 'info',
    source: { label: 'spinescore decision support', url: ctx.infoUrl },
    links: [
      {
        label: 'Open the Spine Metastasis app',
        url: ctx.appLaunchUrl,
        type: 'smart',
        appContext: JSON.stringify({
          hookInstance: ctx.hookInstance,
          serviceRequest: ctx.referral.id ? `ServiceRequest/${ctx.referral.id}` : undefined,
        }),
      },
    ],
  };
  return { body: { cards: [card] } };
}
