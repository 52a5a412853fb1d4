import type { Fact } from '../provenance/fact.js';
import { derivedFact } from '../provenance/fact.js';
import type { SpineLevel } from '../clinical/spine-levels.js';
import { levelIndex } from '../clinical/spine-levels.js';
import { toFrankelLetter } from '../clinical/neuro.js';
import { radiosensitivity } from '../clinical/primary-site.js';
import type { ClinicalFacts } from '../facts/types.js';
import { tokuhashiRevised } from '../scores/tokuhashi.js';
import { tomita } from '../scores/tomita.js';
import { characterised, sins, worstSins, type LesionSins } from '../scores/sins.js';
import { katagiriNew } from '../scores/katagiri.js';
import { bauerModified, bauerOriginal, bauerVersionsDisagree } from '../scores/bauer.js';
import { nesms } from '../scores/nesms.js';
import { osri } from '../scores/osri.js';
import { harrington, type BoneInvolvement } from '../scores/harrington.js';
import { noms } from '../scores/noms.js';
import type { ScoreSet } from '../scores/score-set.js';
import type { EsccGrade } from '../scores/escc.js';
import { esccRank } from '../scores/escc.js';

export type { ScoreSet } from '../scores/score-set.js';

/** Facts → every score. Pure; shared by the app, the CDS service and the CLI. */
export function scoreAll(f: ClinicalFacts): ScoreSet {
  const s = f.spine;
  const common = {
    ...(f.primary ? { primary: f.primary } : {}),
    ...(f.visceral ? { visceral: f.visceral } : {}),
    ...(s.vertebral ? { vertebral: s.vertebral } : {}),
    ...(s.extraspinalBone ? { extraspinalBone: s.extraspinalBone } : {}),
  };

  const tokuhashi = tokuhashiRevised({
    ...common,
    ...(f.performance ? { performance: f.performance } : {}),
    ...(f.neuro ? { neuro: f.neuro } : {}),
  });
  const tomitaR = tomita({
    ...common,
    ...(f.judgements.tomitaGrowth ? { growth: f.judgements.tomitaGrowth } : {}),
  });
  const katagiri = katagiriNew({
    ...common,
    labs: f.labs,
    ...(f.performance ? { performance: f.performance } : {}),
    ...(f.therapy.previousChemotherapy
      ? { previousChemotherapy: f.therapy.previousChemotherapy }
      : {}),
  });
  const bauerIn = {
    ...common,
    ...(f.judgements.pathologicalFracture
      ? { pathologicalFracture: f.judgements.pathologicalFracture }
      : {}),
  };
  const bo = bauerOriginal(bauerIn);
  const bm = bauerModified(bauerIn);
  const nesmsR = nesms({
    modifiedBauer: { min: bm.range.min, max: bm.range.max },
    ...(f.ambulation ? { ambulation: f.ambulation } : {}),
    ...(f.labs.albuminGDl ? { albuminGDl: f.labs.albuminGDl } : {}),
  });
  const osriR = osri({
    ...(f.judgements.osriPtp ? { ptp: f.judgements.osriPtp } : {}),
    ...(f.performance ? { performance: f.performance } : {}),
  });

  // SINS per level: every recorded level and every level with imaging inputs.
  const levelFacts = new Map<SpineLevel, Fact<SpineLevel>>(s.levels.map((l) => [l.value, l]));
  for (const l of Object.keys(s.sins) as SpineLevel[]) {
    if (levelFacts.has(l)) continue;
    const first = Object.values(s.sins[l]!).find((x): x is Fact<unknown> => x !== undefined);
    levelFacts.set(l, derivedFact(l, [first], 'level of the imaging input'));
  }
  if (s.indexLevel && !levelFacts.has(s.indexLevel.value))
    levelFacts.set(s.indexLevel.value, s.indexLevel);
  const lesions: LesionSins[] = [...levelFacts.entries()]
    .sort(([a], [b]) =>
      a === s.indexLevel?.value
        ? -1
        : b === s.indexLevel?.value
          ? 1
          : levelIndex(a) - levelIndex(b),
    )
    .map(([level, lf]) => ({ level, result: sins({ level: lf, ...s.sins[level] }) }));
  // The index lesion decides: the one recorded as index, else the worst characterised level (a
  // level only
  // listed as involved is work-up, not the lesion the decision is about).
  const characterisedLesions = lesions.filter(characterised);
  const sinsIndex =
    (s.indexLevel && lesions.find((l) => l.level === s.indexLevel!.value)) ||
    worstSins(characterisedLesions.length ? characterisedLesions : lesions);

  // ESCC: the index level's grade, else the worst recorded.
  const esccEntries = (Object.entries(s.escc) as Array<[SpineLevel, Fact<EsccGrade>]>).sort(
    ([, a], [, b]) => esccRank(b.value) - esccRank(a.value),
  );
  const esccPick =
    s.indexLevel && s.escc[s.indexLevel.value]
      ? ([s.indexLevel.value, s.escc[s.indexLevel.value]!] as const)
      : esccEntries[0];
  const escc = esccPick ? { level: esccPick[0], grade: esccPick[1] } : undefined;

  // Harrington inputs from neurology and the SINS items of the index lesion.
  let majorNeuro: Fact<boolean> | undefined;
  if (f.neuro) {
    const letter = toFrankelLetter(f.neuro.value);
    const impairment = letter === 'E' ? 'no' : 'major';
    if (letter !== 'D')
      majorNeuro = {
        ...f.neuro,
        value: letter !== 'E',
        derivation: `Frankel ${letter} → ${impairment} neurological impairment`,
      };
  }
  let bone: Fact<BoneInvolvement> | undefined;
  if (sinsIndex) {
    const it = s.sins[sinsIndex.level] ?? {};
    const collapsed = it.collapse && (it.collapse.value === 'gt50' || it.collapse.value === 'lt50');
    const malaligned = it.alignment && it.alignment.value !== 'normal';
    if (collapsed || malaligned || sinsIndex.result.range.min >= 13) {
      bone = derivedFact<BoneInvolvement>(
        'collapse-or-instability',
        [it.collapse, it.alignment],
        'collapse, malalignment or SINS ≥ 13',
      );
    } else if (it.collapse && it.alignment) {
      bone = derivedFact<BoneInvolvement>(
        'without-collapse',
        [it.collapse, it.alignment],
        'lesion without collapse or malalignment',
      );
    }
  }
  const harringtonR = harrington({
    ...(majorNeuro ? { majorNeuroImpairment: majorNeuro } : {}),
    ...(bone ? { bone } : {}),
  });

  const radio = f.primary ? radiosensitivity(f.primary.value) : undefined;
  const nomsR = noms({
    ...(escc ? { escc: escc.grade } : {}),
    ...(radio && f.primary
      ? { radiosensitivity: { ...f.primary, value: radio.categories, derivation: radio.reason } }
      : {}),
    ...(sinsIndex ? { sins: sinsIndex.result.range } : {}),
    ...(sinsIndex && s.judgedUnstable[sinsIndex.level]
      ? { judgedUnstable: s.judgedUnstable[sinsIndex.level]! }
      : {}),
    ...(f.judgements.fitForSurgery ? { fitForSurgery: f.judgements.fitForSurgery } : {}),
  });

  return {
    tokuhashi,
    tomita: tomitaR,
    sinsLesions: lesions,
    ...(sinsIndex ? { sinsIndex } : {}),
    katagiri,
    bauerOriginal: bo,
    bauerModified: bm,
    bauerVersionsDisagree: bauerVersionsDisagree(bo, bm),
    nesms: nesmsR,
    osri: osriR,
    harrington: harringtonR,
    ...(escc ? { escc } : {}),
    noms: nomsR,
  };
}
