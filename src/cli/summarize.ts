import type { Assessment } from '../assess/assess.js';
import type { ScoreResult } from '../scores/types.js';
import { decisionLines } from '../recommend/describe.js';
import type { ApproachOption, Recommendations, RuleInput, Statement } from '../recommend/types.js';

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
      conversion:
        i.facts
          .map((f) => f.conversion)
          .filter(Boolean)
          .join('; ') || undefined,
    })),
    missing: r.missing,
    warnings: r.warnings.length ? r.warnings : undefined,
  };
}

type Compact<S extends Statement> = Omit<S, 'inputs'> & { inputs: string[] };

/**
 * Statements name their inputs; each input (value, staleness, sources) is listed once for the
 * patient.
 * Registries read these files by the thousand: the same input is not repeated under every rule.
 */
function compactor() {
  const inputs = new Map<string, RuleInput>();
  const key = (i: RuleInput) => `${i.name}: ${i.value}`;
  const one = <S extends Statement>(st: S): Compact<S> => {
    for (const i of st.inputs) if (!inputs.has(key(i))) inputs.set(key(i), i);
    return { ...st, inputs: st.inputs.map(key) };
  };
  return {
    one,
    all: <S extends Statement>(xs: readonly S[]) => xs.map(one),
    inputs: () => Object.fromEntries(inputs),
  };
}

function compactRecommendations(r: Recommendations) {
  const k = compactor();
  const {
    indications: _i,
    possibleIndications: _p,
    contraindications: _c,
    urgencyReasons: _u,
    context: _x,
    conflicts: _f,
    ...candidacy
  } = r.candidacy;
  const option = (o: ApproachOption) => ({ ...o, for: k.all(o.for), against: k.all(o.against) });
  const out = {
    candidacy: { ...candidacy, statements: k.all(candidacy.statements) },
    approach: {
      top: r.approach.top,
      ranked: r.approach.ranked.map(option),
      ruledOut: r.approach.ruledOut.map(option),
    },
    riskFlags: k.all(r.riskFlags),
    expectedCourse: r.expectedCourse,
    workup: k.all(r.workup),
    disclaimer: r.disclaimer,
  };
  return { ...out, inputs: k.inputs() };
}

/**
 * The CLI's per-patient JSON: facts with provenance, every score, the decision and the
 * recommendations.
 */
export function summarize(a: Assessment) {
  const s = a.scores;
  return {
    patientId: a.patientId,
    asOf: a.asOf,
    facts: a.facts,
    scores: {
      tokuhashiRevised: scoreSummary(s.tokuhashi),
      tomita: scoreSummary(s.tomita),
      sins: s.sinsLesions.map((l) => ({
        level: l.level,
        index: l === s.sinsIndex,
        ...scoreSummary(l.result),
      })),
      katagiriNew: scoreSummary(s.katagiri),
      bauerOriginal: scoreSummary(s.bauerOriginal),
      bauerModified: scoreSummary(s.bauerModified),
      bauerVersionsDisagree: s.bauerVersionsDisagree,
      nesms: { ...scoreSummary(s.nesms), capped: s.nesms.capped },
      osri: scoreSummary(s.osri),
      harrington: {
        grade: s.harrington.grade,
        possible: s.harrington.possible,
        meaning: s.harrington.meaning,
        verification: s.harrington.verification,
      },
      escc: s.escc
        ? { level: s.escc.level, grade: s.escc.grade.value, sources: s.escc.grade.sources }
        : null,
      noms: s.noms,
    },
    /** The decision in the words the app and the cards use. */
    decision: {
      headline: a.recommendations.candidacy.headline,
      lines: decisionLines(a.recommendations),
    },
    recommendations: compactRecommendations(a.recommendations),
  };
}
