import type { Fact } from '../provenance/fact.js';
import type { PerformanceStatus } from '../clinical/performance.js';
import { kpsCategory, possibleKps } from '../clinical/performance.js';
import { SCORE_CITATIONS } from './citations.js';
import { item } from './define.js';
import { buildScore, missing, resolved, type ItemResolution } from './score-kit.js';
import type { ScoreDef, ScoreResult } from './types.js';

/**
 * OSRI = PTP + (2 − GC). scores.md §6 says the PTP group table and the survival table were not
 * transcribed, so: PTP is a clinician input only (no mapping from histology), GC reuses the
 * Tokuhashi KPS categories (UNVERIFIED for OSRI), and no survival band is attached.
 * The result is marked unverified and is never used by recommendations or written back.
 */
export const OSRI: ScoreDef = {
  id: 'osri',
  name: 'Oswestry Spinal Risk Index (OSRI, 2013)',
  totalCode: 'osri-total',
  methodCode: 'osri-method-2013',
  methodDisplay: 'OSRI = PTP + (2 − GC), Balain 2013',
  citation: SCORE_CITATIONS.osri,
  direction: 'higher-worse',
  verification: 'unverified',
  range: { min: 1, max: 7 },
  items: [
    item('ptp', 'osri-ptp', 'Primary tumour pathology group (1 best … 5 worst)', [
      ['1', 'PTP 1', 1],
      ['2', 'PTP 2', 2],
      ['3', 'PTP 3', 3],
      ['4', 'PTP 4', 4],
      ['5', 'PTP 5', 5],
    ]),
    item('gc', 'osri-gc', 'General condition from KPS, as 2 − GC', [
      ['good', 'KPS 80–100 (GC 2)', 0],
      ['moderate', 'KPS 50–70 (GC 1)', 1],
      ['poor', 'KPS 10–40 (GC 0)', 2],
    ]),
  ],
  bands: [],
  notes: [
    'UNVERIFIED: the PTP groups and survival by OSRI were not transcribed from Balain ' +
      '2013; arithmetic only, no band.',
    'PTP must be entered by a clinician from the Balain 2013 table.',
  ],
};

export interface OsriInputs {
  ptp?: Fact<1 | 2 | 3 | 4 | 5>;
  performance?: Fact<PerformanceStatus>;
}

export function osri(inp: OsriInputs): ScoreResult {
  const ptp: ItemResolution = inp.ptp
    ? resolved(`osri-ptp-${inp.ptp.value}`, `PTP ${inp.ptp.value} (clinician)`, inp.ptp)
    : missing('PTP group not entered (clinician input from Balain 2013)');
  const gc = (): ItemResolution => {
    if (!inp.performance) return missing('no Karnofsky or ECOG performance status');
    const kps = possibleKps(inp.performance.value);
    if (!kps.length) return missing('no Karnofsky or ECOG performance status');
    const answers = [...new Set(kps.map((k) => `osri-gc-${kpsCategory(k)}`))];
    return resolved(answers, `KPS ${kps.join('–')}`, inp.performance);
  };
  return buildScore(OSRI, { ptp, gc: gc() });
}
