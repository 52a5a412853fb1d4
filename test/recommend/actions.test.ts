import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assessPatient } from '../../src/assess/assess.js';
import type { SpineLevel } from '../../src/clinical/spine-levels.js';
import { answerOf } from '../../src/recommend/actions.js';
import {
  ACTION_RULES,
  checkActionRules,
  correctedCalciumMgDl,
} from '../../src/recommend/rules/action-rules.js';
import { PAPERS } from '../../src/recommend/types.js';
import { PatientBuilder, daysBefore } from '../../src/synthetic/builders.js';
import { SCENARIO_REFERENCE_DATE } from '../../src/synthetic/scenarios.js';
import { VIGNETTES } from '../../src/synthetic/vignettes.js';
import { LOINC } from '../../src/terminology/systems.js';
import { assessScenario } from '../scenario-helpers.js';

/**
 * Standard actions and red flags (evidence.md §6; docs/decisions.md "Standard actions and red
 * flags"): each rule on both sides of its threshold, on charts built as an EHR codes them and read
 * by
 * the real extraction; then every scenario and vignette with cord compression and a deficit.
 */
const REF = SCENARIO_REFERENCE_DATE;
const d = (days: number) => daysBefore(REF, days);

const NSCLC = {
  icd: 'C34.11',
  snomed: '254637007',
  display: 'Non-small cell lung cancer, right upper lobe',
};
const RENAL = { icd: 'C64.1', display: 'Clear cell renal cell carcinoma, right kidney' };
const LYMPHOMA = { icd: 'C83.30', display: 'Diffuse large B-cell lymphoma, unspecified site' };
const UNKNOWN = { icd: 'C80.1', display: 'Malignant (primary) neoplasm, unspecified' };

interface Chart {
  primary?: { icd?: string; snomed?: string; display: string };
  escc?: string;
  frankel?: string;
  /** Calcium mg/dL, albumin g/L, platelets ×10³/µL. */
  calcium?: number;
  albumin?: number;
  platelets?: number;
  extra?: (p: PatientBuilder) => void;
}

let n = 0;
function actionsOf(c: Chart) {
  const p = new PatientBuilder(`act${++n}`, {
    family: 'Action',
    given: 'Test',
    birthDate: '1960-01-01',
    gender: 'female',
  });
  const prim = p.primary(c.primary ?? NSCLC, d(400));
  p.metastasis(
    {
      icd: 'C79.51',
      display: 'Secondary malignant neoplasm of bone (vertebral column)',
      levels: ['T8'],
    },
    d(20),
    prim,
  );
  p.sinsItems(
    'T8',
    {
      'sins-pain': 'mechanical',
      'sins-bone-lesion': 'lytic',
      'sins-alignment': 'normal',
      'sins-collapse': 'lt50',
      'sins-posterolateral': 'unilateral',
    },
    d(3),
  );
  if (c.escc) p.input('escc-grade', { code: `escc-grade-${c.escc}` }, d(3), 'T8');
  if (c.frankel) p.input('frankel-grade', { code: `frankel-grade-${c.frankel}` }, d(1));
  p.kps(70, d(2));
  if (c.calcium !== undefined)
    p.lab(LOINC.calciumMass, 'Calcium [Mass/volume] in Serum or Plasma', c.calcium, 'mg/dL', d(2));
  if (c.albumin !== undefined)
    p.lab(LOINC.albumin, 'Albumin [Mass/volume] in Serum or Plasma', c.albumin, 'g/L', d(2));
  if (c.platelets !== undefined)
    p.lab(
      LOINC.platelets,
      'Platelets [#/volume] in Blood by Automated count',
      c.platelets,
      '10*3/uL',
      d(2),
    );
  c.extra?.(p);
  const a = assessPatient(p.resources, { asOf: REF });
  return a.recommendations.actions;
}
const ids = (c: Chart) => actionsOf(c).map((x) => x.id);

describe('the action table', () => {
  it('has unique ids, a source or a stated convention each, and known citation keys', () => {
    expect(checkActionRules(ACTION_RULES)).toEqual([]);
    for (const r of ACTION_RULES)
      for (const k of r.citations) expect(PAPERS[k], `${r.id} cites ${k}`).toBeDefined();
    expect(PAPERS['NICE-NG234'].title).toMatch(
      /Spinal metastases and metastatic spinal cord compression/,
    );
  });

  it('checkActionRules catches a rule with neither a source nor a convention', () => {
    const bad = { ...ACTION_RULES[0]!, citations: [], basis: 'because' };
    expect(checkActionRules([bad])).toEqual([`${bad.id}: no citation and no stated convention`]);
  });
});

describe('calcium corrected for albumin (Payne 1973)', () => {
  it.each([
    // [measured mg/dL, albumin g/dL, corrected]: worked examples of the published formula.
    [8.0, 2.5, 9.2],
    [8.2, 2.5, 9.4],
    [9.9, 3.5, 10.3],
    [10.0, 4.0, 10.0], // at the reference albumin: unchanged
    [10.5, 4.6, 10.5], // above it: not lowered (convention)
  ])('Ca %s mg/dL with albumin %s g/dL → %s', (ca, alb, out) => {
    expect(correctedCalciumMgDl(ca, alb)).toBe(out);
  });
  it('without albumin the measured value stands', () =>
    expect(correctedCalciumMgDl(10.4, undefined)).toBe(10.4));
});

describe('each rule on both sides of its threshold', () => {
  it.each([
    ['measured 10.3, albumin normal', { calcium: 10.3, albumin: 41 }, true],
    ['measured 10.2, albumin normal', { calcium: 10.2, albumin: 41 }, false],
    ['measured 9.9, albumin 35 g/L → corrected 10.3', { calcium: 9.9, albumin: 35 }, true],
    ['measured 9.8, albumin 35 g/L → corrected 10.2', { calcium: 9.8, albumin: 35 }, false],
    ['measured 10.3, no albumin', { calcium: 10.3 }, true],
    ['no calcium', {}, false],
  ] as Array<[string, Chart, boolean]>)('hypercalcaemia: %s', (_t, c, flagged) => {
    expect(ids(c).includes('red-flag.hypercalcaemia')).toBe(flagged);
  });

  it('the hypercalcaemia flag says the corrected value and that it is corrected', () => {
    const f = actionsOf({ calcium: 9.9, albumin: 35 }).find(
      (x) => x.id === 'red-flag.hypercalcaemia',
    )!;
    expect(f.text).toMatch(/albumin-corrected calcium 10\.3 mg\/dL/);
    expect(f.inputs.map((i) => i.name)).toEqual(['calcium (mg/dL)', 'albumin (g/dL)']);
    expect(f.inputs.every((i) => i.sources.length > 0)).toBe(true);
  });

  it.each([
    [99, true],
    [100, false],
    [250, false],
  ])('thrombocytopenia: platelets %s ×10³/µL → %s', (plt, flagged) => {
    expect(ids({ platelets: plt }).includes('red-flag.thrombocytopenia')).toBe(flagged);
  });

  it.each([
    ['ESCC 2, Frankel D', { escc: '2', frankel: 'D' }, true],
    ['ESCC 3, Frankel A', { escc: '3', frankel: 'A' }, true],
    ['ESCC 1c, Frankel D (not high grade)', { escc: '1c', frankel: 'D' }, false],
    ['ESCC 3, Frankel E (no deficit)', { escc: '3', frankel: 'E' }, false],
    ['ESCC 3, no neurological grade', { escc: '3' }, false],
  ] as Array<[string, Chart, boolean]>)('cord compression with a deficit: %s', (_t, c, yes) => {
    const got = ids(c);
    expect(got.includes('action.mscc.corticosteroids')).toBe(yes);
    expect(got.includes('action.mscc.same-day-review')).toBe(yes);
  });

  it('the same-day review carries the stat spine referral suggestion and the steroid action reads ESCC and neurology', () => {
    const xs = actionsOf({ escc: '3', frankel: 'C' });
    expect(xs.find((x) => x.id === 'action.mscc.same-day-review')!.suggestion?.kind).toBe(
      'stat-spine-referral',
    );
    expect(
      xs.find((x) => x.id === 'action.mscc.corticosteroids')!.inputs.map((i) => i.name),
    ).toEqual(['ESCC at T8', 'neurological grade']);
  });

  it.each([
    ['lymphoma', LYMPHOMA, 'yes'],
    ['unknown primary', UNKNOWN, 'possible'],
    ['NSCLC', NSCLC, 'no'],
  ] as const)('haematology before or with steroids: %s', (_t, primary, expected) => {
    const h = actionsOf({ primary, escc: '3', frankel: 'C' }).find(
      (x) => x.id === 'action.mscc.haematology',
    );
    if (expected === 'no') expect(h).toBeUndefined();
    else
      expect(h!.text).toMatch(
        expected === 'yes'
          ? /discuss further corticosteroid treatment with the haematology team/
          : /before corticosteroids/,
      );
  });

  it.each([
    ['at the index level', (p: PatientBuilder) => p.radiotherapy(d(200), ['T8']), true],
    ['with no level recorded', (p: PatientBuilder) => p.radiotherapy(d(200), []), true],
    ['at another level', (p: PatientBuilder) => p.radiotherapy(d(200), ['L3']), false],
  ] as Array<[string, (p: PatientBuilder) => void, boolean]>)(
    'prior radiotherapy %s',
    (_t, extra, flagged) => {
      const f = actionsOf({ extra }).find((x) => x.id === 'red-flag.prior-radiotherapy');
      expect(!!f).toBe(flagged);
      if (f) expect(f.text).toMatch(/30 Gy/);
    },
  );

  it('the stated dose is read from the record ("24 Gy in 2 fractions"), and its absence is said', () => {
    const sbrt = (text: string) => (p: PatientBuilder) =>
      p.procedure({ text }, d(100), ['T8' as SpineLevel]);
    expect(
      actionsOf({ extra: sbrt('SBRT 24 Gy in 2 fractions') }).find(
        (x) => x.id === 'red-flag.prior-radiotherapy',
      )!.text,
    ).toMatch(/T8, \d{4}-\d\d-\d\d, 24 Gy/);
    expect(
      actionsOf({ extra: sbrt('Stereotactic radiotherapy') }).find(
        (x) => x.id === 'red-flag.prior-radiotherapy',
      )!.text,
    ).toMatch(/dose not recorded/);
  });

  it.each([
    ['bevacizumab given 30 days ago', 'bevacizumab', 30, 'completed', true],
    ['bevacizumab given 89 days ago', 'bevacizumab', 89, 'completed', true],
    ['bevacizumab given 120 days ago', 'bevacizumab', 120, 'completed', false],
    ['sunitinib prescribed 200 days ago, still active', 'sunitinib', 200, 'active', true],
    ['sunitinib stopped 200 days ago', 'sunitinib', 200, 'stopped', false],
    ['osimertinib, active (not anti-angiogenic)', 'osimertinib', 10, 'active', false],
  ] as const)('anti-angiogenic drug: %s', (_t, name, days, status, flagged) => {
    const f = actionsOf({ extra: (p) => p.medication({ name }, d(days), status) }).find(
      (x) => x.id === 'red-flag.anti-angiogenic',
    );
    expect(!!f).toBe(flagged);
    if (f) expect(f.text).toContain(name);
  });

  it('unknown primary: biopsy, with its suggestion; a known primary: none', () => {
    expect(
      actionsOf({ primary: UNKNOWN }).find((x) => x.id === 'action.unknown-primary.biopsy')
        ?.suggestion?.kind,
    ).toBe('biopsy');
    expect(ids({ primary: NSCLC })).not.toContain('action.unknown-primary.biopsy');
  });

  it('renal primary: embolisation when surgery is the answer, not when the patient declines it', () => {
    // Lung metastases rule out the excisional path, so the answer is decided: surgical
    // consultation.
    const graded = {
      escc: '1a',
      frankel: 'E',
      extra: (p: PatientBuilder) =>
        p.metastasis({ icd: 'C78.00', display: 'Secondary malignant neoplasm of lung' }, d(30)),
    };
    expect(ids({ primary: RENAL, ...graded })).toContain('action.hypervascular.embolisation');
    const declines = (p: PatientBuilder) => {
      graded.extra(p);
      p.input('declines-surgery', true, d(1));
    };
    expect(ids({ primary: RENAL, ...graded, extra: declines })).not.toContain(
      'action.hypervascular.embolisation',
    );
    expect(ids({ primary: NSCLC, ...graded })).not.toContain('action.hypervascular.embolisation');
  });
});

describe('scenarios and vignettes', () => {
  const scenarioIds = readdirSync(
    join(import.meta.dirname, '..', '..', 'fixtures', 'scenarios'),
  ).map((f) => f.replace(/\.json$/, ''));
  const all = [
    ...scenarioIds.map((id) => [id, assessScenario(id)] as const),
    ...VIGNETTES.map((v) => [v.id, assessPatient(v.build().resources, { asOf: REF })] as const),
  ];

  it('there are 13 scenarios and at least 40 vignettes', () => {
    expect(scenarioIds).toHaveLength(13);
    expect(all.length).toBeGreaterThanOrEqual(53);
  });

  it.each(all)(
    '%s: steroids and the stat referral exactly when high-grade ESCC meets a deficit',
    (_id, a) => {
      const f = a.facts;
      const highGrade = Object.values(f.spine.escc).some(
        (g) => g!.value === '2' || g!.value === '3',
      );
      const deficit = f.neuro !== undefined && f.neuro.value.grade.charAt(0) !== 'E';
      const mscc = !f.deceased && highGrade && deficit;
      const xs = a.recommendations.actions;
      expect(xs.some((x) => x.id === 'action.mscc.corticosteroids')).toBe(mscc);
      expect(xs.some((x) => x.suggestion?.kind === 'stat-spine-referral')).toBe(mscc);
    },
  );

  it('the set is not vacuous: both sides occur', () => {
    const mscc = all
      .filter(([, a]) =>
        a.recommendations.actions.some((x) => x.id === 'action.mscc.corticosteroids'),
      )
      .map(([id]) => id);
    expect(mscc).toEqual(
      expect.arrayContaining([
        's01-ctj-lung-cord-compression',
        'v01-mscc-nsclc-within-patchell',
        'v09-lymphoma-mscc-deficit',
        'v20-unknown-primary-mscc',
      ]),
    );
    expect(mscc.length).toBeLessThan(all.length / 2);
  });

  it('radiotherapy and palliative care where surgery is not the answer (v02), neither where it is (v01); no palliative referral for seminoma (v12)', () => {
    const of = (id: string) => all.find(([x]) => x === id)![1];
    const v02 = of('v02-mscc-survival-under-3m').recommendations;
    expect(answerOf(v02.candidacy)).toBe('not-surgical-candidate');
    expect(v02.actions.map((x) => x.suggestion?.kind)).toEqual(
      expect.arrayContaining(['radiotherapy-referral', 'palliative-care-referral']),
    );
    expect(
      of('v01-mscc-nsclc-within-patchell').recommendations.actions.map((x) => x.id),
    ).not.toContain('action.mscc.radiotherapy-referral');
    const v12 = of('v12-seminoma-mscc').recommendations.actions.map((x) => x.id);
    expect(v12).toContain('action.mscc.radiotherapy-referral');
    expect(v12).not.toContain('action.mscc.palliative-care');
  });

  it('a deceased patient gets none', () => {
    expect(all.find(([id]) => id === 'v42-deceased')![1].recommendations.actions).toEqual([]);
  });
});
