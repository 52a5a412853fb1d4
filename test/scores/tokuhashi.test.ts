import { describe, expect, it } from 'vitest';
import { tokuhashiRevised, TOKUHASHI } from '../../src/scores/tokuhashi.js';
import { checkBandsTile } from '../../src/scores/score-kit.js';
import { atLeast, exact, f, noVisceral, primary } from '../helpers.js';

describe('revised Tokuhashi (scores.md §1)', () => {
  it('worked example 1: breast, KPS 80, solitary, no visceral, Frankel E ⇒ 15, excisional', () => {
    const r = tokuhashiRevised({
      performance: f({ kps: 80 }),
      extraspinalBone: exact(0),
      vertebral: exact(1),
      visceral: noVisceral,
      primary: primary('breast'),
      neuro: f({ system: 'frankel', grade: 'E' }),
    });
    expect(r.complete).toBe(true);
    expect(r.total).toBe(15);
    expect(r.band?.code).toBe('tokuhashi-band-12-15');
    expect(r.band?.meaning).toBe('Excisional surgery');
  });

  it('worked example 2: NSCLC, KPS 60, 4 extraspinal, 2 vertebrae, unresectable liver, Frankel C ⇒ 3', () => {
    const r = tokuhashiRevised({
      performance: f({ kps: 60 }),
      extraspinalBone: exact(4),
      vertebral: exact(2),
      visceral: f({ sites: ['liver'], complete: true, removable: false }),
      primary: primary('lung'),
      neuro: f({ system: 'frankel', grade: 'C' }),
    });
    expect(r.items.map((i) => i.points)).toEqual([1, 0, 1, 0, 0, 1]);
    expect(r.total).toBe(3);
    expect(r.band?.label).toMatch(/< 6 months/);
  });

  it.each([
    [40, 0],
    [50, 1],
    [70, 1],
    [80, 2],
    [100, 2],
  ] as const)('KPS %i ⇒ general condition %i points', (kps, pts) => {
    const r = tokuhashiRevised({ performance: f({ kps }) });
    expect(r.items[0]!.points).toBe(pts);
  });

  it.each([
    [0, [2, 2]],
    [1, [1, 2]],
    [2, [1, 1]],
    [3, [0, 0]],
    [4, [0, 0]],
  ] as const)(
    'ECOG %i only ⇒ general condition range %j (ECOG 1 is indeterminate)',
    (ecog, [lo, hi]) => {
      const item = tokuhashiRevised({ performance: f({ ecog }) }).items[0]!;
      expect([item.min, item.max]).toEqual([lo, hi]);
      expect(item.status).toBe(lo === hi ? 'decided' : 'indeterminate');
    },
  );

  it.each([
    ['A', 0],
    ['B', 0],
    ['C', 1],
    ['D', 1],
    ['E', 2],
  ] as const)('Frankel %s ⇒ palsy %i', (grade, pts) => {
    expect(tokuhashiRevised({ neuro: f({ system: 'frankel', grade }) }).items[5]!.points).toBe(pts);
  });

  it('AIS is mapped letter-for-letter and labelled as such', () => {
    const item = tokuhashiRevised({ neuro: f({ system: 'asia', grade: 'B' }) }).items[5]!;
    expect(item.points).toBe(0);
    expect(item.reason).toMatch(/mapped from AIS/);
  });

  it.each([
    ['rectum', 4],
    ['colon', 2],
    ['kidney', 3],
    ['liver', 1],
    ['unknown', 1],
    ['carcinoid', 5],
    ['melanoma', 2],
    ['osteosarcoma', 0],
    ['myeloma', 2],
  ] as const)('primary %s ⇒ %i points', (site, pts) => {
    expect(tokuhashiRevised({ primary: primary(site) }).items[4]!.points).toBe(pts);
  });

  it.each([
    [1, 2],
    [2, 1],
    [3, 0],
    [7, 0],
  ] as const)('%i vertebrae ⇒ %i points (≥3/2/1 reading)', (n, pts) => {
    expect(tokuhashiRevised({ vertebral: exact(n) }).items[2]!.points).toBe(pts);
  });

  it('an unconfirmed lesion count is a lower bound: 1 coded extraspinal focus ⇒ 0–1 points', () => {
    const item = tokuhashiRevised({ extraspinalBone: atLeast(1) }).items[1]!;
    expect([item.min, item.max]).toEqual([0, 1]);
  });

  it('never treats a missing input as 0 points: all missing ⇒ range 0–15, no band', () => {
    const r = tokuhashiRevised({});
    expect(r.complete).toBe(false);
    expect(r.total).toBeNull();
    expect(r.range).toEqual({ min: 0, max: 15 });
    expect(r.missing).toHaveLength(6);
    expect(r.band).toBeNull();
    expect(r.possibleBands).toHaveLength(3);
  });

  it('visceral absence that is not confirmed stays missing', () => {
    const r = tokuhashiRevised({ visceral: f({ sites: [], complete: false }) });
    expect(r.items[3]!.status).toBe('missing');
  });

  it('a band decided by the range is reported even when incomplete', () => {
    // Known items sum to 13; the missing palsy item adds 0–2 ⇒ 13–15, all in 12–15.
    const r = tokuhashiRevised({
      performance: f({ kps: 90 }),
      extraspinalBone: exact(0),
      vertebral: exact(1),
      visceral: noVisceral,
      primary: primary('thyroid'),
    });
    expect(r.complete).toBe(false);
    expect(r.range).toEqual({ min: 13, max: 15 });
    expect(r.band?.code).toBe('tokuhashi-band-12-15');
  });

  it.each([
    [8, 'tokuhashi-band-0-8'],
    [9, 'tokuhashi-band-9-11'],
    [11, 'tokuhashi-band-9-11'],
    [12, 'tokuhashi-band-12-15'],
  ] as const)('band boundary: total %i ⇒ %s', (total, code) => {
    expect(TOKUHASHI.bands.find((b) => total >= b.min && total <= b.max)?.code).toBe(code);
  });

  it('bands tile 0–15', () => expect(checkBandsTile(TOKUHASHI)).toEqual([]));
});
