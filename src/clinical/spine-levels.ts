/**
 * Vertebral levels as ordinals (scores.md §18): O=0, C1=1 … C7=7, T1=8 … T12=19, L1=20 … L5=24,
 * S1=25 … S5=29, Co=30. Groupings are named, versioned mappings derived from the level.
 */
export const SPINE_LEVELS = [
  'O',
  'C1',
  'C2',
  'C3',
  'C4',
  'C5',
  'C6',
  'C7',
  'T1',
  'T2',
  'T3',
  'T4',
  'T5',
  'T6',
  'T7',
  'T8',
  'T9',
  'T10',
  'T11',
  'T12',
  'L1',
  'L2',
  'L3',
  'L4',
  'L5',
  'S1',
  'S2',
  'S3',
  'S4',
  'S5',
  'Co',
] as const;
export type SpineLevel = (typeof SPINE_LEVELS)[number];

export function levelIndex(level: SpineLevel): number {
  return SPINE_LEVELS.indexOf(level);
}

export function isSpineLevel(s: string): s is SpineLevel {
  return (SPINE_LEVELS as readonly string[]).includes(s);
}

/** Parses `T12`, `t12`, `Th12`, `L 3`, `S1` … into a level; returns undefined for anything else. */
export function parseLevel(text: string): SpineLevel | undefined {
  const m = /^\s*(C|Th|T|L|S)\s*-?\s*(\d{1,2})\s*$/i.exec(text);
  if (!m) return undefined;
  const region = m[1]!.toUpperCase().startsWith('T') ? 'T' : m[1]!.toUpperCase();
  const candidate = `${region}${Number(m[2])}`;
  return isSpineLevel(candidate) ? candidate : undefined;
}

/** Finds level mentions in free text such as `metastasis T11-T12` or `L3 lesion`; ranges expand. */
export function levelsInText(text: string): SpineLevel[] {
  const found = new Set<SpineLevel>();
  const re = /\b(C|Th|T|L|S)\s?(\d{1,2})(?:\s*[-–]\s*(C|Th|T|L|S)?\s?(\d{1,2}))?\b/gi;
  for (const m of text.matchAll(re)) {
    const first = parseLevel(`${m[1]}${m[2]}`);
    if (!first) continue;
    if (m[4] === undefined) {
      found.add(first);
      continue;
    }
    const last = parseLevel(`${m[3] ?? m[1]}${m[4]}`);
    if (!last) {
      found.add(first);
      continue;
    }
    const [a, b] = [levelIndex(first), levelIndex(last)].sort((x, y) => x - y) as [number, number];
    for (let i = a; i <= b; i++) found.add(SPINE_LEVELS[i]!);
  }
  return [...found].sort((x, y) => levelIndex(x) - levelIndex(y));
}

export type Region = 'cervical' | 'thoracic' | 'lumbar' | 'sacral' | 'occiput' | 'coccyx';
export function regionOf(level: SpineLevel): Region {
  const i = levelIndex(level);
  if (i === 0) return 'occiput';
  if (i <= 7) return 'cervical';
  if (i <= 19) return 'thoracic';
  if (i <= 24) return 'lumbar';
  if (i <= 29) return 'sacral';
  return 'coccyx';
}

/** SINS location buckets (Fisher 2010; scores.md §3). Coccyx is not defined by SINS. */
export type SinsLocation = 'junctional' | 'mobile' | 'semirigid' | 'rigid';
export function sinsLocation(level: SpineLevel): SinsLocation | undefined {
  const i = levelIndex(level);
  if (i <= 2) return 'junctional'; // O–C2
  if (i <= 6) return 'mobile'; // C3–C6
  if (i <= 9) return 'junctional'; // C7–T2
  if (i <= 17) return 'semirigid'; // T3–T10
  if (i <= 20) return 'junctional'; // T11–L1
  if (i <= 23) return 'mobile'; // L2–L4
  if (i <= 25) return 'junctional'; // L5–S1
  if (i <= 29) return 'rigid'; // S2–S5
  return undefined;
}

/** Named cervicothoracic-junction definitions (scores.md §18). */
export type CtjDefinition = 'CTJ-C7T1-Mesfin2015' | 'CTJ-C7T2-Baker2015';
export function isCervicothoracicJunction(level: SpineLevel, definition: CtjDefinition): boolean {
  const i = levelIndex(level);
  return definition === 'CTJ-C7T1-Mesfin2015' ? i >= 7 && i <= 8 : i >= 7 && i <= 9;
}

/**
 * SEGI2025 segment groups: cervical (C1–C7), thoracic (T1–T10), thoracolumbar/lumbar/sacral
 * (T11–S).
 * Segi's paper groups T1–T10 as "thoracic" (upper–middle) and T11 downward as TL/L/S (evidence.md
 * §3–4).
 */
export type Segi2025Segment = 'cervical' | 'thoracic' | 'tl-l-s';
export function segi2025Segment(level: SpineLevel): Segi2025Segment | undefined {
  const i = levelIndex(level);
  if (i >= 1 && i <= 7) return 'cervical';
  if (i >= 8 && i <= 17) return 'thoracic';
  if (i >= 18 && i <= 29) return 'tl-l-s';
  return undefined;
}

/** KANDA2021 cervical groups: upper cervical (C1–C2), middle cervical (C3–C6), CTJ (C7–T1). */
export type Kanda2021Group = 'upper-cervical' | 'middle-cervical' | 'cervicothoracic';
export function kanda2021Group(level: SpineLevel): Kanda2021Group | undefined {
  const i = levelIndex(level);
  if (i >= 1 && i <= 2) return 'upper-cervical';
  if (i >= 3 && i <= 6) return 'middle-cervical';
  if (i >= 7 && i <= 8) return 'cervicothoracic';
  return undefined;
}

/**
 * Vertebral count convention (scores.md §1): each involved vertebra counts once; the sacrum
 * (S1–S5) is one vertebral unit; coccyx and occiput are not counted.
 */
export function countVertebralUnits(levels: Iterable<SpineLevel>): number {
  const units = new Set<string>();
  for (const l of levels) {
    const r = regionOf(l);
    if (r === 'occiput' || r === 'coccyx') continue;
    units.add(r === 'sacral' ? 'sacrum' : l);
  }
  return units.size;
}
