import type { CodeSystem, CodeSystemConcept, ValueSet } from 'fhir/r4';
import { INPUT_ROWS } from '../inputs/input-table.js';
import {
  ORDINAL_VALUE_URL,
  PROJECT_CODESYSTEM,
  PROJECT_VALUESET_BASE,
} from '../terminology/systems.js';
import { SCORE_DEFS } from './index.js';

export const TERMINOLOGY_VERSION = '0.1.0';

const ordinal = (points: number) => [{ code: 'ordinalValue', valueDecimal: points }];

/** The project CodeSystem, generated from the score definitions and the input table. */
export function buildCodeSystem(): CodeSystem {
  const concepts: CodeSystemConcept[] = [];
  const seen = new Set<string>();
  const add = (c: CodeSystemConcept) => {
    if (seen.has(c.code)) return;
    seen.add(c.code);
    concepts.push(c);
  };
  for (const def of SCORE_DEFS) {
    add({
      code: def.totalCode,
      display: `${def.name} total`,
      definition: `${def.name}. ${def.citation}`,
    });
    add({ code: def.methodCode, display: def.methodDisplay });
    for (const item of def.items) {
      add({ code: item.code, display: item.display });
      for (const a of item.answers)
        add({ code: a.code, display: a.display, property: ordinal(a.points) });
    }
    for (const b of def.bands) add({ code: b.code, display: b.label, definition: b.meaning });
  }
  for (const input of INPUT_ROWS) {
    add({ code: input.code, display: input.display, definition: input.definition });
    for (const [code, display] of input.answers ?? []) add({ code, display });
  }
  return {
    resourceType: 'CodeSystem',
    id: 'spine-scores',
    url: PROJECT_CODESYSTEM,
    version: TERMINOLOGY_VERSION,
    name: 'SpineMetastasisScores',
    title: 'Spine metastasis scores and clinician inputs',
    status: 'active',
    experimental: false,
    publisher: 'spinescore project',
    description:
      'Totals, items, answers, bands and methods of spine-metastasis scores that have no ' +
      'LOINC code, and the imaging and clinician inputs the app records.',
    caseSensitive: true,
    content: 'complete',
    property: [{ code: 'ordinalValue', uri: ORDINAL_VALUE_URL, type: 'decimal' }],
    count: concepts.length,
    concept: concepts,
  };
}

/** One ValueSet per answer list (score items and coded inputs). */
export function buildValueSets(): ValueSet[] {
  const lists: Array<{
    id: string;
    title: string;
    codes: Array<{ code: string; display: string }>;
  }> = [];
  for (const def of SCORE_DEFS) {
    for (const item of def.items)
      lists.push({
        id: item.code,
        title: `${item.display} (${def.name})`,
        codes: item.answers.map((a) => ({ code: a.code, display: a.display })),
      });
    lists.push({
      id: `${def.totalCode}-bands`,
      title: `${def.name} bands`,
      codes: def.bands.map((b) => ({ code: b.code, display: b.label })),
    });
  }
  for (const input of INPUT_ROWS) {
    if (input.answers)
      lists.push({
        id: input.code,
        title: input.display,
        codes: input.answers.map(([code, display]) => ({ code, display })),
      });
  }
  return lists
    .filter((l) => l.codes.length > 0)
    .map((l) => ({
      resourceType: 'ValueSet',
      id: l.id,
      url: `${PROJECT_VALUESET_BASE}/${l.id}`,
      version: TERMINOLOGY_VERSION,
      name: l.id
        .replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase())
        .replace(/[^A-Za-z0-9]/g, ''),
      title: l.title,
      status: 'active',
      experimental: false,
      compose: {
        include: [{ system: PROJECT_CODESYSTEM, version: TERMINOLOGY_VERSION, concept: l.codes }],
      },
    }));
}
