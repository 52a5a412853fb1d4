import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assessPatient } from '../../src/assess/assess.js';
import { SCENARIO_REFERENCE_DATE } from '../../src/synthetic/scenarios.js';
import { daysBetween, shiftDate, shiftDates } from '../../src/synthetic/shift-dates.js';
import { scenarioResources } from '../scenario-helpers.js';

describe('shiftDate', () => {
  it.each([
    ['2026-11-20', 13, '2026-12-03'],
    ['2026-02-27', 2, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-11-20T08:30:00+09:00', 13, '2026-12-03T08:30:00+09:00'],
    ['2026-11-20T23:59:59.5Z', -20, '2026-10-31T23:59:59.5Z'],
    ['2026', 13, '2026'],
    ['2026-11', 13, '2026-11'],
    ['MRN-s01', 13, 'MRN-s01'],
  ])('%s + %i days = %s', (from, days, to) => expect(shiftDate(from, days)).toBe(to));

  it('counts whole days across a year end and a leap day', () => {
    expect(daysBetween('2026-11-20', '2026-12-03')).toBe(13);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-12-03', '2026-11-20')).toBe(-13);
  });

  it('shifts date elements only, deep, without touching the original', () => {
    const obs = {
      resourceType: 'Observation',
      id: '2026-11-20',
      effectiveDateTime: '2026-11-18T10:00:00Z',
      valueString: '2026-11-18',
      effectivePeriod: { start: '2026-11-01', end: '2026-11-02' },
      component: [{ valueDateTime: '2026-11-10' }],
    };
    const moved = shiftDates(obs, 3);
    expect(moved).toEqual({
      resourceType: 'Observation',
      id: '2026-11-20',
      effectiveDateTime: '2026-11-21T10:00:00Z',
      valueString: '2026-11-18',
      effectivePeriod: { start: '2026-11-04', end: '2026-11-05' },
      component: [{ valueDateTime: '2026-11-13' }],
    });
    expect(obs.effectiveDateTime).toBe('2026-11-18T10:00:00Z');
  });
});

// The sandbox moves its scenarios to the day it starts: a moved chart must read on that day exactly
// as
// the fixture reads on its reference date, whatever the calendar says.
describe('scenario charts moved in time', () => {
  const ids = readdirSync('fixtures/scenarios').map((n) => n.replace(/\.json$/, ''));
  const later = ['2026-12-03', '2027-06-30', '2030-02-28'];
  it.each(ids)('%s reads the same on any day', (id) => {
    const strip = (a: ReturnType<typeof assessPatient>) => ({
      headline: a.recommendations.candidacy.headline,
      reason: a.recommendations.candidacy.reason,
      scores: Object.fromEntries(
        Object.entries(a.scores).map(([k, v]) => [
          k,
          JSON.stringify((v as { range?: unknown })?.range ?? null),
        ]),
      ),
      banners: a.recommendations.candidacy.banners.map((b) => b.kind + b.input),
    });
    const base = strip(assessPatient(scenarioResources(id), { asOf: SCENARIO_REFERENCE_DATE }));
    for (const day of later) {
      const moved = shiftDates(scenarioResources(id), daysBetween(SCENARIO_REFERENCE_DATE, day));
      expect(strip(assessPatient(moved, { asOf: day })), day).toEqual(base);
    }
  });
});
