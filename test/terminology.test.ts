import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCodeSystem, buildValueSets } from '../src/scores/codesystem.js';
import { SCORE_DEFS } from '../src/scores/index.js';
import { validateR4 } from './writeback/fhir-validate.js';

const dir = join(import.meta.dirname, '..', 'terminology');

describe('published project terminology', () => {
  const cs = buildCodeSystem();
  it('the committed CodeSystem and ValueSets are current (run npm run gen:terminology)', () => {
    expect(JSON.parse(readFileSync(join(dir, 'CodeSystem-spine-scores.json'), 'utf8'))).toEqual(cs);
    const vs = buildValueSets();
    expect(readdirSync(dir).filter((f) => f.startsWith('ValueSet-')).length).toBe(vs.length);
    for (const v of vs)
      expect(JSON.parse(readFileSync(join(dir, `ValueSet-${v.id}.json`), 'utf8'))).toEqual(v);
  });
  it('is valid FHIR R4 and has unique codes', () => {
    expect(validateR4(cs)).toEqual([]);
    const codes = cs.concept!.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const v of buildValueSets().slice(0, 5)) expect(validateR4(v)).toEqual([]);
  });
  it('contains every code the scores emit, with answer points as ordinalValue (interop.md D2)', () => {
    const byCode = new Map(cs.concept!.map((c) => [c.code, c]));
    for (const def of SCORE_DEFS) {
      for (const code of [def.totalCode, def.methodCode, ...def.bands.map((b) => b.code)])
        expect(byCode.has(code)).toBe(true);
      for (const item of def.items)
        for (const a of item.answers)
          expect(byCode.get(a.code)?.property?.[0]?.valueDecimal).toBe(a.points);
    }
    expect(byCode.get('sins-location-junctional')?.display).toBe(
      'Junctional (occiput-C2, C7-T2, T11-L1, L5-S1)',
    );
  });
});
