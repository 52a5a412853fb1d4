/**
 * npm start: until the sandbox lands, assesses a bundled synthetic patient and prints the result
 * as a clinician would read it.  npm start -- s03   (any scenario id prefix)
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle } from 'fhir/r4';
import { assessPatient } from '../src/assess/assess.js';
import { SCENARIO_REFERENCE_DATE } from '../src/synthetic/scenarios.js';
import type { ScoreResult } from '../src/scores/types.js';

const dir = join(import.meta.dirname, '..', 'fixtures', 'scenarios');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const want = process.argv[2] ?? 's01';
const file = files.find((f) => f.startsWith(want));
if (!file) {
  console.error(`no scenario "${want}"; choose one of:\n${files.map((f) => `  ${f.replace('.json', '')}`).join('\n')}`);
  process.exit(2);
}
const bundle = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Bundle & { meta?: { tag?: Array<{ display?: string }> } };
const a = assessPatient((bundle.entry ?? []).map((e) => e.resource!), { asOf: SCENARIO_REFERENCE_DATE });
const s = a.scores;
const r = a.recommendations;
const score = (x: ScoreResult) => `${x.complete ? x.total : `${x.range.min}–${x.range.max} (missing: ${x.missing.map((m) => m.label).join(', ')})`}${x.band ? `  → ${x.band.label}` : ''}${x.verification === 'unverified' ? '  [UNVERIFIED]' : ''}`;
const out: string[] = [];
out.push(`Spine metastasis assessment — ${bundle.meta?.tag?.[0]?.display ?? file}`, `Patient ${a.patientId}, as of ${a.asOf}. Scenarios: ${files.length} (npm start -- <id>)`, '');
out.push('SCORES');
out.push(`  Revised Tokuhashi  ${score(s.tokuhashi)}`, `  Tomita             ${score(s.tomita)}`);
for (const l of s.sinsLesions) out.push(`  SINS ${l.level.padEnd(13)} ${score(l.result)}`);
out.push(`  New Katagiri       ${score(s.katagiri)}`, `  Bauer / modified   ${score(s.bauerOriginal)} / ${score(s.bauerModified)}`, `  NESMS              ${score(s.nesms)}`);
out.push(`  ESCC               ${s.escc ? `${s.escc.grade.value} at ${s.escc.level}` : 'not recorded'}`, `  NOMS               ${s.noms.paths.join(' or ')}; stabilisation ${s.noms.stabilisation}`, '');
const c = r.candidacy;
out.push(`CANDIDACY: ${c.category ?? `undecided (${c.possible.join(' / ')})`}`);
for (const x of c.urgency) out.push(`  ! ${x.text} [${x.citations.join(', ')}]`);
for (const x of c.indications) out.push(`  + ${x.text} [${x.citations.join(', ')}]`);
for (const x of c.possibleIndications) out.push(`  ? ${x.text} [${x.citations.join(', ')}]`);
for (const x of c.contraindications) out.push(`  − ${x.text} [${x.citations.join(', ')}]`);
for (const x of c.conflicts) out.push(`  ≠ ${x.text}`);
out.push('', 'APPROACH (ranked)');
for (const o of r.approach) {
  const why = o.status === 'not-advised' || o.status === 'caution' ? o.against[0] : o.for[0];
  out.push(`  ${o.status.padEnd(11)} ${o.label}${why ? ` — ${why.text} [${why.citations.join(', ')}]` : ''}`);
}
out.push('', 'RISK FLAGS');
for (const f of r.riskFlags) out.push(`  ${f.severity.padEnd(8)} ${f.text}`);
if (r.workup.length) out.push('', 'BEFORE DECIDING', ...r.workup.map((w) => `  • ${w.text}`));
if (a.facts.issues.length) out.push('', 'DATA ISSUES', ...a.facts.issues.map((i) => `  ${i.severity}: ${i.resource}: ${i.message}`));
out.push('', r.disclaimer);
console.log(out.join('\n'));
