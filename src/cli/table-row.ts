import type { Assessment } from '../assess/assess.js';
import { headlineText } from '../recommend/describe.js';
import type { Decision } from '../recommend/types.js';
import type { ScoreResult } from '../scores/types.js';

/**
 * One row per patient for analysis in any tool (CSV): identifiers, every score as total or range
 * with its band (or the bands still possible), the decision, urgency, top approach, and the inputs
 * that are missing, stale or in conflict. Columns are fixed and documented in docs/assess-cli.md.
 */
export type TableRow = Record<string, string | number | boolean | null>;

const join = (xs: readonly string[]) => xs.join(';');
/**
 * The value, or what is still possible; nothing possible (a deceased patient has no urgency) is an
 * empty cell.
 */
const decision = <T extends string>(d: Decision<T>) =>
  d.value ?? (d.possible.length ? `undecided: ${d.possible.join(' or ')}` : null);

function score(prefix: string, r: ScoreResult | undefined): TableRow {
  return {
    [`${prefix}_total`]: r?.total ?? null,
    [`${prefix}_min`]: r?.range.min ?? null,
    [`${prefix}_max`]: r?.range.max ?? null,
    [`${prefix}_band`]: r ? (r.band?.code ?? join(r.possibleBands.map((b) => b.code))) : null,
  };
}

export function tableRow(a: Assessment): TableRow {
  const s = a.scores;
  const c = a.recommendations.candidacy;
  const deciding = [...c.category.deciding, ...c.urgency.deciding];
  return {
    patient_id: a.patientId,
    as_of: a.asOf.slice(0, 10),
    deceased: !!a.facts.deceased,
    decision: c.headline,
    decision_text: headlineText(c),
    decision_status: c.category.status,
    urgency:
      c.urgency.value == null && c.urgency.atLeast
        ? `at least ${c.urgency.atLeast}`
        : decision(c.urgency),
    non_operative_favoured: decision(c.nonOperativeFavoured),
    top_approach: decision(a.recommendations.approach.top),
    ...score('tokuhashi', s.tokuhashi),
    ...score('tomita', s.tomita),
    ...score('katagiri', s.katagiri),
    ...score('bauer', s.bauerOriginal),
    ...score('bauer_modified', s.bauerModified),
    ...score('nesms', s.nesms),
    sins_level: s.sinsIndex?.level ?? null,
    ...score('sins', s.sinsIndex?.result),
    escc_grade: s.escc?.grade.value ?? null,
    escc_level: s.escc?.level ?? null,
    harrington: s.harrington.grade ?? join(s.harrington.possible),
    missing_inputs: join([
      ...new Set(
        deciding
          .filter((d) => d.status === 'missing' || d.status === 'indeterminate')
          .map((d) => d.label),
      ),
    ]),
    stale_inputs: join([
      ...new Set(c.banners.filter((b) => b.kind === 'stale').map((b) => b.input)),
    ]),
    conflicting_inputs: join([
      ...new Set(c.banners.filter((b) => b.kind === 'conflict').map((b) => b.input)),
    ]),
  };
}

/** RFC 4180: quoted when needed, quotes doubled; null is an empty cell. */
export function csvLine(values: ReadonlyArray<string | number | boolean | null>): string {
  return values
    .map((v) => {
      if (v === null) return '';
      const t = String(v);
      return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
    })
    .join(',');
}
