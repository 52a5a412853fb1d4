import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { describeValue } from '../../src/recommend/inputs.js';
import { assessScenario } from '../scenario-helpers.js';

/**
 * Recommendations on the scenario patients. Each expectation names the evidence.md rule that
 * justifies it.
 */
const rules = (xs: Array<{ rule: string }>) => xs.map((x) => x.rule);

describe('scenario recommendations (evidence.md)', () => {
  it('s01 C7 NSCLC, ESCC 3, Frankel C, progressive: urgent consultation (§1 urgency CTJ2018), CTJ flag OR 5.00 (§3 KANDA2021), posterior favoured (§2 CTJ2018 gold standard)', () => {
    const a = assessScenario('s01-ctj-lung-cord-compression');
    const c = a.recommendations.candidacy;
    expect(c.category).toBe('urgent-surgical-consultation');
    expect(rules(c.urgency)).toEqual(expect.arrayContaining(['urgency.neuro.progressive', 'urgency.neuro.high-grade-escc-with-deficit', 'urgency.neuro.ctj']));
    expect(rules(c.indications)).toEqual(expect.arrayContaining(['candidacy.instability.sins-13', 'candidacy.neuro.progressive']));
    // Tokuhashi 0–8 says conservative while SINS 13 says unstable: the conflict is stated, not resolved silently.
    expect(rules(c.conflicts)).toContain('conflict.tokuhashi-vs-indication');
    const ctj = a.recommendations.riskFlags.find((f) => f.rule === 'risk.ctj')!;
    expect(ctj.text).toMatch(/odds ratio 5.00/);
    expect(ctj.citations).toEqual(['KANDA2021']);
    expect(a.recommendations.approach[0]!.id).toBe('posterior-decompression-stabilization');
    expect(rules(a.recommendations.approach[0]!.for)).toContain('approach.posterior.ctj-gold-standard');
    expect(a.recommendations.approach.find((o) => o.id === 'mist')?.status).toBe('not-advised'); // cervical: SEGI2025/UEI2018
    expect(a.recommendations.expectedCourse.map((r) => r.source)).toEqual(expect.arrayContaining(['SEGI2025', 'KANDA2021', 'CTJ2018']));
  });

  it('s02 solitary T10 thyroid, staged: excisional path (§1 ACTA2020 TES criteria), Tokuhashi 15 / Tomita 2, en bloc favoured', () => {
    const a = assessScenario('s02-thyroid-solitary-t10');
    expect(a.scores.tokuhashi.total).toBe(15);
    expect(a.scores.tomita.total).toBe(2);
    expect(a.recommendations.candidacy.category).toBe('excisional-path');
    expect(rules(a.recommendations.candidacy.indications)).toContain('candidacy.histology.radioresistant'); // UEI2018 thyroid
    expect(a.recommendations.approach[0]!.id).toBe('en-bloc');
    expect(a.recommendations.expectedCourse.find((r) => r.source === 'UEI2018')?.group).toMatch(/Tokuhashi ≥ 12/);
  });

  it('s03 renal L3 SINS 7: palliative surgery (§1 SINS > 6, renal irrespective of class ACTA2020; Tokuhashi 11 ≥ 6 months), MISt favoured at lumbar level (§2 UEI2018/SEGI2025)', () => {
    const a = assessScenario('s03-renal-l3-potentially-unstable');
    expect(a.scores.sinsIndex?.result.total).toBe(7);
    expect(a.scores.tokuhashi.total).toBe(11);
    expect(a.recommendations.candidacy.category).toBe('palliative-surgery');
    const renal = a.recommendations.candidacy.indications.find((i) => i.rule === 'candidacy.histology.radioresistant')!;
    expect(renal.citations).toEqual(['UEI2018', 'ACTA2020']);
    expect(a.recommendations.approach[0]!.id).toBe('mist');
    expect(a.recommendations.approach.find((o) => o.id === 'decompression-alone')?.status).toBe('not-advised'); // SEGI2025
  });

  it('s04 myeloma, ESCC 1b, SINS 4: non-operative, radiotherapy first (NOMS radiosensitive, ACTA2020)', () => {
    const a = assessScenario('s04-myeloma-multilevel');
    expect(a.scores.sinsIndex?.result.total).toBe(4);
    expect(a.scores.noms.paths).toEqual(['cEBRT']);
    expect(a.recommendations.candidacy.category).toBe('non-operative');
    expect(a.recommendations.approach[0]!.id).toBe('radiotherapy-first');
    expect(a.scores.katagiri.items.find((i) => i.id === 'labs')?.answer?.code).toBe('katagiri-labs-critical'); // Ca 11.2 mg/dL
  });

  it('s05 lung on osimertinib, T12 SINS 16: consultation (§1 SINS ≥ 13 KANDA2021); Katagiri primary moderate; stale ECOG listed in work-up', () => {
    const a = assessScenario('s05-lung-egfr-osimertinib-tl');
    expect(a.scores.katagiri.items[0]!.answer?.code).toBe('katagiri-primary-moderate');
    expect(a.scores.sinsIndex?.result.total).toBe(16);
    expect(a.recommendations.candidacy.possible).toEqual(expect.arrayContaining(['surgical-consultation']));
    expect(rules(a.recommendations.candidacy.indications)).toContain('candidacy.instability.sins-13');
    expect(rules(a.recommendations.workup)).toContain('workup.stale-inputs');
    // ESCC 1c is epidural disease: augmentation contraindicated when tumour involves the canal (ACTA2020).
    expect(a.recommendations.approach.find((o) => o.id === 'vertebral-augmentation')?.status).toBe('not-advised');
  });

  it('s07 unknown primary, L1 with three SINS items missing: range 11–18, candidacy not silently decided', () => {
    const a = assessScenario('s07-unknown-primary-l1-no-labs');
    expect(a.scores.sinsIndex?.result.range).toEqual({ min: 11, max: 18 });
    expect(a.scores.katagiri.complete).toBe(false);
    expect(a.scores.katagiri.missing.map((m) => m.item)).toContain('labs');
    expect(rules(a.recommendations.workup)).toContain('workup.sins-items');
  });

  it('s10 cervical C4 body lesion: anterior option (§2 CTJ2018 anterior cervical), MISt not advised, intractable pain indication', () => {
    const a = assessScenario('s10-breast-c4-anterior');
    const anterior = a.recommendations.approach.find((o) => o.id === 'anterior')!;
    expect(rules(anterior.for)).toEqual(expect.arrayContaining(['approach.anterior.body', 'approach.anterior.cervical']));
    expect(a.recommendations.approach.find((o) => o.id === 'mist')?.status).toBe('not-advised');
    expect(rules(a.recommendations.candidacy.indications)).toContain('candidacy.pain.intractable');
    expect(a.scores.katagiri.items[0]!.answer?.code).toBe('katagiri-primary-moderate'); // ER-negative
  });

  it('s11 gastric T6, ECOG 4 with reduced will to live: contraindication shown but never a veto; conflicts listed; thoracic flag', () => {
    const a = assessScenario('s11-gastric-t6-unstable-poor-ps');
    const c = a.recommendations.candidacy;
    expect(rules(c.contraindications)).toEqual(['contra.poor-ps-and-will']); // UEI2018
    expect(c.indications.length).toBeGreaterThan(0);
    expect(rules(c.conflicts)).toEqual(expect.arrayContaining(['conflict.tokuhashi-vs-indication', 'conflict.indication-vs-contraindication']));
    expect(rules(a.recommendations.riskFlags)).toEqual(expect.arrayContaining(['risk.thoracic', 'risk.non-ambulatory']));
    expect(a.scores.katagiri.total).toBe(10);
  });

  it('s13 lymphoma ESCC 2, intact: no urgency without a deficit; radiotherapy first (NOMS cEBRT for radiosensitive high grade)', () => {
    const a = assessScenario('s13-lymphoma-t8-escc2');
    expect(a.recommendations.candidacy.urgency).toEqual([]);
    expect(a.scores.noms.paths).toEqual(['cEBRT']);
    expect(a.recommendations.approach[0]!.id).toBe('radiotherapy-first');
  });

  it('every statement names a rule and cites a paper key; every input carries its sources', () => {
    for (const id of ['s01-ctj-lung-cord-compression', 's03-renal-l3-potentially-unstable', 's11-gastric-t6-unstable-poor-ps']) {
      const r = assessScenario(id).recommendations;
      const all = [...r.candidacy.indications, ...r.candidacy.contraindications, ...r.candidacy.context, ...r.candidacy.urgency, ...r.riskFlags, ...r.approach.flatMap((o) => [...o.for, ...o.against])];
      for (const st of all) {
        expect(st.rule).toMatch(/^[a-z]+\.[a-z0-9.-]+$/);
        expect(st.citations.every((c) => ['CTJ2018', 'KANDA2021', 'SEGI2025', 'UEI2018', 'ACTA2020'].includes(c))).toBe(true);
        for (const inp of st.inputs) expect(Array.isArray(inp.sources)).toBe(true);
      }
      expect(r.disclaimer).toMatch(/surgeon decides/);
    }
  });
});

describe('rule inputs read as a clinician would', () => {
  it.each([
    [{ kps: 50 }, 'KPS 50'],
    [{ ecog: 2 }, 'ECOG 2'],
    [{ ecog: 1, kps: 80 }, 'ECOG 1, KPS 80'],
    [['C7', 'T1'], 'C7, T1'],
    ['lytic', 'lytic'],
    [3, '3'],
  ])('%j → %s', (value, text) => {
    expect(describeValue(value)).toBe(text);
  });

  it('no scenario shows a raw JSON value among the inputs of a statement', () => {
    const ids = readdirSync('fixtures/scenarios').map((f) => f.replace(/\.json$/, ''));
    expect(ids.length).toBe(13);
    for (const id of ids) expect(JSON.stringify(assessScenario(id).recommendations), id).not.toMatch(/"value":"[{[]/);
  });
});
