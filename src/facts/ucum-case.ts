import * as unitTablesModule from '@lhncbc/ucum-lhc/source-cjs/unitTables.js';
import * as prefixTablesModule from '@lhncbc/ucum-lhc/source-cjs/prefixTables.js';

/**
 * UCUM defines a case-insensitive form of every code ("MG/DL" for mg/dL, "UMOL/L" for umol/L) for
 * systems that cannot keep case, and lab interfaces still send it. ucum-lhc parses only the
 * case-sensitive form but keeps each unit's and each prefix's case-insensitive code (`ciCode_`) in
 * its tables; this reads a code through those tables, atom by atom, into the case-sensitive code.
 * No unit is named here: the tables are the library's, filled when UCUM is loaded (before that,
 * nothing is read and the unit is refused as before).
 */
interface UcumUnit {
  csCode_: string;
  ciCode_: string;
  isBase_: boolean;
  isMetric_: boolean;
}
interface UcumPrefix {
  code_: string;
  ciCode_: string;
}
interface UnitTableSet {
  getAllUnitCodes(): string[];
  getUnitByCode(c: string): UcumUnit | null;
}
type UnitTables = { getInstance(): UnitTableSet };
type PrefixTables = { getInstance(): { byCode_: Record<string, UcumPrefix> } };
// CommonJS modules: ESM loaders expose them as the default export, CJS loaders as the namespace.
const cjs = <T>(m: unknown, name: string): T =>
  (((m as { default?: Record<string, T> }).default ?? m) as Record<string, T>)[name]!;
const unitTables = cjs<UnitTables>(unitTablesModule, 'UnitTables');
const prefixTables = cjs<PrefixTables>(prefixTablesModule, 'PrefixTables');

interface CaseTables {
  units: Map<string, UcumUnit[]>;
  prefixes: Map<string, string>;
}
let tables: CaseTables | undefined;

/** An operator outside brackets and braces: "mg/m2" is two atoms, "[in_i]" and "{a.b}" one. */
const OPERATOR = /[./()]/;
const BRACKETED = /\[[^\]]*\]|\{[^}]*\}/g;

function caseTables(): CaseTables | undefined {
  if (tables) return tables;
  const ut = unitTables.getInstance();
  const codes = ut.getAllUnitCodes();
  if (!codes.length) return undefined; // UCUM not loaded yet (the browser loads it lazily)
  const units = new Map<string, UcumUnit[]>();
  for (const code of codes) {
    const u = ut.getUnitByCode(code);
    // Compound codes in the tables (LOINC's "mg/m2") are read atom by atom like any other string.
    if (!u?.ciCode_ || OPERATOR.test(code.replace(BRACKETED, ''))) continue;
    const same = units.get(u.ciCode_) ?? [];
    // UCUM's own case variants of one unit (L and l, [IU] and [iU]) share a case-insensitive code:
    // one is kept, the one spelled as its case-insensitive code.
    const variant = same.findIndex((x) => x.csCode_.toUpperCase() === u.csCode_.toUpperCase());
    if (variant < 0) units.set(u.ciCode_, [...same, u]);
    else if (u.csCode_ === u.ciCode_) same[variant] = u;
  }
  const prefixes = new Map<string, string>();
  for (const p of Object.values(prefixTables.getInstance().byCode_))
    prefixes.set(p.ciCode_, p.code_);
  tables = { units, prefixes };
  return tables;
}

/** Splits a unit string into atoms and operators; brackets and braces stay inside their atom. */
function tokens(s: string): string[] | undefined {
  const out: string[] = [];
  let cur = '';
  let close = '';
  for (const ch of s) {
    if (close) {
      cur += ch;
      if (ch === close) close = '';
      continue;
    }
    if (ch === '[') close = ']';
    else if (ch === '{') close = '}';
    if (!close && OPERATOR.test(ch)) {
      if (cur) out.push(cur);
      out.push(ch);
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (close) return undefined;
  if (cur) out.push(cur);
  return out;
}

/**
 * The case-sensitive readings of one case-insensitive atom: a unit or a prefixed metric unit, with
 * its exponent.
 */
function readAtom(atom: string, t: CaseTables): Set<string> {
  const found = new Set<string>();
  const annotation = /\{[^}]*\}$/.exec(atom)?.[0] ?? '';
  const body = atom.slice(0, atom.length - annotation.length);
  if (!body || /^\d+$/.test(body) || /^10[*^][+-]?\d+$/.test(body)) {
    found.add(atom); // a factor or a power of ten
    return found;
  }
  const m = /^(.*?)([+-]?\d+)?$/.exec(body)!;
  const candidates: Array<[string, string]> = [[body, '']];
  if (m[2] && m[1]) candidates.push([m[1], m[2]]);
  for (const [base, exp] of candidates) {
    const upper = base.toUpperCase();
    for (const u of t.units.get(upper) ?? []) found.add(`${u.csCode_}${exp}${annotation}`);
    // A prefix only on a metric unit (UCUM §4.3; base units are metric).
    for (let k = 1; k <= 3 && k < upper.length; k++) {
      const p = t.prefixes.get(upper.slice(0, k));
      if (!p) continue;
      for (const u of t.units.get(upper.slice(k)) ?? []) {
        if (u.isBase_ || u.isMetric_) found.add(`${p}${u.csCode_}${exp}${annotation}`);
      }
    }
  }
  return found;
}

/**
 * The case-sensitive UCUM code that `code` is the case-insensitive form of, or undefined when it is
 * not one, or is one in more than one way (never guessed).
 */
export function caseSensitiveUcum(code: string): string | undefined {
  const t = caseTables();
  const parts = tokens(code);
  if (!t || !parts) return undefined;
  let out = '';
  for (const part of parts) {
    if (OPERATOR.test(part) && part.length === 1) {
      out += part;
      continue;
    }
    const readings = readAtom(part, t);
    if (readings.size !== 1) return undefined;
    out += [...readings][0];
  }
  return out;
}
