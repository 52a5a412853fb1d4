/**
 * The decision inputs: each a finite domain of clinically meaningful values, a label, what each
 * value
 * means, and what a clinician does to settle it. Rules read these and nothing else, so every
 * decision can be explored over the values still possible (engine/explore.ts).
 */
export const INPUT_DEFS = {
  sins: {
    label: 'spinal stability (SINS, worst recorded lesion)',
    short: 'SINS',
    values: {
      stable: 'stable (SINS 0–6)',
      potential: 'potentially unstable (SINS 7–12)',
      unstable: 'unstable (SINS 13–18)',
    },
    action: 'record the involved level and the SINS items from CT/MRI',
  },
  sinsIndex: {
    label: 'stability of the index lesion (SINS)',
    short: 'SINS of the index lesion',
    values: {
      stable: 'stable (SINS 0–6)',
      potential: 'potentially unstable (SINS 7–12)',
      unstable: 'unstable (SINS 13–18)',
    },
    action: 'enter the SINS items of the index lesion from CT/MRI',
  },
  escc: {
    label: 'epidural cord compression (ESCC, worst level)',
    short: 'ESCC',
    values: {
      '0': 'bone only (ESCC 0)',
      low: 'low grade (ESCC 1a–1c)',
      high: 'high grade (ESCC 2–3)',
    },
    action: 'enter the ESCC grade of every involved level from axial T2 MRI',
  },
  esccIndex: {
    label: 'cord compression at the index level (ESCC)',
    short: 'ESCC at the index level',
    values: {
      '0': 'bone only (ESCC 0)',
      low: 'low grade (ESCC 1a–1c)',
      high: 'high grade (ESCC 2–3)',
    },
    action: 'enter the ESCC grade of the index level from axial T2 MRI',
  },
  neuro: {
    label: 'neurological status',
    short: 'neurology',
    values: {
      intact: 'intact (Frankel/AIS E)',
      motor: 'deficit with motor function (C–D)',
      'no-motor': 'no motor function below the level (A–B)',
    },
    action: 'record the neurological examination (Frankel or ASIA grade)',
  },
  onset: {
    label: 'onset of the motor loss',
    short: 'onset of the motor loss',
    values: { 'within-48h': 'within 48 hours', 'over-48h': 'more than 48 hours ago' },
    action: 'record when the motor loss began',
  },
  progressive: {
    label: 'deficit progressing',
    short: 'course of the deficit',
    values: { yes: 'progressing', no: 'not progressing' },
    action: 'record whether the deficit is progressing',
  },
  histology: {
    label: 'histology (radio-/chemosensitivity)',
    short: 'histology',
    values: {
      lymphoma: 'lymphoma (highly radio- and chemosensitive)',
      myeloma: 'myeloma/plasmacytoma (highly radiosensitive)',
      'germ-cell': 'germ-cell tumour/seminoma (highly radio- and chemosensitive)',
      sclc: 'small-cell lung cancer (highly radiosensitive)',
      moderate: 'moderately radiosensitive (breast, prostate, ovary, cervix, neuroendocrine)',
      'renal-thyroid': 'renal or thyroid (radioresistant, surgical histology)',
      resistant: 'radioresistant (NSCLC, colorectal, HCC, melanoma, sarcoma …)',
    },
    action: 'record the primary tumour and its histology',
  },
  survival: {
    label: 'expected survival',
    short: 'expected survival',
    values: { lt3m: 'under 3 months', '3to6m': '3–6 months', ge6m: '6 months or more' },
    action: 'enter the expected survival (clinician estimate) or complete the Tokuhashi items',
  },
  fitness: {
    label: 'fitness for surgery',
    short: 'fitness',
    values: { fit: 'fit for surgery', unfit: 'not fit for surgery' },
    action: 'record the fitness-for-surgery judgement',
  },
  intractablePain: {
    label: 'intractable pain',
    short: 'pain',
    values: { yes: 'intractable despite opioids', no: 'not intractable' },
    action:
      'record whether pain is intractable despite 2 weeks of analgesics (or a current pain score)',
  },
  mechanicalPain: {
    label: 'mechanical pain',
    short: 'type of pain',
    values: { yes: 'mechanical (movement-related) pain', no: 'no mechanical pain' },
    action: 'enter the SINS pain item',
  },
  vertebral: {
    label: 'number of vertebral metastases',
    short: 'vertebral count',
    values: { one: 'one (confirmed)', several: 'two or more' },
    action: 'confirm the vertebral count on whole-spine MRI',
  },
  extraspinal: {
    label: 'extraspinal bone metastases',
    short: 'extraspinal staging',
    values: { none: 'none (confirmed)', some: 'present' },
    action: 'confirm the extraspinal bone count on whole-body staging',
  },
  visceral: {
    label: 'visceral metastases',
    short: 'visceral staging',
    values: { none: 'none (staging complete)', some: 'present' },
    action: 'confirm visceral staging',
  },
  prognosis: {
    label: 'prognosis for excision',
    short: 'prognosis',
    values: {
      favourable: 'favourable (Tokuhashi 12–15 or Tomita 2–3)',
      'not-favourable': 'not favourable',
    },
    action: 'complete the Tokuhashi and Tomita items',
  },
  region: {
    label: 'index level',
    short: 'level',
    values: {
      'upper-cervical': 'upper cervical (O–C2)',
      subaxial: 'subaxial cervical (C3–C6)',
      c7: 'C7 (cervicothoracic junction)',
      't1-t2': 'T1–T2 (cervicothoracic junction)',
      'upper-thoracic': 'upper thoracic (T3–T4)',
      'mid-thoracic': 'mid thoracic (T5–T10)',
      thoracolumbar: 'thoracolumbar (T11–L2)',
      lumbosacral: 'lumbosacral (L3–S5)',
    },
    action: 'record the index (treated) vertebral level',
  },
  position: {
    label: 'tumour position in the vertebra',
    short: 'tumour position',
    values: {
      body: 'vertebral body',
      posterior: 'posterior elements',
      'body-and-posterior': 'body and lamina',
      circumferential: 'circumferential',
    },
    action: 'enter the tumour position from CT/MRI',
  },
  posteriorRing: {
    label: 'posterolateral involvement',
    short: 'posterolateral involvement',
    values: { intact: 'none (posterior elements intact)', involved: 'pedicle/facet involved' },
    action: 'enter the SINS posterolateral item',
  },
  collapse: {
    label: 'vertebral-body collapse',
    short: 'collapse',
    values: { yes: 'collapse', no: 'no collapse' },
    action: 'enter the SINS collapse item',
  },
  painful: {
    label: 'lesion pain',
    short: 'lesion pain',
    values: { yes: 'painful', no: 'pain-free' },
    action: 'enter the SINS pain item',
  },
  deformity: {
    label: 'spinal deformity',
    short: 'alignment',
    values: { yes: 'deformity (kyphosis/subluxation)', no: 'normal alignment' },
    action: 'enter the SINS alignment item',
  },
  excisional: {
    label: 'excisional-path criteria',
    short: 'staging and fitness',
    values: { met: 'all confirmed', 'not-met': 'one or more not met' },
    action:
      'confirm one spinal lesion, no extraspinal bone or visceral metastasis, favourable ' +
      'histology and prognosis, and fitness',
  },
  declines: {
    label: 'patient declines surgery',
    short: 'patient wishes',
    values: { yes: 'declines surgery', no: 'no refusal recorded' },
    action: 'record the patient’s wishes',
  },
} as const;

export type InputId = keyof typeof INPUT_DEFS;
export const INPUT_IDS = Object.keys(INPUT_DEFS) as InputId[];

export function domainOf(id: InputId): string[] {
  return Object.keys(INPUT_DEFS[id].values);
}

export function valueLabel(id: InputId, value: string): string {
  return (INPUT_DEFS[id].values as Record<string, string>)[value] ?? value;
}
