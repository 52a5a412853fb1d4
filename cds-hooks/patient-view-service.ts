import type { ServiceRequest } from 'fhir/r4';
import { assessPatient } from '../src/assess/assess.js';
import { isHighGradeEscc } from '../src/scores/escc.js';
import { cardUuid } from './cards/card-ids.js';
import { md } from './cards/markdown.js';
import type { CdsCard } from './cards/types.js';
import type { PatientViewContext } from './request-schema.js';
import { preconditionFailed } from './outcomes.js';
import {
  conditionsUnreachable,
  gatherFor,
  type HookCall,
  type ServiceOutcome,
} from './service-kit.js';
import { hasSpinalMetastasis } from '../src/assess/spinal-metastasis.js';
import { referralReason } from '../src/facts/referrals.js';

/**
 * patient-view: silent unless an unstable spine (SINS 13–18, decided) or high-grade cord
 * compression (ESCC 2–3) has no spine referral on record. Avoids alert fatigue by design.
 * Its queries (services.ts) include the referrals on record, so prefetch alone can answer.
 */
export async function patientViewService(
  call: HookCall<PatientViewContext>,
): Promise<ServiceOutcome> {
  const {
    request: { hookInstance },
    context: { patientId },
    config,
  } = call;
  const data = await gatherFor(call);
  if (conditionsUnreachable(data)) {
    return {
      error: preconditionFailed(
        'Cannot evaluate the chart: no Condition data was prefetched and no FHIR access ' +
          'was granted.',
      ),
    };
  }
  // Unknown referral status or partial data: stay silent rather than nag.
  if (data.notes.length) return { body: { cards: [] } };
  const referred = data.resources.some(
    (r) =>
      r.resourceType === 'ServiceRequest' && referralReason(r as ServiceRequest, config.referral),
  );
  if (referred) return { body: { cards: [] } };
  let a;
  try {
    a = assessPatient(data.resources, { asOf: call.asOf });
  } catch {
    return { body: { cards: [] } };
  }
  if (!hasSpinalMetastasis(a)) return { body: { cards: [] } };
  const findings: string[] = [];
  const sins = a.scores.sinsIndex;
  if (sins?.result.complete && sins.result.band?.min === 13)
    findings.push(`SINS ${sins.result.total} at ${sins.level} (unstable)`);
  if (a.scores.escc && isHighGradeEscc(a.scores.escc.grade.value))
    findings.push(
      `ESCC ${a.scores.escc.grade.value} at ${a.scores.escc.level} (high-grade cord compression)`,
    );
  if (findings.length === 0) return { body: { cards: [] } };
  const uuid = cardUuid(hookInstance, 'actionable', patientId);
  const card: CdsCard = {
    uuid,
    summary: `No spine surgery referral on record despite ${findings.join(' and ')}`.slice(0, 139),
    detail:
      `${findings.map((f) => `- ${md(f)}`).join('\n')}\n\nSINS 13–18 calls for surgical ` +
      `consultation [KANDA2021]; high-grade compression calls for urgent assessment ` +
      `[CTJ2018]. *Decision support only: the surgeon decides.*`,
    indicator: 'warning',
    source: {
      label: 'spinescore decision support · KANDA2021',
      url: 'https://doi.org/10.1186/s13018-021-02562-8',
    },
    links: [
      {
        label: 'Review in the Spine Metastasis app',
        url: config.appLaunchUrl,
        type: 'smart',
        appContext: JSON.stringify({ hookInstance: hookInstance, view: 'summary' }),
      },
    ],
  };
  return { body: { cards: [card] } };
}
