import type { Assessment } from '../assess/assess.js';
import { INPUT_DEFS, type InputId } from '../recommend/engine/inputs.js';
import { OPTION_LABELS } from '../recommend/rules/approach-rules.js';
import type { Source } from '../provenance/fact.js';
import type {
  ApproachOption,
  Decision,
  DecidingInput,
  RuleInput,
  Statement,
} from '../recommend/types.js';
import { CANDIDACY_LABELS, URGENCY_LABELS } from '../recommend/types.js';
import type { ScoreResult } from '../scores/types.js';

/**
 * The batch record (`"format": 2`, docs/assess-cli.md, docs/compact-record.schema.json): one line a
 * patient with the decision, the scores, the inputs behind them and the rule ids, as ids and
 * values.
 * Rule texts, citations and score definitions are not repeated per patient: they are in the
 * registry
 * (registry.ts, `--registry out.json`) that the ids join to. `--full` gives summarize.ts's record.
 */
export const COMPACT_FORMAT = 2;

/**
 * One answer. Decided: its value only (leading, provisional and possible are that value). Otherwise
 * the answers still possible, the leading one under the named assumptions, the one on the data as
 * recorded, and `deciding`: for an input, the values that would narrow the answer and what to.
 */
export interface CompactDecision {
  status: 'decided' | 'leading' | 'provisional' | 'undecided';
  value?: string;
  leading?: string;
  possible?: string[];
  narrowed?: string[];
  provisional?: string;
  /** Assumption ids this answer rests on, when not all of `decision.assumptions`. */
  assumptions?: string[];
  /**
   * input id → value id → the answers (ids) that value leaves; values that narrow nothing left out.
   */
  deciding?: Record<string, Record<string, string[]>>;
}

/** Complete: its total and band. Incomplete: the range the total can take and what is missing. */
export interface CompactScore {
  total?: number;
  band?: string | null;
  /** The bands still possible are those the range overlaps (the registry has their limits). */
  range?: [number, number];
  /** Item ids not recorded or indeterminate. */
  missing?: string[];
  /** Item ids whose inputs are older than their staleness limit. */
  stale?: string[];
  warnings?: string[];
}

/** A decision input the answer read or that would decide it, with its status and sources. */
export interface CompactInput {
  /** Absent when known (most inputs: the record stays within 4 KB). */
  status?: Exclude<DecidingInput['status'], 'known'>;
  /** What the chart says, in words (absent when the input is missing). */
  value?: string;
  /** Positions in the record's `sources` (the FHIR references the value was read from). */
  sources?: number[];
  /** The answers its value would change (category, urgency, nonOperativeFavoured, approach). */
  decides?: string[];
  /** Settling this input alone settles every answer it decides. */
  decidesAlone?: boolean;
}

export interface CompactRecord {
  format: typeof COMPACT_FORMAT;
  patientId: string;
  asOf: string;
  decision: {
    headline: string;
    kind: string;
    emergency: string;
    category: CompactDecision;
    urgency: CompactDecision & { atLeast: string | null };
    nonOperativeFavoured: CompactDecision;
    approach: CompactDecision;
    /** Assumption ids the leading answer rests on. */
    assumptions: string[];
    uncharacterisedLevels: string[];
  };
  /** Candidacy rule ids by certainty (the rule table has side, text and citations). */
  rules: { applies: string[]; provisional: string[]; possible: string[] };
  approach: {
    /** Options best first; the rules for and against each are in `--full`. */
    ranked: Array<{ id: string; status: ApproachOption['status']; weight: number }>;
    ruledOut: string[];
    deferred: boolean;
  };
  riskFlags: Array<{ id: string; severity: string }>;
  /** Standard actions and red flags (ids of src/recommend/rules/action-rules.ts). */
  actions: string[];
  workup: string[];
  scores: {
    // Keyed by score id (ScoreId, the registry's `scores[].id`).
    'tokuhashi-revised': CompactScore;
    tomita: CompactScore;
    'katagiri-new': CompactScore;
    'bauer-original': CompactScore;
    'bauer-modified': CompactScore;
    nesms: CompactScore;
    osri: CompactScore;
    sins: Array<CompactScore & { level: string; index: boolean }>;
    /** The grade when decided, else null and the grades still possible. */
    harrington: { grade: string | null; possible?: string[] };
    escc: { level: string; grade: string; sources: number[] } | null;
    noms: { paths: string[]; stabilisation: string; neurologic: string; greyZone: boolean };
  };
  /**
   * Decision input id (INPUT_DEFS) → status, value, sources; those that would decide an answer
   * first.
   */
  inputs: Record<string, CompactInput>;
  /** The FHIR references (`Observation/123`) behind the inputs, each once, named by position. */
  sources: string[];
  /** Data-quality issues found while reading the chart. */
  warnings: Array<{ severity: string; resource: string; message: string }>;
}

/**
 * Labels the engine puts in `outcomes`, back to their ids (the record carries ids, the registry
 * words).
 */
const RESULT_IDS = new Map<string, string>(
  [CANDIDACY_LABELS, URGENCY_LABELS, OPTION_LABELS].flatMap((t) =>
    Object.entries(t).map(([id, l]) => [l, id] as const),
  ),
);
const INPUTS = Object.keys(INPUT_DEFS) as InputId[];
const values = (id: InputId) => Object.entries(INPUT_DEFS[id].values as Record<string, string>);
const VALUE_IDS = new Map(
  INPUTS.map((id) => [id as string, new Map(values(id).map(([v, l]) => [l, v]))]),
);
const INPUT_BY_LABEL = new Map(INPUTS.map((id) => [INPUT_DEFS[id].label as string, id as string]));

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));
/**
 * The status unless known (the default), and the chart's words unless missing (the status says it).
 */
const statusAndWords = (status: DecidingInput['status'], value: string): CompactInput =>
  status === 'known' ? { value } : status === 'missing' ? { status } : { status, value };

function decision<T extends string>(d: Decision<T>, assumed: readonly string[]): CompactDecision {
  if (d.status === 'decided' && d.value !== null) return { status: 'decided', value: d.value };
  const out: CompactDecision = { status: d.status };
  if (d.leading) out.leading = d.leading;
  out.possible = [...d.possible];
  if (d.narrowed) out.narrowed = [...d.narrowed];
  if (d.provisional) out.provisional = d.provisional;
  if (d.assumptions?.length && !sameSet(d.assumptions, assumed))
    out.assumptions = [...d.assumptions];
  // What would decide it: the values of each input that leave fewer answers, and which.
  const deciding: Record<string, Record<string, string[]>> = {};
  for (const x of d.deciding) {
    for (const o of x.outcomes) {
      if (o.results.length >= d.possible.length) continue;
      const value = VALUE_IDS.get(x.input)?.get(o.value) ?? o.value;
      (deciding[x.input] ??= {})[value] = o.results.map((t) => RESULT_IDS.get(t) ?? t);
    }
  }
  if (Object.keys(deciding).length) out.deciding = deciding;
  return out;
}

function score(r: ScoreResult): CompactScore {
  const head: CompactScore = r.complete
    ? { total: r.total!, band: r.band?.code ?? null }
    : { range: [r.range.min, r.range.max], missing: r.missing.map((m) => m.item) };
  if (r.staleItems.length) head.stale = [...r.staleItems];
  if (r.warnings.length) head.warnings = [...r.warnings];
  return head;
}

/** The record's `sources`: each FHIR reference once, named by its position. */
function sourceTable() {
  const list: string[] = [];
  const at = new Map<string, number>();
  const positions = (xs: readonly Source[]): number[] => {
    const out: number[] = [];
    for (const x of xs) {
      if (!x.reference) continue;
      let k = at.get(x.reference);
      if (k === undefined) at.set(x.reference, (k = list.push(x.reference) - 1));
      if (!out.includes(k)) out.push(k);
    }
    return out;
  };
  return { list, positions };
}

/**
 * The decision inputs, once each: first those that would decide an answer (with which answers),
 * then
 * every other input a statement read, with its status (the banner's, else stale or known). The
 * words
 * and sources are the first statement's that reads the input.
 */
function inputTable(a: Assessment, positions: (xs: readonly Source[]) => number[]) {
  const c = a.recommendations.candidacy;
  const inputs = new Map<string, CompactInput>();
  const deciding = (what: string, d: Decision<string>) => {
    for (const x of d.deciding) {
      let e = inputs.get(x.input);
      if (!e) inputs.set(x.input, (e = { ...statusAndWords(x.status, x.detail), decides: [] }));
      if (x.decidesAlone) e.decidesAlone = true;
      e.decides!.push(what);
    }
  };
  deciding('category', c.category);
  deciding('urgency', c.urgency);
  deciding('nonOperativeFavoured', c.nonOperativeFavoured);
  deciding('approach', a.recommendations.approach.top);
  const banner = new Map(c.banners.map((b) => [b.input, b.kind]));
  const read = new Set<string>();
  const use = (xs: readonly RuleInput[]) => {
    for (const i of xs) {
      const id = INPUT_BY_LABEL.get(i.name);
      if (!id || read.has(id)) continue;
      read.add(id);
      const e = inputs.get(id);
      const status = e ? (e.status ?? 'known') : (banner.get(id) ?? (i.stale ? 'stale' : 'known'));
      const src = positions(i.sources);
      // Known and read from nothing ("no refusal recorded"): nothing to audit, left out.
      if (!e && status === 'known' && !src.length) continue;
      const entry: CompactInput = {
        ...statusAndWords(status, i.value),
        ...(src.length ? { sources: src } : {}),
      };
      if (e?.decides) {
        entry.decides = e.decides;
        if (e.decidesAlone) entry.decidesAlone = true;
      }
      inputs.set(id, entry);
    }
  };
  /** The statements' rule ids; their inputs join the table. */
  const rules = (xs: readonly Statement[]) =>
    xs.map((x) => {
      use(x.inputs);
      return x.rule;
    });
  return { rules, record: () => Object.fromEntries(inputs) };
}

export function compactRecord(a: Assessment): CompactRecord {
  const r = a.recommendations;
  const c = r.candidacy;
  const s = a.scores;
  const assumed = c.assumptions.map((x) => x.id);
  const src = sourceTable();
  const inputs = inputTable(a, src.positions);
  // Order matters for the bytes: candidacy, approach, risk flags, work-up, then the ESCC sources.
  const certainty = {
    applies: [] as string[],
    provisional: [] as string[],
    possible: [] as string[],
  };
  for (const st of c.statements) certainty[st.certainty ?? 'applies'].push(...inputs.rules([st]));
  const ranked = r.approach.ranked.map((o) => {
    inputs.rules([...o.for, ...o.against]);
    return { id: o.id, status: o.status, weight: o.weight };
  });
  const ruledOut = r.approach.ruledOut.map((o) => {
    inputs.rules(o.against);
    return o.id;
  });
  const riskFlags = r.riskFlags.map((f) => ({ id: inputs.rules([f])[0]!, severity: f.severity }));
  const workup = inputs.rules(r.workup);
  const escc = s.escc
    ? {
        level: s.escc.level,
        grade: s.escc.grade.value,
        sources: src.positions(s.escc.grade.sources),
      }
    : null;
  return {
    format: COMPACT_FORMAT,
    patientId: a.patientId,
    asOf: a.asOf,
    decision: {
      headline: c.headline,
      kind: c.kind,
      emergency: c.emergency,
      category: decision(c.category, assumed),
      urgency: { ...decision(c.urgency, assumed), atLeast: c.urgency.atLeast },
      nonOperativeFavoured: decision(c.nonOperativeFavoured, assumed),
      approach: decision(r.approach.top, assumed),
      assumptions: assumed,
      uncharacterisedLevels: [...c.uncharacterisedLevels],
    },
    rules: certainty,
    approach: { ranked, ruledOut, deferred: !!r.approach.deferred },
    riskFlags,
    actions: r.actions.map((x) => x.id),
    workup,
    scores: {
      'tokuhashi-revised': score(s.tokuhashi),
      tomita: score(s.tomita),
      'katagiri-new': score(s.katagiri),
      'bauer-original': score(s.bauerOriginal),
      'bauer-modified': score(s.bauerModified),
      nesms: score(s.nesms),
      osri: score(s.osri),
      sins: s.sinsLesions.map((l) => ({
        level: l.level,
        index: l === s.sinsIndex,
        ...score(l.result),
      })),
      harrington: s.harrington.grade
        ? { grade: s.harrington.grade }
        : { grade: null, possible: [...s.harrington.possible] },
      escc,
      noms: {
        paths: [...s.noms.paths],
        stabilisation: s.noms.stabilisation,
        neurologic: s.noms.neurologic,
        greyZone: s.noms.greyZone,
      },
    },
    inputs: inputs.record(),
    sources: src.list,
    warnings: a.facts.issues.map((i) => ({
      severity: i.severity,
      resource: i.resource,
      message: i.message,
    })),
  };
}
