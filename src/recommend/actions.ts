/**
 * Standard actions and red flags beside the decision (evidence.md §6): the chart findings the rules
 * in rules/action-rules.ts read, gathered once, and the rules that apply, each with its inputs and
 * their sources. Pure; the app, the cards and the CLI show the same list.
 */
import type { ClinicalFacts } from '../facts/types.js';
import type { ScoreSet } from '../scores/score-set.js';
import type { Fact } from '../provenance/fact.js';
import type { SpineLevel } from '../clinical/spine-levels.js';
import { toFrankelLetter } from '../clinical/neuro.js';
import {
  histologyGroups,
  isChemotherapyFirst,
  isHaematological,
  isRadiationResistantSurgicalHistology,
} from '../clinical/primary-site.js';
import { isHighGradeEscc } from '../scores/escc.js';
import { factInput } from './inputs.js';
import {
  CANDIDACY_LABELS,
  type Candidacy,
  type CandidacyCategory,
  type RuleInput,
  type StandardAction,
} from './types.js';
import {
  ACTION_RULES,
  CALCIUM_HIGH_MG_DL,
  PLATELETS_LOW_PER_UL,
  correctedCalciumMgDl,
  type ActionFacts,
  type ActionInput,
  type ActionRule,
  type ActionRuleId,
} from './rules/action-rules.js';

/** The candidacy answer the actions follow: the one place that reads the category. */
export function answerOf(c: Candidacy): CandidacyCategory | null {
  // The answer the headline gives (decided or on named assumptions), else the provisional one.
  return c.category.leading ?? c.category.value ?? c.category.provisional;
}

/** A bound ("<0.1") only counts when it settles the comparison. */
const atLeast = (f: Fact<number>, t: number) =>
  f.value >= t && f.comparator !== '<' && f.comparator !== '<=';
const below = (f: Fact<number>, t: number) =>
  (f.value < t && f.comparator !== '>' && f.comparator !== '>=') ||
  ((f.comparator === '<' || f.comparator === '<=') && f.value <= t);

function highGradeLevels(f: ClinicalFacts): Array<[SpineLevel, Fact<unknown>]> {
  return (
    Object.entries(f.spine.escc) as Array<
      [SpineLevel, NonNullable<ClinicalFacts['spine']['escc'][SpineLevel]>]
    >
  ).filter(([, g]) => isHighGradeEscc(g.value));
}

/** Levels whose prior radiotherapy matters: the index level, else every involved level. */
function levelsOfInterest(f: ClinicalFacts, s: ScoreSet): Set<SpineLevel> {
  const index = f.spine.indexLevel?.value ?? s.sinsIndex?.level ?? s.escc?.level;
  return new Set(index ? [index] : f.spine.levels.map((l) => l.value));
}

function priorRadiotherapy(f: ClinicalFacts, s: ScoreSet) {
  const levels = levelsOfInterest(f, s);
  return f.therapy.radiotherapy.filter(
    (r) => !r.value.levels.length || r.value.levels.some((l) => levels.has(l)),
  );
}

/** The findings the action rules read, from the facts, the scores and the candidacy answer. */
export function actionFacts(f: ClinicalFacts, s: ScoreSet, c: Candidacy): ActionFacts {
  const deficit = f.neuro !== undefined && toFrankelLetter(f.neuro.value) !== 'E';
  const p = f.primary?.value;
  const groups = p ? histologyGroups(p).categories : [];
  const unknownPrimary = p?.site === 'unknown';
  const haematological =
    p && !unknownPrimary
      ? groups.every(isHaematological)
        ? 'yes'
        : groups.some(isHaematological)
          ? 'possible'
          : 'no'
      : 'possible';
  const { calciumMgDl: ca, albuminGDl: alb, plateletsPerUl: plt } = f.labs;
  const corrected = ca && alb && alb.value < 4.0 && !alb.comparator;
  const caValue = ca
    ? correctedCalciumMgDl(ca.value, corrected ? alb!.value : undefined)
    : undefined;
  const aa = f.therapy.antiAngiogenic;
  return {
    msccDeficit: deficit && highGradeLevels(f).length > 0,
    haematological,
    chemotherapyFirst: groups.length > 0 && groups.every(isChemotherapyFirst),
    unknownPrimary,
    hypervascular: p ? isRadiationResistantSurgicalHistology(p) : false,
    answer: answerOf(c),
    ...(ca && caValue !== undefined
      ? {
          calcium: {
            mgDl: caValue,
            corrected: !!corrected,
            high: atLeast({ ...ca, value: caValue }, CALCIUM_HIGH_MG_DL),
          },
        }
      : {}),
    ...(plt ? { platelets: { perUl: plt.value, low: below(plt, PLATELETS_LOW_PER_UL) } } : {}),
    priorRadiotherapy: priorRadiotherapy(f, s).map((r) => r.value),
    antiAngiogenic: aa
      ? [
          ...new Set(
            aa.sources.map((x) => x.display?.replace(/ \(anti-angiogenic\)$/, '') ?? 'drug'),
          ),
        ]
      : [],
  };
}

/** Each rule input with its value and sources, as shown beside the action. */
function inputsOf(
  reads: readonly ActionInput[],
  f: ClinicalFacts,
  s: ScoreSet,
  c: Candidacy,
): RuleInput[] {
  const one = (r: ActionInput): RuleInput[] => {
    switch (r) {
      case 'escc':
        return highGradeLevels(f).flatMap(([level, g]) => factInput(`ESCC at ${level}`, g));
      case 'neuro':
        return factInput('neurological grade', f.neuro);
      case 'primary':
        return f.primary
          ? factInput('primary tumour', f.primary, f.primary.value.display)
          : [{ name: 'primary tumour', value: 'not recorded', sources: [] }];
      case 'calcium':
        return factInput('calcium (mg/dL)', f.labs.calciumMgDl);
      case 'albumin':
        return factInput('albumin (g/dL)', f.labs.albuminGDl);
      case 'platelets':
        return factInput('platelets (/µL)', f.labs.plateletsPerUl);
      case 'radiotherapy':
        return priorRadiotherapy(f, s).flatMap((x) =>
          factInput('radiotherapy', x, x.value.display),
        );
      case 'anti-angiogenic':
        return factInput('anti-angiogenic drugs', f.therapy.antiAngiogenic, 'recorded');
      case 'candidacy': {
        const a = answerOf(c);
        return [{ name: 'candidacy', value: a ? CANDIDACY_LABELS[a] : 'undecided', sources: [] }];
      }
    }
  };
  return reads.flatMap(one);
}

const word = (v: string | ((x: ActionFacts) => string), x: ActionFacts) =>
  typeof v === 'string' ? v : v(x);

/** The standard actions and red flags that apply, actions before red flags, in table order. */
export function standardActions(
  f: ClinicalFacts,
  s: ScoreSet,
  c: Candidacy,
  rules: readonly ActionRule<ActionRuleId>[] = ACTION_RULES,
): StandardAction[] {
  const x = actionFacts(f, s, c);
  const applies = rules.filter((r) => r.when(x));
  return [
    ...applies.filter((r) => r.kind === 'action'),
    ...applies.filter((r) => r.kind === 'red-flag'),
  ].map((r) => ({
    id: r.id,
    kind: r.kind,
    short: word(r.short, x),
    text: word(r.text, x),
    citations: [...r.citations],
    inputs: inputsOf(r.reads, f, s, c),
    ...(r.suggestion ? { suggestion: { ...r.suggestion } } : {}),
  }));
}
