import { possibleEcog } from '../clinical/performance.js';
import type { ClinicalFacts } from '../facts/types.js';
import type { ScoreSet } from '../scores/score-set.js';
import { certainties, decide, decideAll, resultsOf, toDecision } from './engine/decide.js';
import type { InputId } from './engine/inputs.js';
import { ruleInputs, type InputStates } from './engine/read-inputs.js';
import { CANDIDACY_RULES, deficit, EXCISIONAL_READS, excisionalCriteria, highGrade, highlyRS, hist, instability, msccWithDeficit, paraplegiaOver48h, patchellExcluded, progressive, radioresistant, type G } from './rules/candidacy-rules.js';
import { factInput, rangeText, scoreInput } from './inputs.js';
import {
  CANDIDACY_LABELS, CANDIDACY_ORDER, URGENCY_LABELS, URGENCY_ORDER,
  type Banner, type Candidacy, type CandidacyCategory, type Decision, type RuleInput, type Statement, type Urgency,
} from './types.js';

interface Leaf {
  category: CandidacyCategory;
  urgency: Urgency;
}

/**
 * The candidacy decision on concrete inputs (docs/decisions.md, "Candidacy"): NOMS pillars and
 * Patchell's limits first, then any one indication of evidence.md §1.
 */
export function candidacyLeaf(g: G): Leaf {
  if (g('declines') === 'yes') return { category: 'not-surgical-candidate', urgency: highGrade(g) && deficit(g) ? 'urgent' : 'routine' };
  if (g('excisional') === 'met') return { category: 'excisional', urgency: msccWithDeficit(g) && !patchellExcluded(g) ? 'emergency' : g('sins') === 'unstable' ? 'urgent' : 'routine' };
  const unstable = instability(g);
  // O before N: a highly radiosensitive tumour is irradiated whatever the compression (NOMS); surgery only for instability.
  if (!unstable && highlyRS(g)) return { category: 'nonsurgical-first', urgency: highGrade(g) || deficit(g) ? 'urgent' : 'routine' };
  if (msccWithDeficit(g)) {
    if (!patchellExcluded(g)) return { category: 'surgical-consultation', urgency: 'emergency' };
    // Decompression not indicated; stabilisation still is when the spine is unstable.
    return unstable ? { category: 'surgical-consultation', urgency: 'urgent' } : { category: 'nonsurgical-first', urgency: 'urgent' };
  }
  const indicated = unstable || g('mechanicalPain') === 'yes' || progressive(g) || hist(g) === 'renal-thyroid' || (highGrade(g) && radioresistant(g)) || g('intractablePain') === 'yes';
  if (indicated) return { category: 'surgical-consultation', urgency: g('sins') === 'unstable' || progressive(g) || highGrade(g) ? 'urgent' : 'routine' };
  if (highGrade(g) || deficit(g)) return { category: 'nonsurgical-first', urgency: 'urgent' };
  return { category: 'radiotherapy-first', urgency: 'routine' };
}

/** The excisional criteria become one derived input, so the category explores them once (sound: never decides more than the parts). */
export function withExcisional(states: InputStates): InputStates {
  const r = resultsOf(states, 'excisional', (g) => (excisionalCriteria(g) ? 'met' : 'not-met'));
  const possible = [...r.strict].sort().reverse();
  const recorded = [...r.recorded].sort().reverse();
  const reads = EXCISIONAL_READS;
  const open = reads.filter((id) => states[id].possible.length > 1);
  const untrusted = reads.map((id) => states[id].status).find((x) => x === 'conflict' || x === 'stale');
  return {
    ...states,
    excisional: {
      ...states.excisional,
      possible,
      recorded,
      status: possible.length === 1 ? 'known' : untrusted && recorded.length === 1 ? untrusted : 'indeterminate',
      detail: possible.length === 1 ? (possible[0] === 'met' ? 'all criteria confirmed' : 'a criterion is not met') : `not confirmed: ${open.map((id) => states[id].label).join(', ')}`,
      sources: reads.flatMap((id) => states[id].sources),
    },
  };
}

const CANDIDACY_WHEN = CANDIDACY_RULES.map((r) => r.when);
const labelOf = (c: string) => CANDIDACY_LABELS[c as CandidacyCategory] ?? URGENCY_LABELS[c as Urgency] ?? c;

/** The first clause of a statement, for one-line reasons ("NOMS: …" keeps its second clause). */
function head(text: string): string {
  const parts = text.split(/[:;] /);
  const first = parts[0]!.length < 8 && parts[1] ? `${parts[0]}: ${parts[1]}` : parts[0]!;
  return first.replace(/\.$/, '');
}

function banners(states: InputStates, decisions: Array<Decision<string>>): Banner[] {
  const out: Banner[] = [];
  const seen = new Set<string>();
  // The derived excisional input is shown as the criteria behind it.
  const ids = decisions.flatMap((d) => d.deciding.map((x) => x.input as InputId)).flatMap((id) => (id === 'excisional' ? EXCISIONAL_READS.filter((r) => states[r].status !== 'known') : [id]));
  for (const id of ids) {
    if (seen.has(id)) continue;
    seen.add(id);
    const st = states[id];
    if (st.status === 'stale') out.push({ kind: 'stale', input: st.id, text: `${st.label}: based on data ${st.ageDays ?? '?'} days old (${st.detail})`, action: `re-assess: ${st.action}` });
    else if (st.status === 'conflict') out.push({ kind: 'conflict', input: st.id, text: `${st.label} conflicts: ${st.conflict ?? st.detail}`, action: 'confirm which value is right' });
    else if (st.status === 'missing' || st.status === 'indeterminate') out.push({ kind: 'missing', input: st.id, text: `${st.label}: ${st.detail}`, action: st.action });
  }
  return out;
}

/** Candidacy per evidence.md §1 and NOMS/Patchell, explored over every open input. */
export function candidacy(f: ClinicalFacts, s: ScoreSet, states: InputStates): Candidacy {
  const o = decideAll(states, 'candidacy', candidacyLeaf, {
    category: { pick: (l: Leaf) => l.category, order: CANDIDACY_ORDER },
    urgency: { pick: (l: Leaf) => l.urgency, order: URGENCY_ORDER },
  });
  const category = toDecision<CandidacyCategory>(states, o.category, labelOf);
  const urgencyD = toDecision<Urgency>(states, o.urgency, labelOf);
  const atLeast = urgencyD.possible.length ? urgencyD.possible[urgencyD.possible.length - 1]! : null;

  // Relative contraindications recorded by a clinician (exceptions recorded when present).
  const j = f.judgements;
  const ecogs = f.performance ? possibleEcog(f.performance.value) : [];
  const poorPsAndWill = ecogs.length > 0 && ecogs.every((e) => e >= 3) && j.reducedWillToLive?.value === true;
  const recordedContra = j.impairedConsciousness?.value === true || poorPsAndWill;
  const nonOp = decide(states, `non-operative:${recordedContra}`, (g) => (recordedContra || g('fitness') === 'unfit' || g('survival') === 'lt3m' || (msccWithDeficit(g) && paraplegiaOver48h(g)) ? 'yes' : 'no'), ['yes', 'no'] as const);

  const statements: Statement[] = [];
  const truths = certainties(states, 'candidacy-rules', CANDIDACY_WHEN);
  for (const [k, r] of CANDIDACY_RULES.entries()) {
    const c = truths[k];
    if (!c) continue;
    statements.push({
      rule: r.id,
      text: r.text,
      citations: [...r.citations],
      inputs: ruleInputs(states, r.reads),
      side: r.side,
      ...(c.certainty === 'applies' ? {} : { certainty: c.certainty, dependsOn: c.dependsOn.map((id) => states[id].label) }),
    });
  }
  if (j.impairedConsciousness?.value) statements.push({ rule: 'contra.consciousness', side: 'against', text: 'Impaired consciousness from cerebral metastasis.', citations: ['KANDA2021'], inputs: factInput('impaired consciousness', j.impairedConsciousness, 'yes') });
  if (poorPsAndWill) statements.push({ rule: 'contra.poor-ps-and-will', side: 'against', text: 'Poor general condition (performance status ≥ 3) with reduced will to live.', citations: ['UEI2018'], inputs: [...factInput('performance status', f.performance), ...factInput('reduced will to live', j.reducedWillToLive, 'yes')] });
  const tok = s.tokuhashi;
  if (tok.range.max <= 8 && j.painResponsive?.value) statements.push({ rule: 'contra.short-life-pain-responsive', side: 'against', text: `Expected survival < 6 months (Tokuhashi ${rangeText(tok.range)}) with pain responsive to narcotics.`, citations: ['UEI2018'], inputs: [scoreInput(tok), ...factInput('pain responsive to narcotics', j.painResponsive, 'yes')] });

  statements.push(...contextStatements(f, s));
  statements.push(...conflictStatements(s, statements));

  const b = banners(states, [category, urgencyD]);
  const headline = category.value ?? 'insufficient-current-data';
  return {
    headline,
    reason: reasonLine(category, statements, states),
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
  };
}

function reasonLine(category: Decision<CandidacyCategory>, statements: Statement[], states: InputStates): string {
  if (category.status === 'decided') {
    const sure = (side: string) => statements.filter((x) => x.side === side && !x.certainty).map((x) => head(x.text));
    const lead = category.value === 'excisional' ? statements.filter((x) => x.rule === 'candidacy.excisional.criteria').map((x) => head(x.text)) : [];
    const why = [...new Set([...lead, ...sure('urgent'), ...sure('for')])].slice(0, 2);
    if (category.value === 'radiotherapy-first' || category.value === 'nonsurgical-first' || category.value === 'not-surgical-candidate') {
      const against = sure('against').slice(0, 2);
      const basis = [states.sins.detail, states.escc.detail, states.neuro.detail].join('; ');
      return against.length ? against.join('; ') : `No surgical indication on the record (${basis})`;
    }
    return why.join('; ') || 'surgical indication present';
  }
  const opts = category.possible.map((c) => CANDIDACY_LABELS[c].toLowerCase()).join(' or ');
  if (category.status === 'provisional') {
    const stale = category.deciding.filter((d) => d.status === 'stale' && d.input !== 'excisional');
    const conflict = category.deciding.filter((d) => d.status === 'conflict');
    const age = Math.max(0, ...stale.map((d) => states[d.input as InputId].ageDays ?? 0));
    const why = [
      stale.length ? `data ${age} days old (${stale.map((d) => d.short).slice(0, 4).join(', ')})` : '',
      conflict.length ? `conflicting ${conflict.map((d) => d.short).join(', ')}` : '',
    ].filter(Boolean).join(' and ');
    return `Provisional: ${CANDIDACY_LABELS[category.provisional!].toLowerCase()} on ${why || 'data that need confirming'} — ${conflict.length ? 'confirm which value is right' : 're-assess'} before deciding`;
  }
  const decider = category.deciding.find((d) => d.decidesAlone) ?? category.deciding[0];
  return `Could be ${opts}${decider ? `; ${decider.action}` : ''}`;
}

function contextStatements(f: ClinicalFacts, s: ScoreSet): Statement[] {
  const out: Statement[] = [];
  const tok = s.tokuhashi;
  const ctx = (rule: string, text: string, citations: Statement['citations'], inputs: RuleInput[]) => out.push({ rule, side: 'context', text, citations, inputs });
  if (tok.band) ctx('context.tokuhashi', `Revised Tokuhashi ${rangeText(tok.range)}: ${tok.band.label}; ${tok.band.meaning}.`, ['ACTA2020', 'UEI2018'], [scoreInput(tok)]);
  else ctx('context.tokuhashi', `Revised Tokuhashi ${rangeText(tok.range)} (incomplete): band not decided; missing ${tok.missing.map((m) => m.label).join(', ')}.`, ['ACTA2020'], [scoreInput(tok)]);
  if (s.tomita.band) ctx('context.tomita', `Tomita ${rangeText(s.tomita.range)}: ${s.tomita.band.label}; ${s.tomita.band.meaning}.`, ['ACTA2020'], [scoreInput(s.tomita)]);
  if (tok.range.min <= 8) {
    ctx('context.tokuhashi-underestimates', 'Survival after palliative stabilisation often exceeded the Tokuhashi prediction (median 12.0 months at mean Tokuhashi 7.1; Barthel rose 47.5 → 65.9 in Tokuhashi ≤ 8).', ['UEI2018'], [scoreInput(tok)]);
    ctx('context.ps-over-life-expectancy', 'Baseline performance status matters more than life expectancy for quality of life; predicted life expectancy alone should not decide the need for surgery.', ['SEGI2025'], factInput('performance status', f.performance));
  }
  const h = s.harrington;
  if (h.possible.length && h.possible.length < 5) {
    const surgical = h.possible.every((c) => c === 'IV' || c === 'V');
    ctx('context.harrington', `Harrington class ${h.grade ?? h.possible.join(' or ')}${surgical ? ': usually surgical' : ''} (class table UNVERIFIED; shown, not used to decide).`, ['ACTA2020'], [{ name: 'Harrington class (unverified)', value: h.grade ?? h.possible.join('/'), sources: h.facts.flatMap((x) => x.sources) }]);
  }
  return out;
}

function conflictStatements(s: ScoreSet, statements: Statement[]): Statement[] {
  const out: Statement[] = [];
  const tok = s.tokuhashi;
  // Surgical indications only: the urgency to irradiate a radiosensitive compression is not one.
  const indications = statements.filter((x) => (x.side === 'for' || (x.side === 'urgent' && x.rule !== 'urgency.noms.radiosensitive-compression')) && !x.certainty);
  const contras = statements.filter((x) => x.side === 'against' && !x.certainty);
  if (tok.band?.code === 'tokuhashi-band-0-8' && indications.length) {
    out.push({ rule: 'conflict.tokuhashi-vs-indication', side: 'conflict', text: `Tokuhashi ${rangeText(tok.range)} points to conservative treatment, but ${[...new Set(indications.map((i) => head(i.text)))].slice(0, 3).join('; ')}${indications.length > 3 ? ' and more' : ''} indicate surgery. Both are shown; the surgeon decides.`, citations: ['ACTA2020', 'UEI2018', 'SEGI2025'], inputs: [scoreInput(tok)] });
  }
  if (s.tomita.band?.code === 'tomita-band-8-10' && indications.length) {
    out.push({ rule: 'conflict.tomita-vs-indication', side: 'conflict', text: `Tomita ${rangeText(s.tomita.range)} points to supportive care, but surgical indications are present.`, citations: ['ACTA2020'], inputs: [scoreInput(s.tomita)] });
  }
  const h = s.harrington;
  const lesion = s.sinsIndex;
  if (h.grade && (h.grade === 'I' || h.grade === 'II') && lesion && lesion.result.range.min >= 7) {
    out.push({ rule: 'conflict.harrington-vs-sins', side: 'conflict', text: `Harrington class ${h.grade} (non-operative) but SINS ${rangeText(lesion.result.range)} indicates consultation.`, citations: ['ACTA2020', 'CTJ2018'], inputs: [scoreInput(lesion.result)] });
  }
  if (s.bauerVersionsDisagree) {
    out.push({ rule: 'conflict.bauer-versions', side: 'conflict', text: `Original Bauer ${rangeText(s.bauerOriginal.range)} (${s.bauerOriginal.band?.label}) and modified Bauer ${rangeText(s.bauerModified.range)} (${s.bauerModified.band?.label}) fall in different bands.`, citations: [], inputs: [scoreInput(s.bauerOriginal), scoreInput(s.bauerModified)] });
  }
  if (contras.length && indications.length) {
    out.push({ rule: 'conflict.indication-vs-contraindication', side: 'conflict', text: `Surgical indications (${[...new Set(indications.map((i) => head(i.text)))].slice(0, 2).join('; ')}) and relative contraindications (${contras.map((c) => head(c.text)).slice(0, 2).join('; ')}) are both present.`, citations: ['CTJ2018', 'UEI2018'], inputs: [] });
  }
  return out;
}

/** A deceased patient: no recommendation, and the record says why. */
export function deceasedCandidacy(f: ClinicalFacts): Candidacy {
  const none = <T extends string>(): Decision<T> => ({ status: 'undecided', value: null, possible: [], provisional: null, deciding: [] });
  const st: Statement = { rule: 'candidacy.deceased', side: 'context', text: `The patient is recorded as deceased${f.deceased?.value.date ? ` (${f.deceased.value.date.slice(0, 10)})` : ''}: no recommendation is made.`, citations: [], inputs: factInput('deceased', f.deceased, f.deceased?.value.date?.slice(0, 10) ?? 'yes') };
  return {
    headline: 'deceased', reason: st.text, category: none(), urgency: { ...none<Urgency>(), atLeast: null }, nonOperativeFavoured: none(),
    banners: [], statements: [st], indications: [], possibleIndications: [], contraindications: [], urgencyReasons: [], context: [st], conflicts: [],
  };
}
