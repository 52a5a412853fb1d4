import type { CodeableConcept } from 'fhir/r4';
import type { SpineLevel } from '../clinical/spine-levels.js';
import { levelsInText } from '../clinical/spine-levels.js';
import { SYSTEMS } from '../terminology/systems.js';

/**
 * Vertebral level SNOMED codes from the mCODE STU4 TG-263 ConceptMap (interop.md C4). Verify
 * against the SNOMED release you ship before go-live (C-14).
 */
export const LEVEL_SNOMED: Readonly<Record<Exclude<SpineLevel, 'O' | 'Co'>, string>> = {
  C1: '14806007',
  C2: '39976000',
  C3: '91116008',
  C4: '14705001',
  C5: '67479001',
  C6: '88298007',
  C7: '16126006',
  T1: '56094003',
  T2: '50060007',
  T3: '73138009',
  T4: '86197001',
  T5: '6105006',
  T6: '32430008',
  T7: '71737002',
  T8: '77435000',
  T9: '33766003',
  T10: '48405002',
  T11: '52120002',
  T12: '280849005',
  L1: '61032001',
  L2: '53983007',
  L3: '55492004',
  L4: '71996003',
  L5: '21799000',
  S1: '65985001',
  S2: '11808007',
  S3: '49967005',
  S4: '69950008',
  S5: '21452006',
};
const SNOMED_TO_LEVEL = new Map<string, SpineLevel>(
  Object.entries(LEVEL_SNOMED).map(([l, c]) => [c, l as SpineLevel]),
);
SNOMED_TO_LEVEL.set('1172006', 'C2'); // dens

/** Region-only spine codes (DICOM CID 4031 and ICD-O-3 topography): spinal, level unknown. */
const SPINE_REGION_SNOMED = new Set([
  '421060004',
  '122494005',
  '122495006',
  '122496007',
  '54735007',
  '297171002',
  '297172009',
  '297173004',
  '297174005',
  '35769007',
  '73903008',
  '87141009',
  '3572006',
]);
const SPINE_REGION_ICDO = new Set(['C41.2', 'C41.4']);

export interface SiteReading {
  levels: SpineLevel[];
  /** The site is in the spine (levels may be empty when only the region is coded). */
  spinal: boolean;
  /** A non-spinal site is coded or described (for extraspinal bone foci). */
  extraspinal: boolean;
  /** A key identifying the site, to count distinct extraspinal foci. */
  siteKey?: string;
}

const EXTRASPINAL_STEMS = [
  'pelvi',
  'ilium',
  'iliac',
  'ischi',
  'pubi',
  'acetab',
  'rib',
  'costal',
  'skull',
  'cranium',
  'femur',
  'femoral',
  'humer',
  'scapula',
  'clavicle',
  'sternum',
  'tibia',
  'fibula',
  'radius',
  'ulna',
  'mandible',
];
const EXTRASPINAL_WORDS = new RegExp(`\\b(${EXTRASPINAL_STEMS.join('|')})`, 'i');

/** Reads a bodySite list: level codes, spine regions, level text (`T11-T12`), extraspinal bones. */
export function readBodySites(sites: readonly CodeableConcept[] | undefined): SiteReading {
  const levels = new Set<SpineLevel>();
  let spinal = false;
  let extraspinal = false;
  let siteKey: string | undefined;
  for (const cc of sites ?? []) {
    for (const c of cc.coding ?? []) {
      if (c.system === SYSTEMS.snomed && c.code) {
        const l = SNOMED_TO_LEVEL.get(c.code);
        if (l) {
          levels.add(l);
          spinal = true;
          continue;
        }
        if (SPINE_REGION_SNOMED.has(c.code)) {
          spinal = true;
          continue;
        }
        extraspinal = true;
        siteKey ??= `${c.system}|${c.code}`;
      } else if (c.system === SYSTEMS.icdO3 && c.code && SPINE_REGION_ICDO.has(c.code)) {
        spinal = true;
      }
    }
    const text = [cc.text, ...(cc.coding ?? []).map((c) => c.display)].filter(Boolean).join(' ');
    const fromText = levelsInText(text);
    if (fromText.length) {
      fromText.forEach((l) => levels.add(l));
      spinal = true;
    } else if (/\b(spine|vertebra|sacrum|sacral)/i.test(text)) spinal = true;
    else if (EXTRASPINAL_WORDS.test(text)) {
      extraspinal = true;
      siteKey ??= text.toLowerCase().trim();
    }
  }
  return {
    levels: [...levels],
    spinal,
    extraspinal: extraspinal && !spinal,
    ...(siteKey ? { siteKey } : {}),
  };
}

export function levelCoding(level: SpineLevel): CodeableConcept {
  const code = LEVEL_SNOMED[level as keyof typeof LEVEL_SNOMED];
  return code
    ? { coding: [{ system: SYSTEMS.snomed, code, display: `${level} vertebra` }], text: level }
    : { text: level };
}
