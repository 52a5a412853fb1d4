import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileSchema } from '../cds-hooks/server-config.js';
import { CDS_SERVICES, discoveryEntry } from '../cds-hooks/services.js';
import { CORE_QUERIES } from '../src/facts/queries.js';
import { issEntrySchema, smartConfigSchema } from '../src/app/smart/smart-config-schema.js';

/** The docs list every setting and every prefetch template the code has (and no other). */
const doc = (name: string) => readFileSync(join(import.meta.dirname, '..', 'docs', name), 'utf8');
const innerShape = (s: unknown): Record<string, unknown> => {
  let t = s as { shape?: Record<string, unknown>; def?: { innerType?: unknown; in?: unknown } };
  while (!t.shape && (t.def?.innerType || t.def?.in)) t = (t.def.innerType ?? t.def.in) as typeof t;
  return t.shape ?? {};
};

describe('docs list every setting and template', () => {
  it('docs/app.md: every smart-config.json setting', () => {
    const text = doc('app.md');
    const top = Object.keys(innerShape(smartConfigSchema));
    const writeback = Object.keys(
      innerShape((innerShape(smartConfigSchema) as Record<string, unknown>).writeback),
    );
    expect(top).toContain('iss_allowlist');
    expect(writeback).toEqual(['observation_identifier_system', 'codesystem']);
    for (const k of top) expect(text, k).toContain(`\`${k}`);
    for (const k of writeback) expect(text, k).toContain(`writeback.${k}`);
    for (const k of Object.keys(issEntrySchema.shape)) expect(text, k).toContain(`\`${k}\``);
  });

  it('docs/cds-hooks.md: every setting of the service file and every prefetch template', () => {
    const text = doc('cds-hooks.md');
    const keys = new Set(CDS_SERVICES.flatMap((s) => Object.keys(discoveryEntry(s).prefetch)));
    expect(keys).toContain('panelObservations');
    expect(keys).toContain('referrals');
    for (const k of Object.keys(fileSchema.shape)) expect(text, k).toContain(`\`${k}\``);
    for (const k of keys) expect(text, k).toContain(`| \`${k}\` |`);
  });

  it('docs/cds-hooks.md: the services table is the service table (id, hook, queries)', () => {
    const text = doc('cds-hooks.md');
    const section = text.slice(text.indexOf('## Services'), text.indexOf('A `ServiceRequest` is'));
    // Rows of the table: | `id` | `hook` | queries | when it speaks |
    const rows = section
      .split('\n')
      .filter((l) => l.startsWith('| `'))
      .map((l) =>
        l
          .split('|')
          .slice(1, 4)
          .map((cell) => cell.trim()),
      );
    const core = new Set(CORE_QUERIES.map((q) => q.key));
    const queriesCell = (keys: string[]) =>
      [
        ...(CORE_QUERIES.every((q) => keys.includes(q.key)) ? ['core plan'] : []),
        ...keys.filter((k) => !core.has(k)).map((k) => `\`${k}\``),
      ].join(', ');
    expect(rows).toEqual(
      CDS_SERVICES.map((s) => [
        `\`${s.id}\``,
        `\`${s.hook}\``,
        queriesCell(s.queries.map((q) => q.key)),
      ]),
    );
  });
});
