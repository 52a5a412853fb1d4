import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Bundle, Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { assessPatient } from '../../src/assess/assess.js';
import { classifyCancerCode } from '../../src/facts/cancer-codes.js';
import { SYNTHEA_SHAPED, syntheaShapedBundle } from '../../src/synthetic/synthea-shaped.js';

/** Charts as EHRs and Synthea write them (fixtures/synthea-shaped/, scripts/gen-scenarios.ts). */
const bundle = (id: string) =>
  JSON.parse(readFileSync(`fixtures/synthea-shaped/${id}.json`, 'utf8')) as Bundle;
const resources = (id: string) => bundle(id).entry!.map((e) => e.resource!) as Resource[];
const assess = (id: string) => assessPatient(resources(id), { asOf: '2026-11-20' });
const cli = (id: string) =>
  spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/assess-cli.ts',
      `fixtures/synthea-shaped/${id}.json`,
      '--as-of',
      '2026-11-20',
    ],
    { encoding: 'utf8' },
  );

describe('Synthea-shaped charts', () => {
  it('the fixtures are what the generator writes', () => {
    for (const o of SYNTHEA_SHAPED)
      expect(bundle(o.id), o.id).toEqual(JSON.parse(JSON.stringify(syntheaShapedBundle(o))));
  });

  it('the CLI reads a whole export-shaped Bundle cleanly: Organization, Practitioner, Encounter and Provenance are context, not errors', () => {
    const r = cli('sy01');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).decision.lines.length).toBeGreaterThan(0);
  }, 60_000);

  it('labs reported as components of a newer panel win over an older stand-alone value, and say so', () => {
    const labs = assess('sy01').facts.labs;
    expect(labs.calciumMgDl!.value).toBe(11.2);
    expect(labs.calciumMgDl!.sources[0]!.display).toMatch(/panel component/);
    expect(labs.albuminGDl!.value).toBe(3.1);
  });

  it('a decimal NRS is kept as recorded; entered-in-error is ignored; amended is used; a value absent for a reason is not invented', () => {
    const a = assess('sy01');
    expect(a.facts.pain?.value).toEqual({ instrument: 'nrs', value: 6.5 });
    expect(a.facts.performance?.value).toMatchObject({ ecog: 2 });
    expect(JSON.stringify(a.facts.performance)).not.toMatch(/ECOG 4/);
    expect(a.facts.performance?.value).not.toHaveProperty('kps');
  });

  it('SNOMED 314994000 "metastasis from malignant tumor of prostate" names the primary, never a visceral site', () => {
    expect(
      classifyCancerCode({ coding: [{ system: 'http://snomed.info/sct', code: '314994000' }] }),
    ).toMatchObject({ kind: 'metastasis-from', site: 'prostate' });
    expect(
      classifyCancerCode({ text: 'Metastasis from malignant tumour of breast' }),
    ).toMatchObject({ kind: 'metastasis-from', site: 'breast' });
    expect(classifyCancerCode({ text: 'Secondary malignant neoplasm of liver' })).toMatchObject({
      kind: 'secondary',
      site: 'liver',
    });
    const f = assess('sy01').facts;
    expect(f.primary?.value.site).toBe('prostate');
    expect(f.primary?.sources[0]!.display).toMatch(/Malignant tumor of prostate/);
    expect(f.visceral?.value.sites ?? []).toEqual([]);
    expect(f.spine.levels.map((l) => l.value)).toEqual(['L3']);
  });

  it('a deceased patient: no recommendation, age at death', () => {
    const a = assess('sy02');
    expect(a.recommendations.candidacy.headline).toBe('deceased');
    expect(a.facts.deceased?.value.date).toBe('2026-11-12T08:30:00Z');
    expect(a.facts.ageYears).toBe(76);
  });

  it('a lab in a unit that is not UCUM is refused with a message naming the resource, and the rest is still assessed', () => {
    const r = cli('sy03');
    expect(r.status).toBe(1);
    const error = 'no UCUM unit code (display unit "gm%" is not used for conversion)';
    expect(r.stderr).toContain(`"error":${JSON.stringify(error)},"where":"Observation/sy03`);
    expect(JSON.parse(r.stdout).facts.labs.albuminGDl.value).toBe(3.1);
  }, 60_000);
});
