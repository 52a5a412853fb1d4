/**
 * Writes the scenario patients and the clinical vignettes as FHIR transaction Bundles into
 * fixtures/scenarios/ and fixtures/vignettes/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCENARIOS } from '../src/synthetic/scenarios.js';
import { VIGNETTES, vignetteJson } from '../src/synthetic/vignettes.js';
import { SYNTHEA_SHAPED, syntheaShapedBundle } from '../src/synthetic/synthea-shaped.js';

const dir = join(import.meta.dirname, '..', 'fixtures', 'scenarios');
mkdirSync(dir, { recursive: true });
for (const s of SCENARIOS) {
  const bundle = {
    ...s.build().bundle(),
    meta: {
      tag: [
        {
          system: 'https://spinescore.example.org/fhir/sid/scenario',
          code: s.id,
          display: s.title,
        },
      ],
    },
  };
  writeFileSync(join(dir, `${s.id}.json`), `${JSON.stringify(bundle, null, 2)}\n`);
}
console.log(`wrote ${SCENARIOS.length} scenarios to ${dir}`);

const vdir = join(import.meta.dirname, '..', 'fixtures', 'vignettes');
mkdirSync(vdir, { recursive: true });
for (const v of VIGNETTES) writeFileSync(join(vdir, `${v.id}.json`), vignetteJson(v));
console.log(`wrote ${VIGNETTES.length} vignettes to ${vdir}`);

const sdir = join(import.meta.dirname, '..', 'fixtures', 'synthea-shaped');
mkdirSync(sdir, { recursive: true });
for (const o of SYNTHEA_SHAPED)
  writeFileSync(join(sdir, `${o.id}.json`), `${JSON.stringify(syntheaShapedBundle(o), null, 2)}\n`);
console.log(`wrote ${SYNTHEA_SHAPED.length} Synthea-shaped charts to ${sdir}`);
