import { describe, expect, it } from 'vitest';
import type { CodeableConcept } from 'fhir/r4';
import { classifyCancerCode } from '../../src/facts/cancer-codes.js';
import { classifyDrug } from '../../src/facts/drug-classes.js';
import { readBodySites } from '../../src/facts/body-sites.js';
import { extractFacts } from '../../src/facts/extract.js';
import { levelsInText, countVertebralUnits } from '../../src/clinical/spine-levels.js';
import { PatientBuilder } from '../../src/synthetic/builders.js';
import { LOINC } from '../../src/terminology/systems.js';
import { scenarioResources } from '../scenario-helpers.js';

const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';
/** A chart of a woman born 1960 to add findings to. */
const patient = (id = 'x') =>
  new PatientBuilder(id, { family: 'A', given: 'B', birthDate: '1960-01-01', gender: 'female' });
const SCT = 'http://snomed.info/sct';
const cc = (system: string, code: string, display?: string): CodeableConcept => ({
  coding: [{ system, code, ...(display ? { display } : {}) }],
});

describe('cancer codes (interop.md C2–C3)', () => {
  it.each([
    ['C50.411', 'breast'],
    ['C34.11', 'lung'],
    ['C61', 'prostate'],
    ['C64.1', 'kidney'],
    ['C73', 'thyroid'],
    ['C20', 'rectum'],
    ['C18.7', 'colon'],
    ['C19', 'colon'],
    ['C16.2', 'stomach'],
    ['C22.0', 'liver'],
    ['C90.00', 'myeloma'],
    ['C83.30', 'lymphoma'],
    ['C80.1', 'unknown'],
    ['C7A.010', 'carcinoid'],
    ['C43.9', 'melanoma'],
    ['C53.9', 'cervix'],
    ['C54.1', 'uterus'],
    ['C67.9', 'bladder'],
  ])('ICD-10-CM %s → primary %s', (code, site) => {
    expect(classifyCancerCode(cc(ICD, code))).toMatchObject({ kind: 'primary', site });
  });
  it.each([
    ['C79.51', 'bone'],
    ['C79.31', 'brain'],
    ['C79.32', 'leptomeninges'],
    ['C78.7', 'liver'],
    ['C78.01', 'lung'],
    ['C78.2', 'pleura'],
    ['C78.6', 'peritoneum'],
    ['C79.71', 'adrenal'],
    ['C77.0', 'lymph-node'],
    ['C7B.03', 'bone'],
  ])('ICD-10-CM %s → secondary %s', (code, site) => {
    expect(classifyCancerCode(cc(ICD, code))).toMatchObject({ kind: 'secondary', site });
  });
  it.each([
    ['254837009', 'primary', 'breast'],
    ['254637007', 'primary', 'lung'],
    ['109989006', 'primary', 'myeloma'],
    ['94602001', 'secondary', 'bone'],
    ['94225005', 'secondary', 'brain'],
    ['94381002', 'secondary', 'liver'],
  ])('SNOMED CT %s → %s %s', (code, kind, site) => {
    expect(classifyCancerCode(cc(SCT, code))).toMatchObject({ kind, site });
  });
  it('NSCLC SNOMED code carries the histology', () =>
    expect(classifyCancerCode(cc(SCT, '254637007'))).toMatchObject({ lungHistology: 'nsclc' }));
  it('a primary bone tumour of the spine is not a metastasis', () =>
    expect(classifyCancerCode(cc(ICD, 'C41.2'))?.kind).toBe('primary-bone-spine'));
  it('falls back to the coded text and says so', () => {
    const r = classifyCancerCode({ text: 'Invasive ductal carcinoma of breast' });
    expect(r).toMatchObject({ kind: 'primary', site: 'breast' });
    expect(r?.via).toMatch(/^text/);
  });
  it('non-cancer codes are ignored', () =>
    expect(classifyCancerCode(cc(ICD, 'I10'))).toBeUndefined());
});

describe('vertebral levels (interop.md C4)', () => {
  it.each([
    [[cc(SCT, '280849005')], ['T12']],
    [[cc(SCT, '14806007')], ['C1']],
    [[{ text: 'T11-L1' }], ['T11', 'T12', 'L1']],
    [[{ text: 'Th 7' }], ['T7']],
    [[cc(SCT, '122496007', 'Lumbar spine')], []],
  ] as const)('%j → %j', (sites, levels) => {
    const r = readBodySites(sites as unknown as CodeableConcept[]);
    expect(r.levels.sort()).toEqual([...levels].sort());
    expect(r.spinal).toBe(true);
  });
  it('an ilium is extraspinal', () =>
    expect(readBodySites([cc(SCT, '22356005', 'Ilium structure')]).extraspinal).toBe(true));
  it('levels in free text, ranges across regions, sacrum counted once', () => {
    expect(levelsInText('lesions at C7–T2 and L5')).toEqual(['C7', 'T1', 'T2', 'L5']);
    expect(countVertebralUnits(['S1', 'S2', 'S3', 'L5'])).toBe(2);
  });
});

describe('drug classes (interop.md C-25)', () => {
  it.each([
    [cc('http://www.nlm.nih.gov/research/umls/rxnorm', '1721560'), 'targeted'],
    [cc('http://www.whocc.no/atc', 'L01EB04'), 'targeted'],
    [cc('http://www.whocc.no/atc', 'L01XA01'), 'cytotoxic'],
    [cc('http://www.whocc.no/atc', 'L02BB04'), 'hormonal'],
    [cc('http://www.whocc.no/atc', 'L01FF02'), 'immunotherapy'],
    [{ text: 'Paclitaxel 175 mg/m2 IV' }, 'cytotoxic'],
    [{ text: 'Zoledronic acid 4 mg' }, 'bone-agent'],
  ] as const)('%j → %s', (c, cls) => expect(classifyDrug(c as CodeableConcept)?.cls).toBe(cls));
  it('unknown drugs are not classified', () =>
    expect(classifyDrug({ text: 'Paracetamol' })).toBeUndefined());
});

describe('facts from FHIR', () => {
  const asOf = '2026-11-20';
  it('performance status from KPS valueInteger and from LOINC answer codes; ECOG from a legacy SNOMED finding', () => {
    const p = patient();
    const o = p.kps(60, '2026-11-10');
    delete o.valueInteger;
    o.valueCodeableConcept = { coding: [{ system: 'http://loinc.org', code: 'LA29178-3' }] };
    expect(extractFacts(p.resources, { asOf }).performance?.value).toEqual({ kps: 70 });
    const q = patient('y');
    const e = q.input('dummy', true, '2026-11-10');
    e.code = { coding: [{ system: SCT, code: '423237006' }] };
    delete e.valueBoolean;
    e.valueCodeableConcept = { coding: [{ system: SCT, code: '423237006', display: 'ECOG 4' }] };
    expect(extractFacts(q.resources, { asOf }).performance?.value).toEqual({ ecog: 4 });
  });
  it('the latest value wins and older values stay in the history; stale values are flagged', () => {
    const p = patient();
    p.kps(90, '2026-06-01');
    p.kps(60, '2026-09-01');
    const f = extractFacts(p.resources, { asOf });
    expect(f.performance?.value.kps).toBe(60);
    expect(f.performance?.stale).toEqual({ ageDays: 80, limitDays: 30 });
    expect(f.history.kps.map((h) => h.value)).toEqual([90, 60]);
  });
  it('histories built on first read are ordinary members: same order, same JSON, writable', () => {
    const p = patient();
    p.kps(90, '2026-06-01');
    p.kps(60, '2026-09-01');
    p.ecog(1, '2026-09-01');
    const h = extractFacts(p.resources, { asOf }).history;
    const keys = ['kps', 'ecog', 'neuro', 'pain', 'barthel', 'eq5d'];
    expect(Object.keys(h)).toEqual(keys);
    // Serialised before any member was read: every history is in the JSON, in its place.
    const json = JSON.parse(JSON.stringify(h)) as Record<string, Array<{ value: unknown }>>;
    expect(Object.keys(json)).toEqual(keys);
    expect(json.kps!.map((x) => x.value)).toEqual([90, 60]);
    expect(json.ecog!.map((x) => x.value)).toEqual([1]);
    expect(h.kps).toBe(h.kps);
    expect({ ...h }.ecog).toBe(h.ecog);
    h.pain = [];
    expect(h.pain).toEqual([]);
    expect(Object.keys(h)).toEqual(keys);
    // Once every lazy member is settled, the builders (and the extraction state they hold) go.
    expect(Object.getOwnPropertySymbols(h)).toEqual([]);
    const fresh = extractFacts(p.resources, { asOf }).history;
    expect(Object.getOwnPropertySymbols(fresh)).toHaveLength(1);
    void fresh.kps;
    expect(Object.getOwnPropertySymbols(fresh)).toHaveLength(1);
  });
  it('entered-in-error and cancelled Observations are ignored; preliminary is used with a warning', () => {
    const p = patient();
    p.lab(LOINC.albumin, 'Albumin', 2.0, 'g/dL', '2026-11-19', { status: 'entered-in-error' });
    p.lab(LOINC.albumin, 'Albumin', 3.9, 'g/dL', '2026-11-18', { status: 'preliminary' });
    const f = extractFacts(p.resources, { asOf });
    expect(f.labs.albuminGDl?.value).toBe(3.9);
    expect(f.labs.albuminGDl?.warnings).toEqual(['preliminary result']);
  });
  it('a VAS in a score unit is refused (NRS is not VAS); a VAS in cm is converted to mm', () => {
    const p = patient();
    const v = p.painVas(7, 'mm', '2026-11-19');
    v.valueQuantity = { value: 7, code: '{score}', system: 'http://unitsofmeasure.org' };
    p.painVas(6.5, 'cm', '2026-11-10');
    const f = extractFacts(p.resources, { asOf });
    expect(f.issues[0]?.message).toMatch(/not a UCUM length/);
    expect(f.pain?.value).toEqual({ instrument: 'vas', value: 65 });
    expect(f.pain?.conversion).toBe('6.5 cm → 65 mm');
  });
  it('an invalid Karnofsky value is refused with a message naming the resource', () => {
    const p = patient();
    const o = p.kps(75, '2026-11-10');
    const f = extractFacts(p.resources, { asOf });
    expect(f.performance).toBeUndefined();
    expect(f.issues).toEqual([
      {
        severity: 'error',
        resource: `Observation/${o.id}`,
        message: 'Karnofsky value 75 is not 0–100 in steps of 10',
      },
    ]);
  });
  it('scenario s04: calcium 2.8 mmol/L → 11.22 mg/dL with the conversion recorded; platelets 10*9/L → /uL', () => {
    const f = extractFacts(scenarioResources('s04-myeloma-multilevel'), { asOf });
    expect(f.labs.calciumMgDl?.value).toBeCloseTo(11.2218, 3);
    expect(f.labs.calciumMgDl?.conversion).toMatch(
      /2.8 mmol\/L → 11.22\d* mg\/dL \(UCUM, 40.078 g\/mol\)/,
    );
    expect(f.labs.plateletsPerUl?.value).toBe(140000);
    expect(f.labs.albuminGDl?.value).toBe(3.1);
    expect(f.spine.levels.map((l) => l.value)).toEqual(['T6', 'T8', 'L2']);
    expect(f.spine.vertebral?.value).toEqual({ atLeast: 3, exact: false });
  });
  it('scenario s05: osimertinib makes the lung primary "on targeted therapy"; T12–L1 from bodySite text; ECOG is stale', () => {
    const f = extractFacts(scenarioResources('s05-lung-egfr-osimertinib-tl'), { asOf });
    expect(f.primary?.value).toMatchObject({
      site: 'lung',
      targetedTherapy: true,
      lungHistology: 'nsclc',
    });
    expect(f.spine.levels.map((l) => l.value)).toEqual(['T12', 'L1']);
    expect(f.performance?.stale?.ageDays).toBe(75);
    expect(f.labs.crpMgDl?.value).toBe(1.2);
  });
  it('scenario s06: hormone sensitivity from ICD-10-CM Z19.1; S1–S2 count as one vertebral unit', () => {
    const f = extractFacts(scenarioResources('s06-prostate-sacral'), { asOf });
    expect(f.primary?.value.hormoneDependent).toBe(true);
    expect(f.spine.vertebral?.value).toEqual({ atLeast: 1, exact: false });
  });
  it('scenario s08: contradictions are reported, not silently resolved', () => {
    const f = extractFacts(scenarioResources('s08-breast-contradictory'), { asOf });
    const msgs = f.issues.map((i) => i.message).join('\n');
    expect(msgs).toMatch(/conflicting values on 2026-11-17: Karnofsky 70/);
    expect(msgs).toMatch(/KPS 70 and ECOG 3 recorded the same day disagree/);
    expect(msgs).toMatch(/cytotoxic drugs are recorded/);
    expect(f.therapy.previousChemotherapy?.value).toBe(true);
    expect(f.primary?.value.hormoneDependent).toBe(true);
    expect(f.spine.extraspinalBone?.value).toEqual({ atLeast: 1, exact: false });
    expect(f.visceral?.value).toEqual({ sites: ['liver'], complete: false });
  });
  it('scenario s09: labs in unusable units are refused by name; the IU LDH and the µmol/L bilirubin are used', () => {
    const f = extractFacts(scenarioResources('s09-colon-unknown-units'), { asOf });
    expect(f.labs.crpMgDl).toBeUndefined();
    expect(f.labs.albuminGDl).toBeUndefined();
    expect(f.issues.filter((i) => i.severity === 'error').map((i) => i.resource)).toEqual([
      'Observation/s09-obs-5',
      'Observation/s09-obs-6',
    ]);
    expect(f.labs.ldhUL?.conversion).toMatch(/enzyme IU = U/);
    expect(f.labs.bilirubinMgDl?.value).toBeCloseTo(1.754, 3);
  });
  it('scenario s12: every input is flagged stale', () => {
    const f = extractFacts(scenarioResources('s12-hcc-t4-stale'), { asOf });
    expect(f.performance?.stale).toBeDefined();
    expect(f.labs.crpMgDl?.stale).toBeDefined();
    expect(f.spine.sins.T4?.pain?.stale).toBeDefined();
  });
  it('a resolved primary (resected years ago) is still the origin, with a warning; a refuted one is ignored', () => {
    const p = patient();
    p.primary({ icd: 'C50.911', display: 'Breast cancer' }, '2019-01-01');
    (p.resources[1] as { clinicalStatus?: object }).clinicalStatus = {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'remission' },
      ],
    };
    p.primary({ icd: 'C34.90', display: 'Lung cancer' }, '2026-01-01');
    (p.resources[2] as { verificationStatus?: object }).verificationStatus = {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'refuted' },
      ],
    };
    const f = extractFacts(p.resources, { asOf });
    expect(f.primary?.value.site).toBe('breast');
    expect(f.primary?.warnings?.[0]).toMatch(/marked resolved or abated/);
  });
  it('every fact names its source resource and date', () => {
    const f = extractFacts(scenarioResources('s01-ctj-lung-cord-compression'), { asOf });
    for (const fact of [f.primary, f.performance, f.neuro, f.labs.crpMgDl, f.spine.escc.C7]) {
      expect(fact?.sources[0]?.reference).toMatch(/^(Condition|Observation)\/s01-/);
      expect(fact?.sources[0]?.date).toMatch(/^\d{4}-\d{2}-\d{2}/);
    }
  });
});

describe('inputs a real chart carries (issue: decision engine, item 7)', () => {
  const base = () => {
    const p = new PatientBuilder('x1', {
      family: 'X',
      given: 'Y',
      birthDate: '1960-01-01',
      gender: 'female',
    });
    p.primary({ icd: 'C34.11', display: 'Adenocarcinoma of lung' }, '2025-01-01');
    return p;
  };
  const items = (p: PatientBuilder, day: string, answers: Record<string, string>) => {
    for (const [code, a] of Object.entries(answers)) p.input(code, { code: `${code}-${a}` }, day);
  };
  const ALL = {
    'barthel-feeding': 'help',
    'barthel-bathing': 'dependent',
    'barthel-grooming': 'independent',
    'barthel-dressing': 'help',
    'barthel-bowels': 'continent',
    'barthel-bladder': 'occasional',
    'barthel-toilet': 'help',
    'barthel-transfers': 'minor',
    'barthel-mobility': 'wheelchair',
    'barthel-stairs': 'unable',
  };

  it('ten Barthel item records of one day give the total through barthel(), with every item as a source', () => {
    const p = base();
    items(p, '2026-11-10', ALL);
    const f = extractFacts(p.resources, { asOf: '2026-11-20' });
    expect(f.history.barthel.map((x) => x.value)).toEqual([
      5 + 0 + 5 + 5 + 10 + 5 + 5 + 10 + 5 + 0,
    ]);
    expect(f.history.barthel[0]!.sources).toHaveLength(10);
    expect(f.history.barthel[0]!.derivation).toMatch(/sum of the 10 Barthel items/);
  });

  it('an incomplete set gives no total, and says what it could be', () => {
    const p = base();
    const { 'barthel-stairs': _s, ...nine } = ALL;
    items(p, '2026-11-10', nine);
    const f = extractFacts(p.resources, { asOf: '2026-11-20' });
    expect(f.history.barthel).toEqual([]);
    expect(f.issues.map((i) => i.message).join(' ')).toContain(
      'Barthel items of 2026-11-10 are incomplete (Stairs not recorded): no total; it ' +
        'could be 50–60',
    );
  });

  it('a lab reported as a bound keeps its comparator through the unit conversion', () => {
    const p = base();
    const o = p.lab(LOINC.crp, 'CRP', 1, 'mg/L', '2026-11-19');
    o.valueQuantity!.comparator = '<';
    const f = extractFacts(p.resources, { asOf: '2026-11-20' });
    expect(f.labs.crpMgDl).toMatchObject({ value: 0.1, comparator: '<' });
  });

  it('lung cancer without targeted therapy: a clinician entry establishes it; a targeted drug on record wins and is flagged', () => {
    const p = base();
    p.input('lung-no-targeted-therapy', true, '2026-11-01');
    expect(extractFacts(p.resources, { asOf: '2026-11-20' }).primary!.value.targetedTherapy).toBe(
      false,
    );
    p.medication({ atc: 'L01EB04', name: 'osimertinib' }, '2026-06-01');
    const f = extractFacts(p.resources, { asOf: '2026-11-20' });
    expect(f.primary!.value.targetedTherapy).toBe(true);
    expect(f.issues.map((i) => i.message).join(' ')).toMatch(/targeted drugs are recorded/);
  });

  it.each([
    ['L01XK01', 'targeted'],
    ['L01XG01', 'targeted'],
    ['L01XE03', 'targeted'],
    ['L01XC02', 'antibody'],
    ['L01BA01', 'cytotoxic'],
  ])('ATC %s is %s', (code, cls) => {
    expect(classifyDrug(cc('http://www.whocc.no/atc', code))?.cls).toBe(cls);
  });

  it('a deceased patient is recorded as such, and the age stops at death', () => {
    const p = base();
    (p.resources[0] as { deceasedDateTime?: string }).deceasedDateTime = '2020-01-01';
    const f = extractFacts(p.resources, { asOf: '2026-11-20' });
    expect(f.deceased?.value.date).toBe('2020-01-01');
    expect(f.ageYears).toBe(60);
  });
});
