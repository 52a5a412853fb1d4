import type { Observation } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import type { SpineLevel } from '../../src/clinical/spine-levels.js';
import { assessPatient } from '../../src/assess/assess.js';
import { extractFacts } from '../../src/facts/extract.js';
import { readInputs } from '../../src/recommend/engine/read-inputs.js';
import { SCENARIO_REFERENCE_DATE } from '../../src/synthetic/scenarios.js';
import { scenarioResources } from '../scenario-helpers.js';
import { INPUT_ROWS, inputFact, shownValue, type InputRow } from '../../src/inputs/input-table.js';
import { INPUT_DEFS, type InputId } from '../../src/recommend/engine/inputs.js';
import { buildCodeSystem } from '../../src/scores/codesystem.js';
import { SCORE_DEFS } from '../../src/scores/index.js';
import { inputObservation, type ClinicianInput } from '../../src/writeback/input-observation.js';
import { enteredWords, samples } from './input-samples.js';

/**
 * The input table is the one definition of a clinician input: every row, entered as the app writes
 * it (writeback/input-observation.ts), is read back into the fact the row names, and shown on the
 * Inputs screen as entered. Table-driven over every row and every value of its domain.
 */
const asOf = '2026-12-01T12:00:00Z';
const LEVEL: SpineLevel = 'T5';

const observationOf = (
  row: InputRow,
  value: ClinicianInput['value'],
  id: string,
  effective = '2026-11-19T09:00:00Z',
): Observation => ({
  ...inputObservation(
    { code: row.code, value, ...(row.perLevel ? { level: LEVEL } : {}) },
    { patientId: 'p1', effective },
  ),
  id,
});
const patient = { resourceType: 'Patient' as const, id: 'p1', birthDate: '1960-01-01' };

describe('the input table', () => {
  const cases = INPUT_ROWS.flatMap((row) =>
    samples(row).map((v, k) => [`${row.code} = ${JSON.stringify(v)}`, row, v, k] as const),
  );

  it('unique codes; answers carry the input’s prefix; per-level rows have level homes', () => {
    expect(INPUT_ROWS.length).toBeGreaterThanOrEqual(31);
    expect(new Set(INPUT_ROWS.map((r) => r.code)).size).toBe(INPUT_ROWS.length);
    for (const r of INPUT_ROWS) {
      expect(r.value === 'code', r.code).toBe(!!r.answers?.length);
      for (const [code] of r.answers ?? [])
        expect(code.startsWith(`${r.answerPrefix ?? r.code}-`), code).toBe(true);
      const levelled = [
        'spine.escc',
        'spine.lesionPosition',
        'spine.judgedUnstable',
        'spine.levels',
        'spine.indexLevel',
      ];
      expect(r.perLevel === true, r.code).toBe(levelled.includes(r.fact));
    }
  });

  it('names only decision inputs that exist, and each one a clinician settles by an entry', () => {
    const ids = new Set(Object.keys(INPUT_DEFS));
    for (const r of INPUT_ROWS)
      for (const d of r.decides) expect(ids.has(d), `${r.code} → ${d}`).toBe(true);
    const named = new Set(INPUT_ROWS.flatMap((r) => r.decides));
    for (const id of [
      'escc',
      'position',
      'neuro',
      'onset',
      'progressive',
      'survival',
      'fitness',
      'intractablePain',
      'declines',
    ]) {
      expect(named.has(id), id).toBe(true);
    }
  });

  it('is the CodeSystem’s list of inputs (codes, displays, definitions, answers)', () => {
    const byCode = new Map(buildCodeSystem().concept!.map((c) => [c.code, c]));
    // A code a score defines too (OSRI's pathology group, Tomita's growth) keeps the score's words.
    const scoreDisplay = new Map(
      SCORE_DEFS.flatMap((d) =>
        d.items.flatMap((i) => [
          [i.code, i.display] as const,
          ...i.answers.map((a) => [a.code, a.display] as const),
        ]),
      ),
    );
    for (const r of INPUT_ROWS) {
      if (scoreDisplay.has(r.code))
        expect(byCode.get(r.code)?.display).toBe(scoreDisplay.get(r.code));
      else
        expect(byCode.get(r.code)).toMatchObject({ display: r.display, definition: r.definition });
      for (const [code, display] of r.answers ?? [])
        expect(byCode.get(code)?.display, code).toBe(scoreDisplay.get(code) ?? display);
    }
  });

  it.each(cases)(
    '%s: read back from the Observation the app writes into the fact the row names',
    (_name, row, value, k) => {
      const id = `in-${row.code}-${k}`;
      const facts = extractFacts([patient, observationOf(row, value, id)], { asOf });
      expect(facts.issues).toEqual([]);
      const fact = inputFact(facts, row, row.perLevel ? LEVEL : undefined);
      expect(fact, 'no fact at the row’s home').toBeDefined();
      expect(fact!.sources.map((s) => s.reference)).toContain(`Observation/${id}`);
      const shown = shownValue(row, fact!.value, row.perLevel ? LEVEL : undefined);
      const words = enteredWords(row, value);
      expect(shown === words || shown.startsWith(`${words} (`), `${shown} ≠ ${words}`).toBe(true);
    },
  );

  const outside = (row: InputRow): ClinicianInput['value'] | undefined => {
    // These record nothing (and are no error) without a yes or no.
    if (row.flag || row.code === 'sins-judged-unstable') return undefined;
    switch (row.value) {
      case 'code':
        return { code: `${row.answerPrefix ?? row.code}-unknown` };
      case 'boolean':
        return 'yes';
      case 'integer':
        return row.range![1] === undefined ? -1 : row.range![1] + 1;
      case 'string':
        return '61111';
      case 'dateTime':
        return 'yesterday';
    }
  };
  it.each(INPUT_ROWS.filter((r) => outside(r) !== undefined).map((r) => [r.code, r] as const))(
    '%s: a value outside its domain is an issue naming the resource, and no fact',
    (_code, row) => {
      const facts = extractFacts([patient, observationOf(row, outside(row)!, 'bad')], { asOf });
      expect(facts.issues.map((i) => i.resource)).toContain('Observation/bad');
      expect(inputFact(facts, row, row.perLevel ? LEVEL : undefined)).toBeUndefined();
    },
  );

  // A chart with a lesion at L1 (SINS items, Frankel D) and T5 marked as involved and the index
  // level, where per-level inputs are entered. Each decision input a row names must read its
  // entries: one entry, or one after an earlier entry of the row's last value (a grade that worsens
  // on its own scale), changes what the decision input says.
  const row = (code: string) => INPUT_ROWS.find((r) => r.code === code)!;
  const states = (r: InputRow, extra: Observation[]) => {
    const context = ['vertebral-metastasis-level', 'index-level']
      .filter((c) => c !== r.code)
      .map((c) => observationOf(row(c), true, `ctx-${c}`));
    const res = [...scenarioResources('s07-unknown-primary-l1-no-labs'), ...context, ...extra];
    const a = assessPatient(res, { asOf: SCENARIO_REFERENCE_DATE });
    return readInputs(a.facts, a.scores);
  };
  const said = (s: ReturnType<typeof states>, id: InputId) =>
    JSON.stringify([s[id].recorded, s[id].status, s[id].detail]);
  it.each(INPUT_ROWS.filter((r) => r.decides.length).map((r) => [r.code, r] as const))(
    '%s: each decision input it names reads it',
    (_code, r) => {
      const before = states(r, []);
      const earlier = observationOf(r, samples(r).at(-1)!, 'earlier', '2026-11-18T09:00:00Z');
      const entries = samples(r).flatMap((v, k) => {
        const entry = observationOf(r, v, `e${k}`);
        return [[entry], [earlier, entry]];
      });
      for (const id of r.decides as InputId[]) {
        const changed = entries.some((e) => said(states(r, e), id) !== said(before, id));
        expect(changed, `${r.code} → ${id}`).toBe(true);
      }
    },
  );
});
