/**
 * Pain intensity (scores.md §16). VAS is kept in mm; cm converts exactly. NRS is a different
 * instrument: never relabelled as VAS; a 0–100 display of NRS is marked "rescaled NRS".
 */
export type PainInstrument = 'vas' | 'nrs';
export interface PainScore {
  instrument: PainInstrument;
  /** VAS in mm (0–100) or NRS (0–10). */
  value: number;
}

export class PainInputError extends Error {}

export function vasFromCm(cm: number): number {
  if (!(cm >= 0 && cm <= 10)) throw new PainInputError(`VAS in cm must be 0–10, got ${cm}`);
  return Math.round(cm * 10 * 1000) / 1000;
}

export function validatePain(p: PainScore): PainScore {
  if (p.instrument === 'vas' && !(p.value >= 0 && p.value <= 100))
    throw new PainInputError(`VAS must be 0–100 mm, got ${p.value}`);
  // NRS is asked in whole points, but charts hold decimals (an average of diary entries, 6.5):
  // kept to the one decimal such an average has (painOnScale), since no rule here turns on an NRS
  // threshold (docs/decisions.md).
  if (p.instrument === 'nrs' && !(Number.isFinite(p.value) && p.value >= 0 && p.value <= 10))
    throw new PainInputError(`NRS must be a number from 0 to 10, got ${p.value}`);
  return p;
}

/**
 * The value to the precision the scale records (scores.md §16: VAS integer or 1-decimal mm; NRS
 * points, one decimal kept for averages): float noise from a device or an export
 * (0.8402445892361805) is not a measurement. The recorded value stays in the fact's provenance.
 */
export const PAIN_DECIMALS: Record<PainInstrument, number> = { vas: 1, nrs: 1 };
export function painOnScale(p: PainScore): PainScore {
  const f = 10 ** PAIN_DECIMALS[p.instrument];
  const value = Math.round(p.value * f) / f;
  return value === p.value ? p : { instrument: p.instrument, value };
}

/** A pain score in words, to the precision its scale records ("NRS 4/10", "VAS 62.5 mm"). */
export function painLabel(p: PainScore): string {
  const v = painOnScale(p).value;
  return p.instrument === 'vas' ? `VAS ${v} mm` : `NRS ${v}/10`;
}

/** A 0–100 display value with its label, so NRS is never presented as VAS. */
export function painOn100(p: PainScore): { value: number; label: string } {
  return p.instrument === 'vas'
    ? { value: p.value, label: 'VAS (mm)' }
    : { value: p.value * 10, label: 'rescaled NRS (×10)' };
}
