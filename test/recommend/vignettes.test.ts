import { describe, expect, it } from 'vitest';
import { assessPatient } from '../../src/assess/assess.js';
import { SCENARIO_REFERENCE_DATE } from '../../src/synthetic/scenarios.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VIGNETTES, vignetteJson } from '../../src/synthetic/vignettes.js';
import { headlineText } from '../../src/recommend/describe.js';

/**
 * The clinical vignettes are the specification of the decision engine: category, urgency, the top
 * approach, the approaches that must never be offered, and the rules that must apply, each from a
 * paper or a published criterion (src/synthetic/vignettes.ts names it).
 */
const assess = (v: (typeof VIGNETTES)[number]) =>
  assessPatient(v.build().resources, { asOf: SCENARIO_REFERENCE_DATE });

describe('clinical vignettes', () => {
  it('there are at least 40, each with a source', () => {
    expect(VIGNETTES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(VIGNETTES.map((v) => v.id)).size).toBe(VIGNETTES.length);
    for (const v of VIGNETTES) expect(v.source.length).toBeGreaterThan(5);
  });

  it('the committed fixtures are current (npx tsx scripts/gen-scenarios.ts)', () => {
    for (const v of VIGNETTES)
      expect(
        readFileSync(
          join(import.meta.dirname, '..', '..', 'fixtures', 'vignettes', `${v.id}.json`),
          'utf8',
        ),
        v.id,
      ).toBe(vignetteJson(v));
  });

  it.each(VIGNETTES.map((v) => [v.id, v] as const))('%s', (_id, v) => {
    const a = assess(v);
    const r = a.recommendations;
    const c = r.candidacy;
    const e = v.expect;
    expect(c.headline, c.reason).toBe(e.headline);
    if (e.kind) expect(c.kind, c.reason).toBe(e.kind);
    expect(c.emergency, c.emergencyReason).toBe(e.emergency ?? 'no');
    if (e.assumes) expect(c.assumptions.map((x) => x.id).sort()).toEqual([...e.assumes].sort());
    if (e.workup) expect(c.uncharacterisedLevels).toEqual(e.workup);
    // An urgent or emergency headline is never "insufficient current data".
    if (c.emergency !== 'no' || (c.urgency.atLeast && c.urgency.atLeast !== 'routine'))
      expect(headlineText(c)).not.toMatch(/^Insufficient current data/);
    if (e.provisional) {
      expect(c.category.status).toBe('provisional');
      expect(c.category.provisional).toBe(e.provisional);
      expect(c.banners.some((b) => b.kind === 'stale' || b.kind === 'conflict')).toBe(true);
      expect(c.reason).toMatch(/^Provisional: /);
    }
    if (e.possible)
      expect([...(c.category.narrowed ?? c.category.possible)].sort()).toEqual(
        [...e.possible].sort(),
      );
    // What the assumptions leave possible is always among what the chart leaves possible.
    for (const p of c.category.narrowed ?? []) expect(c.category.possible).toContain(p);
    if (e.deciding)
      expect(
        [...c.category.deciding, ...c.urgency.deciding]
          .map((d) => `${d.input} ${d.label}`)
          .join('; '),
      ).toMatch(new RegExp(e.deciding, 'i'));
    if (e.urgency) {
      expect(['decided', 'leading']).toContain(c.urgency.status);
      expect(c.urgency.leading).toBe(e.urgency);
    }
    if (e.urgencyAtLeast) expect(c.urgency.atLeast).toBe(e.urgencyAtLeast);
    if (e.top) {
      expect(['decided', 'leading'], JSON.stringify(r.approach.top.possible)).toContain(
        r.approach.top.status,
      );
      expect(r.approach.top.value ?? r.approach.top.leading).toBe(e.top);
    }
    for (const id of e.never ?? []) {
      expect(
        r.approach.ranked.map((o) => o.id),
        `${id} offered`,
      ).not.toContain(id);
      expect(r.approach.top.value ?? r.approach.top.leading).not.toBe(id);
    }
    const applying = c.statements.filter((s) => !s.certainty).map((s) => s.rule);
    for (const rule of e.rules ?? []) expect(applying).toContain(rule);
    // A decided headline is never stated while a deciding input is open.
    if (c.category.status === 'decided') expect(c.category.deciding).toEqual([]);
    else if (c.headline !== 'deceased' && c.headline !== 'not-assessed')
      expect(c.category.deciding.length).toBeGreaterThan(0);
    // A leading answer names at least one assumption; only a decided one names none.
    if (c.kind === 'leading') expect(c.assumptions.length).toBeGreaterThan(0);
    if (c.kind === 'decided') expect(c.assumptions).toEqual([]);
  });
});

describe('vignette details the table cannot express', () => {
  const byId = (id: string) => assess(VIGNETTES.find((v) => v.id.startsWith(id))!).recommendations;

  it('v36: kyphoplasty with no ESCC on record is shown with caution (canal unknown), not offered plainly nor ruled out', () => {
    const r = byId('v36');
    const aug = r.approach.ranked.find((o) => o.id === 'vertebral-augmentation')!;
    expect(aug.status).toBe('caution');
    expect(aug.against.find((x) => x.rule === 'approach.augmentation.canal')).toMatchObject({
      certainty: 'possible',
    });
    expect(r.approach.ruledOut.map((o) => o.id)).not.toContain('vertebral-augmentation');
  });

  it('v05: the onset of the motor loss decides alone; the emergency is led with, on the named assumption, with what the other value does', () => {
    const c = byId('v05').candidacy;
    const onset = c.category.deciding.find((d) => d.input === 'onset')!;
    expect(onset.decidesAlone).toBe(true);
    expect(onset.outcomes).toEqual([
      { value: 'within 48 hours', results: ['Surgical consultation'] },
      {
        value: 'more than 48 hours ago',
        results: ['Radiotherapy or systemic therapy first, surgery not indicated now'],
      },
    ]);
    expect(c.assumptions).toEqual([
      expect.objectContaining({
        id: 'assume.onset-recent',
        input: 'onset',
        evidence: 'onset not recorded',
      }),
    ]);
    expect(c.assumptions[0]!.otherwise).toBe(
      'if more than 48 hours ago: radiotherapy/systemic first',
    );
    expect(headlineText(c)).toMatch(
      /^Emergency: spine surgical review today — .*assuming the motor loss began within 48 hours/,
    );
  });

  it('v42: a deceased patient gets no recommendation at all', () => {
    const r = byId('v42');
    expect(r.candidacy.statements.map((s) => s.rule)).toEqual(['candidacy.deceased']);
    expect(r.approach.ranked).toEqual([]);
    expect(r.riskFlags).toEqual([]);
  });
});
