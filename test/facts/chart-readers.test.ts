import { describe, expect, it } from 'vitest';
import type {
  CodeableConcept,
  Condition,
  MedicationRequest,
  MedicationStatement,
  Resource,
} from 'fhir/r4';
import { extractFacts } from '../../src/facts/extract.js';
import { classifyDrug } from '../../src/facts/drug-classes.js';
import { convertQuantity, UnitError } from '../../src/facts/units.js';
import { caseSensitiveUcum } from '../../src/facts/ucum-case.js';
import { historyWindowDays, stalenessOf } from '../../src/provenance/fact.js';
import { relateKpsEcog, type Ecog, type Kps } from '../../src/clinical/performance.js';
import { PatientBuilder } from '../../src/synthetic/builders.js';
import { LOINC, SYSTEMS } from '../../src/terminology/systems.js';

const asOf = '2026-11-20';
const patient = () =>
  new PatientBuilder('p', { family: 'A', given: 'B', birthDate: '1960-01-01', gender: 'female' });
const cc = (system: string, code: string, display?: string): CodeableConcept => ({
  coding: [{ system, code, ...(display ? { display } : {}) }],
});

describe('deficit onset from a charted cord compression (issue 19, item 1)', () => {
  const cond = (id: string, code: CodeableConcept, extra: Partial<Condition> = {}): Condition => ({
    resourceType: 'Condition',
    id,
    subject: { reference: 'Patient/p' },
    code,
    clinicalStatus: { coding: [{ system: SYSTEMS.conditionClinical, code: 'active' }] },
    ...extra,
  });
  const status = (code: string): Partial<Condition> => ({
    clinicalStatus: { coding: [{ system: SYSTEMS.conditionClinical, code }] },
  });
  const ver = (code: string): Partial<Condition> => ({
    verificationStatus: { coding: [{ system: SYSTEMS.conditionVerification, code }] },
  });
  it.each([
    ['ICD-10-CM G95.20', cc(SYSTEMS.icd10cm, 'G95.20', 'Unspecified cord compression'), 'G95.20'],
    ['ICD-10-CM G95.29', cc(SYSTEMS.icd10cm, 'G95.29'), 'G95.29'],
    ['ICD-10-CM G99.2', cc(SYSTEMS.icd10cm, 'G99.2'), 'G99.2'],
    ['ICD-10-CM without the dot', cc(SYSTEMS.icd10cm, 'G9520'), 'G95.20'],
    ['WHO ICD-10 G95.2', cc(SYSTEMS.icd10, 'G95.2'), 'G95.2'],
    ['SNOMED CT 71286001', cc(SYSTEMS.snomed, '71286001', 'Spinal cord compression'), '71286001'],
  ])('%s is a cord compression', (_n, code, expected) => {
    const f = extractFacts([cond('c1', code, { onsetDateTime: '2026-11-18T08:00:00Z' })], { asOf });
    expect(f.cordCompression?.value).toMatchObject({
      onset: '2026-11-18T08:00:00Z',
      code: expected,
    });
    expect(f.cordCompression?.sources).toEqual([
      expect.objectContaining({ reference: 'Condition/c1', date: '2026-11-18T08:00:00Z' }),
    ]);
  });
  it.each([
    ['another G95 code (G95.0 syringomyelia)', cc(SYSTEMS.icd10cm, 'G95.0')],
    ['G95.20 in another system', cc('http://example.org/codes', 'G95.20')],
    ['the SNOMED code under ICD-10-CM', cc(SYSTEMS.icd10cm, '71286001')],
    ['a bone metastasis', cc(SYSTEMS.icd10cm, 'C79.51')],
  ])('%s is not', (_n, code) => {
    expect(
      extractFacts([cond('c1', code, { onsetDateTime: '2026-11-18' })], { asOf }).cordCompression,
    ).toBeUndefined();
  });
  const G9520 = cc(SYSTEMS.icd10cm, 'G95.20');
  it.each([
    ['no clinical status', { clinicalStatus: undefined }, true],
    ['recurrence', status('recurrence'), true],
    ['relapse', status('relapse'), true],
    ['resolved', status('resolved'), false],
    ['inactive', status('inactive'), false],
    ['remission', status('remission'), false],
    ['abated', { abatementDateTime: '2026-11-19' }, false],
    ['refuted', ver('refuted'), false],
    ['entered in error', ver('entered-in-error'), false],
    ['confirmed', ver('confirmed'), true],
  ] as const)('%s → used: %s', (_n, extra, used) => {
    const f = extractFacts(
      [cond('c1', G9520, { onsetDateTime: '2026-11-18', ...extra } as Partial<Condition>)],
      { asOf },
    );
    expect(!!f.cordCompression).toBe(used);
  });
  it('a provisional one is used with a warning', () => {
    const f = extractFacts(
      [cond('c1', G9520, { onsetDateTime: '2026-11-18', ...ver('provisional') })],
      { asOf },
    );
    expect(f.cordCompression?.warnings).toEqual([
      'the cord compression is recorded as provisional, not confirmed',
    ]);
  });
  it.each([
    [
      'onsetDateTime',
      { onsetDateTime: '2026-11-17T22:00:00Z', recordedDate: '2026-11-18' },
      '2026-11-17T22:00:00Z',
      false,
    ],
    [
      'onsetPeriod.start',
      { onsetPeriod: { start: '2026-11-16' }, recordedDate: '2026-11-18' },
      '2026-11-16',
      false,
    ],
    ['only recordedDate', { recordedDate: '2026-11-18' }, '2026-11-18', true],
    [
      'onsetString only, recordedDate',
      { onsetString: 'two days ago', recordedDate: '2026-11-18' },
      '2026-11-18',
      true,
    ],
  ] as const)('onset from %s', (_n, dates, onset, fromRecorded) => {
    const f = extractFacts([cond('c1', G9520, dates as Partial<Condition>)], { asOf });
    expect(f.cordCompression?.value.onset).toBe(onset);
    expect(f.cordCompression?.sources[0]?.date).toBe(onset);
    expect(f.cordCompression?.derivation !== undefined).toBe(fromRecorded);
  });
  it('no date at all: the fact without an onset', () => {
    const f = extractFacts([cond('c1', G9520)], { asOf });
    expect(f.cordCompression?.value).toEqual({
      code: 'G95.20',
      display: 'spinal cord compression',
    });
  });
  it('the newest active one wins; a newer resolved one does not count', () => {
    const f = extractFacts(
      [
        cond('old', G9520, { onsetDateTime: '2026-10-01' }),
        cond('new', cc(SYSTEMS.snomed, '71286001', 'Spinal cord compression'), {
          onsetDateTime: '2026-11-18',
        }),
        cond('gone', G9520, { onsetDateTime: '2026-11-19', ...status('resolved') }),
      ],
      { asOf },
    );
    expect(f.cordCompression?.sources[0]?.reference).toBe('Condition/new');
    expect(f.cordCompression?.value.display).toBe('Spinal cord compression');
  });
});

describe('KPS and ECOG the same day (issue 19, item 2)', () => {
  it.each([
    [100, 0, 'agree'],
    [90, 0, 'agree'],
    [70, 1, 'agree'],
    [30, 3, 'agree'],
    [10, 4, 'agree'],
    [0, 5, 'agree'],
    [30, 4, 'adjacent'],
    [40, 2, 'adjacent'],
    [80, 2, 'adjacent'],
    [90, 1, 'adjacent'],
    [50, 1, 'adjacent'],
    [70, 3, 'conflict'],
    [90, 3, 'conflict'],
    [100, 2, 'conflict'],
    [20, 2, 'conflict'],
    [10, 0, 'conflict'],
  ] as const)('KPS %i and ECOG %i: %s', (kps, ecog, kind) => {
    expect(relateKpsEcog(kps as Kps, ecog as Ecog).kind).toBe(kind);
  });
  const sameDay = (kps: number, ecog: number) => {
    const p = patient();
    p.kps(kps, '2026-11-18');
    p.ecog(ecog, '2026-11-18');
    return extractFacts(p.resources, { asOf });
  };
  it.each([
    // adjacent: the worse grade is the value, both records are its sources, no conflict
    [30, 4, { ecog: 4 }, 'ECOG 4'],
    [80, 2, { ecog: 2 }, 'ECOG 2'],
    [40, 2, { kps: 40 }, 'KPS 40'],
    [90, 1, { ecog: 1 }, 'ECOG 1'],
    [50, 1, { kps: 50 }, 'KPS 50'],
  ] as const)('KPS %i and ECOG %i: adjacent, the value is %j', (kps, ecog, value, worse) => {
    const f = sameDay(kps, ecog);
    expect(f.performance?.value).toEqual(value);
    expect(f.performance?.alternatives).toBeUndefined();
    expect(f.performance?.sources.map((s) => s.display)).toEqual([
      expect.stringMatching(/^Karnofsky/),
      expect.stringMatching(/^ECOG/),
    ]);
    expect(f.performance?.warnings).toEqual([
      `KPS ${kps} and ECOG ${ecog} the same day: adjacent grades under the standard ` +
        `conversion, both used; the worse, ${worse}, is the value`,
    ]);
    expect(f.issues).toEqual([]);
  });
  it('agreeing scales: both kept, no warning', () => {
    const f = sameDay(70, 1);
    expect(f.performance?.value).toEqual({ kps: 70, ecog: 1 });
    expect(f.performance?.warnings).toBeUndefined();
  });
  it.each([
    [70, 3],
    [90, 3],
    [20, 2],
  ])('KPS %i and ECOG %i: two grades apart stay a conflict', (kps, ecog) => {
    const f = sameDay(kps, ecog);
    expect(f.performance?.alternatives).toEqual([{ kps }, { ecog }]);
    expect(f.performance?.warnings?.[0]).toMatch(
      /recorded the same day disagree \(.*no standard conversion joins them\)/,
    );
    expect(f.issues).toHaveLength(1);
  });
  it('two KPS values the same day stay a conflict even beside an adjacent ECOG', () => {
    const p = patient();
    const a = p.kps(40, '2026-11-18');
    a.issued = '2026-11-18T09:00:00Z';
    const b = p.kps(30, '2026-11-18');
    b.issued = '2026-11-18T15:00:00Z';
    p.ecog(4, '2026-11-18');
    const f = extractFacts(p.resources, { asOf });
    expect(f.performance?.alternatives).toEqual([{ kps: 40 }]);
    expect(f.performance?.value).toEqual({ ecog: 4 });
  });
});

describe('strong opioid on the medication list (issue 19, item 3)', () => {
  it.each([
    [cc(SYSTEMS.rxnorm, '7052', 'morphine'), 'morphine'],
    [cc(SYSTEMS.rxnorm, '7804'), 'oxycodone'],
    [cc(SYSTEMS.rxnorm, '3423'), 'hydromorphone'],
    [cc(SYSTEMS.rxnorm, '4337'), 'fentanyl'],
    [cc(SYSTEMS.rxnorm, '6813'), 'methadone'],
    [cc(SYSTEMS.rxnorm, '787390'), 'tapentadol'],
    [cc(SYSTEMS.rxnorm, '7814'), 'oxymorphone'],
    [cc(SYSTEMS.rxnorm, '6378'), 'levorphanol'],
    [cc(SYSTEMS.rxnorm, '6754'), 'meperidine'],
    [cc(SYSTEMS.rxnorm, '1819', 'buprenorphine 0.01 MG/HR Transdermal System'), 'buprenorphine'],
    [cc(SYSTEMS.atc, 'N02AA01', 'morphine'), 'morphine'],
    [cc(SYSTEMS.atc, 'N02AB03', 'fentanyl'), 'fentanyl'],
    [cc(SYSTEMS.atc, 'N02AA55', 'oxycodone and naloxone'), 'oxycodone and naloxone'],
    [cc(SYSTEMS.atc, 'N02AE01', 'buprenorphine'), 'buprenorphine'],
    [cc(SYSTEMS.atc, 'N02AX06'), 'N02AX06'],
    [{ text: 'Morphine sulfate 10 MG Extended Release Oral Tablet' }, 'morphine'],
    [{ text: 'oxycodone hydrochloride 5 MG / acetaminophen 325 MG Oral Tablet' }, 'oxycodone'],
    [{ text: 'Fentanyl 25 MCG/HR Transdermal System' }, 'fentanyl'],
  ] as const)('%j is a strong opioid (%s)', (c, name) => {
    expect(classifyDrug(c as CodeableConcept)).toMatchObject({ cls: 'strong-opioid', name });
  });
  it.each([
    ['codeine', cc(SYSTEMS.rxnorm, '2670', 'codeine')],
    ['tramadol', cc(SYSTEMS.rxnorm, '10689', 'tramadol')],
    ['dihydrocodeine', cc(SYSTEMS.rxnorm, '23088', 'dihydrocodeine')],
    ['hydrocodone', cc(SYSTEMS.rxnorm, '5489', 'hydrocodone')],
    ['ATC codeine and paracetamol', cc(SYSTEMS.atc, 'N02AJ06')],
    ['ATC tramadol', cc(SYSTEMS.atc, 'N02AX02')],
    ['ATC dihydrocodeine', cc(SYSTEMS.atc, 'N02AA08')],
    ['ATC pentazocine', cc(SYSTEMS.atc, 'N02AD01')],
    ['text codeine', { text: 'Acetaminophen 300 MG / Codeine Phosphate 30 MG Oral Tablet' }],
    ['text tramadol', { text: 'tramadol hydrochloride 50 MG Oral Tablet' }],
    ['sublingual buprenorphine (RxNorm ingredient)', cc(SYSTEMS.rxnorm, '1819', 'buprenorphine')],
    [
      'buprenorphine and naloxone by name',
      { text: 'buprenorphine 8 MG / naloxone 2 MG Sublingual Tablet' },
    ],
  ] as const)('%s is not a strong opioid', (_n, c) => {
    expect(classifyDrug(c as CodeableConcept)?.cls).not.toBe('strong-opioid');
  });
  it('methadone for opioid dependence (ATC N07BC02) is not counted as analgesia', () => {
    const c: CodeableConcept = {
      coding: [
        { system: SYSTEMS.atc, code: 'N07BC02' },
        { system: SYSTEMS.rxnorm, code: '6813' },
      ],
      text: 'methadone',
    };
    expect(classifyDrug(c)?.cls).toBe('opioid-dependence');
  });

  const MORPHINE = cc(SYSTEMS.rxnorm, '7052', 'morphine');
  const request = (id: string, extra: Partial<MedicationRequest>): MedicationRequest => ({
    resourceType: 'MedicationRequest',
    id,
    status: 'active',
    intent: 'order',
    subject: { reference: 'Patient/p' },
    medicationCodeableConcept: MORPHINE,
    authoredOn: '2026-11-10',
    ...extra,
  });
  const statement = (id: string, extra: Partial<MedicationStatement>): MedicationStatement => ({
    resourceType: 'MedicationStatement',
    id,
    status: 'active',
    subject: { reference: 'Patient/p' },
    medicationCodeableConcept: MORPHINE,
    effectiveDateTime: '2026-11-10',
    ...extra,
  });
  it.each([
    ['an active order', request('m', {}), true],
    ['an active plan', request('m', { intent: 'plan' }), true],
    ['a proposal', request('m', { intent: 'proposal' }), false],
    ['an on-hold order', request('m', { status: 'on-hold' }), false],
    ['a completed order', request('m', { status: 'completed' }), false],
    ['a stopped order', request('m', { status: 'stopped' }), false],
    [
      'an order whose validity ended',
      request('m', { dispenseRequest: { validityPeriod: { end: '2026-11-15' } } }),
      false,
    ],
    [
      'an order valid past the assessment',
      request('m', { dispenseRequest: { validityPeriod: { end: '2026-12-15' } } }),
      true,
    ],
    ['an active statement', statement('m', {}), true],
    ['an intended statement', statement('m', { status: 'intended' }), false],
    [
      'a statement whose period ended',
      statement('m', { effectivePeriod: { start: '2026-10-01', end: '2026-11-01' } }),
      false,
    ],
    [
      'an order of codeine',
      request('m', { medicationCodeableConcept: cc(SYSTEMS.rxnorm, '2670', 'codeine') }),
      false,
    ],
  ] as const)('%s → strongOpioid: %s', (_n, r, present) => {
    const f = extractFacts([r as Resource], { asOf });
    expect(!!f.strongOpioid).toBe(present);
    if (present)
      expect(f.strongOpioid?.sources[0]?.reference).toBe(
        'MedicationRequest/m'.replace('MedicationRequest', r.resourceType),
      );
  });
  it('the newest is the value, every current one a source; a Medication reference is read; age is the pain limit', () => {
    const p = patient();
    const old = request('old', { authoredOn: '2026-09-01' });
    const med = {
      resourceType: 'Medication',
      id: 'fent',
      code: cc(SYSTEMS.rxnorm, '4337', 'fentanyl'),
    } as Resource;
    const recent = request('new', {
      authoredOn: '2026-11-15',
      medicationCodeableConcept: undefined,
      medicationReference: { reference: 'Medication/fent' },
    });
    const f = extractFacts([...p.resources, old, med, recent], { asOf });
    expect(f.strongOpioid?.value).toEqual({ name: 'fentanyl' });
    expect(f.strongOpioid?.sources.map((s) => s.reference)).toEqual([
      'MedicationRequest/new',
      'MedicationRequest/old',
    ]);
    expect(f.strongOpioid?.stale).toBeUndefined();
    const stale = extractFacts([old], { asOf });
    expect(stale.strongOpioid?.stale).toEqual({ ageDays: 80, limitDays: 30 });
    // Not counted as chemotherapy or anything else the scores read.
    expect(f.therapy).toEqual({ radiotherapy: [], spineSurgery: [] });
  });
});

describe('UCUM case-insensitive units (issue 19, item 4)', () => {
  it.each([
    ['MG/L', 'mg/L'],
    ['MG/DL', 'mg/dL'],
    ['G/L', 'g/L'],
    ['G/DL', 'g/dL'],
    ['MMOL/L', 'mmol/L'],
    ['UMOL/L', 'umol/L'],
    ['10*3/UL', '10*3/uL'],
    ['10*9/L', '10*9/L'],
    ['UKAT/L', 'ukat/L'],
    ['U/L', 'U/L'],
    ['[IU]/L', '[IU]/L'],
    ['KG/M2', 'kg/m2'],
    ['MA', 'mA'],
    ['G/L{TOTAL}', 'g/L{TOTAL}'],
  ])('%s is UCUM case-insensitive for %s', (ci, cs) => expect(caseSensitiveUcum(ci)).toBe(cs));
  it.each([['FURLONG'], ['GRAM PERCENT'], ['['], ['MCG/L']])(
    '%s is not a case-insensitive UCUM code',
    (ci) => {
      expect(caseSensitiveUcum(ci)).toBeUndefined();
    },
  );
  const U = SYSTEMS.ucum;
  it.each([
    [{ value: 12, code: 'MG/L' }, 'mg/dL', {}, 1.2],
    [{ value: 35, code: 'G/L' }, 'g/dL', {}, 3.5],
    [{ value: 3.5, code: 'G/DL' }, 'g/dL', {}, 3.5],
    [{ value: 2.5, code: 'MMOL/L' }, 'mg/dL', { molecularWeight: 40.078 }, 10.0195],
    [{ value: 20, code: 'UMOL/L' }, 'mg/dL', { molecularWeight: 584.66 }, 1.16932],
    [{ value: 99, code: '10*3/UL' }, '/uL', {}, 99000],
    [{ value: 4, code: 'UKAT/L' }, 'U/L', {}, 240],
  ] as const)('%j converts to %s', (q, target, opts, expected) => {
    const r = convertQuantity({ ...q, system: U }, target, opts);
    expect(r.value).toBeCloseTo(expected, 4);
    expect(r.note).toMatch(
      new RegExp(`UCUM case-insensitive ${q.code.replace(/[*[\]/]/g, '\\$&')} = `),
    );
  });
  it('a case-sensitive code is read as such first (MG/L would be megagauss per litre, and is not)', () => {
    expect(convertQuantity({ value: 1.2, code: 'mg/dL', system: U }, 'mg/dL').note).toBeUndefined();
  });
  it.each([
    ['a unit of another dimension', { value: 3, code: 'MMOL/L' }, 'g/dL', /cannot be converted/],
    ['not a unit either way', { value: 3, code: 'FURLONG' }, 'g/dL', /cannot be converted/],
  ])('%s is still refused with the original reason', (_n, q, target, msg) => {
    expect(() => convertQuantity({ ...q, system: U }, target)).toThrowError(UnitError);
    expect(() => convertQuantity({ ...q, system: U }, target)).toThrowError(msg);
  });
  it('in a chart: a case-insensitive unit is used; one that cannot be converted drops only that result, named', () => {
    const p = patient();
    p.lab(LOINC.crp, 'CRP', 12, 'MG/L', '2026-11-18');
    p.lab(LOINC.albumin, 'Albumin', 35, 'G/L', '2026-11-18');
    const bad = p.lab(LOINC.calciumMass, 'Calcium', 9, 'furlong', '2026-11-18');
    const bad2 = p.lab(LOINC.ldh, 'LDH', 250, 'MMOL/L', '2026-11-18');
    p.kps(70, '2026-11-18');
    const f = extractFacts(p.resources, { asOf });
    expect(f.labs.crpMgDl?.value).toBe(1.2);
    expect(f.labs.albuminGDl?.value).toBe(3.5);
    expect(f.labs.albuminGDl?.conversion).toMatch(/case-insensitive G\/L = g\/L/);
    expect(f.labs.calciumMgDl).toBeUndefined();
    expect(f.labs.ldhUL).toBeUndefined();
    expect(f.performance?.value).toEqual({ kps: 70 });
    expect(f.issues.map((i) => [i.resource, i.message])).toEqual([
      [`Observation/${bad.id}`, expect.stringContaining('unit "furlong"')],
      [`Observation/${bad2.id}`, expect.stringContaining('unit "MMOL/L"')],
    ]);
  });
});

describe('history is not a current input (issue 19, item 5)', () => {
  it.each([
    // [ageDays, limitDays, stale?, history?]
    [30, 30, false, false],
    [31, 30, true, false],
    [370, 30, true, false],
    [730, 30, true, false],
    [731, 30, true, true],
    [17_236, 30, true, true],
    [731, 14, true, true],
    [700, 200, true, false],
    [801, 200, true, true],
  ] as const)(
    '%i days old against a %i-day limit: stale %s, history %s',
    (age, limit, stale, history) => {
      const s = stalenessOf(age, limit);
      expect(!!s).toBe(stale);
      expect(s?.history === true).toBe(history);
    },
  );
  it('the window is four limits and never less than two years', () => {
    expect([14, 30, 42, 90, 182, 183, 200].map(historyWindowDays)).toEqual([
      730, 730, 730, 730, 730, 732, 800,
    ]);
  });
  it('a value 17,236 days old is history; it stays in the history list; a fresh one is not marked', () => {
    const p = patient();
    p.kps(80, '1979-07-26');
    p.kps(60, '2026-11-10');
    const f = extractFacts(p.resources, { asOf });
    expect(f.history.kps.map((h) => [h.value, h.stale?.history ?? false])).toEqual([
      [80, true],
      [60, false],
    ]);
    const old = extractFacts(
      p.resources.filter((r) => (r as { valueInteger?: number }).valueInteger !== 60),
      { asOf },
    );
    expect(old.performance?.stale).toEqual({ ageDays: 17_284, limitDays: 30, history: true });
  });
  it('a recorded metastasis is never history (a treated lesion is still a lesion): stale only', () => {
    const p = patient();
    p.metastasis(
      {
        icd: 'C79.51',
        display: 'Bone metastasis ilium',
        bodySiteSnomed: ['22356005', 'Ilium structure'],
      },
      '2022-01-01',
    );
    p.input('vertebral-metastasis-level', true, '2022-01-01', 'T9');
    const f = extractFacts(p.resources, { asOf });
    expect(f.spine.extraspinalBone?.stale).toMatchObject({ limitDays: 90 });
    expect(f.spine.extraspinalBone?.stale?.history).toBeUndefined();
    expect(f.spine.levels[0]?.stale).toMatchObject({ limitDays: 90 });
    expect(f.spine.levels[0]?.stale?.history).toBeUndefined();
  });
});

describe('pain values as the scale records them (issue 19, item 6)', () => {
  it.each([
    ['NRS float noise', 'nrs', 0.8402445892361805, 0.8],
    ['NRS average', 'nrs', 6.5, 6.5],
    ['NRS integer', 'nrs', 7, 7],
    ['NRS 9.96', 'nrs', 9.96, 10],
    ['VAS mm float noise', 'vas', 65.00000000001, 65],
    ['VAS mm with a decimal', 'vas', 42.5, 42.5],
    ['VAS mm two decimals', 'vas', 42.57, 42.6],
  ] as const)('%s: %s %d → %d, recorded value in provenance', (_n, scale, recorded, used) => {
    const p = patient();
    if (scale === 'nrs') {
      const o = p.painNrs(0, '2026-11-18');
      delete o.valueInteger;
      o.valueQuantity = { value: recorded, unit: '{score}', system: SYSTEMS.ucum, code: '{score}' };
    } else p.painVas(recorded, 'mm', '2026-11-18');
    const f = extractFacts(p.resources, { asOf });
    expect(f.pain?.value).toEqual({ instrument: scale, value: used });
    expect(f.history.pain[0]?.value.value).toBe(used);
    const display = f.pain?.sources[0]?.display ?? '';
    if (used === recorded) {
      expect(f.pain?.derivation).toBeUndefined();
      expect(display).not.toMatch(/recorded/);
    } else {
      expect(display).toContain(`recorded ${recorded}`);
      expect(f.pain?.derivation).toContain(`recorded ${recorded}, kept as ${used}`);
    }
  });
  it('a VAS in cm keeps its conversion note with the recorded value', () => {
    const p = patient();
    p.painVas(6.55, 'cm', '2026-11-18');
    const f = extractFacts(p.resources, { asOf });
    expect(f.pain?.value).toEqual({ instrument: 'vas', value: 65.5 });
    expect(f.pain?.conversion).toBe('6.55 cm → 65.5 mm');
  });
});
