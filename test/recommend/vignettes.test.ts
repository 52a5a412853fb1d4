import { describe, expect, it } from 'vitest';
import { assessPatient } from '../../src/assess/assess.js';
import { SCENARIO_REFERENCE_DATE } from '../../src/synthetic/scenarios.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VIGNETTES, vignetteJson } from '../../src/synthetic/vignettes.js';

/**
 * The clinical vignettes are the specification of the decision engine: category, urgency, the top
 * approach, the approaches that must never be offered, and the rules that must apply, each from a
 * paper or a published criterion (src/synthetic/vignettes.ts names it).
 */
const assess = (v: (typeof VIGNETTES)[number]) => assessPatient(v.build().resources, { asOf: SCENARIO_REFERENCE_DATE });

describe('clinical vignettes', () => {
  it('there are at least 40, each with a source', () => {
    expect(VIGNETTES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(VIGNETTES.map((v) => v.id)).size).toBe(VIGNETTES.length);
    for (const v of VIGNETTES) expect(v.source.length).toBeGreaterThan(5);
  });

  it('the committed fixtures are current (npx tsx scripts/gen-scenarios.ts)', () => {
    for (const v of VIGNETTES) expect(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'vignettes', `${v.id}.json`), 'utf8'), v.id).toBe(vignetteJson(v));
  });

  it.each(VIGNETTES.map((v) => [v.id, v] as const))('%s', (_id, v) => {
    const a = assess(v);
    const r = a.recommendations;
    const c = r.candidacy;
    const e = v.expect;
    expect(c.headline, c.reason).toBe(e.headline);
    if (e.provisional) {
      expect(c.category.status).toBe('provisional');
      expect(c.category.provisional).toBe(e.provisional);
      expect(c.banners.some((b) => b.kind === 'stale' || b.kind === 'conflict')).toBe(true);
      expect(c.reason).toMatch(/^Provisional: /);
    }
    if (e.possible) expect([...c.category.possible].sort()).toEqual([...e.possible].sort());
    if (e.deciding) expect([...c.category.deciding, ...c.urgency.deciding].map((d) => `${d.input} ${d.label}`).join('; ')).toMatch(new RegExp(e.deciding, 'i'));
    if (e.urgency) {
      expect(c.urgency.status).toBe('decided');
      expect(c.urgency.value).toBe(e.urgency);
    }
    if (e.urgencyAtLeast) expect(c.urgency.atLeast).toBe(e.urgencyAtLeast);
    if (e.top) {
      expect(r.approach.top.status, JSON.stringify(r.approach.top.possible)).toBe('decided');
      expect(r.approach.top.value).toBe(e.top);
    }
    for (const id of e.never ?? []) {
      expect(r.approach.ranked.map((o) => o.id), `${id} offered`).not.toContain(id);
      expect(r.approach.top.possible).not.toContain(id);
    }
    const applying = c.statements.filter((s) => !s.certainty).map((s) => s.rule);
    for (const rule of e.rules ?? []) expect(applying).toContain(rule);
    // A decided headline is never stated while a deciding input is open.
    if (c.category.status === 'decided') expect(c.category.deciding).toEqual([]);
    else if (c.headline !== 'deceased') expect(c.category.deciding.length).toBeGreaterThan(0);
  });
});

describe('vignette details the table cannot express', () => {
  const byId = (id: string) => assess(VIGNETTES.find((v) => v.id.startsWith(id))!).recommendations;

  it('v36: kyphoplasty with no ESCC on record is shown with caution (canal unknown), not offered plainly nor ruled out', () => {
    const r = byId('v36');
    const aug = r.approach.ranked.find((o) => o.id === 'vertebral-augmentation')!;
    expect(aug.status).toBe('caution');
    expect(aug.against.find((x) => x.rule === 'approach.augmentation.canal')).toMatchObject({ certainty: 'possible' });
    expect(r.approach.ruledOut.map((o) => o.id)).not.toContain('vertebral-augmentation');
  });

  it('v05: the onset of the motor loss is named as deciding alone, with what each value leads to', () => {
    const c = byId('v05').candidacy;
    const onset = c.category.deciding.find((d) => d.input === 'onset')!;
    expect(onset.decidesAlone).toBe(true);
    expect(onset.outcomes).toEqual([
      { value: 'within 48 hours', results: ['Surgical consultation'] },
      { value: 'more than 48 hours ago', results: ['Radiotherapy or systemic therapy first, surgery not indicated now'] },
    ]);
    expect(c.banners.map((b) => b.input)).toContain('onset');
  });

  it('v42: a deceased patient gets no recommendation at all', () => {
    const r = byId('v42');
    expect(r.candidacy.statements.map((s) => s.rule)).toEqual(['candidacy.deceased']);
    expect(r.approach.ranked).toEqual([]);
    expect(r.riskFlags).toEqual([]);
  });
});
