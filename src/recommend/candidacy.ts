import { possibleEcog } from '../clinical/performance.js';
import type { ClinicalFacts } from '../facts/types.js';
import type { ScoreSet } from '../scores/score-set.js';
import { characterised } from '../scores/sins.js';
import { assumptionsFor, withAssumptions, type AssumptionApplied } from './assumptions.js';
import {
  certainties,
  decide,
  decideAll,
  resultsOf,
  toDecision,
  type DecisionFn,
  type Outcomes,
} from './engine/decide.js';
import { INPUT_DEFS, valueLabel, type InputId } from './engine/inputs.js';
import { ruleInputs, type InputState, type InputStates } from './engine/read-inputs.js';
import {
  CANDIDACY_RULES,
  CATEGORY_ROWS,
  EXCISIONAL_READS,
  excisionalCriteria,
  msccWithDeficit,
  paraplegiaOver48h,
  type CategoryRow,
  type G,
} from './rules/candidacy-rules.js';
import { wordedStatement } from './rules/worded-rules.js';
import { factInput, rangeText, scoreInput } from './inputs.js';
import {
  CANDIDACY_LABELS,
  CANDIDACY_ORDER,
  CANDIDACY_SHORT,
  shortLabel,
  shortOf,
  URGENCY_LABELS,
  URGENCY_ORDER,
  type AnswerKind,
  type AssumptionUse,
  type Banner,
  type Candidacy,
  type CandidacyCategory,
  type Decision,
  type EmergencyStatus,
  type Headline,
  type Statement,
  type Urgency,
} from './types.js';

interface Leaf {
  category: CandidacyCategory;
  urgency: Urgency;
}

/**
 * What settles a possible emergency: the findings first (examination, imaging, onset), then the
 * rest.
 */
const FINDINGS_FIRST: readonly string[] = [
  'neuro',
  'escc',
  'onset',
  'histology',
  'survival',
  'fitness',
];
const findingRank = (id: string) =>
  FINDINGS_FIRST.includes(id) ? FINDINGS_FIRST.indexOf(id) : FINDINGS_FIRST.length;

/**
 * The urgency rules, emergency first: the first that holds sets the urgency (one table,
 * CANDIDACY_RULES).
 */
const URGENCY_RULES = [
  ...CANDIDACY_RULES.filter((r) => r.urgency === 'emergency'),
  ...CANDIDACY_RULES.filter((r) => r.urgency === 'urgent'),
];

/**
 * The candidacy decision on concrete inputs, read from the tables (docs/decisions.md, "Candidacy"):
 * the first category row that holds gives the category; the first urgency rule that holds, the
 * urgency.
 */
export function candidacyLeaf(g: G): Leaf {
  const row = CATEGORY_ROWS.find((r) => r.when(g))!;
  const u = URGENCY_RULES.find((r) => r.when(g));
  return { category: row.category, urgency: u?.urgency ?? 'routine' };
}

/**
 * The excisional path needs its staging confirmed (ACTA2020: solitary or oligometastatic, no
 * visceral
 * disease, favourable prognosis): a criterion not on record counts as not met, and completing the
 * staging is work-up (docs/decisions.md, "Excisional path"). Fitness and histology stay as the
 * chart
 * leaves them (fitness may be assumed, and named).
 */
const UNCONFIRMED: Partial<Record<InputId, string>> = {
  vertebral: 'several',
  extraspinal: 'some',
  visceral: 'some',
  prognosis: 'not-favourable',
};
function confirmedStaging(states: InputStates): InputStates {
  const out = { ...states };
  for (const [id, value] of Object.entries(UNCONFIRMED) as Array<[InputId, string]>) {
    const st = states[id];
    // Not on record counts as not met; stale or conflicting staging stays open (flagged, never
    // silently used).
    if (st.status === 'missing' || st.status === 'indeterminate')
      out[id] = { ...st, possible: [value], recorded: [value] };
  }
  return out;
}

/** Staging that would open the excisional path if it were confirmed (for the work-up line). */
export function stagingToConfirm(states: InputStates): InputId[] {
  const unconfirmed = (Object.keys(UNCONFIRMED) as InputId[]).filter(
    (id) => states[id].status === 'missing' || states[id].status === 'indeterminate',
  );
  // Explored only when some staging is not on record (most charts of a cohort skip it).
  if (!unconfirmed.length) return [];
  return resultsOf(states, 'excisional-open', (g) =>
    excisionalCriteria(g) ? 'met' : 'not-met',
  ).strict.includes('met')
    ? unconfirmed
    : [];
}

/** The derived excisional input's values and status: all an exploration of it reads. */
type ExcisionalValues = Pick<InputState, 'possible' | 'recorded' | 'status'>;
function excisionalValues(states: InputStates): ExcisionalValues {
  const criteria = (g: G) => (excisionalCriteria(g) ? 'met' : 'not-met');
  const r = resultsOf(confirmedStaging(states), 'excisional', criteria);
  const possible = [...r.strict].sort().reverse();
  const recorded = [...r.recorded].sort().reverse();
  const untrusted = EXCISIONAL_READS.map((id) => states[id].status).find(
    (x) => x === 'conflict' || x === 'stale',
  );
  const status =
    possible.length === 1
      ? 'known'
      : untrusted && recorded.length === 1
        ? untrusted
        : 'indeterminate';
  return { possible, recorded, status };
}

/**
 * The excisional criteria become one derived input, so the category explores them once (sound:
 * never decides more than the parts).
 */
export function withExcisional(states: InputStates): InputStates {
  const v = excisionalValues(states);
  const reads = EXCISIONAL_READS;
  const open = reads.filter((id) => states[id].possible.length > 1);
  return {
    ...states,
    excisional: {
      ...states.excisional,
      ...v,
      detail:
        v.possible.length === 1
          ? v.possible[0] === 'met'
            ? 'all criteria confirmed'
            : 'a criterion is not met'
          : `not confirmed: ${open.map((id) => states[id].label).join(', ')}`,
      sources: reads.flatMap((id) => states[id].sources),
    },
  };
}

const CANDIDACY_WHEN = CANDIDACY_RULES.map((r) => r.when);
const CATEGORY_WHEN = CATEGORY_ROWS.map((r) => r.when);
const labelOf = (c: string) =>
  CANDIDACY_LABELS[c as CandidacyCategory] ?? URGENCY_LABELS[c as Urgency] ?? c;

function banners(states: InputStates, decisions: Array<Decision<string>>): Banner[] {
  const out: Banner[] = [];
  const seen = new Set<string>();
  // The derived excisional input is shown as the criteria behind it.
  const ids = decisions
    .flatMap((d) => d.deciding.map((x) => x.input as InputId))
    .flatMap((id) =>
      id === 'excisional' ? EXCISIONAL_READS.filter((r) => states[r].status !== 'known') : [id],
    );
  for (const id of ids) {
    if (seen.has(id)) continue;
    seen.add(id);
    const st = states[id];
    if (st.status === 'stale')
      out.push({
        kind: 'stale',
        input: st.id,
        text: `${st.label}: based on data ${st.ageDays ?? '?'} days old (${st.detail})`,
        action: `re-assess: ${st.action}`,
      });
    else if (st.status === 'conflict')
      out.push({
        kind: 'conflict',
        input: st.id,
        text: `${st.label} conflicts: ${st.conflict ?? st.detail}`,
        action: 'confirm which value is right',
      });
    else if (st.status === 'missing' || st.status === 'indeterminate')
      out.push({
        kind: 'missing',
        input: st.id,
        text: `${st.label}: ${st.detail}`,
        action: st.action,
      });
  }
  return out;
}

const PARTS = {
  category: { pick: (l: Leaf) => l.category, order: CANDIDACY_ORDER },
  urgency: { pick: (l: Leaf) => l.urgency, order: URGENCY_ORDER },
};
const exploreCandidacy = (states: InputStates) =>
  decideAll(states, 'candidacy', candidacyLeaf, PARTS);

/**
 * The chart with these assumptions standing in; the derived excisional input is derived again from
 * them.
 */
function leadingStates(base: InputStates, applied: readonly AssumptionApplied[]): InputStates {
  return withExcisional(withAssumptions(base, applied));
}

/**
 * The same chart for a trial whose answer alone is wanted (which assumptions the answer needs): the
 * excisional input without its words and sources, which no exploration reads.
 */
function trialStates(base: InputStates, applied: readonly AssumptionApplied[]): InputStates {
  const states = withAssumptions(base, applied);
  return { ...states, excisional: { ...states.excisional, ...excisionalValues(states) } };
}

/** An assumption in words for every surface, with what the input's other values would lead to. */
function assumptionUse(a: AssumptionApplied, strict: Array<Decision<string>>): AssumptionUse {
  // Per other value of the input: the category and the urgency it would lead to, when it settles
  // them.
  const byValue = new Map<string, string[]>();
  for (const d of strict) {
    for (const e of d.deciding.filter((x) => x.input === a.def.input)) {
      for (const o of e.outcomes) {
        if (a.values.some((v) => valueLabel(a.def.input, v) === o.value)) continue;
        const parts = byValue.get(o.value) ?? [];
        parts.push(o.results.length === 1 ? shortLabel(o.results[0]!) : 'still open');
        byValue.set(o.value, parts);
      }
    }
  }
  const otherwise = [...byValue]
    .slice(0, 2)
    .map(([value, parts]) => `if ${value}: ${[...new Set(parts)].join(', ')}`)
    .join('; ');
  return {
    id: a.def.id,
    input: a.def.input,
    text: a.text,
    evidence: a.evidence,
    action: INPUT_DEFS[a.def.input].action,
    otherwise,
    citations: [...a.def.citations],
  };
}

export interface CandidacyAnswer {
  candidacy: Candidacy;
  /**
   * The input states the answer was reached on (the named assumptions standing in): the approach
   * reads them.
   */
  states: InputStates;
  /** The chart as recorded, every open input open. */
  strictStates: InputStates;
}

/**
 * Not an operative candidate: a recorded contraindication, unfit, expected survival under 3 months,
 * or paraplegia for over 48 h from cord compression.
 */
export const nonOperative =
  (recordedContra: boolean): DecisionFn<'yes' | 'no'> =>
  (g) =>
    recordedContra ||
    g('fitness') === 'unfit' ||
    g('survival') === 'lt3m' ||
    (msccWithDeficit(g) && paraplegiaOver48h(g))
      ? 'yes'
      : 'no';

/**
 * Candidacy per evidence.md §1 and NOMS/Patchell, explored over every open input. Three kinds of
 * answer: decided (every open value agrees); leading (single once the named assumptions stand in
 * for
 * inputs that are not recorded); otherwise open, or insufficient when a stale or conflicting input
 * decides it. The emergency is read first, over every open value.
 */
export function candidacy(f: ClinicalFacts, s: ScoreSet, base: InputStates): CandidacyAnswer {
  const strictStates = withExcisional(base);
  const strict = exploreCandidacy(strictStates);
  let named: AssumptionApplied[] = [];
  let states = strictStates;
  let lead = strict;
  if (strict.category.strict.value === null || strict.urgency.strict.value === null) {
    const all = assumptionsFor({ f, s, states: strictStates });
    // The answer under every assumption: what is still possible for the category and the urgency.
    const target = (o: typeof strict) =>
      `${o.category.strict.possible.join()}|${o.urgency.strict.possible.join()}`;
    const want = target(exploreCandidacy(trialStates(base, all)));
    // Name only what the answer rests on: drop each assumption the answer does not need.
    named = all;
    for (const a of all) {
      const trial = named.filter((x) => x !== a);
      if (target(exploreCandidacy(trialStates(base, trial))) === want) named = trial;
    }
    states = leadingStates(base, named);
    lead = exploreCandidacy(states);
  }
  const strictCategory = toDecision<CandidacyCategory>(strictStates, strict.category, labelOf);
  const strictUrgency = toDecision<Urgency>(strictStates, strict.urgency, labelOf);
  const assumptions = named.map((a) => assumptionUse(a, [strictCategory, strictUrgency]));
  const ids = assumptions.map((a) => a.id);
  const asLeading = <T extends string>(
    strictD: Decision<T>,
    leadO: Outcomes<string>,
  ): Decision<T> => {
    if (strictD.status === 'decided') return { ...strictD, leading: strictD.value };
    const v = leadO.strict.value as T | null;
    if (v !== null) return { ...strictD, status: 'leading', leading: v, assumptions: ids };
    const d = toDecision<T>(states, leadO, labelOf as (t: T) => string);
    // Open or insufficient: what is still possible with the named assumptions standing in.
    return {
      ...d,
      possible: strictD.possible,
      narrowed: d.possible,
      leading: null,
      ...(ids.length ? { assumptions: ids } : {}),
    };
  };
  const category = asLeading(strictCategory, lead.category);
  const urgencyD = asLeading(strictUrgency, lead.urgency);
  const atLeast = urgencyD.possible.length
    ? urgencyD.possible[urgencyD.possible.length - 1]!
    : null;

  const answerCategory = category.leading ?? null;
  const noImaging = base.sins.status === 'missing' && base.escc.status === 'missing';
  const untrusted = category.deciding.some((d) => d.status === 'stale' || d.status === 'conflict');
  const kind: AnswerKind =
    category.status === 'decided'
      ? 'decided'
      : answerCategory
        ? 'leading'
        : untrusted || noImaging
          ? 'insufficient'
          : 'open';

  // Emergency first: on the answer (decided or leading), or possible on a recorded finding whatever
  // the open inputs.
  const recordedFinding =
    (base.neuro.status !== 'missing' && base.neuro.recorded.some((v) => v !== 'intact')) ||
    (base.escc.status !== 'missing' && base.escc.recorded.includes('high')) ||
    !!f.cordCompression;
  const emergency: EmergencyStatus =
    urgencyD.leading === 'emergency'
      ? 'yes'
      : strictUrgency.possible.includes('emergency') && recordedFinding
        ? 'possible'
        : 'no';
  const emergencyDecider = strictUrgency.deciding
    .filter((d) => d.outcomes.some((o) => o.results.includes(URGENCY_LABELS.emergency)))
    .sort((a, b) => findingRank(a.input) - findingRank(b.input))[0];
  // Statements on the chart the answer was reached on: with named assumptions, "applies" means on
  // them.
  const truths = certainties(states, 'candidacy-rules', CANDIDACY_WHEN);
  // Why it is an emergency, in the words of the first emergency rule that holds on the answer's
  // chart.
  const firstEmergency = URGENCY_RULES.find(
    (r) => r.urgency === 'emergency' && truths[CANDIDACY_RULES.indexOf(r)]?.certainty === 'applies',
  );
  const progressing =
    states.progressive.possible.length === 1 && states.progressive.possible[0] === 'yes';
  const why = firstEmergency?.emergencyWhy ?? 'an emergency';
  const decider = emergencyDecider
    ? `${emergencyDecider.short} decides: ${emergencyDecider.action}`
    : 'confirm today';
  const emergencyReason =
    emergency === 'yes'
      ? `${states.escc.detail}, ${states.neuro.detail}${progressing ? ', progressing' : ''}: ${why}`
      : emergency === 'possible'
        ? `${[base.escc.detail, base.neuro.detail].join(', ')}; ${decider}`
        : undefined;

  // Relative contraindications recorded by a clinician (exceptions recorded when present).
  const j = f.judgements;
  const ecogs = f.performance ? possibleEcog(f.performance.value) : [];
  const poorPsAndWill =
    ecogs.length > 0 && ecogs.every((e) => e >= 3) && j.reducedWillToLive?.value === true;
  const recordedContra = j.impairedConsciousness?.value === true || poorPsAndWill;
  const nonOp = decide(states, `non-operative:${recordedContra}`, nonOperative(recordedContra), [
    'yes',
    'no',
  ] as const);

  const statements: Statement[] = [];
  for (const [k, r] of CANDIDACY_RULES.entries()) {
    const c = truths[k];
    if (!c) continue;
    statements.push({
      rule: r.id,
      text: r.text,
      short: r.short,
      citations: [...r.citations],
      inputs: ruleInputs(states, r.reads),
      side: r.side,
      ...(c.certainty === 'applies'
        ? {}
        : { certainty: c.certainty, dependsOn: c.dependsOn.map((id) => states[id].label) }),
    });
  }
  if (j.impairedConsciousness?.value) {
    statements.push(
      wordedStatement(
        'contra.consciousness',
        'Impaired consciousness from cerebral metastasis.',
        ['KANDA2021'],
        factInput('impaired consciousness', j.impairedConsciousness, 'yes'),
      ),
    );
  }
  if (poorPsAndWill) {
    statements.push(
      wordedStatement(
        'contra.poor-ps-and-will',
        'Poor general condition (performance status ≥ 3) with reduced will to live.',
        ['UEI2018'],
        [
          ...factInput('performance status', f.performance),
          ...factInput('reduced will to live', j.reducedWillToLive, 'yes'),
        ],
      ),
    );
  }
  const tok = s.tokuhashi;
  if (tok.range.max <= 8 && j.painResponsive?.value) {
    statements.push(
      wordedStatement(
        'contra.short-life-pain-responsive',
        `Expected survival < 6 months (Tokuhashi ${rangeText(tok.range)}) with pain ` +
          `responsive to narcotics.`,
        ['UEI2018'],
        [scoreInput(tok), ...factInput('pain responsive to narcotics', j.painResponsive, 'yes')],
      ),
    );
  }

  statements.push(...contextStatements(f, s));
  statements.push(...conflictStatements(s, statements));

  // The reason: the category rows that hold on the chart the answer was reached on (one table).
  const rowTruths = certainties(states, 'category-rows', CATEGORY_WHEN);
  const rows = CATEGORY_ROWS.filter(
    (r, k) => rowTruths[k]?.certainty === 'applies' && r.category === answerCategory,
  );
  const b = banners(states, [category, urgencyD]);
  const headline: Headline =
    answerCategory ?? (kind === 'insufficient' ? 'insufficient-current-data' : 'open');
  const uncharacterisedLevels = s.sinsLesions
    .filter(
      (l) => !characterised(l) && l.level !== f.spine.indexLevel?.value && !f.spine.escc[l.level],
    )
    .map((l) => l.level);
  return {
    states,
    strictStates,
    candidacy: {
      headline,
      kind,
      emergency,
      ...(emergencyReason ? { emergencyReason } : {}),
      assumptions,
      uncharacterisedLevels,
      reason: reasonLine(kind, category, rows, statements, states),
      category,
      urgency: { ...urgencyD, atLeast },
      nonOperativeFavoured: nonOp,
      banners: b,
      statements,
      indications: statements.filter((x) => x.side === 'for' && !x.certainty),
      possibleIndications: statements.filter((x) => x.side === 'for' && x.certainty),
      contraindications: statements.filter((x) => x.side === 'against'),
      urgencyReasons: statements.filter((x) => x.side === 'urgent'),
      context: statements.filter((x) => x.side === 'context'),
      conflicts: statements.filter((x) => x.side === 'conflict'),
    },
  };
}

function reasonLine(
  kind: AnswerKind,
  category: Decision<CandidacyCategory>,
  rows: readonly CategoryRow[],
  statements: Statement[],
  states: InputStates,
): string {
  if (kind === 'decided' || kind === 'leading') {
    const cat = category.leading!;
    const sure = (side: string) =>
      statements.filter((x) => x.side === side && !x.certainty).map(shortOf);
    const row = rows[0];
    if (cat === 'radiotherapy-first')
      return (
        `No surgical indication on the record ` +
        `(${[states.sins.detail, states.escc.detail, states.neuro.detail].join('; ')})`
      );
    if (cat === 'surgical-consultation') {
      const why = [...new Set([...sure('urgent'), ...sure('for')])].slice(0, 2);
      return why.join('; ') || (row ? capital(row.short) : 'a surgical indication');
    }
    return row ? capital(row.short) : CANDIDACY_LABELS[cat];
  }
  const opts = category.possible.map((c) => CANDIDACY_SHORT[c]).join(' or ');
  if (category.status === 'provisional' && category.provisional) {
    const stale = category.deciding.filter((d) => d.status === 'stale' && d.input !== 'excisional');
    const conflict = category.deciding.filter((d) => d.status === 'conflict');
    const age = Math.max(0, ...stale.map((d) => states[d.input as InputId].ageDays ?? 0));
    const why = [
      stale.length
        ? `data ${age} days old (${stale
            .map((d) => d.short)
            .slice(0, 3)
            .join(', ')})`
        : '',
      conflict.length ? `conflicting ${conflict.map((d) => d.short).join(', ')}` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    return (
      `Provisional: ${CANDIDACY_LABELS[category.provisional].toLowerCase()} on ` +
      `${why || 'data that need confirming'} — ` +
      `${conflict.length ? 'confirm which value is right' : 're-assess'} before deciding`
    );
  }
  const decider = category.deciding.find((d) => d.decidesAlone) ?? category.deciding[0];
  return `Could be ${opts}${decider ? `; ${decider.action}` : ''}`;
}

const capital = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

function contextStatements(f: ClinicalFacts, s: ScoreSet): Statement[] {
  const out: Statement[] = [];
  const tok = s.tokuhashi;
  const ctx = (...a: Parameters<typeof wordedStatement>) => out.push(wordedStatement(...a));
  if (tok.band)
    ctx(
      'context.tokuhashi',
      `Revised Tokuhashi ${rangeText(tok.range)}: ${tok.band.label}; ${tok.band.meaning}.`,
      ['ACTA2020', 'UEI2018'],
      [scoreInput(tok)],
    );
  else
    ctx(
      'context.tokuhashi',
      `Revised Tokuhashi ${rangeText(tok.range)} (incomplete): band not decided; missing ` +
        `${tok.missing.map((m) => m.label).join(', ')}.`,
      ['ACTA2020'],
      [scoreInput(tok)],
    );
  if (s.tomita.band)
    ctx(
      'context.tomita',
      `Tomita ${rangeText(s.tomita.range)}: ${s.tomita.band.label}; ${s.tomita.band.meaning}.`,
      ['ACTA2020'],
      [scoreInput(s.tomita)],
    );
  if (tok.range.min <= 8) {
    ctx(
      'context.tokuhashi-underestimates',
      'Survival after palliative stabilisation often exceeded the Tokuhashi prediction ' +
        '(median 12.0 months at mean Tokuhashi 7.1; Barthel rose 47.5 → 65.9 in Tokuhashi ' +
        '≤ 8).',
      ['UEI2018'],
      [scoreInput(tok)],
    );
    ctx(
      'context.ps-over-life-expectancy',
      'Baseline performance status matters more than life expectancy for quality of ' +
        'life; predicted life expectancy alone should not decide the need for surgery.',
      ['SEGI2025'],
      factInput('performance status', f.performance),
    );
  }
  const h = s.harrington;
  if (h.possible.length && h.possible.length < 5) {
    const surgical = h.possible.every((c) => c === 'IV' || c === 'V');
    ctx(
      'context.harrington',
      `Harrington class ` +
        `${h.grade ?? h.possible.join(' or ')}${surgical ? ': usually surgical' : ''} ` +
        `(class table UNVERIFIED; shown, not used to decide).`,
      ['ACTA2020'],
      [
        {
          name: 'Harrington class (unverified)',
          value: h.grade ?? h.possible.join('/'),
          sources: h.facts.flatMap((x) => x.sources),
        },
      ],
    );
  }
  return out;
}

function conflictStatements(s: ScoreSet, statements: Statement[]): Statement[] {
  const out: Statement[] = [];
  const tok = s.tokuhashi;
  // Surgical indications only (every surgical urgency has its indication among them).
  const indications = statements.filter((x) => x.side === 'for' && !x.certainty);
  const contras = statements.filter((x) => x.side === 'against' && !x.certainty);
  if (tok.band?.code === 'tokuhashi-band-0-8' && indications.length) {
    const named = [...new Set(indications.map(shortOf))].slice(0, 3).join('; ');
    const more = indications.length > 3 ? ' and more' : '';
    out.push(
      wordedStatement(
        'conflict.tokuhashi-vs-indication',
        `Tokuhashi ${rangeText(tok.range)} points to conservative treatment, but ` +
          `${named}${more} indicate surgery. Both are shown; the surgeon decides.`,
        ['ACTA2020', 'UEI2018', 'SEGI2025'],
        [scoreInput(tok)],
      ),
    );
  }
  if (s.tomita.band?.code === 'tomita-band-8-10' && indications.length) {
    out.push(
      wordedStatement(
        'conflict.tomita-vs-indication',
        `Tomita ${rangeText(s.tomita.range)} points to supportive care, but surgical ` +
          `indications are present.`,
        ['ACTA2020'],
        [scoreInput(s.tomita)],
      ),
    );
  }
  const h = s.harrington;
  const lesion = s.sinsIndex;
  if (h.grade && (h.grade === 'I' || h.grade === 'II') && lesion && lesion.result.range.min >= 7) {
    out.push(
      wordedStatement(
        'conflict.harrington-vs-sins',
        `Harrington class ${h.grade} (non-operative) but SINS ` +
          `${rangeText(lesion.result.range)} indicates consultation.`,
        ['ACTA2020', 'CTJ2018'],
        [scoreInput(lesion.result)],
      ),
    );
  }
  if (s.bauerVersionsDisagree) {
    out.push(
      wordedStatement(
        'conflict.bauer-versions',
        `Original Bauer ${rangeText(s.bauerOriginal.range)} ` +
          `(${s.bauerOriginal.band?.label}) and modified Bauer ` +
          `${rangeText(s.bauerModified.range)} (${s.bauerModified.band?.label}) fall in ` +
          `different bands.`,
        [],
        [scoreInput(s.bauerOriginal), scoreInput(s.bauerModified)],
      ),
    );
  }
  if (contras.length && indications.length) {
    out.push(
      wordedStatement(
        'conflict.indication-vs-contraindication',
        `Surgical indications ` +
          `(${[...new Set(indications.map(shortOf))].slice(0, 2).join('; ')}) and relative ` +
          `contraindications (${contras.map(shortOf).slice(0, 2).join('; ')}) are both ` +
          `present.`,
        ['CTJ2018', 'UEI2018'],
        [],
      ),
    );
  }
  return out;
}

/**
 * A spinal metastasis is on record: a metastasis at a vertebral level, a vertebral count, or a
 * charted cord compression.
 */
export function spinalMetastasisOnRecord(f: ClinicalFacts): boolean {
  const sp = f.spine;
  return sp.levels.length > 0 || (sp.vertebral?.value.atLeast ?? 0) > 0 || !!f.cordCompression;
}

/**
 * No recommendation, with the statement that says why (deceased, or no spinal metastasis on
 * record).
 */
function noRecommendation(headline: 'deceased' | 'not-assessed', st: Statement): Candidacy {
  const none = <T extends string>(): Decision<T> => ({
    status: 'undecided',
    value: null,
    possible: [],
    provisional: null,
    deciding: [],
  });
  return {
    headline,
    kind: headline,
    emergency: 'no',
    assumptions: [],
    uncharacterisedLevels: [],
    reason: st.text,
    category: none(),
    urgency: { ...none<Urgency>(), atLeast: null },
    nonOperativeFavoured: none(),
    banners: [],
    statements: [st],
    indications: [],
    possibleIndications: [],
    contraindications: [],
    urgencyReasons: [],
    context: [st],
    conflicts: [],
  };
}

/** A deceased patient: no recommendation, and the record says why. */
export function deceasedCandidacy(f: ClinicalFacts): Candidacy {
  return noRecommendation(
    'deceased',
    wordedStatement(
      'candidacy.deceased',
      `The patient is recorded as ` +
        `deceased${f.deceased?.value.date ? ` (${f.deceased.value.date.slice(0, 10)})` : ''}: ` +
        `no recommendation is made.`,
      [],
      factInput('deceased', f.deceased, f.deceased?.value.date?.slice(0, 10) ?? 'yes'),
    ),
  );
}

/**
 * No spinal metastasis on record (no level, count, imaging item or cord compression): not assessed.
 */
export function notAssessedCandidacy(): Candidacy {
  return noRecommendation(
    'not-assessed',
    wordedStatement(
      'candidacy.not-assessed',
      'No spinal metastasis is recorded (no vertebral level, count, imaging finding or ' +
        'cord compression): not assessed. Record the involved level to assess.',
      [],
      [],
    ),
  );
}
