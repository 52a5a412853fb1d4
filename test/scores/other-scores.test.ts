import { describe, expect, it } from 'vitest';
import {
  bauerModified,
  bauerOriginal,
  bauerVersionsDisagree,
  BAUER_ORIGINAL,
  BAUER_MODIFIED,
} from '../../src/scores/bauer.js';
import { nesms } from '../../src/scores/nesms.js';
import { osri } from '../../src/scores/osri.js';
import { barthel } from '../../src/scores/barthel.js';
import { eq5dIndex, eq5dChange, Eq5dInputError } from '../../src/clinical/eq5d.js';
import { harrington } from '../../src/scores/harrington.js';
import { noms } from '../../src/scores/noms.js';
import { isHighGradeEscc, isGreyZoneEscc, esccRank } from '../../src/scores/escc.js';
import { painOn100, vasFromCm, validatePain, PainInputError } from '../../src/clinical/pain.js';
import {
  formatClavienDindo,
  isMajorComplication,
  worstComplication,
} from '../../src/scores/clavien-dindo.js';
import { checkBandsTile } from '../../src/scores/score-kit.js';
import { atLeast, exact, f, noVisceral, primary } from '../helpers.js';

describe('Bauer and modified Bauer (scores.md §5)', () => {
  it('worked example 1: breast, solitary, no visceral, no fracture ⇒ 5 and 4', () => {
    const inp = {
      primary: primary('breast'),
      visceral: noVisceral,
      vertebral: exact(1),
      extraspinalBone: exact(0),
      pathologicalFracture: f(false),
    };
    expect(bauerOriginal(inp).total).toBe(5);
    expect(bauerModified(inp).total).toBe(4);
    expect(bauerModified(inp).band?.code).toBe('bauer-modified-band-3-4');
  });
  it('worked example 2: colorectal with liver metastases, multiple bone, no fracture ⇒ 2 vs 1, versions disagree', () => {
    const inp = {
      primary: primary('colon'),
      visceral: f({ sites: ['liver' as const], complete: true }),
      vertebral: exact(2),
      extraspinalBone: atLeast(1),
      pathologicalFracture: f(false),
    };
    const o = bauerOriginal(inp);
    const m = bauerModified(inp);
    expect([o.total, m.total]).toEqual([2, 1]);
    expect(bauerVersionsDisagree(o, m)).toBe(true);
  });
  it('exhaustive: the versions disagree in exactly the two published situations', () => {
    const disagreements: string[] = [];
    for (let mask = 0; mask < 32; mask++) {
      const bits = [0, 1, 2, 3, 4].map((b) => ((mask >> b) & 1) === 1);
      const [noVisc, solitary, notLung, favourable, noFracture] = bits as [
        boolean,
        boolean,
        boolean,
        boolean,
        boolean,
      ];
      if (!notLung && favourable) continue; // lung cannot be a favourable primary
      const p = favourable ? 'breast' : notLung ? 'colon' : 'lung';
      const inp = {
        primary: primary(p),
        visceral: noVisc ? noVisceral : f({ sites: ['liver' as const], complete: true }),
        vertebral: exact(solitary ? 1 : 2),
        extraspinalBone: exact(0),
        pathologicalFracture: f(!noFracture),
      };
      const o = bauerOriginal(inp);
      const m = bauerModified(inp);
      if (bauerVersionsDisagree(o, m)) disagreements.push(`k=${m.total} f=${noFracture ? 1 : 0}`);
    }
    expect([...new Set(disagreements)].sort()).toEqual(['k=1 f=1', 'k=3 f=0']);
  });
  it('bands tile', () => {
    expect(checkBandsTile(BAUER_ORIGINAL)).toEqual([]);
    expect(checkBandsTile(BAUER_MODIFIED)).toEqual([]);
  });
});

describe('NESMS (scores.md §7a)', () => {
  it('worked example 1: modified Bauer 4, independent, albumin 3.9 ⇒ raw 4, capped 3', () => {
    const r = nesms({
      modifiedBauer: { min: 4, max: 4 },
      ambulation: f(['independent'] as const),
      albuminGDl: f(3.9),
    });
    expect(r.total).toBe(3);
    expect(r.capped).toBe(true);
    expect(r.raw).toEqual({ min: 4, max: 4 });
  });
  it('worked example 2: modified Bauer 1, non-ambulatory, albumin 3.1 ⇒ 0', () => {
    const r = nesms({
      modifiedBauer: { min: 1, max: 1 },
      ambulation: f(['non-ambulatory'] as const),
      albuminGDl: f(3.1),
    });
    expect(r.total).toBe(0);
    expect(r.capped).toBe(false);
  });
  it.each([
    [3.5, 1],
    [3.49, 0],
  ])('albumin %f ⇒ %i', (alb, pts) => {
    expect(nesms({ albuminGDl: f(alb) }).items[2]!.points).toBe(pts);
  });
  it('Frankel D ambulation (independent or with aid) leaves the item open', () => {
    const r = nesms({ ambulation: f(['independent', 'with-aid'] as const) });
    expect(r.items[1]!.status).toBe('indeterminate');
  });
  it('modified Bauer 2–3 range leaves the Bauer item open; range capped at 3', () => {
    const r = nesms({
      modifiedBauer: { min: 2, max: 3 },
      ambulation: f(['independent'] as const),
      albuminGDl: f(4),
    });
    expect(r.range).toEqual({ min: 2, max: 3 });
  });
});

describe('OSRI (scores.md §6: arithmetic only, unverified)', () => {
  it.each([
    [1, 90, 1],
    [4, 40, 6],
  ] as const)('PTP %i, KPS %i ⇒ %i', (ptp, kps, total) => {
    const r = osri({ ptp: f(ptp), performance: f({ kps }) });
    expect(r.total).toBe(total);
    expect(r.verification).toBe('unverified');
    expect(r.band).toBeNull();
  });
  it('PTP is never derived: missing without clinician input', () => {
    expect(osri({ performance: f({ kps: 90 }) }).missing[0]!.item).toBe('ptp');
  });
});

describe('Barthel (scores.md §14)', () => {
  const all = {
    feeding: 10,
    bathing: 5,
    grooming: 5,
    dressing: 10,
    bowels: 10,
    bladder: 10,
    toilet: 10,
    transfers: 15,
    mobility: 15,
    stairs: 10,
  };
  it('all independent ⇒ 100', () => {
    expect(barthel(Object.fromEntries(Object.entries(all).map(([k, v]) => [k, f(v)]))).total).toBe(
      100,
    );
  });
  it('worked example ⇒ 55', () => {
    const v = {
      feeding: 5,
      bathing: 0,
      grooming: 5,
      dressing: 5,
      bowels: 10,
      bladder: 5,
      toilet: 5,
      transfers: 10,
      mobility: 10,
      stairs: 0,
    };
    expect(barthel(Object.fromEntries(Object.entries(v).map(([k, x]) => [k, f(x)]))).total).toBe(
      55,
    );
  });
  it('refuses a value not allowed for the item (bathing 10)', () => {
    const r = barthel({
      ...Object.fromEntries(Object.entries(all).map(([k, v]) => [k, f(v)])),
      bathing: f(10),
    });
    expect(r.complete).toBe(false);
    expect(r.warnings[0]).toMatch(/Bathing: 10 is not an allowed value/);
    expect(r.range).toEqual({ min: 95, max: 100 });
  });
});

describe('EQ-5D-5L (scores.md §15)', () => {
  it.each([
    ['21111', 'JP-Shiroiwa2016-cTTO', 0.875211],
    ['12345', 'JP-Shiroiwa2016-cTTO', 0.476916],
    ['55555', 'JP-Shiroiwa2016-cTTO', -0.025449],
    ['12111', 'JP-Shiroiwa2016-cTTO', 0.895444],
    ['11111', 'JP-Shiroiwa2016-cTTO', 1],
    ['21111', 'US-Pickard2019', 0.904],
    ['12345', 'US-Pickard2019', 0.171],
    ['55555', 'US-Pickard2019', -0.573],
    ['11112', 'US-Pickard2019', 0.943],
  ] as const)('%s (%s) ⇒ %f', (state, vs, expected) => {
    expect(eq5dIndex(state, vs).index).toBeCloseTo(expected, 6);
  });
  it('UA4 = UA5 in the US set', () =>
    expect(eq5dIndex('11411', 'US-Pickard2019').index).toBe(
      eq5dIndex('11511', 'US-Pickard2019').index,
    ));
  it.each(['1111', '111111', '61111', '01111', '1a111', ''])('refuses "%s"', (s) =>
    expect(() => eq5dIndex(s)).toThrow(Eq5dInputError),
  );
  it('property: every one of 3,125 states lies between the published minimum and 1, JP and US', () => {
    let count = 0;
    for (let i = 0; i < 3125; i++) {
      const state = [0, 1, 2, 3, 4].map((d) => (Math.floor(i / 5 ** d) % 5) + 1).join('');
      const jp = eq5dIndex(state).index;
      const us = eq5dIndex(state, 'US-Pickard2019').index;
      expect(jp).toBeGreaterThanOrEqual(-0.025449 - 1e-9);
      expect(jp).toBeLessThanOrEqual(1);
      expect(us).toBeGreaterThanOrEqual(-0.573 - 1e-9);
      count++;
    }
    expect(count).toBe(3125);
  });
  it('KANDA2021 ≥ 10 % change, read on the 0–1 scale by default and on the baseline on request', () => {
    expect(eq5dChange(0.085, 0.185)).toBe('improved');
    expect(eq5dChange(0.085, 0.184)).toBe('unchanged');
    expect(eq5dChange(0.658, 0.558)).toBe('deteriorated');
    expect(eq5dChange(0.5, 0.55, 'baseline')).toBe('improved');
    expect(eq5dChange(0.5, 0.549, 'baseline')).toBe('unchanged');
    expect(eq5dChange(0.5, 0.45, 'baseline')).toBe('deteriorated');
  });
});

describe('Harrington (scores.md §9, unverified)', () => {
  it.each([
    [false, 'not-significant', 'I'],
    [false, 'without-collapse', 'II'],
    [true, 'not-significant', 'III'],
    [false, 'collapse-or-instability', 'IV'],
    [true, 'collapse-or-instability', 'V'],
  ] as const)('neuro %s, bone %s ⇒ %s', (neuro, bone, cls) => {
    const r = harrington({ majorNeuroImpairment: f(neuro), bone: f(bone) });
    expect(r.grade).toBe(cls);
    expect(r.verification).toBe('unverified');
  });
  it('collapse known, neurology unknown ⇒ IV or V', () => {
    expect(harrington({ bone: f('collapse-or-instability' as const) }).possible).toEqual([
      'IV',
      'V',
    ]);
  });
});

describe('ESCC and NOMS (scores.md §10–11)', () => {
  it('high grade = 2, 3; 1c grey zone; rank order', () => {
    expect((['0', '1a', '1b', '1c', '2', '3'] as const).map(isHighGradeEscc)).toEqual([
      false,
      false,
      false,
      false,
      true,
      true,
    ]);
    expect(isGreyZoneEscc('1c')).toBe(true);
    expect(esccRank('1c')).toBeLessThan(esccRank('2'));
  });
  it('example 1: breast, ESCC 1b, SINS 5 ⇒ cEBRT, no stabilisation', () => {
    const r = noms({
      escc: f('1b' as const),
      radiosensitivity: f(['radiosensitive'] as const),
      sins: { min: 5, max: 5 },
    });
    expect(r.paths).toEqual(['cEBRT']);
    expect(r.stabilisation).toBe('not-required');
  });
  it('example 2: renal, ESCC 3, SINS 11 judged unstable, fit ⇒ separation surgery then SRS + stabilisation', () => {
    const r = noms({
      escc: f('3' as const),
      radiosensitivity: f(['radioresistant'] as const),
      sins: { min: 11, max: 11 },
      judgedUnstable: f(true),
      fitForSurgery: f(true),
    });
    expect(r.paths).toEqual(['separation-surgery-then-SRS']);
    expect(r.stabilisation).toBe('required');
  });
  it('radioresistant low grade ⇒ SRS; unknown fitness keeps both high-grade paths open', () => {
    expect(
      noms({ escc: f('1a' as const), radiosensitivity: f(['radioresistant'] as const) }).paths,
    ).toEqual(['SRS']);
    expect(
      noms({
        escc: f('2' as const),
        radiosensitivity: f(['radioresistant'] as const),
      }).paths.sort(),
    ).toEqual(['radiation-alone-unfit', 'separation-surgery-then-SRS']);
  });
  it('SINS ≥ 13 requires stabilisation; missing ESCC is reported', () => {
    const r = noms({ sins: { min: 13, max: 16 } });
    expect(r.stabilisation).toBe('required');
    expect(r.missing).toContain('ESCC grade (MRI)');
  });
});

describe('pain and Clavien–Dindo (scores.md §16–17)', () => {
  it('VAS 6.5 cm ⇒ 65 mm; NRS 7 stays 7 and is labelled rescaled on 0–100', () => {
    expect(vasFromCm(6.5)).toBe(65);
    expect(painOn100({ instrument: 'nrs', value: 7 })).toEqual({
      value: 70,
      label: 'rescaled NRS (×10)',
    });
    // A decimal NRS (an average of diary entries) is kept as recorded; outside 0–10 is refused.
    expect(validatePain({ instrument: 'nrs', value: 6.5 })).toEqual({
      instrument: 'nrs',
      value: 6.5,
    });
    expect(painOn100({ instrument: 'nrs', value: 6.5 })).toEqual({
      value: 65,
      label: 'rescaled NRS (×10)',
    });
    expect(() => validatePain({ instrument: 'nrs', value: 10.5 })).toThrow(PainInputError);
    expect(() => validatePain({ instrument: 'nrs', value: Number.NaN })).toThrow(PainInputError);
    expect(() => validatePain({ instrument: 'vas', value: 101 })).toThrow(PainInputError);
  });
  it('grades, suffix d, major threshold and worst', () => {
    expect(formatClavienDindo({ grade: 'IIIb', atDischarge: true })).toBe('IIIb-d');
    expect(isMajorComplication('IIIa')).toBe(false);
    expect(isMajorComplication('IIIa', 'IIIa')).toBe(true);
    expect(worstComplication([{ grade: 'II' }, { grade: 'IVa' }, { grade: 'I' }])?.grade).toBe(
      'IVa',
    );
  });
});
