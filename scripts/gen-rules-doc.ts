/** Writes docs/rules.md from the rule tables. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rulesMarkdown } from '../src/recommend/rules/rules-doc.js';

const out = join(import.meta.dirname, '..', 'docs', 'rules.md');
writeFileSync(out, rulesMarkdown());
console.log(`wrote ${out}`);
