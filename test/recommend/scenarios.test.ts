import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { describeValue } from '../../src/recommend/inputs.js';
import { assessScenario } from '../scenario-helpers.js';
import { PAPERS, type Statement } from '../../src/recommend/types.js';

/**
 * Recommendations on the scenario patients. Each expectation names the evidence.md rule that
 * justifies it.
 */
const rules = (xs: Array<{ rule: string }>) => xs.map((x) => x.rule);

describe('scenario recommendations (evidence.md, NOMS, Patchell)', () => {
  const applying = (xs: Statement[]) => rules(xs.filter((x) => !x.certainty));

  it('s01 C7 NSCLC, ESCC 3, Frankel C, progressive, SINS 13: surgical consultation decided; at least urgent, emergency only if survival ≥ 3 months (Patchell); CTJ flag; posterior decided', () => {
    const a = assessScenario('s01-ctj-lung-cord-compression');
    const c = a.recommendations.candidacy;
    // ECOG 3 with a progressing deficit: the deficit may be what keeps the patient in bed, so
    // survival is
    // not assumed short; cord compression with a deficit is an emergency for every value, surgery
    // on named assumptions.
    expect(c.category).toMatchObject({ status: 'leading', leading: 'surgical-consultation' });
    expect(c.emergency).toBe('yes');
    expect(c.urgency).toMatchObject({
      status: 'decided',
      value: 'emergency',
      atLeast: 'emergency',
    });
    expect(c.assumptions.map((x) => x.id)).toEqual(['assume.survival', 'assume.fitness']);
    expect(c.category.deciding.map((d) => d.input)).toEqual(
      expect.arrayContaining(['survival', 'fitness']),
    );
    expect(applying(c.statements)).toEqual(
      expect.arrayContaining([
        'candidacy.instability.sins-13',
        'candidacy.neuro.progressive',
        'urgency.neuro.ctj',
        'candidacy.neuro.mscc-decompression',
      ]),
    );
    // Tokuhashi 0–8 says conservative while SINS 13 says unstable: the conflict is stated, not
    // resolved silently.
    expect(rules(c.conflicts)).toContain('conflict.tokuhashi-vs-indication');
    const ctj = a.recommendations.riskFlags.find((f) => f.rule === 'risk.ctj')!;
    expect(ctj.text).toMatch(/odds ratio 5.00/);
    expect(ctj.citations).toEqual(['KANDA2021']);
    const ap = a.recommendations.approach;
    expect(ap.top).toMatchObject({
      status: 'leading',
      leading: 'posterior-decompression-stabilization',
    });
    expect(rules(ap.ranked[0]!.for)).toContain('approach.posterior.ctj-gold-standard');
    expect(ap.ruledOut.map((o) => o.id)).toEqual(
      expect.arrayContaining(['mist', 'anterior', 'vertebral-augmentation']),
    ); // cervical MISt; CTJ posterior ring; canal
    expect(a.recommendations.expectedCourse.map((r) => r.source)).toEqual(
      expect.arrayContaining(['SEGI2025', 'KANDA2021', 'CTJ2018']),
    );
  });

  it('s02 solitary T10 thyroid, staged, fit: excisional decided (ACTA2020 criteria all confirmed), Tokuhashi 15 / Tomita 2, en bloc decided', () => {
    const a = assessScenario('s02-thyroid-solitary-t10');
    expect(a.scores.tokuhashi.total).toBe(15);
    expect(a.scores.tomita.total).toBe(2);
    expect(a.recommendations.candidacy.headline).toBe('excisional');
    expect(applying(a.recommendations.candidacy.statements)).toEqual(
      expect.arrayContaining([
        'candidacy.histology.radioresistant',
        'candidacy.excisional.criteria',
      ]),
    );
    expect(a.recommendations.approach.top.value).toBe('en-bloc');
    expect(a.recommendations.expectedCourse.find((r) => r.source === 'UEI2018')?.group).toMatch(
      /Tokuhashi ≥ 12/,
    );
  });

  it('s03 renal L3 SINS 7 with lung metastases: surgical consultation, routine (SINS > 6; renal histology UEI2018/ACTA2020); MISt decided at the lumbar level', () => {
    const a = assessScenario('s03-renal-l3-potentially-unstable');
    expect(a.scores.sinsIndex?.result.total).toBe(7);
    const c = a.recommendations.candidacy;
    expect(c.headline).toBe('surgical-consultation');
    expect(c.urgency.leading).toBe('routine');
    const renal = c.indications.find((i) => i.rule === 'candidacy.histology.radioresistant')!;
    expect(renal.citations).toEqual(['UEI2018', 'ACTA2020']);
    expect(a.recommendations.approach.top.value ?? a.recommendations.approach.top.leading).toBe(
      'mist',
    );
    // SEGI2025
    expect(a.recommendations.approach.ruledOut.map((o) => o.id)).toContain('decompression-alone');
  });

  it('s04 myeloma, T8 SINS 4 and ESCC 1b, T6 and L2 listed only: the characterised lesion decides (radiosensitive, stable: radiotherapy first); T6 and L2 are work-up', () => {
    const a = assessScenario('s04-myeloma-multilevel');
    expect(a.scores.sinsIndex?.result.total).toBe(4);
    expect(a.scores.noms.paths).toEqual(['cEBRT']);
    const c = a.recommendations.candidacy;
    expect(c.headline).toBe('nonsurgical-first');
    expect(c.kind).toBe('decided');
    expect(c.uncharacterisedLevels).toEqual(['T6', 'L2']);
    expect(rules(a.recommendations.workup)).toContain('workup.uncharacterised-levels');
    expect(a.scores.katagiri.items.find((i) => i.id === 'labs')?.answer?.code).toBe(
      'katagiri-labs-critical',
    ); // Ca 11.2 mg/dL
  });

  it('s05 lung on osimertinib, T12 SINS 16: consultation (SINS ≥ 13 KANDA2021), at least urgent; Katagiri primary moderate; stale ECOG listed in work-up', () => {
    const a = assessScenario('s05-lung-egfr-osimertinib-tl');
    const c = a.recommendations.candidacy;
    expect(c.headline).toBe('surgical-consultation');
    expect(c.urgency.leading).toBe('urgent');
    expect(applying(c.statements)).toContain('candidacy.instability.sins-13');
    expect(a.scores.katagiri.items[0]!.answer?.code).toBe('katagiri-primary-moderate');
    expect(rules(a.recommendations.workup)).toContain('workup.stale-inputs');
    expect(a.recommendations.approach.ruledOut.map((o) => o.id)).toContain('decompression-alone');
  });

  it('s07 unknown primary, L1 with three SINS items missing: range 11–18; surgical consultation decided (≥ 7 either way), urgency open until ESCC is graded', () => {
    const a = assessScenario('s07-unknown-primary-l1-no-labs');
    expect(a.scores.sinsIndex?.result.range).toEqual({ min: 11, max: 18 });
    expect(a.recommendations.candidacy.headline).toBe('surgical-consultation');
    expect(a.recommendations.candidacy.urgency.status).toBe('undecided');
    expect(a.recommendations.candidacy.urgency.deciding.map((d) => d.input)).toContain('escc');
    expect(rules(a.recommendations.workup)).toContain('workup.sins-items');
  });

  it('s10 cervical C4 body-only lesion, posterior elements intact: anterior leads; MISt ruled out; the excisional path waits for confirmed staging (work-up)', () => {
    const a = assessScenario('s10-breast-c4-anterior');
    const ap = a.recommendations.approach;
    expect(ap.top.value ?? ap.top.leading).toBe('anterior');
    expect(rules(ap.ranked[0]!.for)).toEqual(
      expect.arrayContaining(['approach.anterior.subaxial-body']),
    );
    expect(ap.ruledOut.map((o) => o.id)).toContain('mist');
    const c = a.recommendations.candidacy;
    expect(c.category.leading).toBe('surgical-consultation');
    expect(rules(a.recommendations.workup)).toContain('workup.excisional-staging');
    expect(applying(c.statements)).toContain('candidacy.pain.intractable');
    // ER-negative
    expect(a.scores.katagiri.items[0]!.answer?.code).toBe('katagiri-primary-moderate');
  });

  it('s11 gastric T6, ECOG 4 with reduced will to live, ESCC 2 with a deficit: not a candidate on the assumed fitness, the cord compression still an emergency; conflicts listed; thoracic flag', () => {
    const a = assessScenario('s11-gastric-t6-unstable-poor-ps');
    const c = a.recommendations.candidacy;
    expect(applying(c.contraindications)).toEqual([
      'contra.general-health',
      'contra.poor-ps-and-will',
    ]); // CTJ2018 on the named assumption; UEI2018 as recorded
    expect(c.headline).toBe('not-surgical-candidate');
    expect(c.assumptions.map((x) => x.id)).toEqual(['assume.fitness']);
    // cord compression with a deficit: treated today, whoever treats it
    expect(c.emergency).toBe('yes');
    expect(a.recommendations.approach.ranked.map((o) => o.id)).not.toContain(
      'posterior-decompression-stabilization',
    );
    expect(rules(c.conflicts)).toEqual(
      expect.arrayContaining([
        'conflict.tokuhashi-vs-indication',
        'conflict.indication-vs-contraindication',
      ]),
    );
    expect(rules(a.recommendations.riskFlags)).toEqual(
      expect.arrayContaining(['risk.thoracic', 'risk.non-ambulatory']),
    );
    expect(a.scores.katagiri.total).toBe(10);
  });

  it('s12 HCC, every input a year old: no confident answer; stale inputs named with their age', () => {
    const c = assessScenario('s12-hcc-t4-stale').recommendations.candidacy;
    expect(c.headline).toBe('insufficient-current-data');
    const stale = c.banners.filter((b) => b.kind === 'stale');
    expect(stale.length).toBeGreaterThan(0);
    expect(stale.map((b) => b.text).join(' ')).toMatch(/370 days old/);
  });

  it('s13 lymphoma ESCC 2, intact: radiotherapy or systemic therapy first, urgently (NOMS; ACTA2020 chemotherapy first); no surgical urgency', () => {
    const a = assessScenario('s13-lymphoma-t8-escc2');
    const c = a.recommendations.candidacy;
    expect(c.headline).toBe('nonsurgical-first');
    expect(c.urgency.value).toBe('urgent');
    expect(c.emergency).toBe('no');
    expect(applying(c.statements)).toEqual(
      expect.arrayContaining([
        'urgency.noms.radiosensitive-compression',
        'contra.chemotherapy-first',
      ]),
    );
    expect(rules(c.conflicts)).not.toContain('conflict.indication-vs-contraindication');
    expect(a.scores.noms.paths).toEqual(['cEBRT']);
    expect(a.recommendations.approach.top.value).toBe('systemic-first');
  });

  it('every statement names a rule and cites a paper key; every input carries its sources', () => {
    const keys = Object.keys(PAPERS);
    for (const id of [
      's01-ctj-lung-cord-compression',
      's03-renal-l3-potentially-unstable',
      's11-gastric-t6-unstable-poor-ps',
    ]) {
      const r = assessScenario(id).recommendations;
      const all = [
        ...r.candidacy.statements,
        ...r.riskFlags,
        ...[...r.approach.ranked, ...r.approach.ruledOut].flatMap((o) => [...o.for, ...o.against]),
      ];
      for (const st of all) {
        expect(st.rule).toMatch(/^[a-z]+\.[a-z0-9.-]+$/);
        expect(st.citations.every((c) => keys.includes(c))).toBe(true);
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
    for (const id of ids)
      expect(JSON.stringify(assessScenario(id).recommendations), id).not.toMatch(/"value":"[{[]/);
  });
});
