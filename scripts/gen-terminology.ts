/**
 * Writes the project CodeSystem and ValueSets (FHIR JSON) into terminology/. A test checks they are
 * current.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCodeSystem, buildValueSets } from '../src/scores/codesystem.js';

const dir = join(import.meta.dirname, '..', 'terminology');
mkdirSync(dir, { recursive: true });
for (const f of readdirSync(dir)) if (f.endsWith('.json')) rmSync(join(dir, f));
writeFileSync(
  join(dir, 'CodeSystem-spine-scores.json'),
  `${JSON.stringify(buildCodeSystem(), null, 2)}\n`,
);
const vs = buildValueSets();
for (const v of vs)
  writeFileSync(join(dir, `ValueSet-${v.id}.json`), `${JSON.stringify(v, null, 2)}\n`);
console.log(`wrote CodeSystem and ${vs.length} ValueSets to ${dir}`);
