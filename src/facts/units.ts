import * as ucumModule from '@lhncbc/ucum-lhc';
import type { Quantity } from 'fhir/r4';
import { SYSTEMS } from '../terminology/systems.js';
import { caseSensitiveUcum } from './ucum-case.js';
import { ucumPackage } from './ucum-api.js';

const ucum = ucumPackage(ucumModule).UcumLhcUtils.getInstance();

/**
 * Thrown for a unit that is missing, not UCUM, or not convertible: the value is refused, never
 * guessed.
 */
export class UnitError extends Error {}

/**
 * Enzyme international units: UCUM's [IU] is an arbitrary unit and does not convert, but for an
 * enzyme activity "IU/L" means µmol/min/L = U/L (scores.md §19b). This is the only equivalence
 * added to UCUM, and it is stated in the conversion note.
 */
const ENZYME_IU = new Set(['[IU]/L', '[iU]/L']);

export interface Converted {
  value: number;
  unit: string;
  /** Human note when a conversion happened, e.g. `12 mg/L → 1.2 mg/dL (UCUM)`. */
  note?: string;
}

/** Rounds away float noise from unit arithmetic without changing clinically meaningful digits. */
function clean(x: number): number {
  return Number(x.toPrecision(12));
}

export interface ConvertOptions {
  /** g/mol, for mass ↔ substance conversions (calcium 40.078, bilirubin 584.66). */
  molecularWeight?: number;
  /** Allow the enzyme IU = U equivalence. */
  enzyme?: boolean;
}

/** Converts a FHIR Quantity to `target` (UCUM), requiring a UCUM-coded unit. */
export function convertQuantity(q: Quantity, target: string, opts: ConvertOptions = {}): Converted {
  if (typeof q.value !== 'number' || !Number.isFinite(q.value))
    throw new UnitError('quantity has no numeric value');
  if (!q.code)
    throw new UnitError(
      `no UCUM unit code${q.unit ? ` (display unit "${q.unit}" is not used for conversion)` : ''}`,
    );
  if (q.system !== SYSTEMS.ucum)
    throw new UnitError(`unit "${q.code}" is not coded in UCUM (system ${q.system ?? 'missing'})`);
  const from = q.code;
  const values = conversionsOf(from, target, opts.molecularWeight);
  const done = values?.get(q.value);
  if (done) return done;
  // UCUM forbids blanks; ucum-lhc also logs the offending unit to the console when it meets one.
  if (/\s/.test(from))
    throw new UnitError(`unit "${from}" is not valid UCUM (blank spaces are not allowed)`);
  if (from === target) return { value: q.value, unit: target };
  if (opts.enzyme && ENZYME_IU.has(from) && target === 'U/L') {
    return {
      value: q.value,
      unit: target,
      note: `${q.value} ${from} → ${q.value} U/L (enzyme IU = U)`,
    };
  }
  const result = Object.freeze(convertEitherCase(from, q.value, target, opts.molecularWeight));
  if (++cached > CONVERTED_MAX) {
    converted.clear();
    cached = 1;
  }
  conversionsOf(from, target, opts.molecularWeight, true)!.set(q.value, result);
  return result;
}

/**
 * Conversions already made, by unit, target, molecular weight and value: ucum-lhc parses both units
 * on every call, and a cohort repeats the same few units and values many times. Exact (the same
 * function of the same arguments); bounded. Only UCUM conversions are kept (a refused unit is
 * refused
 * every time); nested maps, so a lookup builds no key.
 */
const CONVERTED_MAX = 50_000;
let cached = 0;
const converted = new Map<string, Map<string, Map<number, Map<number, Readonly<Converted>>>>>();
function conversionsOf(
  from: string,
  target: string,
  mw: number | undefined,
  create = false,
): Map<number, Readonly<Converted>> | undefined {
  let byTarget = converted.get(from);
  if (!byTarget) {
    if (!create) return undefined;
    converted.set(from, (byTarget = new Map()));
  }
  let byMw = byTarget.get(target);
  if (!byMw) {
    if (!create) return undefined;
    byTarget.set(target, (byMw = new Map()));
  }
  let byValue = byMw.get(mw ?? 0);
  if (!byValue && create) byMw.set(mw ?? 0, (byValue = new Map()));
  return byValue;
}

/**
 * A code that does not convert as (case-sensitive) UCUM is read as UCUM's case-insensitive form
 * ("MG/DL" = mg/dL) through the library's tables, and the note says so; otherwise it is refused
 * with the original reason.
 */
function convertEitherCase(
  from: string,
  value: number,
  target: string,
  molecularWeight: number | undefined,
): Converted {
  try {
    return ucumConvert(from, value, target, molecularWeight);
  } catch (e) {
    const cs = e instanceof UnitError ? caseSensitiveUcum(from) : undefined;
    if (!cs || cs === from) throw e;
    let r: Converted;
    try {
      r = ucumConvert(cs, value, target, molecularWeight);
    } catch {
      throw e;
    }
    const note =
      `${value} ${from} → ${r.value} ${target} (UCUM case-insensitive ${from} = ` +
      `${cs}${molecularWeight ? `, ${molecularWeight} g/mol` : ''})`;
    return { value: r.value, unit: target, note };
  }
}

function ucumConvert(
  from: string,
  value: number,
  target: string,
  molecularWeight: number | undefined,
): Converted {
  const r = ucum.convertUnitTo(
    from,
    value,
    target,
    molecularWeight ? { molecularWeight } : undefined,
  );
  if (r.status !== 'succeeded' || r.toVal === null) {
    throw new UnitError(
      `unit "${from}" cannot be converted to ${target}: ` +
        `${(r.msg ?? []).join(' ').trim() || 'not convertible'}`,
    );
  }
  const out = clean(r.toVal);
  if (out === value && from.toLowerCase() === target.toLowerCase())
    return { value: out, unit: target };
  return {
    value: out,
    unit: target,
    note:
      `${value} ${from} → ${out} ${target} ` +
      `(UCUM${molecularWeight ? `, ${molecularWeight} g/mol` : ''})`,
  };
}
