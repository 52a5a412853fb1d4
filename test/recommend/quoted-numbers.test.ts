import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assessPatient } from '../../src/assess/assess.js';
import { SCENARIO_REFERENCE_DATE, SCENARIOS } from '../../src/synthetic/scenarios.js';
import { VIGNETTES } from '../../src/synthetic/vignettes.js';
import { APPROACH_RULES } from '../../src/recommend/rules/approach-rules.js';
import { CANDIDACY_RULES } from '../../src/recommend/rules/candidacy-rules.js';
import { KATAGIRI } from '../../src/scores/katagiri.js';

/**
 * Every figure quoted to users from the papers (a decimal or a percentage in a statement, a risk
 * flag or an expected-course row) must be one the spec quotes: the lines of evidence.md and
 * scores.md copied into fixtures/spec-excerpts.md (tests read nothing outside the repository).
 * A figure that drifts from its source fails here.
 */
const spec = readFileSync(
  join(import.meta.dirname, '..', '..', 'fixtures', 'spec-excerpts.md'),
  'utf8',
)
  .split('\n')
  .filter((l) => /^- (evidence|scores)\.md:\d+: /.test(l))
  .map((l) => l.replace(/^- [a-z]+\.md:\d+: /, ''))
  .join('\n');
const specNumbers = new Set(spec.match(/\d[\d,]*(?:\.\d+)?/g)!.map((n) => n.replace(/,/g, '')));
/**
 * Decimals and percentages: the figures a paper reports (plain integers are levels, grades and
 * counts).
 */
const quoted = (text: string) =>
  [...text.matchAll(/(\d+\.\d+)|(\d+(?:\.\d+)?)\s?%/g)].map((m) => m[1] ?? m[2]!);

const texts: Array<[string, string]> = [
  ...CANDIDACY_RULES.map((r) => [r.id, r.text] as [string, string]),
  ...APPROACH_RULES.map((r) => [r.id, r.text] as [string, string]),
  ...KATAGIRI.bands.map((b) => [b.code, b.meaning] as [string, string]),
];
for (const chart of [
  ...VIGNETTES.map((v) => v.build().resources),
  ...SCENARIOS.map((s) => s.build().resources),
]) {
  const r = assessPatient(chart, { asOf: SCENARIO_REFERENCE_DATE }).recommendations;
  for (const f of r.riskFlags) texts.push([f.rule, f.text]);
  for (const st of r.candidacy.context)
    texts.push([st.rule, st.text.replace(/Tokuhashi \d+(–\d+)?|Tomita \d+(–\d+)?/g, '')]);
  for (const row of r.expectedCourse)
    for (const m of row.measures)
      texts.push([`${row.source} ${m.name}`, `${m.before ?? ''} ${m.after}`]);
}

describe('figures quoted to users match the papers as the spec quotes them', () => {
  it('collects the figures', () =>
    expect(texts.flatMap(([, t]) => quoted(t)).length).toBeGreaterThan(60));
  it.each(
    [...new Map(texts.map(([id, t]) => [`${id}: ${t}`, t])).entries()].filter(
      ([, t]) => quoted(t).length,
    ),
  )('%s', (_k, text) => {
    for (const n of quoted(text))
      expect(specNumbers.has(n), `${n} is not quoted in evidence.md or scores.md`).toBe(true);
  });
});
