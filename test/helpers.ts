import type { Fact } from '../src/provenance/fact.js';
import type { LesionCount } from '../src/clinical/disease-extent.js';
import type { PrimaryCancer, PrimarySite } from '../src/clinical/primary-site.js';

/** A clinician-entered fact for score tests. */
export const f = <T>(value: T): Fact<T> => ({
  value,
  sources: [{ kind: 'clinician', display: 'test' }],
});
export const exact = (n: number): Fact<LesionCount> => f({ atLeast: n, exact: true });
export const atLeast = (n: number): Fact<LesionCount> => f({ atLeast: n, exact: false });
export const primary = (
  site: PrimarySite,
  extra: Partial<PrimaryCancer> = {},
): Fact<PrimaryCancer> => f({ site, display: site, ...extra });
export const noVisceral = f({ sites: [], complete: true });
