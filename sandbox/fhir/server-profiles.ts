import type { Bundle, OperationOutcome } from 'fhir/r4';

/**
 * Ways real EHR FHIR servers differ from the full embedded server, each allowed by FHIR R4, so the
 * app and the service can be tested against them (`npm start -- --fhir-profile NAME`).
 */
export interface ServerQuirks {
  /** `_sort` is ignored (and left out of the `self` link, as the spec asks). */
  ignoreSort?: boolean;
  /** `_count` is capped at this page size. */
  maxCount?: number;
  /** Observation searches need `code` or `category` besides the patient (400 otherwise). */
  observationNeedsCodeOrCategory?: boolean;
  /** `next` links are opaque page tokens (`?_getpages=…`), not a query to read. */
  opaqueNext?: boolean;
  /** Every searchset carries an OperationOutcome warning entry (`search.mode = outcome`). */
  outcomeWarnings?: boolean;
}

export const SERVER_PROFILES: Readonly<Record<string, ServerQuirks>> = {
  full: {},
  'no-sort': { ignoreSort: true },
  'small-pages': { maxCount: 20 },
  'strict-observation': { observationNeedsCodeOrCategory: true },
  'opaque-paging': { opaqueNext: true, maxCount: 50 },
  'with-warnings': { outcomeWarnings: true },
  // All of them at once: the least helpful server FHIR allows.
  'all-quirks': {
    ignoreSort: true,
    maxCount: 20,
    observationNeedsCodeOrCategory: true,
    opaqueNext: true,
    outcomeWarnings: true,
  },
};

/** Opaque page tokens → the query they stand for (bounded, oldest dropped first). */
export class PageTokens {
  private readonly map = new Map<string, string>();
  private seq = 0;
  constructor(private readonly capacity = 10_000) {}
  issue(query: string): string {
    const token = `p${(this.seq++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    this.map.set(token, query);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value!);
    return token;
  }
  resolve(token: string): string | undefined {
    return this.map.get(token);
  }
}

const WARNING: OperationOutcome = {
  resourceType: 'OperationOutcome',
  issue: [
    {
      severity: 'warning',
      code: 'informational',
      details: { text: 'Results may be limited by the server configuration.' },
    },
  ],
};

export function withOutcomeWarning(b: Bundle): Bundle {
  return { ...b, entry: [...(b.entry ?? []), { search: { mode: 'outcome' }, resource: WARNING }] };
}
