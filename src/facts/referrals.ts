import type { CodeableConcept, Coding, ServiceRequest } from 'fhir/r4';
import { readBodySites } from './body-sites.js';

/**
 * What counts as a spine-surgery referral on record: shared by the CDS service (which draft order
 * triggers the cards) and the population worklist (who has none yet).
 */
export interface ReferralMatch {
  /**
   * Orderable codes that mean a spine-surgery/neurosurgery/orthopaedic-spine referral or spinal
   * procedure.
   */
  codes: Coding[];
  /** NUCC provider taxonomy codes of `ServiceRequest.performerType`. */
  performerTypes: string[];
  /**
   * A request in one of these categories whose bodySite is a vertebral level is a spinal procedure.
   */
  spinalProcedureCategories: Coding[];
}

const SCT = 'http://snomed.info/sct';

/**
 * Default referral triggers. Only concepts whose codes were checked against published uses are
 * listed; there is no international SNOMED CT "referral to spine surgeon" concept (interop A-32),
 * so sites add their local orderable codes in configuration (docs/cds-hooks.md).
 */
export const DEFAULT_REFERRAL: ReferralMatch = {
  codes: [
    { system: SCT, code: '183545006', display: 'Referral to orthopedic service' },
    { system: SCT, code: '183881003', display: 'Private referral to orthopedic surgeon' },
    { system: SCT, code: '183882005', display: 'Private referral to neurosurgeon' },
  ],
  // NUCC: Orthopaedic Surgery of the Spine, Neurological Surgery, Orthopaedic Surgery.
  performerTypes: ['207XS0117X', '207T00000X', '207X00000X'],
  spinalProcedureCategories: [{ system: SCT, code: '387713003', display: 'Surgical procedure' }],
};

const NUCC = 'http://nucc.org/provider-taxonomy';

function codings(cc: unknown): Coding[] {
  const list = (cc as CodeableConcept | undefined)?.coding;
  return Array.isArray(list) ? list.filter((c) => c && typeof c === 'object') : [];
}

function has(cc: unknown, wanted: readonly Coding[]): boolean {
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
  if (
    codings(sr.performerType).some(
      (c) => c.system === NUCC && match.performerTypes.includes(c.code ?? ''),
    )
  )
    return 'the performer type is a spine, neurosurgical or orthopaedic surgeon';
  const categories = Array.isArray(sr.category) ? sr.category : [];
  if (
    categories.some((c) => has(c, match.spinalProcedureCategories)) &&
    Array.isArray(sr.bodySite) &&
    spinalSite(sr.bodySite)
  ) {
    return 'a surgical procedure at a vertebral level';
  }
  return undefined;
}
