import type { CodeableConcept } from 'fhir/r4';
import type { PrimarySite } from '../clinical/primary-site.js';
import type { VisceralSite } from '../clinical/disease-extent.js';
import { SYSTEMS } from '../terminology/systems.js';

/**
 * Classifies cancer Condition codes without a terminology server (interop.md C2–C3): ICD-10-CM by
 * range, SNOMED CT by a shipped table, and the coded display or text as a last resort (the match
 * is named in the derivation). The SNOMED table must be re-checked against the shipped release.
 */
export type CancerCodeKind =
  | { kind: 'primary'; site: PrimarySite; lungHistology?: 'nsclc' | 'sclc'; via: string }
  | { kind: 'secondary'; site: 'bone' | 'lymph-node' | VisceralSite; via: string }
  | { kind: 'primary-bone-spine'; via: string }
  /**
   * "Metastasis from malignant tumour of X": names the primary and that it has spread, not where
   * to.
   */
  | { kind: 'metastasis-from'; site: PrimarySite; via: string };

function icdPrimary(code: string): PrimarySite | undefined {
  const m = /^C(\d{2}|7A)/.exec(code.toUpperCase());
  if (!m) return undefined;
  if (m[1] === '7A') return 'carcinoid';
  const n = Number(m[1]);
  const ranges: Array<[number, number, PrimarySite]> = [
    [0, 14, 'head-neck'],
    [15, 15, 'esophagus'],
    [16, 16, 'stomach'],
    [17, 17, 'other'],
    [18, 19, 'colon'],
    [20, 20, 'rectum'],
    [21, 21, 'other'],
    [22, 22, 'liver'],
    [23, 24, 'gallbladder'],
    [25, 25, 'pancreas'],
    [26, 29, 'other'],
    [30, 32, 'head-neck'],
    [33, 33, 'other'],
    [34, 34, 'lung'],
    [35, 39, 'other'],
    [40, 41, 'sarcoma'],
    [42, 42, 'other'],
    [43, 43, 'melanoma'],
    [44, 46, 'other'],
    [47, 49, 'sarcoma'],
    [50, 50, 'breast'],
    [51, 52, 'other'],
    [53, 53, 'cervix'],
    [54, 55, 'uterus'],
    [56, 56, 'ovary'],
    [57, 60, 'other'],
    [61, 61, 'prostate'],
    [62, 62, 'testis'],
    [63, 63, 'other'],
    [64, 64, 'kidney'],
    [65, 68, 'bladder'],
    [69, 72, 'other'],
    [73, 73, 'thyroid'],
    [74, 75, 'other'],
    [76, 76, 'unknown'],
    [80, 80, 'unknown'],
    [81, 86, 'lymphoma'],
    [88, 88, 'lymphoma'],
    [90, 90, 'myeloma'],
    [91, 96, 'other'],
  ];
  return ranges.find(([a, b]) => n >= a && n <= b)?.[2];
}

function icdSecondary(code: string): CancerCodeKind | undefined {
  const c = code.toUpperCase();
  const via = `ICD-10-CM ${code}`;
  if (c.startsWith('C77')) return { kind: 'secondary', site: 'lymph-node', via };
  if (c.startsWith('C79.5') || c.startsWith('C7B.03'))
    return { kind: 'secondary', site: 'bone', via };
  if (c.startsWith('C79.32')) return { kind: 'secondary', site: 'leptomeninges', via };
  if (c.startsWith('C79.3')) return { kind: 'secondary', site: 'brain', via };
  if (c.startsWith('C78.7')) return { kind: 'secondary', site: 'liver', via };
  if (c.startsWith('C78.0')) return { kind: 'secondary', site: 'lung', via };
  if (c.startsWith('C78.2')) return { kind: 'secondary', site: 'pleura', via };
  if (c.startsWith('C78.6')) return { kind: 'secondary', site: 'peritoneum', via };
  if (c.startsWith('C79.7')) return { kind: 'secondary', site: 'adrenal', via };
  if (c.startsWith('C79.0')) return { kind: 'secondary', site: 'kidney', via };
  if (c.startsWith('C78') || c.startsWith('C79') || c.startsWith('C7B'))
    return { kind: 'secondary', site: 'other', via };
  return undefined;
}

/** SNOMED CT primary-cancer concepts (disorders). */
const SNOMED_PRIMARY: Record<string, { site: PrimarySite; lungHistology?: 'nsclc' | 'sclc' }> = {
  '254837009': { site: 'breast' }, // Malignant neoplasm of breast (mCODE example)
  // Non-small cell lung cancer (mCODE example)
  '254637007': { site: 'lung', lungHistology: 'nsclc' },
  '254632001': { site: 'lung', lungHistology: 'sclc' }, // Small cell carcinoma of lung
  '93880001': { site: 'lung' }, // Primary malignant neoplasm of lung
  '363358000': { site: 'lung' }, // Malignant tumor of lung
  '399068003': { site: 'prostate' }, // Malignant tumor of prostate
  '363406005': { site: 'colon' }, // Malignant tumor of colon
  '93761005': { site: 'colon' }, // Primary malignant neoplasm of colon
  '363351006': { site: 'rectum' }, // Malignant tumor of rectum
  '363349007': { site: 'stomach' }, // Malignant tumor of stomach
  '109989006': { site: 'myeloma' }, // Multiple myeloma
  '118600007': { site: 'lymphoma' }, // Malignant lymphoma
  '372244006': { site: 'melanoma' }, // Malignant melanoma
  '363443007': { site: 'ovary' }, // Malignant tumor of ovary
  '363354003': { site: 'cervix' }, // Malignant tumor of cervix
};

const SNOMED_SECONDARY: Record<string, 'bone' | VisceralSite> = {
  '94222008': 'bone',
  '94602001': 'bone',
  '94225005': 'brain',
  '94381002': 'liver',
  '94391008': 'lung',
  '94493005': 'pleura',
  '94161006': 'adrenal',
};

/** SNOMED CT "metastasis from malignant tumour of …" concepts: the primary, no metastatic site. */
const SNOMED_METASTASIS_FROM: Record<string, PrimarySite> = {
  '314994000': 'prostate', // Metastasis from malignant tumor of prostate (disorder)
};

const TEXT_PRIMARY: Array<[RegExp, PrimarySite, ('nsclc' | 'sclc')?]> = [
  [/non[- ]?small[- ]cell/i, 'lung', 'nsclc'],
  [/small[- ]cell.*lung|lung.*small[- ]cell/i, 'lung', 'sclc'],
  [/\b(lung|bronch)/i, 'lung'],
  [/breast/i, 'breast'],
  [/prostat/i, 'prostate'],
  [/renal cell|\bkidney/i, 'kidney'],
  [/thyroid/i, 'thyroid'],
  [/rect(um|al)\b/i, 'rectum'],
  [/colon|colorectal/i, 'colon'],
  [/gastric|stomach/i, 'stomach'],
  [/(o)?esophag/i, 'esophagus'],
  [/pancrea/i, 'pancreas'],
  [/hepatocell|\bliver\b/i, 'liver'],
  [/gall ?bladder|biliary/i, 'gallbladder'],
  [/urothel|bladder/i, 'bladder'],
  [/endometri|uter(us|ine)/i, 'uterus'],
  [/cervi(x|cal) (cancer|carcinoma)|of cervix/i, 'cervix'],
  [/ovar/i, 'ovary'],
  [/melanoma/i, 'melanoma'],
  [/myeloma|plasmacytoma/i, 'myeloma'],
  [/lymphoma/i, 'lymphoma'],
  [/osteosarcoma/i, 'osteosarcoma'],
  [/sarcoma/i, 'sarcoma'],
  [/carcinoid|neuroendocrine/i, 'carcinoid'],
  [/head and neck|laryn|pharyn|oral cavity|tongue/i, 'head-neck'],
  [/unknown primary|primary unknown|unknown origin/i, 'unknown'],
  [/seminoma|testic/i, 'testis'],
];

function textOf(cc: CodeableConcept): string {
  return [cc.text, ...(cc.coding ?? []).map((c) => c.display)].filter(Boolean).join(' | ');
}

export function classifyCancerCode(cc: CodeableConcept): CancerCodeKind | undefined {
  for (const c of cc.coding ?? []) {
    if (!c.code) continue;
    if (c.system === SYSTEMS.icd10cm || c.system === SYSTEMS.icd10) {
      const code = c.code.toUpperCase();
      if (code.startsWith('C41.2') || code.startsWith('C41.4'))
        return { kind: 'primary-bone-spine', via: `ICD-10-CM ${c.code}` };
      const sec = icdSecondary(code);
      if (sec) return sec;
      const site = icdPrimary(code);
      if (site) return { kind: 'primary', site, via: `ICD-10-CM ${c.code}` };
    }
    if (c.system === SYSTEMS.snomed) {
      const sec = SNOMED_SECONDARY[c.code];
      if (sec) return { kind: 'secondary', site: sec, via: `SNOMED CT ${c.code}` };
      if (c.code === '128462008')
        return {
          kind: 'secondary',
          site: 'other',
          via: 'SNOMED CT 128462008 (site from bodySite)',
        };
      const from = SNOMED_METASTASIS_FROM[c.code];
      if (from) return { kind: 'metastasis-from', site: from, via: `SNOMED CT ${c.code}` };
      const p = SNOMED_PRIMARY[c.code];
      if (p) return { kind: 'primary', ...p, via: `SNOMED CT ${c.code}` };
    }
  }
  const text = textOf(cc);
  if (!text) return undefined;
  // "Metastasis from … of the prostate": the words after "from" name the primary, not the site.
  const from = /metasta\w*\s+from\b(.*)$/i.exec(text);
  if (from) {
    const primary = TEXT_PRIMARY.find(([re]) => re.test(from[1]!));
    if (primary) return { kind: 'metastasis-from', site: primary[1], via: `text "${text}"` };
  }
  if (/metasta|secondary/i.test(text)) {
    const site: 'bone' | VisceralSite | 'lymph-node' = /bone|spine|vertebr|sacr/i.test(text)
      ? 'bone'
      : /brain|cerebr/i.test(text)
        ? 'brain'
        : /liver|hepat/i.test(text)
          ? 'liver'
          : /pleura/i.test(text)
            ? 'pleura'
            : /lung|pulmon/i.test(text)
              ? 'lung'
              : /adrenal/i.test(text)
                ? 'adrenal'
                : /periton/i.test(text)
                  ? 'peritoneum'
                  : /lymph/i.test(text)
                    ? 'lymph-node'
                    : 'other';
    return { kind: 'secondary', site, via: `text "${text}"` };
  }
  if (!/cancer|carcinoma|malignan|neoplasm|tumou?r|sarcoma|lymphoma|myeloma|melanoma/i.test(text))
    return undefined;
  for (const [re, site, hist] of TEXT_PRIMARY) {
    if (re.test(text))
      return {
        kind: 'primary',
        site,
        ...(hist ? { lungHistology: hist } : {}),
        via: `text "${text}"`,
      };
  }
  return undefined;
}

/** Lung histology from any coding or text when the code itself did not say. */
export function lungHistologyFrom(cc: CodeableConcept): 'nsclc' | 'sclc' | undefined {
  const t = textOf(cc);
  if (/non[- ]?small|adenocarcinoma|squamous|large cell/i.test(t)) return 'nsclc';
  if (/small[- ]cell/i.test(t)) return 'sclc';
  return undefined;
}
