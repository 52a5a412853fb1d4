import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileSchema } from '../cds-hooks/server-config.js';
import { PREFETCH } from '../cds-hooks/services.js';
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
    const writeback = Object.keys(innerShape((innerShape(smartConfigSchema) as Record<string, unknown>).writeback));
    expect(top).toContain('iss_allowlist');
    expect(writeback).toEqual(['observation_identifier_system', 'codesystem']);
    for (const k of top) expect(text, k).toContain(`\`${k}`);
    for (const k of writeback) expect(text, k).toContain(`writeback.${k}`);
    for (const k of Object.keys(issEntrySchema.shape)) expect(text, k).toContain(`\`${k}\``);
  });

  it('docs/cds-hooks.md: every setting of the service file and every prefetch template', () => {
    const text = doc('cds-hooks.md');
    expect(Object.keys(PREFETCH)).toContain('panelObservations');
    for (const k of Object.keys(fileSchema.shape)) expect(text, k).toContain(`\`${k}\``);
    for (const k of Object.keys(PREFETCH)) expect(text, k).toContain(`| \`${k}\` |`);
  });
});
