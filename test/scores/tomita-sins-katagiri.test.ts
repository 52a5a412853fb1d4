import { describe, expect, it } from 'vitest';
import { tomita, TOMITA } from '../../src/scores/tomita.js';
import { sins, SINS, worstSins } from '../../src/scores/sins.js';
import {
  katagiriNew,
  katagiriLabItem,
  KATAGIRI,
  meetsThreshold,
} from '../../src/scores/katagiri.js';
import { checkBandsTile } from '../../src/scores/score-kit.js';
import { atLeast, exact, f, noVisceral, primary } from '../helpers.js';
import type { SpineLevel } from '../../src/clinical/spine-levels.js';

describe('Tomita (scores.md §2)', () => {
  it.each([
    [
      'thyroid, no visceral, solitary T10 ⇒ 2',
      primary('thyroid'),
      noVisceral,
      exact(1),
      exact(0),
      2,
      'tomita-band-2-3',
    ],
    [
      'lung, untreatable liver, multiple ⇒ 10',
      primary('lung'),
      f({ sites: ['liver' as const], complete: true, treatable: false }),
      exact(3),
      exact(2),
      10,
      'tomita-band-8-10',
    ],
    [
      'renal, treatable lung, solitary ⇒ 5',
      primary('kidney'),
      f({ sites: ['lung' as const], complete: true, treatable: true }),
      exact(1),
      exact(0),
      5,
      'tomita-band-4-5',
    ],
  ])('worked example: %s', (_n, p, visceral, vertebral, extraspinalBone, total, band) => {
    const r = tomita({ primary: p, visceral, vertebral, extraspinalBone });
    expect(r.total).toBe(total);
    expect(r.band?.code).toBe(band);
  });
  it('unknown primary is rapid (4); there is no 3-point category', () => {
    expect(tomita({ primary: primary('unknown') }).items[0]!.points).toBe(4);
    expect(TOMITA.items[0]!.answers.map((a) => a.points)).toEqual([1, 2, 4]);
  });
  it("a histology outside Tomita's examples is a clinician judgement: indeterminate 1–4", () => {
    const item = tomita({ primary: primary('melanoma') }).items[0]!;
    expect(item.status).toBe('indeterminate');
    expect([item.min, item.max]).toEqual([1, 4]);
    expect(
      tomita({ primary: primary('melanoma'), growth: f('rapid' as const) }).items[0]!.points,
    ).toBe(4);
  });
  it('colon is rapid with an UNVERIFIED warning', () => {
    const r = tomita({ primary: primary('colon') });
    expect(r.items[0]!.points).toBe(4);
    expect(r.warnings.join()).toMatch(/UNVERIFIED/);
  });
  it('solitary needs both counts confirmed', () => {
    expect(tomita({ vertebral: exact(1), extraspinalBone: atLeast(0) }).items[2]!.status).toBe(
      'indeterminate',
    );
    expect(tomita({ vertebral: atLeast(1), extraspinalBone: atLeast(1) }).items[2]!.points).toBe(2);
  });
  it.each([
    [3, 'tomita-band-2-3'],
    [4, 'tomita-band-4-5'],
    [5, 'tomita-band-4-5'],
    [6, 'tomita-band-6-7'],
    [7, 'tomita-band-6-7'],
    [8, 'tomita-band-8-10'],
  ])('boundary %i ⇒ %s', (t, code) =>
    expect(TOMITA.bands.find((b) => t >= b.min && t <= b.max)?.code).toBe(code),
  );
  it('bands tile 2–10', () => expect(checkBandsTile(TOMITA)).toEqual([]));
});

describe('SINS (scores.md §3)', () => {
  const lesion = (
    level: SpineLevel,
    pain: 'mechanical' | 'occasional' | 'none',
    bone: 'lytic' | 'mixed' | 'blastic',
    align: 'subluxation' | 'deformity' | 'normal',
    collapse: 'gt50' | 'lt50' | 'none-gt50-involved' | 'none',
    pl: 'bilateral' | 'unilateral' | 'none',
  ) =>
    sins({
      level: f(level),
      pain: f(pain),
      boneLesion: f(bone),
      alignment: f(align),
      collapse: f(collapse),
      posterolateral: f(pl),
    });
  it.each([
    [
      'T12 ⇒ 16 unstable',
      lesion('T12', 'mechanical', 'lytic', 'deformity', 'gt50', 'bilateral'),
      16,
      'sins-unstable',
    ],
    [
      'T6 ⇒ 4 stable',
      lesion('T6', 'occasional', 'blastic', 'normal', 'none-gt50-involved', 'unilateral'),
      4,
      'sins-stable',
    ],
    [
      'L3 ⇒ 7 potentially unstable',
      lesion('L3', 'none', 'lytic', 'normal', 'lt50', 'unilateral'),
      7,
      'sins-indeterminate',
    ],
  ])('worked example %s', (_n, r, total, band) => {
    expect(r.total).toBe(total);
    expect(r.band?.code).toBe(band);
  });
  it.each([
    ['C1', 3],
    ['C2', 3],
    ['C3', 2],
    ['C6', 2],
    ['C7', 3],
    ['T1', 3],
    ['T2', 3],
    ['T3', 1],
    ['T10', 1],
    ['T11', 3],
    ['L1', 3],
    ['L2', 2],
    ['L4', 2],
    ['L5', 3],
    ['S1', 3],
    ['S2', 0],
    ['S5', 0],
  ] as const)('location %s ⇒ %i', (level, pts) => {
    expect(sins({ level: f(level) }).items[0]!.points).toBe(pts);
  });
  it('coccyx is not defined by SINS: location missing with a warning', () => {
    const r = sins({ level: f('Co') });
    expect(r.items[0]!.status).toBe('missing');
    expect(r.warnings[0]).toMatch(/does not define Co/);
  });
  it('the typical chart case: location known, imaging items missing ⇒ range and undecided band', () => {
    const r = sins({ level: f('T12') });
    expect(r.range).toEqual({ min: 3, max: 18 });
    expect(r.possibleBands.map((b) => b.code)).toEqual([
      'sins-stable',
      'sins-indeterminate',
      'sins-unstable',
    ]);
    expect(r.missing.map((m) => m.item)).toEqual([
      'pain',
      'boneLesion',
      'alignment',
      'collapse',
      'posterolateral',
    ]);
  });
  it('range can already decide "unstable": T12, mechanical, lytic, subluxation with two items missing', () => {
    const r = sins({
      level: f('T12'),
      pain: f('mechanical'),
      boneLesion: f('lytic'),
      alignment: f('subluxation'),
    });
    expect(r.range.min).toBe(12);
    expect(r.band).toBeNull();
    const r2 = sins({
      level: f('T12'),
      pain: f('mechanical'),
      boneLesion: f('lytic'),
      alignment: f('subluxation'),
      collapse: f('none-gt50-involved'),
    });
    expect(r2.range).toEqual({ min: 13, max: 16 });
    expect(r2.band?.code).toBe('sins-unstable');
  });
  it.each([
    [6, 'sins-stable'],
    [7, 'sins-indeterminate'],
    [12, 'sins-indeterminate'],
    [13, 'sins-unstable'],
  ])('boundary %i ⇒ %s', (t, code) =>
    expect(SINS.bands.find((b) => t >= b.min && t <= b.max)?.code).toBe(code),
  );
  it('worst lesion is the one that can score highest', () => {
    const a = {
      level: 'T6' as const,
      result: lesion('T6', 'occasional', 'blastic', 'normal', 'none-gt50-involved', 'unilateral'),
    };
    const b = { level: 'L3' as const, result: sins({ level: f('L3') }) };
    expect(worstSins([a, b])?.level).toBe('L3');
  });
  it('property: every complete SINS lies in 0–18 and equals the sum of its items', () => {
    const pains = ['mechanical', 'occasional', 'none'] as const;
    const bones = ['lytic', 'mixed', 'blastic'] as const;
    const aligns = ['subluxation', 'deformity', 'normal'] as const;
    const cols = ['gt50', 'lt50', 'none-gt50-involved', 'none'] as const;
    const pls = ['bilateral', 'unilateral', 'none'] as const;
    let n = 0;
    for (const p of pains)
      for (const b of bones)
        for (const a of aligns)
          for (const c of cols)
            for (const pl of pls) {
              const r = lesion('L3', p, b, a, c, pl);
              expect(r.total).toBe(r.items.reduce((s, i) => s + i.points!, 0));
              expect(r.total! >= 0 && r.total! <= 18).toBe(true);
              n++;
            }
    expect(n).toBe(324);
  });
  it('bands tile 0–18', () => expect(checkBandsTile(SINS)).toEqual([]));
});

describe('new Katagiri (scores.md §4)', () => {
  it('worked example 1: hormone-dependent breast, normal labs, ECOG 1, chemo, multiple ⇒ 2 low', () => {
    const r = katagiriNew({
      primary: primary('breast', { hormoneDependent: true }),
      visceral: noVisceral,
      labs: {
        crpMgDl: f(0.1),
        ldhUL: f(180),
        albuminGDl: f(4.0),
        plateletsPerUl: f(250_000),
        calciumMgDl: f(9.4),
        bilirubinMgDl: f(0.6),
      },
      performance: f({ ecog: 1 }),
      previousChemotherapy: f(true),
      vertebral: exact(2),
      extraspinalBone: exact(0),
    });
    expect(r.total).toBe(2);
    expect(r.band?.code).toBe('katagiri-band-low');
  });
  it('worked example 2: NSCLC without targeted therapy, nodular lung, CRP abnormal + platelets critical ⇒ labs 2, total 9', () => {
    const r = katagiriNew({
      primary: primary('lung', { targetedTherapy: false }),
      visceral: f({ sites: ['lung' as const], complete: true }),
      labs: { crpMgDl: f(2.1), plateletsPerUl: f(85_000) },
      performance: f({ ecog: 3 }),
      previousChemotherapy: f(true),
      vertebral: exact(3),
      extraspinalBone: atLeast(0),
    });
    expect(r.items.find((i) => i.id === 'labs')!.points).toBe(2);
    expect(r.total).toBe(9);
    expect(r.band?.code).toBe('katagiri-band-high');
  });
  it.each([
    ['CRP 0.39 normal', { crpMgDl: 0.39 }, 'normal'],
    ['CRP 0.4 abnormal', { crpMgDl: 0.4 }, 'abnormal'],
    ['LDH 249', { ldhUL: 249 }, 'normal'],
    ['LDH 250', { ldhUL: 250 }, 'abnormal'],
    ['albumin 3.7', { albuminGDl: 3.7 }, 'normal'],
    ['albumin 3.69', { albuminGDl: 3.69 }, 'abnormal'],
    ['platelets 100000', { plateletsPerUl: 100_000 }, 'normal'],
    ['platelets 99999', { plateletsPerUl: 99_999 }, 'critical'],
    ['calcium 10.29', { calciumMgDl: 10.29 }, 'normal'],
    ['calcium 10.3', { calciumMgDl: 10.3 }, 'critical'],
    ['bilirubin 1.39', { bilirubinMgDl: 1.39 }, 'normal'],
    ['bilirubin 1.4', { bilirubinMgDl: 1.4 }, 'critical'],
  ] as const)('threshold: %s', (_n, change, expected) => {
    const base = {
      crpMgDl: 0.1,
      ldhUL: 180,
      albuminGDl: 4.2,
      plateletsPerUl: 200_000,
      calciumMgDl: 9.0,
      bilirubinMgDl: 0.5,
      ...change,
    };
    const labs = Object.fromEntries(Object.entries(base).map(([k, v]) => [k, f(v)]));
    const r = katagiriNew({ labs });
    expect(r.items.find((i) => i.id === 'labs')!.answer?.code).toBe(`katagiri-labs-${expected}`);
  });
  it('missing analytes leave the lab tier open; a known critical value decides it', () => {
    expect(katagiriLabItem({ crpMgDl: f(1) }).answers).toEqual([
      'katagiri-labs-abnormal',
      'katagiri-labs-critical',
    ]);
    expect(katagiriLabItem({ calciumMgDl: f(11) }).answers).toEqual(['katagiri-labs-critical']);
    expect(katagiriLabItem({}).answers).toBeUndefined();
  });
  it('lung without treatment information is moderate or rapid; breast without receptors slow or moderate', () => {
    const lung = katagiriNew({ primary: primary('lung') }).items[0]!;
    expect([lung.min, lung.max]).toEqual([2, 3]);
    const breast = katagiriNew({ primary: primary('breast') }).items[0]!;
    expect([breast.min, breast.max]).toEqual([0, 2]);
    expect(
      katagiriNew({ primary: primary('lung', { targetedTherapy: true }) }).items[0]!.points,
    ).toBe(2);
  });
  it.each([
    [3, 'katagiri-band-low'],
    [4, 'katagiri-band-intermediate'],
    [6, 'katagiri-band-intermediate'],
    [7, 'katagiri-band-high'],
  ])('boundary %i ⇒ %s', (t, code) =>
    expect(KATAGIRI.bands.find((b) => t >= b.min && t <= b.max)?.code).toBe(code),
  );
  it('bands tile 0–10', () => expect(checkBandsTile(KATAGIRI)).toEqual([]));
  it('KPS 40 ⇒ ECOG 3 ⇒ 1 point; KPS 50 ⇒ 0', () => {
    expect(katagiriNew({ performance: f({ kps: 40 }) }).items[3]!.points).toBe(1);
    expect(katagiriNew({ performance: f({ kps: 50 }) }).items[3]!.points).toBe(0);
  });
});

describe('Katagiri laboratory thresholds with reported bounds (valueQuantity.comparator)', () => {
  const lab = (value: number, comparator?: '<' | '<=' | '>=' | '>') => ({
    value,
    sources: [],
    ...(comparator ? { comparator } : {}),
  });
  it.each([
    // [value, comparator, op, threshold, expected]
    [0.1, '<', '>=', 0.4, false], // "<0.1" is surely below CRP 0.4
    [0.5, '<', '>=', 0.4, null], // "<0.5" straddles 0.4
    [0.4, '<', '>=', 0.4, false], // "<0.4" is below 0.4
    [0.4, '<=', '>=', 0.4, null], // "≤0.4" may equal it
    [0.4, '>=', '>=', 0.4, true],
    [0.3, '>', '>=', 0.4, null],
    [0.4, '>', '>=', 0.4, true],
    [0.4, undefined, '>=', 0.4, true], // exactly at the threshold counts (≥ as printed)
    [3.7, undefined, '<', 3.7, false], // albumin 3.7 is not < 3.7
    [3.7, '<', '<', 3.7, true],
    [3.8, '<', '<', 3.7, null],
    [4.0, '>', '<', 3.7, false],
  ] as const)('%s%s against %s %s → %s', (value, comparator, op, threshold, expected) => {
    expect(meetsThreshold(lab(value, comparator ?? undefined), op, threshold)).toBe(expected);
  });

  it('a CRP reported as "<0.5" leaves the lab item undecided when the other five are normal; "<0.1" decides it', () => {
    const normal = {
      ldhUL: lab(190),
      albuminGDl: lab(4.1),
      plateletsPerUl: lab(245_000),
      calciumMgDl: lab(9.3),
      bilirubinMgDl: lab(0.6),
    };
    expect(katagiriLabItem({ ...normal, crpMgDl: lab(0.5, '<') }).answers).toEqual([
      'katagiri-labs-normal',
      'katagiri-labs-abnormal',
    ]);
    expect(katagiriLabItem({ ...normal, crpMgDl: lab(0.1, '<') }).answers).toEqual([
      'katagiri-labs-normal',
    ]);
  });
});
