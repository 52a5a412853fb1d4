import type { Assessment } from '../assess/assess.js';
import type { ScoreResult } from '../scores/types.js';
import { decisionLines } from '../recommend/describe.js';

/** Compact view of a score for people and scripts: total or range, band, items with sources. */
export function scoreSummary(r: ScoreResult) {
  return {
    name: r.name,
    complete: r.complete,
    total: r.total,
    range: r.range,
    band: r.band ? { code: r.band.code, label: r.band.label, meaning: r.band.meaning } : null,
    possibleBands: r.possibleBands.map((b) => b.code),
    verification: r.verification,
    items: r.items.map((i) => ({
      item: i.id,
      points: i.points,
      range: [i.min, i.max],
      reason: i.reason,
      stale: i.stale || undefined,
      sources: i.facts.flatMap((f) => f.sources.map((s) => s.reference ?? s.display)),
      conversion: i.facts.map((f) => f.conversion).filter(Boolean).join('; ') || undefined,
    })),
    missing: r.missing,
    warnings: r.warnings.length ? r.warnings : undefined,
  };
}

/** The CLI's per-patient JSON: facts with provenance, every score, the recommendations. */
export function summarize(a: Assessment) {
  const s = a.scores;
  return {
    patientId: a.patientId,
    asOf: a.asOf,
    facts: a.facts,
    scores: {
      tokuhashiRevised: scoreSummary(s.tokuhashi),
      tomita: scoreSummary(s.tomita),
      sins: s.sinsLesions.map((l) => ({ level: l.level, index: l === s.sinsIndex, ...scoreSummary(l.result) })),
      katagiriNew: scoreSummary(s.katagiri),
      bauerOriginal: scoreSummary(s.bauerOriginal),
      bauerModified: scoreSummary(s.bauerModified),
      bauerVersionsDisagree: s.bauerVersionsDisagree,
      nesms: { ...scoreSummary(s.nesms), capped: s.nesms.capped },
      osri: scoreSummary(s.osri),
      harrington: { grade: s.harrington.grade, possible: s.harrington.possible, meaning: s.harrington.meaning, verification: s.harrington.verification },
      escc: s.escc ? { level: s.escc.level, grade: s.escc.grade.value, sources: s.escc.grade.sources } : null,
      noms: s.noms,
    },
    /** The decision in the words the app and the cards use. */
    decision: { headline: a.recommendations.candidacy.headline, lines: decisionLines(a.recommendations) },
    recommendations: a.recommendations,
  };
}
