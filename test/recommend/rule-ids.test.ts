import { describe, expect, it } from 'vitest';
import { assessPatient } from '../../src/assess/assess.js';
import { decisionText } from '../../src/cli/decision-text.js';
import { ASSUMPTIONS } from '../../src/recommend/assumptions.js';
import { inSections, SECTIONS, type Surface } from '../../src/recommend/describe.js';
import { ACTION_RULES } from '../../src/recommend/rules/action-rules.js';
import { APPROACH_RULES } from '../../src/recommend/rules/approach-rules.js';
import { CANDIDACY_RULES, CATEGORY_ROWS } from '../../src/recommend/rules/candidacy-rules.js';
import type { RuleId } from '../../src/recommend/rules/rule-ids.js';
import { WORDED_RULES } from '../../src/recommend/rules/worded-rules.js';
import { SCENARIO_REFERENCE_DATE } from '../../src/synthetic/scenarios.js';
import { VIGNETTES } from '../../src/synthetic/vignettes.js';

/**
 * Rule ids are data with one definition: every id a statement carries is a row of a table, and the
 * id type is derived from the tables, so naming a rule that does not exist fails `tsc`.
 */
const statementIds = new Set<string>(
  [...CANDIDACY_RULES, ...APPROACH_RULES, ...WORDED_RULES].map((r) => r.id),
);
const assessed = VIGNETTES.map(
  (v) => [v.id, assessPatient(v.build().resources, { asOf: SCENARIO_REFERENCE_DATE })] as const,
);

describe('rule ids', () => {
  it('are unique across every table', () => {
    const all = [
      ...CANDIDACY_RULES,
      ...APPROACH_RULES,
      ...WORDED_RULES,
      ...CATEGORY_ROWS,
      ...ACTION_RULES,
      ...ASSUMPTIONS,
    ];
    const seen = new Set<string>();
    for (const r of all) {
      expect(seen.has(r.id), r.id).toBe(false);
      seen.add(r.id);
    }
  });

  it('a rule id in no table is a type error (tsc), and every id the vignettes expect is a table row', () => {
    // @ts-expect-error: not a rule of any table; if RuleId ever widens to string, tsc fails here.
    const missing: RuleId = 'candidacy.no-such-rule';
    expect(statementIds.has(missing)).toBe(false);
    for (const v of VIGNETTES)
      for (const id of v.expect.rules ?? [])
        expect(statementIds.has(id), `${v.id}: ${id}`).toBe(true);
  });

  it('every statement of every vignette names a table row; candidacy statements and work-up carry a short label', () => {
    for (const [id, a] of assessed) {
      const r = a.recommendations;
      const statements = [
        ...r.candidacy.statements,
        ...r.riskFlags,
        ...r.workup,
        ...[...r.approach.ranked, ...r.approach.ruledOut].flatMap((o) => [...o.for, ...o.against]),
      ];
      for (const st of statements)
        expect(statementIds.has(st.rule), `${id}: ${st.rule}`).toBe(true);
      for (const st of [...r.candidacy.statements, ...r.workup]) {
        expect(st.short, `${id}: ${st.rule}`).toBeTruthy();
        // Written, not cut: a label never ends a sentence.
        expect(st.short!.endsWith('.'), `${id}: ${st.rule}`).toBe(false);
      }
    }
  });
});

describe('one sections table orders the statements on every surface', () => {
  const rank = (side: string | undefined) => SECTIONS.findIndex((s) => s.side === (side ?? 'for'));
  it.each(['app', 'card', 'cli', 'board'] as Surface[])(
    '%s: sections in table order, what applies first',
    (surface) => {
      for (const [id, a] of assessed) {
        const listed = inSections(a.recommendations.candidacy.statements, surface);
        for (const st of listed)
          expect((SECTIONS[rank(st.side)]!.on as readonly Surface[]).includes(surface), id).toBe(
            true,
          );
        for (let k = 1; k < listed.length; k++) {
          const [x, y] = [listed[k - 1]!, listed[k]!];
          expect(
            rank(x.side) < rank(y.side) ||
              (rank(x.side) === rank(y.side) && (!x.certainty || !!y.certainty)),
            `${id}: ${x.rule} before ${y.rule}`,
          ).toBe(true);
        }
      }
    },
  );

  it('the CLI lists its rules in that order (--verbose)', () => {
    for (const [id, a] of assessed) {
      const text = decisionText(a, true);
      const printed = [...text.matchAll(/^ {4}\w+(?: \(.*?\))?: .* \(([a-z0-9.-]+)\)$/gm)].map(
        (m) => m[1],
      );
      expect(printed, id).toEqual(
        inSections(a.recommendations.candidacy.statements, 'cli').map((st) => st.rule),
      );
    }
  });
});
