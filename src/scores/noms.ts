import type { Fact } from '../provenance/fact.js';
import type { Radiosensitivity } from '../clinical/primary-site.js';
import { SCORE_CITATIONS } from './citations.js';
import type { EsccGrade } from './escc.js';
import { isGreyZoneEscc, isHighGradeEscc } from './escc.js';

/** NOMS decision framework (scores.md §11). Each path names the N/O/M/S inputs that led to it. */
export type NomsRadiationPath =
  'cEBRT' | 'SRS' | 'separation-surgery-then-SRS' | 'radiation-alone-unfit';

export interface NomsInputs {
  escc?: Fact<EsccGrade>;
  radiosensitivity?: Fact<readonly Radiosensitivity[]>;
  /** SINS range of the index lesion. */
  sins?: { min: number; max: number };
  /** Clinician judgement that a SINS 7–12 lesion is unstable. */
  judgedUnstable?: Fact<boolean>;
  /** S: can the patient tolerate surgery. */
  fitForSurgery?: Fact<boolean>;
}

export interface NomsResult {
  citation: string;
  /** Radiation/surgery paths still possible; one when N and O are decided. */
  paths: NomsRadiationPath[];
  /** Mechanical instability adds stabilisation to whichever path applies. */
  stabilisation: 'required' | 'not-required' | 'undecided';
  neurologic: 'low-grade' | 'high-grade' | 'unknown';
  greyZone: boolean;
  missing: string[];
  reasons: string[];
  verification: 'secondary';
}

export function noms(inp: NomsInputs): NomsResult {
  const missing: string[] = [];
  const reasons: string[] = [];
  const n = inp.escc ? (isHighGradeEscc(inp.escc.value) ? 'high-grade' : 'low-grade') : 'unknown';
  if (!inp.escc) missing.push('ESCC grade (MRI)');
  else
    reasons.push(
      `N: ESCC ${inp.escc.value} → ` +
        `${n}${isGreyZoneEscc(inp.escc.value) ? ' (1c grey zone, grouped with low grade)' : ''}`,
    );
  const o = inp.radiosensitivity?.value ?? [];
  if (o.length !== 1) missing.push('radiosensitivity of the histology');
  else reasons.push(`O: ${o[0]}`);
  const ns: Array<'low-grade' | 'high-grade'> = n === 'unknown' ? ['low-grade', 'high-grade'] : [n];
  const os: Radiosensitivity[] = o.length ? [...o] : ['radiosensitive', 'radioresistant'];
  const fit = inp.fitForSurgery?.value;
  const paths = new Set<NomsRadiationPath>();
  for (const nn of ns)
    for (const oo of os) {
      if (oo === 'radiosensitive') paths.add('cEBRT');
      else if (nn === 'low-grade') paths.add('SRS');
      else {
        // S decides between hybrid therapy and radiation alone; unknown fitness keeps both open.
        if (fit !== false) paths.add('separation-surgery-then-SRS');
        if (fit !== true) paths.add('radiation-alone-unfit');
      }
    }
  if (fit !== undefined) reasons.push(`S: ${fit ? 'fit' : 'not fit'} for surgery`);
  let stabilisation: NomsResult['stabilisation'] = 'undecided';
  if (inp.sins) {
    if (inp.sins.min >= 13) stabilisation = 'required';
    else if (inp.sins.max <= 6) stabilisation = 'not-required';
    else if (inp.sins.min >= 7 && inp.sins.max <= 12 && inp.judgedUnstable)
      stabilisation = inp.judgedUnstable.value ? 'required' : 'not-required';
    reasons.push(
      `M: SINS ` +
        `${inp.sins.min === inp.sins.max ? inp.sins.min : `${inp.sins.min}–${inp.sins.max}`} ` +
        `→ stabilisation ${stabilisation}`,
    );
  } else missing.push('SINS (mechanical stability)');
  return {
    citation: SCORE_CITATIONS.noms,
    paths: [...paths],
    stabilisation,
    neurologic: n,
    greyZone: inp.escc ? isGreyZoneEscc(inp.escc.value) : false,
    missing,
    reasons,
    verification: 'secondary',
  };
}
