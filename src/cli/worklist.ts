import type { ServiceRequest } from 'fhir/r4';
import type { Assessment } from '../assess/assess.js';
import { hasSpinalMetastasis } from '../assess/spinal-metastasis.js';
import { DEFAULT_REFERRAL, referralReason, type ReferralMatch } from '../facts/referrals.js';
import type { Source } from '../provenance/fact.js';
import { atLeastUrgent, headlineText } from '../recommend/describe.js';
import { isHighGradeEscc } from '../scores/escc.js';

/**
 * The safety net: patients with spinal metastases whose spine *can* be unstable (SINS ≥ 7 still
 * possible) or whose cord *can* be compressed at high grade (ESCC ≥ 2 still possible, or not
 * recorded), or whose decision is at least urgent — and no spine-surgery referral on record.
 * "Can" is deliberate: a lesion nobody has scored is not a stable lesion.
 */
export interface WorklistEntry {
  patientId: string;
  reasons: string[];
  decision: string;
  /** The newest date of the spine data behind the reasons (imaging inputs, neurology), if any. */
  dataDate: string | null;
}

const ON_RECORD = new Set(['active', 'on-hold', 'completed']);

export function worklistEntry(
  a: Assessment,
  serviceRequests: readonly ServiceRequest[],
  match: ReferralMatch = DEFAULT_REFERRAL,
): WorklistEntry | undefined {
  if (a.facts.deceased || !hasSpinalMetastasis(a)) return undefined;
  if (serviceRequests.some((sr) => ON_RECORD.has(sr.status) && referralReason(sr, match)))
    return undefined;
  const s = a.scores;
  const reasons: string[] = [];
  const sins = s.sinsLesions.filter((l) => l.result.range.max >= 7);
  if (s.sinsLesions.length === 0) reasons.push('SINS not assessed (could be ≥ 7)');
  for (const l of sins) {
    const r = l.result;
    reasons.push(
      r.complete
        ? `SINS ${r.total} at ${l.level}`
        : `SINS ${r.range.min}–${r.range.max} at ${l.level} (could be ≥ 7)`,
    );
  }
  if (!s.escc) reasons.push('ESCC not recorded (could be ≥ 2)');
  else if (isHighGradeEscc(s.escc.grade.value))
    reasons.push(`ESCC ${s.escc.grade.value} at ${s.escc.level}`);
  const c = a.recommendations.candidacy;
  if (atLeastUrgent(c)) reasons.push(`decision at least ${c.urgency.atLeast}`);
  if (reasons.length === 0) return undefined;
  const sources: Source[] = [
    ...sins.flatMap((l) => l.result.items.flatMap((i) => i.facts.flatMap((f) => f.sources))),
    ...(s.escc ? s.escc.grade.sources : []),
    ...(a.facts.neuro?.sources ?? []),
  ];
  const dates = sources
    .map((x) => x.date)
    .filter((d): d is string => !!d)
    .sort();
  return {
    patientId: a.patientId,
    reasons,
    decision: headlineText(c),
    dataDate: dates.at(-1)?.slice(0, 10) ?? null,
  };
}
