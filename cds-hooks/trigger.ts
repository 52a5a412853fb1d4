import type { CodeableConcept, ServiceRequest } from 'fhir/r4';
import { readBodySites } from '../src/facts/body-sites.js';
import type { ReferralMatch } from './config.js';
import type { OrderContext } from './request-schema.js';

const NUCC = 'http://nucc.org/provider-taxonomy';

function codings(cc: unknown): Array<{ system?: string; code?: string }> {
  const list = (cc as CodeableConcept | undefined)?.coding;
  return Array.isArray(list) ? list.filter((c) => c && typeof c === 'object') : [];
}

function has(cc: unknown, wanted: ReadonlyArray<{ system?: string; code?: string }>): boolean {
  return codings(cc).some((c) => wanted.some((w) => w.system === c.system && w.code === c.code));
}

function spinalSite(sites: CodeableConcept[]): boolean {
  try {
    return readBodySites(sites).spinal;
  } catch {
    return false; // a malformed bodySite is simply not a spinal site
  }
}

/** Why a ServiceRequest counts as a spine-surgery referral (shown in the card detail). */
export function referralReason(sr: ServiceRequest, match: ReferralMatch): string | undefined {
  if (has(sr.code, match.codes)) return 'the order code is a configured spine-surgery referral';
  if (codings(sr.performerType).some((c) => c.system === NUCC && match.performerTypes.includes(c.code ?? ''))) return 'the performer type is a spine, neurosurgical or orthopaedic surgeon';
  const categories = Array.isArray(sr.category) ? sr.category : [];
  if (categories.some((c) => has(c, match.spinalProcedureCategories)) && Array.isArray(sr.bodySite) && spinalSite(sr.bodySite)) {
    return 'a surgical procedure at a vertebral level';
  }
  return undefined;
}

/**
 * The referrals this invocation is about: on order-select only the selected orders,
 * on order-sign every draft ServiceRequest in the session.
 */
export function findReferrals(hook: string, ctx: OrderContext, match: ReferralMatch): Array<{ request: ServiceRequest; reason: string }> {
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
