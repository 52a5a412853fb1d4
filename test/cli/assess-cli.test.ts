import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioResources } from '../scenario-helpers.js';

const root = join(import.meta.dirname, '..', '..');
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/assess-cli.ts'), ...args], {
    encoding: 'utf8',
    cwd: root,
  });

describe('assessment CLI (npm run assess)', () => {
  it('reads a transaction Bundle and prints one JSON per patient with facts, scores and recommendations', () => {
    const r = run(
      join(root, 'fixtures/scenarios/s02-thyroid-solitary-t10.json'),
      '--as-of',
      '2026-11-20',
    );
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout.trim());
    expect(out.patientId).toBe('s02');
    expect(out.scores.tokuhashiRevised.total).toBe(15);
    expect(out.recommendations.candidacy.headline).toBe('excisional');
    expect(out.decision.lines[0]).toBe('Decision: Consider excisional (en bloc) surgery');
    expect(out.facts.primary.sources[0].reference).toBe('Condition/s02-cond-1');
  }, 30_000);

  it('reads a bulk-data NDJSON folder; bad lines and unusable units are reported by name and the other patients still come out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ndjson-'));
    const resources = [
      ...scenarioResources('s03-renal-l3-potentially-unstable'),
      ...scenarioResources('s09-colon-unknown-units'),
    ];
    const byType = new Map<string, string[]>();
    for (const r of resources)
      byType.set(r.resourceType, [...(byType.get(r.resourceType) ?? []), JSON.stringify(r)]);
    for (const [t, lines] of byType)
      writeFileSync(join(dir, `${t}.ndjson`), `${lines.join('\n')}\n`);
    writeFileSync(
      join(dir, 'Observation.ndjson'),
      `${byType.get('Observation')!.join('\n')}\n{not json\n{"foo":1}\n`,
    );
    const r = run(dir, '--as-of', '2026-11-20');
    expect(r.status).toBe(1);
    const outs = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(outs.map((o) => o.patientId).sort()).toEqual(['s03', 's09']);
    const errs = r.stderr
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    expect(errs.map((e) => e.where)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/Observation.ndjson:\d+$/),
        'Observation/s09-obs-5',
        'Observation/s09-obs-6',
      ]),
    );
    expect(errs.find((e) => e.where === 'Observation/s09-obs-5').error).toMatch(
      /not coded in UCUM/,
    );
  }, 30_000);

  it('--text prints the decision for a reader in at most 25 lines: the emergency first, the assumption, the approaches; --verbose every rule', () => {
    const r = run(
      join(root, 'fixtures/vignettes/v05-paraplegia-onset-unknown.json'),
      '--as-of',
      '2026-11-20',
      '--text',
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      'Decision: Emergency: spine surgical review today — surgical consultation — ' +
        'assuming the motor loss began within 48 hours',
    );
    expect(r.stdout).toMatch(
      /Assuming: the motor loss began within 48 hours \(onset not recorded\)/,
    );
    expect(r.stdout).toMatch(
      /Would change it: if more than 48 hours ago: radiotherapy\/systemic first/,
    );
    expect(r.stdout).toMatch(/Ruled out: .*Balloon kyphoplasty/);
    expect(r.stdout.trimEnd().split('\n').length).toBeLessThanOrEqual(25);
    const v = run(
      join(root, 'fixtures/vignettes/v05-paraplegia-onset-unknown.json'),
      '--as-of',
      '2026-11-20',
      '--text',
      '--verbose',
    );
    expect(v.status).toBe(0);
    expect(v.stdout).toMatch(/What would decide it:\n {4}- onset of the motor loss/);
    expect(v.stdout).toMatch(/\[Method of resection\]/);
  }, 30_000);

  it('rejects a path that is not there and a file that is not JSON, clearly', () => {
    expect(run('/nonexistent.json').status).toBe(2);
    const dir = mkdtempSync(join(tmpdir(), 'bad-'));
    writeFileSync(join(dir, 'x.json'), 'not json');
    const r = run(join(dir, 'x.json'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/not valid JSON/);
  }, 30_000);
});
void execFileSync;
