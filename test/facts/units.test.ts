import { describe, expect, it } from 'vitest';
import { convertQuantity, UnitError } from '../../src/facts/units.js';

const U = 'http://unitsofmeasure.org';
describe('UCUM conversions to the published units (scores.md §19b)', () => {
  it.each([
    ['CRP', { value: 12, code: 'mg/L' }, 'mg/dL', {}, 1.2],
    ['albumin g/L', { value: 35, code: 'g/L' }, 'g/dL', {}, 3.5],
    ['platelets 10*9/L', { value: 85, code: '10*9/L' }, '/uL', {}, 85000],
    ['platelets 10*3/uL', { value: 99.999, code: '10*3/uL' }, '/uL', {}, 99999],
    [
      'calcium mmol/L',
      { value: 2.57, code: 'mmol/L' },
      'mg/dL',
      { molecularWeight: 40.078 },
      10.300046,
    ],
    [
      'bilirubin umol/L',
      { value: 23.94, code: 'umol/L' },
      'mg/dL',
      { molecularWeight: 584.66 },
      1.39967604,
    ],
    ['LDH ukat/L', { value: 4.17, code: 'ukat/L' }, 'U/L', {}, 250.2],
    ['LDH IU/L (enzyme equivalence)', { value: 250, code: '[IU]/L' }, 'U/L', { enzyme: true }, 250],
  ] as const)('%s', (_n, q, target, opts, expected) => {
    const r = convertQuantity({ ...q, system: U }, target, opts);
    expect(r.value).toBeCloseTo(expected, 6);
  });
  it('notes the conversion; no note when the unit already matches', () => {
    expect(convertQuantity({ value: 12, code: 'mg/L', system: U }, 'mg/dL').note).toBe(
      '12 mg/L → 1.2 mg/dL (UCUM)',
    );
    expect(convertQuantity({ value: 1.2, code: 'mg/dL', system: U }, 'mg/dL').note).toBeUndefined();
  });
  it.each([
    ['no code', { value: 1, unit: 'mg/dL' }, /no UCUM unit code/],
    [
      'not UCUM system',
      { value: 1, code: 'mg/dL', system: 'http://example.org' },
      /not coded in UCUM/,
    ],
    ['missing system', { value: 1, code: 'mg/dL' }, /not coded in UCUM \(system missing\)/],
    ['unknown unit', { value: 1, code: 'furlong', system: U }, /cannot be converted/],
    ['blank in unit', { value: 1, code: 'gram percent', system: U }, /blank spaces/],
    ['wrong dimension', { value: 1, code: 'mmol/L', system: U }, /cannot be converted/],
    ['no value', { code: 'mg/L', system: U }, /no numeric value/],
  ] as const)('refuses %s with a clear message', (_n, q, msg) => {
    expect(() => convertQuantity(q, 'mg/dL')).toThrowError(UnitError);
    expect(() => convertQuantity(q, 'mg/dL')).toThrowError(msg);
  });
  it('IU is refused without the enzyme equivalence', () => {
    expect(() => convertQuantity({ value: 250, code: '[IU]/L', system: U }, 'U/L')).toThrow(
      UnitError,
    );
  });
});

describe('conversions already made are reused (a cohort repeats units and values)', () => {
  it('a reused conversion is the right one and cannot be corrupted by a caller; another molecular weight is another conversion', () => {
    const q = { value: 2.57, code: 'mmol/L', system: U };
    const a = convertQuantity(q, 'mg/dL', { molecularWeight: 40.078 });
    // The kept answer is shared: a caller writing to it would change every later conversion.
    expect(() => {
      (a as { value: number }).value = 0;
    }).toThrow(TypeError);
    expect(convertQuantity({ ...q }, 'mg/dL', { molecularWeight: 40.078 }).value).toBeCloseTo(
      10.300046,
      6,
    );
    expect(convertQuantity(q, 'mg/dL', { molecularWeight: 584.66 }).value).toBeCloseTo(
      150.25762,
      4,
    );
    expect(convertQuantity(q, 'mg/dL', { molecularWeight: 40.078 }).value).toBeCloseTo(
      10.300046,
      6,
    );
    expect(
      convertQuantity({ ...q, value: 2.58 }, 'mg/dL', { molecularWeight: 40.078 }).value,
    ).toBeCloseTo(10.340124, 6);
  });
  it('a refused unit is refused every time', () => {
    for (let i = 0; i < 3; i++)
      expect(() => convertQuantity({ value: 1, code: 'furlong', system: U }, 'mg/dL')).toThrow(
        UnitError,
      );
  });
});
