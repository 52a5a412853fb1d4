import { toFrankelLetter } from '../clinical/neuro.js';
import { isCervicothoracicJunction, levelIndex, regionOf, segi2025Segment } from '../clinical/spine-levels.js';
import type { ClinicalFacts } from '../facts/types.js';
import type { ScoreSet } from '../assess/score-all.js';
import { isHighGradeEscc } from '../scores/escc.js';
import { factInput, indexLevelInput, rangeText, scoreInput } from './inputs.js';
import type { ApproachOption, Candidacy, OptionId, Statement } from './types.js';

const LABELS: Record<OptionId, string> = {
  'posterior-decompression-stabilization': 'Posterior decompression and stabilisation',
  mist: 'Minimally invasive spine stabilisation (MISt, percutaneous pedicle screws)',
  anterior: 'Anterior approach',
  combined: 'Combined posterior–anterior approach',
  'vertebral-augmentation': 'Balloon kyphoplasty / vertebroplasty',
  'en-bloc': 'Total en bloc spondylectomy',
  'decompression-alone': 'Decompression without stabilisation',
  'radiotherapy-first': 'Radiotherapy first (NOMS)',
};

/** Approach options per evidence.md §2, ranked by the rules for and against each. */
export function approachOptions(f: ClinicalFacts, s: ScoreSet, cand: Candidacy): ApproachOption[] {
  const opts = new Map<OptionId, ApproachOption>();
  const get = (id: OptionId) => {
    let o = opts.get(id);
    if (!o) opts.set(id, (o = { id, label: LABELS[id], weight: 0, status: 'option', for: [], against: [] }));
    return o;
  };
  const pro = (id: OptionId, w: number, st: Statement) => { const o = get(id); o.weight += w; o.for.push(st); };
  const con = (id: OptionId, w: number, st: Statement, notAdvised = false) => { const o = get(id); o.weight -= w; o.against.push(st); if (notAdvised) o.status = 'not-advised'; };

  const lesion = s.sinsIndex;
  const level = lesion?.level;
  const items = level ? f.spine.sins[level] ?? {} : {};
  const sinsR = lesion?.result.range;
  const sinsIn = lesion ? [scoreInput(lesion.result, `SINS at ${lesion.level}`)] : [];
  const position = level ? f.spine.lesionPosition[level] : undefined;
  const posIn = factInput('lesion position', position);
  const region = level ? regionOf(level) : undefined;
  const neuroDeficit = f.neuro ? toFrankelLetter(f.neuro.value) !== 'E' : false;
  const highEscc = s.escc ? isHighGradeEscc(s.escc.grade.value) : false;
  const needsDecompression = highEscc || f.judgements.neuroProgressive?.value === true || (neuroDeficit && !!s.escc && s.escc.grade.value !== '0');
  const escIn = s.escc ? factInput('ESCC', s.escc.grade) : [];
  const lvIn = indexLevelInput(f, s);

  // Stabilisation need (SEGI2025).
  if (sinsR && sinsR.min >= 7) {
    const st: Statement = { rule: 'approach.stabilize.sins', text: `SINS ${rangeText(sinsR)}: stabilisation for a potentially unstable or unstable lesion.`, citations: ['SEGI2025'], inputs: sinsIn };
    pro('posterior-decompression-stabilization', 3, st);
    pro('mist', 2, st);
    con('decompression-alone', 3, { rule: 'approach.decompression-alone.unstable', text: 'Decompression without stabilisation is rarely indicated because of later instability.', citations: ['SEGI2025'], inputs: sinsIn }, true);
  } else if (sinsR && sinsR.max <= 6) {
    if (needsDecompression) pro('decompression-alone', 2, { rule: 'approach.decompression-alone.stable', text: `Stable lesion (SINS ${rangeText(sinsR)}): decompression alone may do; add stabilisation if decompression must sacrifice facet joints.`, citations: ['SEGI2025'], inputs: [...sinsIn, ...escIn] });
  }
  if (needsDecompression) {
    pro('posterior-decompression-stabilization', 2, { rule: 'approach.decompress.neuro', text: 'Cord compression or neurological deficit: decompression; decompressive surgery followed by radiotherapy beats radiotherapy alone (Patchell 2005).', citations: ['CTJ2018', 'ACTA2020'], inputs: [...escIn, ...factInput('neurology', f.neuro, f.neuro ? `${f.neuro.value.system} ${f.neuro.value.grade}` : undefined)] });
    con('mist', 1, { rule: 'approach.mist.no-decompression', text: 'Percutaneous fixation alone does not decompress the canal.', citations: ['UEI2018'], inputs: escIn });
  }

  // Tumour position (CTJ2018).
  if (position) {
    const p = position.value;
    if (p === 'body') {
      pro('anterior', 2, { rule: 'approach.anterior.body', text: 'Tumour mainly in the vertebral body or encroaching on the canal from the front: anterior approach.', citations: ['CTJ2018'], inputs: posIn });
      if (region === 'cervical' && level && levelIndex(level) <= 6) pro('anterior', 1, { rule: 'approach.anterior.cervical', text: 'Anteriorly located cervical lesions were treated anterior-only.', citations: ['CTJ2018'], inputs: posIn });
    } else if (p === 'posterior') {
      pro('posterior-decompression-stabilization', 2, { rule: 'approach.posterior.elements', text: 'Tumour mainly in the lamina, pedicle, spinous process or other posterior elements: posterior approach.', citations: ['CTJ2018'], inputs: posIn });
      con('anterior', 3, { rule: 'approach.anterior.posterior-ring', text: 'Avoid anterior-only when the posterior ring or pedicle is involved.', citations: ['CTJ2018'], inputs: posIn }, true);
    } else if (p === 'body-and-posterior') {
      pro('combined', 2, { rule: 'approach.combined.body-and-lamina', text: 'Tumour in both the vertebral body and the lamina: combined posterior–anterior; weigh blood loss (median 580 ml vs 320 posterior, 140 anterior), fitness and life expectancy.', citations: ['CTJ2018'], inputs: posIn });
      con('anterior', 2, { rule: 'approach.anterior.posterior-ring', text: 'Avoid anterior-only when the posterior ring is involved.', citations: ['CTJ2018'], inputs: posIn }, true);
    } else {
      pro('posterior-decompression-stabilization', 2, { rule: 'approach.posterior.circumferential', text: 'Circumferential lesion: posterior approach.', citations: ['CTJ2018'], inputs: posIn });
    }
  }
  if (items.posterolateral && items.posterolateral.value !== 'none') {
    con('anterior', 2, { rule: 'approach.anterior.pedicle', text: `Posterolateral (${items.posterolateral.value}) involvement: avoid anterior-only.`, citations: ['CTJ2018'], inputs: factInput('SINS posterolateral', items.posterolateral) }, true);
  }
  if (items.alignment && items.alignment.value !== 'normal') {
    pro('combined', 1, { rule: 'approach.combined.deformity', text: `Pre-existing deformity (${items.alignment.value}): consider combined approach.`, citations: ['CTJ2018'], inputs: factInput('SINS alignment', items.alignment) });
  }

  // Level-specific rules.
  if (level) {
    if (isCervicothoracicJunction(level, 'CTJ-C7T2-Baker2015')) {
      pro('posterior-decompression-stabilization', 2, { rule: 'approach.posterior.ctj-gold-standard', text: 'Posterior fixation is regarded as the gold standard for cervicothoracic instability.', citations: ['CTJ2018'], inputs: lvIn });
    }
    const i = levelIndex(level);
    if (i >= 8 && i <= 11) con('anterior', 1, { rule: 'approach.anterior.t1-t4', text: 'Anterior access to T1–T4 is technically demanding; anterior constructs at T1 failed biomechanically and needed posterior fixation.', citations: ['CTJ2018'], inputs: lvIn });
    if (region === 'cervical' || i === 0) {
      con('mist', 3, { rule: 'approach.mist.cervical', text: 'Percutaneous procedures are impractical in the cervical spine; MISt is not for occipital-to-cervical lesions.', citations: ['SEGI2025', 'UEI2018'], inputs: lvIn }, true);
      pro('posterior-decompression-stabilization', 0, { rule: 'approach.posterior.cervical-screws', text: 'Cervical posterior fixation: lateral mass screws C1, C3–6; pedicle screws C2, C7 and thoracic.', citations: ['KANDA2021'], inputs: lvIn });
    } else if (segi2025Segment(level) === 'tl-l-s') {
      if (sinsR && sinsR.max >= 7) pro('mist', 2, { rule: 'approach.mist.tl-l-s', text: 'MISt is the first choice where feasible, used mostly at the thoracolumbar junction, lumbar and sacral spine, and allows earlier adjuvant therapy.', citations: ['UEI2018', 'SEGI2025', 'ACTA2020'], inputs: lvIn });
    } else if (sinsR && sinsR.max >= 7) {
      pro('mist', 1, { rule: 'approach.mist.first-choice', text: 'MISt is the first choice where feasible (pedicle visible under fluoroscopy).', citations: ['UEI2018'], inputs: lvIn });
    }
  }

  // Vertebral augmentation (SEGI2025, ACTA2020).
  const collapsed = items.collapse && (items.collapse.value === 'gt50' || items.collapse.value === 'lt50');
  const painful = items.pain && items.pain.value !== 'none';
  if (collapsed && painful) pro('vertebral-augmentation', 2, { rule: 'approach.augmentation.fracture', text: 'Painful pathological vertebral-body fracture: balloon kyphoplasty or vertebroplasty.', citations: ['SEGI2025'], inputs: [...factInput('SINS collapse', items.collapse), ...factInput('SINS pain', items.pain)] });
  if (level && segi2025Segment(level) === 'tl-l-s' && sinsR && sinsR.min >= 7 && sinsR.max <= 12) pro('vertebral-augmentation', 1, { rule: 'approach.augmentation.potentially-unstable-tls', text: 'An option for potentially unstable lesions at TL/L/S.', citations: ['SEGI2025'], inputs: sinsIn });
  if (opts.has('vertebral-augmentation')) {
    if (s.escc && s.escc.grade.value !== '0') con('vertebral-augmentation', 3, { rule: 'approach.augmentation.canal', text: `Contraindicated when tumour involves the spinal canal (ESCC ${s.escc.grade.value}).`, citations: ['ACTA2020'], inputs: escIn }, true);
    if (items.pain?.value === 'none') con('vertebral-augmentation', 3, { rule: 'approach.augmentation.asymptomatic', text: 'Contraindicated in an asymptomatic patient.', citations: ['ACTA2020'], inputs: factInput('SINS pain', items.pain) }, true);
    get('vertebral-augmentation').against.push({ rule: 'approach.augmentation.infection', text: 'Contraindicated with local or generalised infection (not assessed by this tool).', citations: ['ACTA2020'], inputs: [] });
  }

  // En bloc when the excisional path is indicated.
  const excis = [...cand.indications, ...cand.possibleIndications].find((x) => x.rule === 'candidacy.excisional.ten-criteria');
  if (excis) pro('en-bloc', cand.indications.includes(excis) ? 4 : 1, excis);

  // Radiotherapy first (NOMS) and the evidence on radiotherapy.
  const n = s.noms;
  if (n.paths.length === 1 && (n.paths[0] === 'cEBRT' || n.paths[0] === 'SRS') && n.stabilisation !== 'required') {
    pro('radiotherapy-first', 3, { rule: 'approach.noms.radiation', text: `NOMS: ${n.reasons.join('; ')} → ${n.paths[0]}${n.stabilisation === 'undecided' ? '; stabilisation if the lesion proves unstable' : ''}.`, citations: ['ACTA2020'], inputs: [...escIn, ...sinsIn] });
  } else if (n.paths.includes('separation-surgery-then-SRS')) {
    pro('posterior-decompression-stabilization', 1, { rule: 'approach.noms.separation', text: 'NOMS: high-grade compression in a radioresistant tumour → separation surgery then stereotactic radiosurgery, if the patient can tolerate surgery.', citations: ['ACTA2020'], inputs: escIn });
  } else if (n.paths.includes('cEBRT') && n.paths.length > 1) {
    get('radiotherapy-first').for.push({ rule: 'approach.noms.undecided', text: `NOMS undecided: missing ${n.missing.join(', ')}.`, citations: ['ACTA2020'], inputs: [] });
  }
  if (cand.contraindications.length) {
    pro('radiotherapy-first', 1, { rule: 'approach.radiotherapy.poor-candidate', text: 'Stereotactic radiosurgery is an option for poor surgical candidates, recurrence or as an adjunct; 30 Gy in 10 fractions is common first-line.', citations: ['ACTA2020'], inputs: [] });
  }
  if (f.primary && (f.primary.value.site === 'lymphoma' || f.primary.value.site === 'testis')) {
    pro('radiotherapy-first', 1, { rule: 'approach.chemo-sensitive', text: 'Highly chemosensitive tumour (lymphoma or seminoma): chemotherapy as primary treatment.', citations: ['ACTA2020'], inputs: factInput('primary', f.primary, f.primary.value.display) });
  }

  // Access routes are notes on the anterior option, never a reason for it.
  const anterior = opts.get('anterior');
  if (anterior && level) {
    const i = levelIndex(level);
    if (i >= 12 && i <= 17) anterior.against.push({ rule: 'approach.anterior.t5-t10-access', text: 'T5–T10 anterior access is by right thoracotomy.', citations: ['ACTA2020'], inputs: lvIn });
    if (i >= 18 && i <= 20) anterior.against.push({ rule: 'approach.anterior.t11-l1-access', text: 'T11–L1 anterior access is by combined thoracotomy and retroperitoneal approach.', citations: ['ACTA2020'], inputs: lvIn });
  }

  const list = [...opts.values()].filter((o) => o.for.length > 0 || o.status === 'not-advised');
  for (const o of list) {
    if (o.status === 'not-advised') continue;
    o.status = o.weight >= 4 ? 'favoured' : o.against.length > o.for.length ? 'caution' : 'option';
  }
  const rank = { favoured: 0, option: 1, caution: 2, 'not-advised': 3 } as const;
  return list.sort((a, b) => rank[a.status] - rank[b.status] || b.weight - a.weight);
}
