import fc from 'fast-check';
import type { Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { assessPatient } from '../../src/assess/assess.js';
import { scoreAll } from '../../src/assess/score-all.js';
import { extractFacts } from '../../src/facts/extract.js';
import { assumptionsFor, withAssumptions } from '../../src/recommend/assumptions.js';
import { candidacy, candidacyLeaf, withExcisional } from '../../src/recommend/candidacy.js';
import { decisionLines, headlineText } from '../../src/recommend/describe.js';
import { INPUT_IDS } from '../../src/recommend/engine/inputs.js';
import { readInputs } from '../../src/recommend/engine/read-inputs.js';
import { decisionText, TEXT_MAX_LINES } from '../../src/cli/decision-text.js';
import { cohortPatient } from '../../src/synthetic/cohort.js';
import { SCENARIO_REFERENCE_DATE, SCENARIOS } from '../../src/synthetic/scenarios.js';
import { VIGNETTES } from '../../src/synthetic/vignettes.js';
import {
  approachCard,
  candidacyCard,
  DETAIL_MAX_CHARS,
} from '../../cds-hooks/cards/referral-cards.js';

/**
 * Issue 19: a clinician's answer on current charts, with the reasons it is not certain in plain
 * sight.
 * Properties over every vignette, scenario and a generated cohort.
 */
const asOf = SCENARIO_REFERENCE_DATE;
/** What a card is built with for a referral of this patient. */
const cardContext = (patientId: string) => ({
  hookInstance: 'h',
  patientId,
  userId: 'Practitioner/x',
  referral: {
    resourceType: 'ServiceRequest',
    status: 'draft',
    intent: 'order',
    subject: { reference: `Patient/${patientId}` },
  } as never,
  referralReason: 'spine',
  notes: [],
  appLaunchUrl: 'https://app',
  infoUrl: 'https://info',
});
const charts: Array<[string, Resource[]]> = [
  ...VIGNETTES.map((v) => [v.id, v.build().resources] as [string, Resource[]]),
  ...SCENARIOS.map((s) => [s.id, s.build().resources] as [string, Resource[]]),
  ...Array.from(
    { length: 12 },
    (_, i) => [`cohort-${i}`, cohortPatient(i, asOf, 40)] as [string, Resource[]],
  ),
];
const OPERATIONS = [
  'mist',
  'posterior-decompression-stabilization',
  'decompression-alone',
  'anterior',
  'combined',
  'en-bloc',
];

describe('leading answers', () => {
  it.each(charts)(
    '%s: differs from the decided set only through the assumptions it names',
    (_id, resources) => {
      const f = extractFacts(resources, { asOf });
      if (f.deceased) return;
      const s = scoreAll(f);
      const base = readInputs(f, s);
      const { candidacy: c } = candidacy(f, s, base);
      if (c.kind !== 'leading') {
        expect(c.category.status === 'leading').toBe(false);
        return;
      }
      expect(c.category.possible).toContain(c.category.leading);
      // Only the named assumptions stand in; every other open input takes any value it still may.
      const named = assumptionsFor({ f, s, states: withExcisional(base) }).filter((a) =>
        c.assumptions.some((x) => x.id === a.def.id),
      );
      expect(named.map((a) => a.def.id).sort()).toEqual(c.assumptions.map((x) => x.id).sort());
      const states = withExcisional(withAssumptions(base, named));
      const open = INPUT_IDS.filter((id) => states[id].possible.length > 1);
      const values = open.length
        ? fc.tuple(...open.map((id) => fc.constantFrom(...states[id].possible)))
        : fc.constant([] as string[]);
      fc.assert(
        fc.property(values, (vs: string[]) => {
          const fixed = { ...states };
          open.forEach((id, k) => {
            fixed[id] = { ...states[id], possible: [vs[k]!] };
          });
          expect(candidacyLeaf((id) => fixed[id].possible[0]!).category).toBe(c.category.leading);
        }),
        { numRuns: 40, seed: 20261203 },
      );
      // Without its assumptions the answer is not decided: each one named is needed.
      expect(c.category.status === 'decided').toBe(false);
    },
  );
});

describe('what every surface says', () => {
  const all = charts.map(([id, r]) => [id, assessPatient(r, { asOf })] as const);

  it('"insufficient current data" only where a deciding input is stale or in conflict, or no spine imaging exists (counted)', () => {
    const insufficient = all.filter(([, a]) => a.recommendations.candidacy.kind === 'insufficient');
    for (const [id, a] of insufficient) {
      const c = a.recommendations.candidacy;
      const untrusted = c.category.deciding.some(
        (d) => d.status === 'stale' || d.status === 'conflict',
      );
      const noImaging =
        !a.scores.sinsLesions.some((l) =>
          l.result.items.some((i) => i.id !== 'location' && i.status !== 'missing'),
        ) && !a.scores.escc;
      expect(untrusted || noImaging, id).toBe(true);
    }
    // On these charts: v39 and s12 (a year old), v40 (ESCC conflict), v44 and s08 (KPS conflict).
    expect(
      insufficient
        .map(([id]) => id.slice(0, 3))
        .filter((id) => id !== 'coh')
        .sort(),
    ).toEqual(['s08', 's12', 'v39', 'v40', 'v44']);
  });

  it('every leading answer names its assumptions on the headline, the card and the CLI', () => {
    for (const [id, a] of all) {
      const c = a.recommendations.candidacy;
      if (c.kind !== 'leading') continue;
      const ctx = cardContext(a.patientId);
      for (const x of c.assumptions) {
        expect(headlineText(c), id).toContain(`assuming`);
        expect(headlineText(c), id).toContain(x.text);
        expect(candidacyCard(a, ctx).detail, id).toContain(x.text);
        expect(decisionText(a), id).toContain(`Assuming: ${x.text}`);
      }
    }
  });

  it('every emergency leads the headline; an urgent or emergency headline is never "insufficient current data"', () => {
    for (const [id, a] of all) {
      const c = a.recommendations.candidacy;
      const surgical =
        c.category.leading === 'surgical-consultation' || c.category.leading === 'excisional';
      if (c.emergency === 'yes')
        expect(headlineText(c), id).toMatch(
          surgical
            ? /^Emergency: spine surgical review today/
            : /^Emergency: cord compression — treat today/,
        );
      if (c.emergency === 'possible') expect(headlineText(c), id).toMatch(/^Possible emergency/);
      if (
        c.emergency !== 'no' ||
        c.urgency.atLeast === 'urgent' ||
        c.urgency.atLeast === 'emergency'
      )
        expect(headlineText(c), id).not.toMatch(/^Insufficient/);
    }
    // The corpus holds both kinds, so the checks above ran.
    const kinds = new Set([...all].map(([, a]) => a.recommendations.candidacy.emergency));
    expect([...kinds].sort()).toEqual(['no', 'possible', 'yes']);
  });

  it('no leading or decided answer offers an operation to a patient whose recorded or assumed survival is under 3 months, or who is unfit (vertebral augmentation aside)', () => {
    let checked = 0;
    for (const [id, resources] of charts) {
      const f = extractFacts(resources, { asOf });
      if (f.deceased) continue;
      const s = scoreAll(f);
      const { states } = candidacy(f, s, readInputs(f, s));
      const poor =
        (states.survival.possible.length === 1 && states.survival.possible[0] === 'lt3m') ||
        (states.fitness.possible.length === 1 && states.fitness.possible[0] === 'unfit');
      if (!poor) continue;
      checked++;
      const ap = assessPatient(resources, { asOf }).recommendations.approach;
      expect(OPERATIONS, id).not.toContain(ap.top.value ?? ap.top.leading);
      expect(
        ap.ranked.map((o) => o.id).filter((o) => OPERATIONS.includes(o)),
        id,
      ).toEqual([]);
    }
    expect(checked).toBeGreaterThanOrEqual(6);
  });

  it(`card details stay within ${DETAIL_MAX_CHARS} characters and --text within ${TEXT_MAX_LINES} lines`, () => {
    for (const [id, a] of all) {
      const ctx = cardContext(a.patientId);
      expect(candidacyCard(a, ctx).detail!.length, id).toBeLessThanOrEqual(DETAIL_MAX_CHARS);
      expect(approachCard(a, ctx).detail!.length, id).toBeLessThanOrEqual(DETAIL_MAX_CHARS);
      expect(decisionText(a).trimEnd().split('\n').length, id).toBeLessThanOrEqual(TEXT_MAX_LINES);
      // numbers as the scale records them
      expect(decisionLines(a.recommendations).join('\n'), id).not.toMatch(/\d\.\d{3,}/);
    }
  });
});
