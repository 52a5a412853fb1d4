import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { assessPatient } from '../../src/assess/assess.js';
import type { CompactRecord } from '../../src/cli/compact-record.js';
import { processPatient } from '../../src/cli/process-patient.js';
import { readInput } from '../../src/cli/read-input.js';
import { isWordedStatement, registry } from '../../src/cli/registry.js';
import { summarize } from '../../src/cli/summarize.js';
import { cohortPatient } from '../../src/synthetic/cohort.js';

/**
 * The compact record (format 2) of every scenario, vignette and Synthea-shaped chart validates
 * against docs/compact-record.schema.json, and its ids join to the registry (`--registry`).
 */
const root = join(import.meta.dirname, '..', '..');
const schema = z.fromJSONSchema(
  JSON.parse(readFileSync(join(root, 'docs', 'compact-record.schema.json'), 'utf8')),
);
const reg = registry();
const fixtures = ['scenarios', 'vignettes', 'synthea-shaped'].flatMap((d) =>
  readdirSync(join(root, 'fixtures', d))
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(d, f)),
);
const opts = { asOf: '2026-11-20', mode: 'json', table: false } as const;

const ruleIds = new Set([...reg.rules.map((r) => r.id), ...reg.approachRules.map((r) => r.id)]);
const bandCodes = new Set(reg.scores.flatMap((s) => s.bands.map((b) => b.code)));
const scoreIds = new Set(reg.scores.map((s) => s.id));

function checkJoins(rec: CompactRecord): void {
  for (const id of [...rec.rules.applies, ...rec.rules.provisional, ...rec.rules.possible]) {
    // Context, conflict, risk and work-up statements are worded per patient; the rest are in the
    // tables.
    if (!isWordedStatement(id)) expect(ruleIds, id).toContain(id);
  }
  for (const f of rec.riskFlags) expect(isWordedStatement(f.id)).toBe(true);
  for (const id of rec.workup) expect(isWordedStatement(id)).toBe(true);
  for (const id of rec.decision.assumptions) expect(reg.assumptions.map((a) => a.id)).toContain(id);
  for (const o of rec.approach.ranked) expect(Object.keys(reg.options)).toContain(o.id);
  for (const id of Object.keys(rec.inputs)) expect(Object.keys(reg.inputs)).toContain(id);
  for (const [id, s] of Object.entries(rec.scores)) {
    if (id === 'harrington' || id === 'escc' || id === 'noms') continue;
    expect(scoreIds).toContain(id);
    for (const x of Array.isArray(s) ? s : [s])
      if (x && 'band' in x && x.band) expect(bandCodes).toContain(x.band);
  }
  const positions = [
    ...Object.values(rec.inputs).flatMap((i) => i.sources ?? []),
    ...(rec.scores.escc?.sources ?? []),
  ];
  for (const k of positions) expect(k).toBeLessThan(rec.sources.length);
  // Every reference listed is used, once.
  expect(new Set(positions).size).toBe(rec.sources.length);
  expect(new Set(rec.sources).size).toBe(rec.sources.length);
}

describe('compact record (format 2)', () => {
  it.each(fixtures)(
    '%s: one line that validates against the schema, its ids in the registry',
    async (file) => {
      const input = await readInput(join(root, 'fixtures', file));
      expect(input.patients.length).toBeGreaterThan(0);
      for (const g of input.patients) {
        const out = processPatient(g.patientId, g.resources, { ...opts, record: 'compact' });
        const line = out.stdout as string;
        expect(line.endsWith('\n') && line.indexOf('\n') === line.length - 1).toBe(true);
        const rec = JSON.parse(line) as CompactRecord;
        const v = schema.safeParse(rec);
        expect(v.success, JSON.stringify(v.error?.issues.slice(0, 3))).toBe(true);
        expect(rec.format).toBe(2);
        checkJoins(rec);
        // --full is today's record: summarize() of the same assessment, byte for byte.
        const full = processPatient(g.patientId, g.resources, { ...opts, record: 'full' }).stdout;
        expect(full).toBe(
          `${JSON.stringify(summarize(assessPatient(g.resources, { asOf: '2026-11-20' })))}\n`,
        );
      }
    },
  );

  it('the schema is a real check: a stray member, a wrong status or a score without its band are refused', () => {
    const rec = JSON.parse(
      processPatient('c3', cohortPatient(3, '2026-11-20'), { ...opts, record: 'compact' })
        .stdout as string,
    );
    expect(schema.safeParse(rec).success).toBe(true);
    const bad = [
      { ...rec, extra: 1 },
      { ...rec, format: 1 },
      {
        ...rec,
        decision: { ...rec.decision, urgency: { ...rec.decision.urgency, atLeast: undefined } },
      },
      { ...rec, inputs: { ...rec.inputs, sins: { status: 'guessed' } } },
      { ...rec, scores: { ...rec.scores, tomita: { total: 3 } } },
    ];
    for (const b of bad)
      expect(schema.safeParse(JSON.parse(JSON.stringify(b))).success).toBe(false);
  });

  it('a generated patient with a long history fits in 4 KB (the registry holds the words)', () => {
    const sizes = Array.from({ length: 40 }, (_, i) =>
      Buffer.byteLength(
        processPatient(`c${i}`, cohortPatient(i, '2026-11-20'), { ...opts, record: 'compact' })
          .stdout as string,
      ),
    );
    const full = Buffer.byteLength(
      processPatient('c0', cohortPatient(0, '2026-11-20'), { ...opts, record: 'full' })
        .stdout as string,
    );
    expect(sizes.reduce((a, b) => a + b) / sizes.length).toBeLessThanOrEqual(4096);
    expect(full).toBeGreaterThan(10 * 4096);
  });
});
