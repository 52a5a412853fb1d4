import type { Observation } from 'fhir/r4';
import { derivedFact, type Fact } from '../provenance/fact.js';
import type { Ecog, Kps, PerformanceStatus } from '../clinical/performance.js';
import { isEcog, isKps, kpsToEcog, relateKpsEcog } from '../clinical/performance.js';
import type { Ambulation, NeuroStatus } from '../clinical/neuro.js';
import { ambulationFromNeuro, describeNeuro } from '../clinical/neuro.js';
import type { SpineLevel } from '../clinical/spine-levels.js';
import type { SinsInputs } from '../clinical/sins-items.js';
import type { EsccGrade } from '../clinical/escc.js';
import type { KatagiriLabs } from '../clinical/labs.js';
import {
  PAIN_DECIMALS,
  painOnScale,
  validatePain,
  vasFromCm,
  type PainScore,
} from '../clinical/pain.js';
import type { Eq5dResult } from '../clinical/eq5d.js';
import { BARTHEL, barthel, type BarthelInputs, type BarthelItemId } from '../scores/barthel.js';
import { convertQuantity, UnitError, type ConvertOptions } from './units.js';
import { readBodySites } from './body-sites.js';
import {
  byNewest,
  codeIn,
  codings,
  factFrom,
  lesionRecord,
  observationDate,
  observationUsable,
  refOf,
  timeOf,
} from './fhir-read.js';
import { LOINC, PROJECT_CODESYSTEM, SNOMED, SYSTEMS } from '../terminology/systems.js';
import { INPUT_BY_CODE, INPUT_ROWS, type FactHome, type InputRow } from '../inputs/input-table.js';
import type {
  FactIssue,
  Histories,
  Judgements,
  LesionPosition,
  SpineFacts,
  StalenessLimits,
} from './types.js';

/**
 * `display` may be built on demand: most lab candidates are history that never becomes a fact.
 * Every member is there from the start (undefined when absent): one shape for every candidate.
 */
interface Candidate<T> {
  value: T;
  obs: Observation;
  date: string | undefined;
  time: number;
  tiebreakTime: number;
  display: Words;
  conversion: string | undefined;
  derivation: string | undefined;
  warning: string | undefined;
  comparator: '<' | '<=' | '>=' | '>' | undefined;
}
/** The words, or how to word the candidate's Observation (shared: no closure per candidate). */
type Words = string | ((o: Observation) => string);
const shown = (c: Candidate<unknown>): string =>
  typeof c.display === 'string' ? c.display : (c.display = c.display(c.obs));

/** Provenance of a pain value rounded to its scale: the recorded number stays in the source. */
function recordedNote(recorded: number, used: number, conversion?: string): string {
  return recorded === used || conversion ? '' : `; recorded ${recorded}`;
}
function roundedNote(recorded: number, used: number, scale: 'NRS' | 'VAS mm'): string {
  const d = PAIN_DECIMALS[scale === 'NRS' ? 'nrs' : 'vas'];
  return `recorded ${recorded}, kept as ${used} (${scale} to ${d} decimal${d === 1 ? '' : 's'})`;
}

/**
 * Lab definitions: LOINC codes, target unit (the unit the score was published in), conversion
 * options.
 */
const LABS: Array<{
  key: keyof KatagiriLabs;
  name: string;
  codes: string[];
  target: string;
  opts?: ConvertOptions;
  scale?: number;
}> = [
  { key: 'crpMgDl', name: 'CRP', codes: [LOINC.crp, LOINC.crpHs], target: 'mg/dL' },
  {
    key: 'ldhUL',
    name: 'LDH',
    codes: [LOINC.ldh, LOINC.ldhLp],
    target: 'U/L',
    opts: { enzyme: true },
  },
  { key: 'albuminGDl', name: 'Albumin', codes: [LOINC.albumin], target: 'g/dL' },
  {
    key: 'plateletsPerUl',
    name: 'Platelets',
    codes: [LOINC.platelets, LOINC.plateletsAny],
    target: '/uL',
  },
  {
    key: 'calciumMgDl',
    name: 'Calcium (total)',
    codes: [LOINC.calciumMass, LOINC.calciumMoles, LOINC.calciumMass2],
    target: 'mg/dL',
    opts: { molecularWeight: 40.078 },
  },
  {
    key: 'bilirubinMgDl',
    name: 'Bilirubin (total)',
    codes: [LOINC.bilirubinMass, LOINC.bilirubinMoles],
    target: 'mg/dL',
    opts: { molecularWeight: 584.66 },
  },
];
const LAB_BY_CODE = new Map(LABS.flatMap((l) => l.codes.map((c) => [c, l] as const)));
/** A lab value in words, built only when the value becomes a fact or is named in a conflict. */
function labWords(o: Observation): string {
  const loinc = loincCode(o)!;
  const q = o.valueQuantity!;
  const name = LAB_BY_CODE.get(loinc)!.name;
  return `${name} ${q.comparator ?? ''}${q.value} ${q.code} (LOINC ${loinc})`;
}

const ECOG_LA: Record<string, Ecog> = {
  'LA9622-7': 0,
  'LA9623-5': 1,
  'LA9624-3': 2,
  'LA9625-0': 3,
  'LA9626-8': 4,
  'LA9627-6': 5,
};
const KPS_LA: Record<string, Kps> = {
  'LA29175-9': 100,
  'LA29176-7': 90,
  'LA29177-5': 80,
  'LA29178-3': 70,
  'LA29179-1': 60,
  'LA29180-9': 50,
  'LA29181-7': 40,
  'LA29182-5': 30,
  'LA29183-3': 20,
  'LA29184-1': 10,
};
/** Legacy SNOMED ECOG findings (mCODE 2019 ballot), grade 0–5. */
const ECOG_SNOMED: Record<string, Ecog> = {
  '425389002': 0,
  '422512005': 1,
  '422894000': 2,
  '423053003': 3,
  '423237006': 4,
  '423409001': 5,
};

function projectCode(o: Observation): string | undefined {
  return codeIn(o.code, PROJECT_CODESYSTEM);
}
function loincCode(o: Observation): string | undefined {
  return codeIn(o.code, SYSTEMS.loinc);
}
function valueProjectCode(o: Observation): string | undefined {
  return codeIn(o.valueCodeableConcept, PROJECT_CODESYSTEM);
}
/** Candidates of the clinician inputs (input-table.ts), by fact home and level ('' when none). */
type InputBuckets = Map<FactHome, Map<SpineLevel | '', Array<Candidate<unknown>>>>;
/** Candidates of the SINS items, by level and item. */
type SinsBuckets = Map<SpineLevel, Map<keyof SinsInputs, Array<Candidate<unknown>>>>;
function numberValue(o: Observation): number | undefined {
  if (typeof o.valueInteger === 'number') return o.valueInteger;
  if (typeof o.valueQuantity?.value === 'number') return o.valueQuantity.value;
  return undefined;
}

export interface ObservationFacts {
  performance?: Fact<PerformanceStatus>;
  neuro?: Fact<NeuroStatus>;
  ambulation?: Fact<readonly Ambulation[]>;
  pain?: Fact<PainScore>;
  labs: KatagiriLabs;
  spine: Omit<SpineFacts, 'levels' | 'vertebral' | 'extraspinalBone'> & {
    metastasisLevels: Array<Fact<SpineLevel>>;
    vertebralCount?: Fact<number>;
    extraspinalCount?: Fact<number>;
  };
  receptors: Array<Fact<boolean>>;
  judgements: Judgements;
  history: Histories;
  issues: FactIssue[];
}

/** Analytes read from Observations: also read when a panel reports them as components. */
const COMPONENT_ANALYTES = new Set<string>([
  ...LAB_BY_CODE.keys(),
  LOINC.karnofsky,
  LOINC.ecog,
  LOINC.painNrs,
  LOINC.painVas,
]);

/**
 * A panel's components that are analytes of their own (a chemistry panel with calcium and albumin
 * as components), as Observations of their own: same resource, date and status, the component's
 * code and value. Without this an older stand-alone value would be used instead, silently.
 */
function panelComponents(
  observations: readonly Observation[],
  panels: WeakSet<Observation>,
): Observation[] {
  const out: Observation[] = [];
  for (const o of observations) {
    for (const comp of o.component ?? []) {
      const code = codings(comp.code).find(
        (c) => c.system === SYSTEMS.loinc && c.code && COMPONENT_ANALYTES.has(c.code),
      )?.code;
      if (!code || loincCode(o) === code) continue;
      const v: Observation = { ...o, code: comp.code };
      for (const k of [
        'valueQuantity',
        'valueCodeableConcept',
        'valueInteger',
        'valueString',
        'valueBoolean',
        'dataAbsentReason',
        'component',
      ] as const)
        delete v[k];
      if (comp.valueQuantity) v.valueQuantity = comp.valueQuantity;
      if (comp.valueCodeableConcept) v.valueCodeableConcept = comp.valueCodeableConcept;
      if (comp.valueInteger !== undefined) v.valueInteger = comp.valueInteger;
      if (comp.dataAbsentReason) v.dataAbsentReason = comp.dataAbsentReason;
      panels.add(v);
      out.push(v);
    }
  }
  return out;
}

export function extractObservations(
  observations: readonly Observation[],
  asOf: string,
  limits: StalenessLimits,
): ObservationFacts {
  const panels = new WeakSet<Observation>();
  observations = [...observations, ...panelComponents(observations, panels)];
  const issues: FactIssue[] = [];
  const buckets = new Map<string, Array<Candidate<unknown>>>();
  const add = <T>(key: string, c: Candidate<T>) => {
    const list = buckets.get(key) ?? [];
    list.push(c as Candidate<unknown>);
    buckets.set(key, list);
  };
  const inputs: InputBuckets = new Map();
  const sinsItems: SinsBuckets = new Map();
  const cand = <T>(
    o: Observation,
    value: T,
    display: Words,
    extra?: Partial<Candidate<T>>,
  ): Candidate<T> => {
    const date = observationDate(o);
    const words = !panels.has(o)
      ? display
      : typeof display === 'string'
        ? `${display} (panel component)`
        : (o: Observation) => `${display(o)} (panel component)`;
    const c: Candidate<T> = {
      value,
      obs: o,
      date: date || undefined,
      time: timeOf(date),
      tiebreakTime: timeOf(o.issued ?? o.meta?.lastUpdated),
      display: words,
      conversion: undefined,
      derivation: undefined,
      warning: undefined,
      comparator: undefined,
    };
    return extra ? Object.assign(c, extra) : c;
  };
  const levelOf = (o: Observation): SpineLevel | undefined => {
    const levels = readBodySites(o.bodySite ? [o.bodySite] : []).levels;
    if (levels.length !== 1) {
      issues.push({
        severity: 'error',
        resource: refOf(o),
        message: levels.length
          ? 'bodySite names several levels; one level per Observation'
          : 'bodySite has no vertebral level',
      });
      return undefined;
    }
    return levels[0];
  };

  for (const o of observations) {
    const usable = observationUsable(o);
    if (!usable.use) continue;
    const warning = usable.warning;
    const loinc = loincCode(o);
    const proj = projectCode(o);
    try {
      if (loinc === LOINC.karnofsky) {
        const v =
          numberValue(o) ??
          KPS_LA[
            codings(o.valueCodeableConcept).find((c) => c.code && c.code in KPS_LA)?.code ?? ''
          ];
        if (v === undefined || !isKps(v))
          throw new Error(`Karnofsky value ${v ?? '(none)'} is not 0–100 in steps of 10`);
        add('kps', cand(o, v, `Karnofsky ${v} (LOINC 89243-0)`, warning ? { warning } : undefined));
      } else if (
        loinc === LOINC.ecog ||
        codings(o.valueCodeableConcept).some(
          (c) => c.system === SYSTEMS.snomed && c.code! in ECOG_SNOMED,
        )
      ) {
        const la = codings(o.valueCodeableConcept).find(
          (c) => c.code && (c.code in ECOG_LA || c.code in ECOG_SNOMED),
        )?.code;
        const v = numberValue(o) ?? (la ? (ECOG_LA[la] ?? ECOG_SNOMED[la]) : undefined);
        if (v === undefined || !isEcog(v))
          throw new Error(`ECOG value ${v ?? '(none)'} is not 0–5`);
        add(
          'ecog',
          cand(
            o,
            v,
            `ECOG ${v}${loinc ? ' (LOINC 89247-1)' : ' (SNOMED finding)'}`,
            warning ? { warning } : undefined,
          ),
        );
      } else if (loinc && LAB_BY_CODE.has(loinc)) {
        const lab = LAB_BY_CODE.get(loinc)!;
        if (!o.valueQuantity) throw new Error(`${lab.name} has no valueQuantity`);
        const conv = convertQuantity(o.valueQuantity, lab.target, lab.opts);
        // A bound ("<0.1") stays a bound: the scores treat a threshold it straddles as
        // indeterminate. Conversions are positive factors, so the bound keeps its direction.
        const comparator = o.valueQuantity.comparator;
        const c = cand(o, conv.value, labWords);
        if (conv.note) c.conversion = conv.note;
        if (warning) c.warning = warning;
        if (comparator) c.comparator = comparator;
        add(lab.key, c);
      } else if (loinc === LOINC.painVas) {
        const q = o.valueQuantity;
        if (!q || typeof q.value !== 'number') throw new Error('VAS has no valueQuantity');
        let mm: number;
        let conversion: string | undefined;
        if (q.code === 'mm' && q.system === SYSTEMS.ucum) mm = q.value;
        else if (q.code === 'cm' && q.system === SYSTEMS.ucum) {
          mm = vasFromCm(q.value);
          conversion = `${q.value} cm → ${mm} mm`;
        } else
          throw new UnitError(
            `VAS unit "${q.code ?? q.unit ?? '(none)'}" is not a UCUM length (mm or cm); ` +
              `a 0–10 score is NRS, not VAS`,
          );
        const vas = validatePain(painOnScale({ instrument: 'vas', value: mm }));
        const extra: Partial<Candidate<PainScore>> = conversion ? { conversion } : {};
        if (vas.value !== mm) extra.derivation = roundedNote(mm, vas.value, 'VAS mm');
        add(
          'pain',
          cand(
            o,
            vas,
            `Pain VAS ${vas.value} mm (LOINC ` +
              `38214-3${recordedNote(q.value, vas.value, conversion)})`,
            extra,
          ),
        );
      } else if (loinc === LOINC.painNrs) {
        const v = numberValue(o);
        if (v === undefined) throw new Error('NRS has no value');
        const nrs = validatePain(painOnScale({ instrument: 'nrs', value: v }));
        const extra: Partial<Candidate<PainScore>> =
          nrs.value !== v ? { derivation: roundedNote(v, nrs.value, 'NRS') } : {};
        add(
          'pain',
          cand(o, nrs, `Pain NRS ${nrs.value} (LOINC 72514-3${recordedNote(v, nrs.value)})`, extra),
        );
      } else if (loinc === LOINC.estrogenReceptor || loinc === LOINC.progesteroneReceptor) {
        const text =
          codings(o.valueCodeableConcept)
            .map((c) => `${c.code} ${c.display ?? ''}`)
            .join(' ') +
          (o.valueCodeableConcept?.text ?? '') +
          (o.valueString ?? '');
        const pos = /10828004|LA6576-8|positive/i.test(text);
        const neg = /260385009|LA6577-6|negative/i.test(text);
        if (pos !== neg)
          add(
            'receptor',
            cand(
              o,
              pos,
              `${loinc === LOINC.estrogenReceptor ? 'ER' : 'PR'} ${pos ? 'positive' : 'negative'}`,
            ),
          );
      } else if (
        codings(o.code).some(
          (c) => c.system === SYSTEMS.snomed && c.code === SNOMED.barthelIndex,
        ) ||
        proj === 'barthel-total'
      ) {
        const v = numberValue(o);
        if (v === undefined || !(v >= 0 && v <= 100))
          throw new Error(`Barthel total ${v ?? '(none)'} is not 0–100`);
        add('barthel', cand(o, v, `Barthel ${v}`));
      } else if (proj && BARTHEL_ITEM_BY_CODE.has(proj)) {
        add(
          `barthelItem:${BARTHEL_ITEM_BY_CODE.get(proj)!.id}`,
          cand(o, barthelItemPoints(proj, o), `Barthel ${proj.slice(8)}`),
        );
      } else if (proj) {
        const row = INPUT_BY_CODE.get(proj);
        if (row) readInput(o, row, inputs, cand, levelOf);
        else if (proj in SINS_ITEMS) readSinsItem(o, proj, sinsItems, cand, levelOf);
        // Anything else (score Observations the app writes back) is an output, not an input.
      }
      // A Barthel panel: item values as components (project item codes).
      if (o.component)
        for (const comp of o.component) {
          const code = codings(comp.code).find(
            (c) => c.system === PROJECT_CODESYSTEM && c.code && BARTHEL_ITEM_BY_CODE.has(c.code),
          )?.code;
          if (code)
            add(
              `barthelItem:${BARTHEL_ITEM_BY_CODE.get(code)!.id}`,
              cand(o, barthelItemPoints(code, comp), `Barthel ${code.slice(8)} (panel component)`),
            );
        }
    } catch (e) {
      issues.push({
        severity: 'error',
        resource: refOf(o),
        message: e instanceof Error ? e.message : String(e),
      });
    }
  }

  // Every bucket is complete here: sort each once, newest first.
  for (const list of buckets.values()) list.sort(byNewest);
  for (const byLevel of [...inputs.values(), ...sinsItems.values()]) {
    for (const list of byLevel.values()) list.sort(byNewest);
  }
  const sorted = <T>(key: string): Array<Candidate<T>> =>
    (buckets.get(key) ?? []) as Array<Candidate<T>>;
  const toFact = <T>(c: Candidate<T>, limit?: number): Fact<T> => {
    if (!c.conversion && !c.derivation && !c.warning && !c.comparator)
      return factFrom(c.value, c.obs, c.date, shown(c), asOf, limit);
    const extra: Partial<Fact<T>> = {};
    if (c.conversion) extra.conversion = c.conversion;
    if (c.derivation) extra.derivation = c.derivation;
    if (c.warning) extra.warnings = [c.warning];
    if (c.comparator) extra.comparator = c.comparator;
    return factFrom(c.value, c.obs, c.date, shown(c), asOf, limit, extra);
  };
  /** Latest wins; a different value on the same date is a conflict and is reported. */
  const latest = <T>(key: string, limit?: number) => latestOf(sorted<T>(key), limit);
  const sameJson = <T>(a: T, b: T) => JSON.stringify(a) === JSON.stringify(b);
  const latestOf = <T>(
    list: Array<Candidate<T>>,
    limit?: number,
    same: (a: T, b: T) => boolean = sameJson,
  ): Fact<T> | undefined => {
    if (!list.length) return undefined;
    const f = toFact(list[0]!, limit);
    const clash = list
      .slice(1)
      .filter(
        (c) =>
          c.date &&
          list[0]!.date &&
          c.date.slice(0, 10) === list[0]!.date!.slice(0, 10) &&
          !same(c.value, list[0]!.value),
      );
    if (clash.length) {
      const msg =
        `conflicting values on ${list[0]!.date!.slice(0, 10)}: ` +
        `${[list[0]!, ...clash].map((c) => `${shown(c)} (${refOf(c.obs)})`).join(' vs ')}; ` +
        `the latest issued is used`;
      f.warnings = [...(f.warnings ?? []), msg];
      f.alternatives = clash.map((c) => c.value);
      issues.push({ severity: 'warning', resource: refOf(list[0]!.obs), message: msg });
    }
    return f;
  };
  const history = <T>(key: string, limit?: number) => historyOf(sorted<T>(key), limit);
  const historyOf = <T>(list: Array<Candidate<T>>, limit?: number): Array<Fact<T>> =>
    list.map((c) => toFact(c, limit)).reverse();
  /** The candidates of an input's fact home (at a level; '' for a home without levels). */
  const of = <T>(home: FactHome, level: SpineLevel | '' = '') =>
    (inputs.get(home)?.get(level) ?? []) as Array<Candidate<T>>;
  const levelsOf = (home: FactHome) =>
    [...(inputs.get(home)?.keys() ?? [])].filter((l): l is SpineLevel => l !== '');
  const limitOf = (home: FactHome) => {
    const k = HOME_LIMIT.get(home);
    return k ? limits[k] : undefined;
  };

  // Performance: the newest measurement decides; the other scale joins only from the same day.
  const kps = latest<Kps>('kps', limits.performance);
  const ecog = latest<Ecog>('ecog', limits.performance);
  let performance: Fact<PerformanceStatus> | undefined;
  if (kps || ecog) {
    const kd = kps?.sources[0]?.date?.slice(0, 10);
    const ed = ecog?.sources[0]?.date?.slice(0, 10);
    const useK = kps && (!ecog || (kd ?? '') >= (ed ?? ''));
    const useE = ecog && (!kps || (ed ?? '') >= (kd ?? ''));
    const parts = [useK ? kps : undefined, useE ? ecog : undefined].filter(
      (x): x is Fact<Kps> | Fact<Ecog> => !!x,
    );
    const value: PerformanceStatus = {
      ...(useK ? { kps: kps!.value } : {}),
      ...(useE ? { ecog: ecog!.value } : {}),
    };
    const { alternatives: _k, ...newest } = parts[0]!;
    const alternatives: PerformanceStatus[] = [
      ...(useK ? (kps!.alternatives ?? []).map((k) => ({ kps: k as Kps })) : []),
      ...(useE ? (ecog!.alternatives ?? []).map((e) => ({ ecog: e as Ecog })) : []),
    ];
    performance = {
      ...newest,
      value,
      sources: parts.flatMap((p) => p.sources),
      ...(alternatives.length ? { alternatives } : {}),
    };
    if (value.kps !== undefined && value.ecog !== undefined) {
      const expected = kpsToEcog(value.kps);
      const rel = relateKpsEcog(value.kps, value.ecog);
      if (rel.kind === 'conflict') {
        const msg =
          `KPS ${value.kps} and ECOG ${value.ecog} recorded the same day disagree (KPS ` +
          `${value.kps} ≈ ECOG ${expected}; no standard conversion joins them)`;
        performance.warnings = [...(performance.warnings ?? []), msg];
        performance.alternatives = [
          ...(performance.alternatives ?? []),
          { kps: value.kps },
          { ecog: value.ecog },
        ];
        issues.push({
          severity: 'warning',
          resource: performance.sources[0]!.reference ?? '',
          message: msg,
        });
      } else if (rel.kind === 'adjacent') {
        // One grade apart is the conversion's own coarseness, not a contradiction: both records are
        // kept as sources and the worse one is the value, so the decision never overstates fitness.
        const worse = rel.worse === 'kps' ? `KPS ${value.kps}` : `ECOG ${value.ecog}`;
        const msg =
          `KPS ${value.kps} and ECOG ${value.ecog} the same day: adjacent grades under the ` +
          `standard conversion, both used; the worse, ${worse}, is the value`;
        performance.value = rel.worse === 'kps' ? { kps: value.kps } : { ecog: value.ecog };
        performance.derivation =
          `KPS ${value.kps} ≈ ECOG ${expected} and ECOG ${value.ecog} the same day: the ` +
          `worse grade kept`;
        performance.warnings = [...(performance.warnings ?? []), msg];
      }
    }
  }

  const neuro = latestOf(of<NeuroStatus>('neuro'), limitOf('neuro'));
  const ambulationObs = latestOf(of<Ambulation>('ambulation'), limitOf('ambulation'));
  const ambulation: Fact<readonly Ambulation[]> | undefined = ambulationObs
    ? { ...ambulationObs, value: [ambulationObs.value] }
    : neuro
      ? {
          ...neuro,
          value: ambulationFromNeuro(neuro.value),
          derivation: `ambulation implied by ${describeNeuro(neuro.value)}`,
        }
      : undefined;

  const labs: KatagiriLabs = {};
  for (const lab of LABS) {
    const f = latest<number>(lab.key, limits.labs);
    if (f) labs[lab.key] = f;
  }

  const spine: ObservationFacts['spine'] = {
    sins: {},
    escc: {},
    lesionPosition: {},
    judgedUnstable: {},
    metastasisLevels: [],
  };
  for (const [level, items] of sinsItems) {
    for (const [item, list] of items) {
      const f = latestOf(list, limits.imaging);
      if (f) (spine.sins[level] ??= {})[item] = f as never;
    }
  }
  const perLevel = <T>(home: FactHome, into: Partial<Record<SpineLevel, Fact<T>>>) => {
    for (const level of levelsOf(home)) {
      const f = latestOf(of<T>(home, level), limitOf(home));
      if (f) into[level] = f;
    }
  };
  perLevel<EsccGrade>('spine.escc', spine.escc);
  perLevel<LesionPosition>('spine.lesionPosition', spine.lesionPosition);
  perLevel<boolean>('spine.judgedUnstable', spine.judgedUnstable);
  // One fact per involved level, with every Observation that names it as a source.
  for (const level of levelsOf('spine.levels')) {
    const c = of<SpineLevel>('spine.levels', level);
    const limit = limitOf('spine.levels');
    const sources = c.map((x) => toFact(x).sources[0]!);
    spine.metastasisLevels.push(lesionRecord({ ...toFact(c[0]!, limit), sources }));
  }
  const indexLevel = latestOf(of<SpineLevel>('spine.indexLevel'), limitOf('spine.indexLevel'));
  if (indexLevel) spine.indexLevel = indexLevel;
  const vertebralCount = latestOf(of<number>('spine.vertebral'), limitOf('spine.vertebral'));
  if (vertebralCount) spine.vertebralCount = vertebralCount;
  const extraspinalCount = latestOf(
    of<number>('spine.extraspinalBone'),
    limitOf('spine.extraspinalBone'),
  );
  if (extraspinalCount) spine.extraspinalCount = extraspinalCount;

  // Every judgement row, in table order: the latest entry, as entered.
  const judgements: Judgements = {};
  for (const home of new Set(INPUT_ROWS.map((r) => r.fact))) {
    if (!home.startsWith('judgements.') || !inputs.has(home)) continue;
    const f = latestOf(of(home), limitOf(home));
    if (f) (judgements as Record<string, Fact<unknown>>)[home.slice('judgements.'.length)] = f;
  }

  // Barthel items recorded on one day make a total through barthel(); only a complete set does.
  let itemTotal: Fact<number> | undefined;
  const itemKeys = [...buckets.keys()].filter((k) => k.startsWith('barthelItem:'));
  const itemDay = itemKeys
    .map((k) => sorted<number>(k)[0]?.date?.slice(0, 10) ?? '')
    .sort()
    .at(-1);
  if (itemDay) {
    const inputs: BarthelInputs = {};
    for (const k of itemKeys) {
      const c = sorted<number>(k).find((x) => x.date?.slice(0, 10) === itemDay);
      if (c) inputs[k.slice('barthelItem:'.length) as BarthelItemId] = toFact(c, limits.function);
    }
    const r = barthel(inputs);
    const facts = Object.values(inputs).filter((x): x is Fact<number> => x !== undefined);
    const where = facts[0]?.sources[0]?.reference ?? '';
    const totalThatDay = sorted<number>('barthel').some((c) => c.date?.slice(0, 10) === itemDay);
    if (r.complete && !totalThatDay)
      itemTotal = derivedFact(
        r.total!,
        facts,
        'sum of the 10 Barthel items (Mahoney & Barthel 1965 weights)',
      );
    else if (!r.complete)
      issues.push({
        severity: 'warning',
        resource: where,
        message:
          `Barthel items of ${itemDay} are incomplete ` +
          `(${r.missing.map((m) => m.label).join(', ')} not recorded): no total; it could ` +
          `be ${r.range.min}–${r.range.max}`,
      });
    for (const w of r.warnings) issues.push({ severity: 'error', resource: where, message: w });
  }
  const barthelHistory = () => {
    const h = history<number>('barthel', limits.function);
    if (itemTotal) {
      h.push(itemTotal);
      h.sort((a, b) => (a.sources[0]?.date ?? '').localeCompare(b.sources[0]?.date ?? ''));
    }
    return h;
  };

  const pain = latest<PainScore>('pain', limits.pain);
  const out: ObservationFacts = {
    labs,
    spine,
    receptors: sorted<boolean>('receptor').map((c) => toFact(c)),
    judgements,
    history: histories(
      {
        kps: () => history<number>('kps', limits.performance),
        ecog: () => history<number>('ecog', limits.performance),
        pain: () => history<PainScore>('pain', limits.pain),
        barthel: barthelHistory,
      },
      historyOf(of<NeuroStatus>('neuro'), limitOf('neuro')),
      historyOf(of<Eq5dResult>('history.eq5d'), limitOf('history.eq5d')),
    ),
    issues,
  };
  if (performance) out.performance = performance;
  if (neuro) out.neuro = neuro;
  if (ambulation) out.ambulation = ambulation;
  if (pain) out.pain = pain;
  return out;
}

/**
 * The histories the decision never reads (kps, ecog, pain, barthel) are built when first read (the
 * app's trends, the full record), not for every chart of a batch whose record does not show them;
 * neuro and eq5d, which the decision reads, are built at once. A lazy member becomes an ordinary
 * one when read or written, in its place: JSON, spreads and equality see the same object as before.
 * The accessors are shared by every chart (one hidden class for all; a closure per chart would
 * make one each), and find the chart's builders under a symbol that is not enumerable.
 */
type LazyHistory = 'kps' | 'ecog' | 'pain' | 'barthel';
type HistoryBuilders = { [K in LazyHistory]: () => Histories[K] };
const BUILDERS = Symbol('history builders');
type Pending = Histories & { [BUILDERS]: HistoryBuilders };
const LAZY_KEYS: readonly LazyHistory[] = ['kps', 'ecog', 'pain', 'barthel'];
/**
 * The member becomes an ordinary one; once all four are, the builders go, and with them the
 * chart's extraction state they close over (the app keeps facts for a whole session).
 */
function settle(o: Pending, key: LazyHistory, value: unknown): void {
  Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
  if (LAZY_KEYS.every((k) => !Object.getOwnPropertyDescriptor(o, k)?.get))
    delete (o as Partial<Pending>)[BUILDERS];
}
function lazyMember(key: LazyHistory): PropertyDescriptor {
  return {
    get(this: Pending) {
      const value = this[BUILDERS][key]();
      settle(this, key, value);
      return value;
    },
    set(this: Pending, value: unknown) {
      settle(this, key, value);
    },
    enumerable: true,
    configurable: true,
  };
}
const LAZY: Record<LazyHistory, PropertyDescriptor> = {
  kps: lazyMember('kps'),
  ecog: lazyMember('ecog'),
  pain: lazyMember('pain'),
  barthel: lazyMember('barthel'),
};
function histories(
  build: HistoryBuilders,
  neuro: Histories['neuro'],
  eq5d: Histories['eq5d'],
): Histories {
  const h = {} as Pending;
  Object.defineProperty(h, BUILDERS, { value: build, configurable: true });
  // The members in the order Histories has always had.
  Object.defineProperty(h, 'kps', LAZY.kps);
  Object.defineProperty(h, 'ecog', LAZY.ecog);
  h.neuro = neuro;
  Object.defineProperty(h, 'pain', LAZY.pain);
  Object.defineProperty(h, 'barthel', LAZY.barthel);
  h.eq5d = eq5d;
  return h;
}

const BARTHEL_ITEM_BY_CODE = new Map(BARTHEL.items.map((i) => [i.code, i]));
/**
 * Item points from an answer code (`barthel-feeding-help`) or an integer (the 0–100 weights);
 * anything else is refused by barthel().
 */
function barthelItemPoints(
  code: string,
  v: {
    valueCodeableConcept?: Observation['valueCodeableConcept'];
    valueInteger?: number | undefined;
    valueQuantity?: Observation['valueQuantity'];
  },
): number {
  const item = BARTHEL_ITEM_BY_CODE.get(code)!;
  const answer = codings(v.valueCodeableConcept).find(
    (c) => c.system === PROJECT_CODESYSTEM && c.code?.startsWith(`${code}-`),
  )?.code;
  if (answer) {
    const a = item.answers.find((x) => x.code === answer);
    if (!a) throw new Error(`${code}: unknown answer ${answer}`);
    return a.points;
  }
  const n = v.valueInteger ?? v.valueQuantity?.value;
  if (typeof n !== 'number') throw new Error(`${code} needs an answer code or the item points`);
  return n;
}

type CandFn = <T>(
  o: Observation,
  value: T,
  display: Words,
  extra?: Partial<Candidate<T>>,
) => Candidate<T>;

const SINS_ITEMS: Record<string, keyof SinsInputs> = {
  'sins-pain': 'pain',
  'sins-bone-lesion': 'boneLesion',
  'sins-alignment': 'alignment',
  'sins-collapse': 'collapse',
  'sins-posterolateral': 'posterolateral',
};

/** The staleness limit of each fact home (the rows sharing a home share it). */
const HOME_LIMIT = new Map<FactHome, keyof StalenessLimits | undefined>(
  INPUT_ROWS.map((r) => [r.fact, r.stale] as const),
);

/** Homes that keep one fact per level (the index level is one fact: the level it names). */
const LEVEL_HOMES = new Set<FactHome>([
  'spine.escc',
  'spine.lesionPosition',
  'spine.judgedUnstable',
  'spine.levels',
]);

/** A clinician input through its row's reader, into its fact home (at its level when per level). */
type LevelOf = (o: Observation) => SpineLevel | undefined;

function readInput(
  o: Observation,
  row: InputRow,
  into: InputBuckets,
  cand: CandFn,
  levelOf: LevelOf,
): void {
  const level = row.perLevel ? levelOf(o) : undefined;
  const r = row.read(o, level);
  if (!r || (row.perLevel && !level)) return;
  const byLevel = into.get(row.fact) ?? new Map<SpineLevel | '', Array<Candidate<unknown>>>();
  into.set(row.fact, byLevel);
  const key = level && LEVEL_HOMES.has(row.fact) ? level : '';
  const list = byLevel.get(key) ?? [];
  byLevel.set(key, list);
  list.push(cand(o, r.value, `${r.display} (clinician input)`));
}

function readSinsItem(
  o: Observation,
  code: string,
  into: SinsBuckets,
  cand: CandFn,
  levelOf: LevelOf,
): void {
  const level = levelOf(o);
  if (!level) return;
  const vcode = valueProjectCode(o);
  if (!vcode?.startsWith(`${code}-`)) throw new Error(`${code} needs a ${code}-… answer code`);
  const answer = vcode.slice(code.length + 1);
  const items = into.get(level) ?? new Map<keyof SinsInputs, Array<Candidate<unknown>>>();
  into.set(level, items);
  const item = SINS_ITEMS[code]!;
  const c = cand(o, answer, `${code} ${answer} at ${level} (clinician input)`);
  items.set(item, [...(items.get(item) ?? []), c]);
}
