import type { ServiceRequest } from 'fhir/r4';
import { referralReason, type ReferralMatch } from '../src/facts/referrals.js';
import type { OrderContext } from './request-schema.js';

/**
 * The referrals this invocation is about: on order-select only the selected orders,
 * on order-sign every draft ServiceRequest in the session.
 */
export function findReferrals(
  hook: string,
  ctx: OrderContext,
  match: ReferralMatch,
): Array<{ request: ServiceRequest; reason: string }> {
  const selected = hook === 'order-select' ? new Set(ctx.selections ?? []) : undefined;
  const out: Array<{ request: ServiceRequest; reason: string }> = [];
  for (const e of ctx.draftOrders.entry ?? []) {
    const r = e.resource as ServiceRequest | undefined;
    if (!r || r.resourceType !== 'ServiceRequest') continue;
    if (selected && !(r.id && selected.has(`ServiceRequest/${r.id}`))) continue;
    if (r.status && !['draft', 'active', 'on-hold'].includes(r.status)) continue;
    const reason = referralReason(r, match);
    if (reason) out.push({ request: r, reason });
  }
  return out;
}
