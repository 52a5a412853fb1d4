/**
 * npm run assess -- <bundle.json | export.ndjson | folder of NDJSON> [--as-of YYYY-MM-DD] [--pretty | --text]
 * Prints one JSON document per patient (NDJSON; --pretty indents; --text prints the decision for a
 * reader: category, urgency, ranked approaches with reasons, what is ruled out, what would decide). Input errors go to stderr as
 * JSON naming the resource; the other patients still come out. Exit 0 when clean, 1 when any
 * input was refused, 2 on a usage error.
 */
import { existsSync } from 'node:fs';
import { assessPatient } from '../assess/assess.js';
import { readInput } from './read-input.js';
import { summarize } from './summarize.js';
import { decisionText } from './decision-text.js';

function usage(msg: string): never {
  process.stderr.write(`${msg}\nusage: npm run assess -- <bundle.json | file.ndjson | folder> [--as-of YYYY-MM-DD] [--pretty | --text]\n`);
  process.exit(2);
}

async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  let asOf: string | undefined;
  let pretty = false;
  let text = false;
  const paths: string[] = [];
  while (args.length) {
    const a = args.shift()!;
    if (a === '--as-of') {
      asOf = args.shift();
      if (!asOf || Number.isNaN(Date.parse(asOf))) usage('--as-of needs a date (YYYY-MM-DD)');
    } else if (a === '--pretty') pretty = true;
    else if (a === '--text') text = true;
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else paths.push(a);
  }
  if (paths.length !== 1) usage('give exactly one input path');
  if (!existsSync(paths[0]!)) usage(`no such file or folder: ${paths[0]}`);
  const input = await readInput(paths[0]!);
  let failed = input.errors.length > 0;
  for (const e of input.errors) process.stderr.write(`${JSON.stringify({ error: e.message, where: e.where })}\n`);
  for (const g of input.patients) {
    try {
      const a = assessPatient(g.resources, asOf ? { asOf } : {});
      const out = summarize(a);
      if (a.facts.issues.some((i) => i.severity === 'error')) failed = true;
      for (const i of a.facts.issues.filter((x) => x.severity === 'error')) process.stderr.write(`${JSON.stringify({ patient: g.patientId, error: i.message, where: i.resource })}\n`);
      process.stdout.write(text ? `${decisionText(a)}\n` : `${JSON.stringify(out, null, pretty ? 2 : undefined)}\n`);
    } catch (e) {
      failed = true;
      process.stderr.write(`${JSON.stringify({ patient: g.patientId, error: `assessment failed: ${(e as Error).message}` })}\n`);
    }
  }
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (e: unknown) => {
  process.stderr.write(`${JSON.stringify({ error: (e as Error).message })}\n`);
  process.exit(2);
});
