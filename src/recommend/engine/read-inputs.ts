/**
 * Facts and scores → the decision inputs: for each, the values the recorded data allow, its status
 * (known, indeterminate, missing, stale, in conflict), the facts behind it and what would settle
 * it.
 * Nothing is guessed: no record means every value of the domain stays possible.
 */
import { neuroRank, toFrankelLetter } from '../../clinical/neuro.js';
import { histologyGroups } from '../../clinical/primary-site.js';
import { painLabel } from '../../clinical/pain.js';
import { levelIndex, type SpineLevel } from '../../clinical/spine-levels.js';
import type { ClinicalFacts } from '../../facts/types.js';
import type { Fact, Source } from '../../provenance/fact.js';
import type { SinsInputs } from '../../clinical/sins-items.js';
import type { ScoreSet } from '../../scores/score-set.js';
import type { EsccGrade } from '../../scores/escc.js';
import type { ScoreResult } from '../../scores/types.js';
import { characterised, SINS } from '../../scores/sins.js';
import { domainOf, INPUT_DEFS, INPUT_IDS, valueLabel, type InputId } from './inputs.js';
import type { Space } from './explore.js';
import type { RuleInput } from '../types.js';

export type InputStatus = 'known' | 'indeterminate' | 'missing' | 'stale' | 'conflict';

export interface InputState {
  id: InputId;
  label: string;
  /** Values the recorded data allow (stale and conflicting data taken as recorded). */
  recorded: string[];
  /** Values still possible once stale and conflicting data are not trusted. */
  possible: string[];
  status: InputStatus;
  /** What the data say, in words ("ESCC 3 at C7"), or why nothing is known. */
  detail: string;
  sources: Source[];
  /** What a clinician does to settle it. */
  action: string;
  /** For stale inputs: the age of the newest source. */
  ageDays?: number;
  /** For conflicts: the values that disagree, in words. */
  conflict?: string;
  /** In a leading answer's hypothetical chart: the assumption standing in for this input. */
  assumed?: string;
}

export type InputStates = Record<InputId, InputState>;

interface Reading {
  recorded: string[];
  detail: string;
  facts: ReadonlyArray<Fact<unknown> | undefined>;
  /** Values of the conflicting records, mapped into the domain (defaults to the whole domain). */
  conflictValues?: string[];
  conflict?: string;
  /** The reading is stale even though no single fact says so (e.g. a score with stale items). */
  stale?: boolean;
}

const MISSING = (detail: string): Reading => ({ recorded: [], detail, facts: [] });

/** A clinician's yes/no judgement as a reading, with the words and the values for each answer. */
function judged(
  fact: Fact<boolean>,
  yes: string,
  no: string,
  [yesValue, noValue]: readonly [string, string] = ['yes', 'no'],
): Reading {
  return {
    recorded: [fact.value ? yesValue : noValue],
    detail: fact.value ? yes : no,
    facts: [fact],
  };
}

type SinsItemName = Exclude<keyof SinsInputs, 'level'>;

/** A decision input read from one SINS item of the index lesion, mapped into its domain. */
function sinsItem<K extends SinsItemName>(
  items: SinsInputs,
  name: K,
  recorded: (v: NonNullable<SinsInputs[K]>['value']) => string,
): Reading {
  const item = items[name];
  return item
    ? { recorded: [recorded(item.value)], detail: `SINS ${name}: ${item.value}`, facts: [item] }
    : MISSING(`the SINS ${name} item is not recorded`);
}

/** The engine's name for each SINS band (the bands and their bounds are the score's own table). */
const SINS_CLASS: Readonly<Record<string, string>> = {
  'sins-stable': 'stable',
  'sins-indeterminate': 'potential',
  'sins-unstable': 'unstable',
};
/** The classes a SINS total in [min, max] can still fall in. */
const sinsClasses = (min: number, max: number): string[] =>
  SINS.bands.filter((b) => b.max >= min && b.min <= max).map((b) => SINS_CLASS[b.code]!);

const esccClass = (g: EsccGrade): string =>
  g === '0' ? '0' : g === '2' || g === '3' ? 'high' : 'low';
const neuroClass = (letter: string): string =>
  letter === 'E' ? 'intact' : letter === 'A' || letter === 'B' ? 'no-motor' : 'motor';

function regionOfLevel(level: SpineLevel): string {
  const i = levelIndex(level);
  if (i <= 2) return 'upper-cervical';
  if (i <= 6) return 'subaxial';
  if (i === 7) return 'c7';
  if (i <= 9) return 't1-t2';
  if (i <= 11) return 'upper-thoracic';
  if (i <= 17) return 'mid-thoracic';
  if (i <= 21) return 'thoracolumbar';
  return 'lumbosacral';
}

const rangeWords = (r: ScoreResult) =>
  r.range.min === r.range.max ? `${r.range.min}` : `${r.range.min}–${r.range.max}`;
/** The distinct facts behind a score's items. */
const scoreFacts = (r: ScoreResult) => [...new Set(r.items.flatMap((i) => i.facts))];

const HOURS_48 = 48 * 3_600_000;

const DOMAINS = Object.fromEntries(INPUT_IDS.map((id) => [id, domainOf(id)])) as Record<
  InputId,
  string[]
>;

/** The sources of some facts, once each (derived facts share their parts' Source objects). */
function uniqueSources(facts: ReadonlyArray<Fact<unknown>>): Source[] {
  if (facts.length === 1) return facts[0]!.sources;
  const seen = new Set<Source>();
  const keys = new Set<string>();
  const out: Source[] = [];
  for (const f of facts) {
    for (const src of f.sources) {
      if (seen.has(src)) continue;
      seen.add(src);
      const key = src.reference ?? src.display ?? '';
      if (key && keys.has(`${key}|${src.display}`)) continue;
      keys.add(`${key}|${src.display}`);
      out.push(src);
    }
  }
  return out;
}

/**
 * Onset of the current motor loss from dated grades: the earliest record of it, and the last record
 * before it with motor function.
 */
function onsetFromHistory(f: ClinicalFacts, asOf: number): Reading | undefined {
  const hist = f.history.neuro;
  const noMotor = (x: (typeof hist)[number]) => neuroClass(toFrankelLetter(x.value)) === 'no-motor';
  let k = hist.length - 1;
  if (k < 0 || !noMotor(hist[k]!)) return undefined;
  while (k > 0 && noMotor(hist[k - 1]!)) k--;
  const first = hist[k]!;
  const firstDate = Date.parse(first.sources[0]?.date ?? '');
  if (!Number.isNaN(firstDate) && asOf - firstDate > HOURS_48) {
    return {
      recorded: ['over-48h'],
      detail: `motor loss recorded since ${first.sources[0]!.date!.slice(0, 16).replace('T', ' ')}`,
      facts: [first],
    };
  }
  const before = hist[k - 1];
  const beforeDate = Date.parse(before?.sources[0]?.date ?? '');
  if (before && !Number.isNaN(beforeDate) && asOf - beforeDate <= HOURS_48) {
    return {
      recorded: ['within-48h'],
      detail:
        `motor function recorded on ` +
        `${before.sources[0]!.date!.slice(0, 16).replace('T', ' ')}`,
      facts: [before, first],
    };
  }
  return undefined;
}

/** Every decision input for one patient. Pure. */
export function readInputs(f: ClinicalFacts, s: ScoreSet): InputStates {
  const lesion = s.sinsIndex;
  const items = lesion ? (f.spine.sins[lesion.level] ?? {}) : {};
  const j = f.judgements;
  const asOf = Date.parse(f.asOf);

  const readings: Record<InputId, () => Reading> = {
    sins: () => {
      // The index lesion decides (recorded as index, else the worst characterised level); a level
      // only
      // listed as involved is work-up (uncharacterisedLevels), not an open input of the decision.
      if (!s.sinsLesions.length) return MISSING('no involved vertebral level is recorded');
      const recordedIndex = f.spine.indexLevel
        ? s.sinsLesions.find((l) => l.level === f.spine.indexLevel!.value)
        : undefined;
      const counted = recordedIndex ? [recordedIndex] : s.sinsLesions.filter(characterised);
      if (!counted.length)
        return MISSING(
          `no SINS item is recorded at ${s.sinsLesions.map((l) => l.level).join(', ')}`,
        );
      const lo = Math.max(...counted.map((l) => l.result.range.min));
      const hi = Math.max(...counted.map((l) => l.result.range.max));
      const itemFacts = counted.flatMap((l) => scoreFacts(l.result));
      const clash = itemFacts.find((x) => x.alternatives?.length);
      return {
        recorded: sinsClasses(lo, hi),
        detail: counted
          .map(
            (l) =>
              `SINS ${rangeWords(l.result)}${l.result.complete ? '' : ' (incomplete)'} ` +
              `at ${l.level}${l === recordedIndex ? ' (index)' : ''}`,
          )
          .join('; '),
        facts: itemFacts,
        stale: counted.some((l) => l.result.staleItems.length > 0),
        ...(clash
          ? {
              conflict:
                `SINS item recorded as ` +
                `${[clash.value, ...clash.alternatives!].join(' and ')} the same day`,
            }
          : {}),
      };
    },
    sinsIndex: () => {
      if (!lesion) return MISSING('no index level is recorded');
      const r = lesion.result;
      const clash = scoreFacts(r).find((x) => x.alternatives?.length);
      return {
        recorded: sinsClasses(r.range.min, r.range.max),
        detail: `SINS ${rangeWords(r)}${r.complete ? '' : ' (incomplete)'} at ${lesion.level}`,
        facts: scoreFacts(r),
        stale: r.staleItems.length > 0,
        ...(clash
          ? {
              conflict:
                `SINS item recorded as ` +
                `${[clash.value, ...clash.alternatives!].join(' and ')} the same day`,
            }
          : {}),
      };
    },
    escc: () => {
      // The index level's grade, else the worst graded level; an ungraded level is work-up, not an
      // open input.
      const graded = (Object.keys(f.spine.escc) as SpineLevel[]).map(
        (l) => [l, f.spine.escc[l]!] as const,
      );
      if (!graded.length)
        return MISSING(
          s.sinsLesions.length
            ? `no ESCC grade is recorded (${s.sinsLesions.map((l) => l.level).join(', ')})`
            : 'no involved level and no ESCC grade is recorded',
        );
      const idx = f.spine.indexLevel
        ? graded.find(([l]) => l === f.spine.indexLevel!.value)
        : undefined;
      const order = ['0', 'low', 'high'];
      const pick =
        idx ??
        graded.reduce((a, b) =>
          order.indexOf(esccClass(b[1].value)) > order.indexOf(esccClass(a[1].value)) ? b : a,
        );
      const [level, g] = pick;
      return {
        recorded: [esccClass(g.value)],
        detail:
          `ESCC ${g.value} at ` +
          `${level}${idx ? ' (index)' : graded.length > 1 ? ' (worst graded level)' : ''}`,
        facts: [g],
        ...(g.alternatives?.length
          ? {
              conflictValues: [g.value, ...g.alternatives].map((x) => esccClass(x as EsccGrade)),
              conflict:
                `ESCC ${[g.value, ...g.alternatives].join(' vs ')} at ${level} ` + 'the same day',
            }
          : {}),
      };
    },
    esccIndex: () => {
      const g = lesion ? f.spine.escc[lesion.level] : undefined;
      if (!lesion || !g)
        return MISSING(lesion ? `no ESCC grade at ${lesion.level}` : 'no index level is recorded');
      return {
        recorded: [esccClass(g.value)],
        detail: `ESCC ${g.value} at ${lesion.level}`,
        facts: [g],
        ...(g.alternatives?.length
          ? {
              conflictValues: [g.value, ...g.alternatives].map((x) => esccClass(x as EsccGrade)),
              conflict: `ESCC ${[g.value, ...g.alternatives].join(' vs ')} the same day`,
            }
          : {}),
      };
    },
    neuro: () => {
      if (!f.neuro) return MISSING('no neurological grade is recorded');
      const letter = toFrankelLetter(f.neuro.value);
      const alts = (f.neuro.alternatives ?? []) as Array<typeof f.neuro.value>;
      return {
        recorded: [neuroClass(letter)],
        detail: `${f.neuro.value.system === 'asia' ? 'ASIA' : 'Frankel'} ${f.neuro.value.grade}`,
        facts: [f.neuro],
        ...(alts.length
          ? {
              conflictValues: [f.neuro.value, ...alts].map((x) => neuroClass(toFrankelLetter(x))),
              conflict:
                `grades ${[f.neuro.value, ...alts].map((x) => x.grade).join(' vs ')} the ` +
                `same day`,
            }
          : {}),
      };
    },
    onset: () => {
      // Three sources: the clinician input, a charted cord-compression Condition's onset, the dated
      // grades.
      // Any two that disagree are a conflict: neither is trusted.
      const fromHistory = onsetFromHistory(f, asOf);
      const at = (fact: Fact<unknown>, iso: string, what: string): Reading => ({
        recorded: [asOf - Date.parse(iso) <= HOURS_48 ? 'within-48h' : 'over-48h'],
        detail: `${what} ${iso.slice(0, 16).replace('T', ' ')}`,
        facts: [fact],
      });
      const cc = f.cordCompression;
      const readings = [
        j.deficitOnset ? at(j.deficitOnset, j.deficitOnset.value, 'onset') : undefined,
        // A charted compression bounds the deficit from below: begun within 48 h, the deficit is
        // recent too;
        // begun earlier, it says nothing about when the motor loss began (weakness often follows by
        // days).
        cc?.value.onset && asOf - Date.parse(cc.value.onset) <= HOURS_48
          ? at(cc, cc.value.onset, `${cc.value.display || 'cord compression'} since`)
          : undefined,
        fromHistory,
      ].filter((r): r is Reading => r !== undefined);
      if (!readings.length) return MISSING('no record of when the motor loss began');
      const first = readings[0]!;
      const other = readings.find((r) => r.recorded[0] !== first.recorded[0]);
      if (other)
        return {
          ...first,
          facts: readings.flatMap((r) => r.facts),
          conflictValues: ['within-48h', 'over-48h'],
          conflict: `${first.detail} but ${other.detail}`,
        };
      return { ...first, facts: readings.flatMap((r) => r.facts) };
    },
    progressive: () => {
      if (j.neuroProgressive)
        return judged(j.neuroProgressive, 'recorded as progressing', 'recorded as not progressing');
      // A worse grade than one recorded within the past 14 days, on the same scale, is progression.
      const hist = f.history.neuro;
      const last = hist.at(-1);
      if (last) {
        const lastT = Date.parse(last.sources[0]?.date ?? '');
        const earlier = hist
          .slice(0, -1)
          .find(
            (x) =>
              x.value.system === last.value.system &&
              neuroRank(x.value) > neuroRank(last.value) &&
              lastT - Date.parse(x.sources[0]?.date ?? '') <= 14 * 86_400_000,
          );
        if (earlier)
          return {
            recorded: ['yes'],
            detail: `worsened from ${earlier.value.grade} to ${last.value.grade}`,
            facts: [earlier, last],
          };
      }
      return MISSING('the course of the deficit is not recorded');
    },
    histology: () => {
      if (!f.primary) return MISSING('no primary cancer is recorded');
      const h = histologyGroups(f.primary.value);
      return {
        recorded: h.categories,
        detail: `${f.primary.value.display} (${h.reason})`,
        facts: [f.primary],
      };
    },
    survival: () => {
      if (j.expectedSurvival)
        return {
          recorded: [j.expectedSurvival.value],
          detail: `clinician estimate: ${valueLabel('survival', j.expectedSurvival.value)}`,
          facts: [j.expectedSurvival],
        };
      const t = s.tokuhashi;
      const rec = new Set<string>();
      for (const b of t.possibleBands)
        for (const v of b.max <= 8 ? ['lt3m', '3to6m'] : ['ge6m']) rec.add(v);
      const perf = f.performance;
      const tokuhashiBand = t.band ? ` (${t.band.meaning.split(';')[0]})` : ' (band not decided)';
      const perfConflict =
        perf?.warnings?.find((w) => /disagree|conflicting/.test(w)) ??
        'recorded with different values the same day';
      return {
        recorded: domainOf('survival').filter((v) => rec.has(v)),
        detail:
          `revised Tokuhashi ${rangeWords(t)}${tokuhashiBand}; under 3 months needs a ` +
          `clinician estimate`,
        facts: scoreFacts(t),
        stale: t.staleItems.length > 0,
        ...(perf?.alternatives?.length ? { conflict: `performance status ${perfConflict}` } : {}),
      };
    },
    fitness: () =>
      j.fitForSurgery
        ? judged(j.fitForSurgery, 'judged fit for surgery', 'judged not fit for surgery', [
            'fit',
            'unfit',
          ])
        : MISSING('fitness for surgery is not recorded'),
    intractablePain: () => {
      if (j.intractablePain)
        return judged(j.intractablePain, 'recorded as intractable', 'recorded as not intractable');
      if (j.painResponsive?.value)
        return {
          recorded: ['no'],
          detail: 'pain responsive to narcotics',
          facts: [j.painResponsive],
        };
      const p = f.pain;
      if (p && (p.value.instrument === 'nrs' ? p.value.value <= 3 : p.value.value <= 30)) {
        return { recorded: ['no'], detail: `mild pain (${painLabel(p.value)})`, facts: [p] };
      }
      return MISSING(
        p
          ? `pain ${painLabel(p.value)}; whether it resists opioids is not recorded`
          : 'no pain assessment is recorded',
      );
    },
    mechanicalPain: () => {
      const item = sinsItem(items, 'pain', (v) => (v === 'mechanical' ? 'yes' : 'no'));
      if (!j.painFromInstability) return item;
      const judgement = judged(
        j.painFromInstability,
        'pain from instability recorded',
        'no pain from instability',
      );
      if (items.pain && item.recorded[0] !== judgement.recorded[0])
        return {
          ...judgement,
          facts: [...judgement.facts, ...item.facts],
          conflictValues: ['yes', 'no'],
          conflict: `${judgement.detail} but ${item.detail}`,
        };
      return judgement;
    },
    vertebral: () => {
      const v = f.spine.vertebral;
      if (!v) return MISSING('the number of vertebral metastases is not recorded');
      const rec =
        v.value.atLeast >= 2
          ? ['several']
          : v.value.exact && v.value.atLeast === 1
            ? ['one']
            : ['one', 'several'];
      return {
        recorded: rec,
        detail: v.value.exact
          ? `${v.value.atLeast} (confirmed)`
          : `at least ${v.value.atLeast} (not confirmed complete)`,
        facts: [v],
      };
    },
    extraspinal: () => {
      const v = f.spine.extraspinalBone;
      if (!v) return MISSING('extraspinal bone metastases are not staged');
      const rec = v.value.atLeast >= 1 ? ['some'] : v.value.exact ? ['none'] : ['none', 'some'];
      return {
        recorded: rec,
        detail: v.value.exact
          ? `${v.value.atLeast} (confirmed)`
          : `at least ${v.value.atLeast} (not confirmed complete)`,
        facts: [v],
      };
    },
    visceral: () => {
      const v = f.visceral;
      if (!v) return MISSING('visceral staging is not recorded');
      const rec = v.value.sites.length ? ['some'] : v.value.complete ? ['none'] : ['none', 'some'];
      return {
        recorded: rec,
        detail: v.value.sites.length
          ? v.value.sites.join(', ')
          : v.value.complete
            ? 'none (staging complete)'
            : 'none recorded, staging not confirmed',
        facts: [v],
      };
    },
    prognosis: () => {
      const t = s.tokuhashi;
      const tm = s.tomita;
      const fav = t.range.min >= 12 || tm.range.max <= 3;
      const not = t.range.max < 12 && tm.range.min > 3;
      return {
        recorded: fav
          ? ['favourable']
          : not
            ? ['not-favourable']
            : ['favourable', 'not-favourable'],
        detail: `Tokuhashi ${rangeWords(t)}, Tomita ${rangeWords(tm)}`,
        facts: [...scoreFacts(t), ...scoreFacts(tm)],
        stale: t.staleItems.length > 0 || tm.staleItems.length > 0,
      };
    },
    region: () =>
      lesion
        ? {
            recorded: [regionOfLevel(lesion.level)],
            detail: lesion.level,
            facts: [f.spine.indexLevel ?? lesion.result.items[0]?.facts[0]],
          }
        : MISSING('no index level is recorded'),
    position: () => {
      const p = lesion ? f.spine.lesionPosition[lesion.level] : undefined;
      return p
        ? { recorded: [p.value], detail: `${p.value} at ${lesion!.level}`, facts: [p] }
        : MISSING('the tumour position is not recorded');
    },
    posteriorRing: () =>
      sinsItem(items, 'posterolateral', (v) => (v === 'none' ? 'intact' : 'involved')),
    collapse: () =>
      sinsItem(items, 'collapse', (v) => (v === 'gt50' || v === 'lt50' ? 'yes' : 'no')),
    painful: () => sinsItem(items, 'pain', (v) => (v === 'none' ? 'no' : 'yes')),
    deformity: () => sinsItem(items, 'alignment', (v) => (v === 'normal' ? 'no' : 'yes')),
    // Derived from the inputs above by the candidacy rules (recommend/candidacy.ts).
    excisional: () => MISSING('derived from the excisional-path criteria'),
    // The one input read as "no" when unrecorded: a refusal is recorded when expressed, and consent
    // is
    // sought at the consultation the recommendation leads to (docs/decisions.md).
    declines: () =>
      j.declinesSurgery?.value
        ? { recorded: ['yes'], detail: 'the patient declines surgery', facts: [j.declinesSurgery] }
        : {
            recorded: ['no'],
            detail: 'no refusal recorded',
            facts: j.declinesSurgery ? [j.declinesSurgery] : [],
          },
  };

  const out = {} as InputStates;
  for (const id of INPUT_IDS) {
    let r = readings[id]();
    let facts = r.facts.filter((x): x is Fact<unknown> => x !== undefined);
    // Only history behind it: not a current input (the clinician's own judgements are kept as
    // entered).
    if (facts.length && facts.every((x) => x.stale?.history)) {
      const newest = facts
        .map((x) => x.sources[0]?.date ?? '')
        .sort()
        .at(-1)
        ?.slice(0, 10);
      r = MISSING(
        `only history: last recorded ${newest || 'long ago'} ` +
          `(${Math.min(...facts.map((x) => x.stale!.ageDays))} days old)`,
      );
      facts = [];
    }
    const domain = DOMAINS[id];
    const staleFact = facts
      .filter((x) => x.stale)
      .sort((a, b) => b.stale!.ageDays - a.stale!.ageDays)[0];
    const conflictFact = facts.find((x) => x.alternatives?.length);
    const stale = id !== 'declines' && r.recorded.length > 0 && (r.stale || !!staleFact);
    const conflict = r.recorded.length > 0 && (!!r.conflict || !!conflictFact);
    let status: InputStatus;
    let possible: string[];
    if (!r.recorded.length) {
      status = 'missing';
      possible = domain;
    } else if (conflict) {
      status = 'conflict';
      possible = r.conflictValues
        ? domain.filter((v) => r.conflictValues!.includes(v) || r.recorded.includes(v))
        : domain;
    } else if (stale) {
      status = 'stale';
      possible = domain;
    } else {
      status = r.recorded.length === 1 ? 'known' : 'indeterminate';
      possible = r.recorded;
    }
    const sources = uniqueSources(facts);
    out[id] = {
      id,
      label: INPUT_DEFS[id].label,
      recorded: r.recorded.length ? r.recorded : domain,
      possible,
      status,
      detail: r.detail,
      sources,
      action: INPUT_DEFS[id].action,
      ...(stale && staleFact ? { ageDays: staleFact.stale!.ageDays } : {}),
      ...(conflict
        ? {
            conflict:
              r.conflict ??
              conflictFact?.warnings?.find((w) => w.startsWith('conflicting')) ??
              'values disagree',
          }
        : {}),
    };
  }
  return out;
}

/** The space the strict decision explores: stale and conflicting inputs open. */
export function strictSpace(inputs: InputStates): Space<InputId> {
  return Object.fromEntries(
    INPUT_IDS.map((id) => [id, inputs[id].possible]),
  ) as unknown as Space<InputId>;
}

/** The provisional space: stale and conflicting data taken as recorded. */
export function recordedSpace(inputs: InputStates): Space<InputId> {
  return Object.fromEntries(
    INPUT_IDS.map((id) => [id, inputs[id].recorded]),
  ) as unknown as Space<InputId>;
}

/**
 * Decision inputs as rule inputs shown beside a statement: what the record says, or that it is not
 * recorded.
 */
export function ruleInputs(states: InputStates, ids: readonly InputId[]): RuleInput[] {
  return ids
    .map((id) => states[id])
    .map((st) => ({
      name: st.label,
      value: st.assumed
        ? `assumed ${st.possible.map((v) => valueLabel(st.id, v)).join(' or ')} (${st.detail})`
        : st.status === 'missing'
          ? `not recorded (${st.detail})`
          : st.detail,
      sources: st.sources,
      ...(st.status === 'stale' ? { stale: true } : {}),
    }));
}
