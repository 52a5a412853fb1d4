import { toFrankelLetter } from '../clinical/neuro.js';
import { isRadiationResistantSurgicalHistology, radiosensitivity } from '../clinical/primary-site.js';
import { possibleEcog } from '../clinical/performance.js';
import { isCervicothoracicJunction } from '../clinical/spine-levels.js';
import type { ClinicalFacts } from '../facts/types.js';
import type { ScoreSet } from '../assess/score-all.js';
import { isHighGradeEscc } from '../scores/escc.js';
import { factInput, rangeText, scoreInput } from './inputs.js';
import type { Candidacy, CandidacyCategory, Statement } from './types.js';

type Tri = 'yes' | 'no' | 'possible';

/** Candidacy per evidence.md §1. Indications are any-one-suffices; contraindications are shown, never veto. */
export function candidacy(f: ClinicalFacts, s: ScoreSet): Candidacy {
  const indications: Statement[] = [];
  const possibleIndications: Statement[] = [];
  const contraindications: Statement[] = [];
  const context: Statement[] = [];
  const conflicts: Statement[] = [];
  const urgency: Statement[] = [];
  const push = (tri: Tri, st: Statement) => (tri === 'yes' ? indications : tri === 'possible' ? possibleIndications : undefined)?.push(st);

  // --- Instability (SINS) ---
  const lesion = s.sinsIndex;
  if (lesion) {
    const r = lesion.result.range;
    const inp = [scoreInput(lesion.result, `SINS at ${lesion.level}`)];
    const tri: Tri = r.min >= 7 ? 'yes' : r.max >= 7 ? 'possible' : 'no';
    push(tri, {
      rule: 'candidacy.instability.sins-7-18',
      text: tri === 'yes'
        ? `SINS ${rangeText(r)} at ${lesion.level} (> 6): potentially unstable or unstable; surgical consultation indicated.`
        : `SINS at ${lesion.level} could reach ${r.max} once imaging items are entered (${lesion.result.missing.map((m) => m.label).join(', ')}); 7 or more indicates surgical consultation.`,
      citations: ['CTJ2018', 'UEI2018'],
      inputs: inp,
    });
    if (r.min >= 13) {
      indications.push({ rule: 'candidacy.instability.sins-13', text: `SINS ${rangeText(r)} ≥ 13: remarkable instability.`, citations: ['KANDA2021'], inputs: inp });
    }
  }
  for (const other of s.sinsLesions) {
    if (other === lesion || other.result.range.min < 7) continue;
    indications.push({ rule: 'candidacy.instability.other-level', text: `SINS ${rangeText(other.result.range)} at ${other.level} (another level) is also ≥ 7.`, citations: ['CTJ2018'], inputs: [scoreInput(other.result, `SINS at ${other.level}`)] });
  }
  if (f.judgements.painFromInstability?.value) {
    indications.push({ rule: 'candidacy.instability.pain', text: 'Pain from instability or threatened instability.', citations: ['UEI2018'], inputs: factInput('pain from instability', f.judgements.painFromInstability, 'yes') });
  }

  // --- Neurology ---
  const highEscc = s.escc && isHighGradeEscc(s.escc.grade.value);
  const deficit = f.neuro ? toFrankelLetter(f.neuro.value) !== 'E' : undefined;
  if (f.judgements.neuroProgressive?.value) {
    const st: Statement = {
      rule: 'candidacy.neuro.progressive',
      text: 'Significant or progressive neurological deficit (or no recovery after 2 weeks of non-surgical treatment).',
      citations: ['CTJ2018', 'KANDA2021', 'UEI2018'],
      inputs: [...factInput('progressive deficit', f.judgements.neuroProgressive, 'yes'), ...factInput('neurology', f.neuro, f.neuro ? `${f.neuro.value.system} ${f.neuro.value.grade}` : undefined)],
    };
    indications.push(st);
    urgency.push({ ...st, rule: 'urgency.neuro.progressive', text: 'Progressive neurological deficit: short compression is reversible, prolonged compression causes irreversible vascular injury; prompt decompression.' });
  }
  if (highEscc && deficit) {
    urgency.push({
      rule: 'urgency.neuro.high-grade-escc-with-deficit',
      text: `High-grade cord compression (ESCC ${s.escc!.grade.value} at ${s.escc!.level}) with a neurological deficit (${f.neuro!.value.system} ${f.neuro!.value.grade}): decompression is urgent.`,
      citations: ['CTJ2018'],
      inputs: [...factInput('ESCC', s.escc!.grade), ...factInput('neurology', f.neuro, `${f.neuro!.value.system} ${f.neuro!.value.grade}`)],
    });
    if (s.escc && isCervicothoracicJunction(s.escc.level, 'CTJ-C7T2-Baker2015')) {
      urgency.push({ rule: 'urgency.neuro.ctj', text: 'Neurological impairment at the cervicothoracic junction calls for prompt and aggressive decompressive surgery.', citations: ['CTJ2018'], inputs: factInput('ESCC level', s.escc.grade, s.escc.level) });
    }
  } else if (highEscc && deficit === undefined) {
    possibleIndications.push({ rule: 'urgency.neuro.high-grade-escc-neuro-unknown', text: `High-grade cord compression (ESCC ${s.escc!.grade.value}); record the neurological examination: with a deficit, decompression is urgent.`, citations: ['CTJ2018'], inputs: factInput('ESCC', s.escc!.grade) });
  }

  // --- Pain ---
  if (f.judgements.intractablePain?.value) {
    indications.push({ rule: 'candidacy.pain.intractable', text: 'Intractable pain despite 2 weeks of analgesics including opioids.', citations: ['CTJ2018', 'KANDA2021'], inputs: factInput('intractable pain', f.judgements.intractablePain, 'yes') });
  }

  // --- Histology ---
  if (f.primary && isRadiationResistantSurgicalHistology(f.primary.value)) {
    indications.push({
      rule: 'candidacy.histology.radioresistant',
      text: f.primary.value.site === 'kidney'
        ? 'Renal cell cancer: neither chemo- nor radiosensitive; surgery irrespective of Harrington class.'
        : 'Radiation-resistant histology (thyroid).',
      citations: f.primary.value.site === 'kidney' ? ['UEI2018', 'ACTA2020'] : ['UEI2018'],
      inputs: factInput('primary', f.primary, f.primary.value.display),
    });
  }
  const h = s.harrington;
  if (h.possible.length) {
    const surgical = h.possible.every((c) => c === 'IV' || c === 'V');
    const some = h.possible.some((c) => c === 'IV' || c === 'V');
    const hin = [{ name: 'Harrington class (unverified)', value: h.grade ?? h.possible.join('/'), sources: h.facts.flatMap((x) => x.sources) }];
    if (surgical) indications.push({ rule: 'candidacy.harrington.iv-v', text: `Harrington class ${h.possible.join(' or ')}: usually surgical (class table UNVERIFIED).`, citations: ['ACTA2020'], inputs: hin });
    else if (some && h.possible.length < 5) possibleIndications.push({ rule: 'candidacy.harrington.iv-v', text: `Harrington class could be ${h.possible.join(', ')}; IV–V are usually surgical.`, citations: ['ACTA2020'], inputs: hin });
  }

  // --- Relative contraindications ---
  const tok = s.tokuhashi;
  const shortLife = tok.range.max <= 8;
  if (f.judgements.declinesSurgery?.value) contraindications.push({ rule: 'contra.declines', text: 'The patient declines surgery.', citations: ['CTJ2018'], inputs: factInput('declines surgery', f.judgements.declinesSurgery, 'yes') });
  if (f.judgements.fitForSurgery?.value === false) contraindications.push({ rule: 'contra.general-health', text: 'General health too poor for surgery (clinician judgement).', citations: ['CTJ2018'], inputs: factInput('fit for surgery', f.judgements.fitForSurgery, 'no') });
  if (f.judgements.impairedConsciousness?.value) contraindications.push({ rule: 'contra.consciousness', text: 'Impaired consciousness from cerebral metastasis.', citations: ['KANDA2021'], inputs: factInput('impaired consciousness', f.judgements.impairedConsciousness, 'yes') });
  const radio = f.primary ? radiosensitivity(f.primary.value) : undefined;
  const markedRadioResponse = radio?.categories.length === 1 && radio.categories[0] === 'radiosensitive';
  if (shortLife && (f.judgements.painResponsive?.value || markedRadioResponse)) {
    contraindications.push({
      rule: 'contra.short-life-and-responsive',
      text: `Expected survival < 6 months (Tokuhashi ${rangeText(tok.range)}) with ${f.judgements.painResponsive?.value ? 'pain responsive to narcotics' : 'a radiosensitive tumour'}.`,
      citations: ['UEI2018'],
      inputs: [scoreInput(tok), ...factInput('pain responsive to narcotics', f.judgements.painResponsive), ...(radio ? [{ name: 'radiosensitivity', value: radio.reason, sources: f.primary!.sources }] : [])],
    });
  }
  const ecogs = f.performance ? possibleEcog(f.performance.value) : [];
  if (ecogs.length && ecogs.every((e) => e >= 3) && f.judgements.reducedWillToLive?.value) {
    contraindications.push({ rule: 'contra.poor-ps-and-will', text: 'Poor general condition (performance status ≥ 3) with reduced will to live.', citations: ['UEI2018'], inputs: [...factInput('performance status', f.performance), ...factInput('reduced will to live', f.judgements.reducedWillToLive, 'yes')] });
  }

  // --- Prognosis as context ---
  if (tok.band) context.push({ rule: 'context.tokuhashi', text: `Revised Tokuhashi ${rangeText(tok.range)}: ${tok.band.label}; ${tok.band.meaning}.`, citations: ['ACTA2020', 'UEI2018'], inputs: [scoreInput(tok)] });
  else context.push({ rule: 'context.tokuhashi', text: `Revised Tokuhashi ${rangeText(tok.range)} (incomplete): band not decided; missing ${tok.missing.map((m) => m.label).join(', ')}.`, citations: ['ACTA2020'], inputs: [scoreInput(tok)] });
  if (s.tomita.band) context.push({ rule: 'context.tomita', text: `Tomita ${rangeText(s.tomita.range)}: ${s.tomita.band.label}; ${s.tomita.band.meaning}.`, citations: ['ACTA2020'], inputs: [scoreInput(s.tomita)] });
  if (tok.range.min <= 8) {
    context.push({ rule: 'context.tokuhashi-underestimates', text: 'Survival after palliative stabilisation often exceeded the Tokuhashi prediction (median 12.0 months at mean Tokuhashi 7.1; Barthel rose 47.5 → 65.9 in Tokuhashi ≤ 8).', citations: ['UEI2018'], inputs: [scoreInput(tok)] });
    context.push({ rule: 'context.ps-over-life-expectancy', text: 'Baseline performance status matters more than life expectancy for quality of life; predicted life expectancy alone should not decide the need for surgery.', citations: ['SEGI2025'], inputs: factInput('performance status', f.performance) });
  }

  // --- Excisional path (ACTA2020; UEI2018 excluded these from palliative surgery) ---
  const solitary = f.spine.vertebral?.value.exact && f.spine.vertebral.value.atLeast === 1;
  const noExtraspinal = f.spine.extraspinalBone?.value.exact && f.spine.extraspinalBone.value.atLeast === 0;
  const noVisceral = f.visceral?.value.complete && f.visceral.value.sites.length === 0;
  const goodPrognosis = tok.range.min >= 12 || s.tomita.range.max <= 3;
  const maybeGood = tok.range.max >= 12 || s.tomita.range.min <= 3;
  const fit = f.judgements.fitForSurgery?.value !== false;
  const excisionalInputs = [scoreInput(tok), scoreInput(s.tomita), ...factInput('vertebral metastases', f.spine.vertebral), ...factInput('extraspinal bone foci', f.spine.extraspinalBone), ...factInput('visceral metastases', f.visceral)];
  let excisional: Tri = 'no';
  if (goodPrognosis && solitary && noExtraspinal && noVisceral && fit) excisional = 'yes';
  else if (maybeGood && fit && f.spine.vertebral?.value.atLeast !== undefined && f.spine.vertebral.value.atLeast <= 1 && !(f.visceral && f.visceral.value.sites.length)) excisional = 'possible';
  const excisionalStatement: Statement = {
    rule: 'candidacy.excisional.ten-criteria',
    text: excisional === 'yes'
      ? 'Solitary spinal lesion, no extraspinal bone or visceral metastases, favourable prognosis: candidate for the excisional path (total en bloc spondylectomy) if the operation is feasible and the patient fit.'
      : 'The excisional path (en bloc) needs a confirmed solitary lesion, no or fully treated visceral metastases, favourable histology and a fit patient; some of these are not confirmed.',
    citations: ['ACTA2020', 'UEI2018'],
    inputs: excisionalInputs,
  };
  if (excisional === 'yes') indications.push(excisionalStatement);
  else if (excisional === 'possible') possibleIndications.push(excisionalStatement);

  // --- Conflicting signals ---
  const anyIndication = indications.length > 0;
  if (tok.band?.code === 'tokuhashi-band-0-8' && anyIndication) {
    conflicts.push({ rule: 'conflict.tokuhashi-vs-indication', text: `Tokuhashi ${rangeText(tok.range)} points to conservative treatment, but ${indications.map((i) => i.text.split(/[:;]/)[0]!.replace(/\.$/, '')).join('; ')} indicate surgery. Both are shown; the surgeon decides.`, citations: ['ACTA2020', 'UEI2018', 'SEGI2025'], inputs: [scoreInput(tok)] });
  }
  if (s.tomita.band?.code === 'tomita-band-8-10' && anyIndication) {
    conflicts.push({ rule: 'conflict.tomita-vs-indication', text: `Tomita ${rangeText(s.tomita.range)} points to supportive care, but surgical indications are present.`, citations: ['ACTA2020'], inputs: [scoreInput(s.tomita)] });
  }
  if (h.grade && (h.grade === 'I' || h.grade === 'II') && lesion && lesion.result.range.min >= 7) {
    conflicts.push({ rule: 'conflict.harrington-vs-sins', text: `Harrington class ${h.grade} (non-operative) but SINS ${rangeText(lesion.result.range)} indicates consultation.`, citations: ['ACTA2020', 'CTJ2018'], inputs: [scoreInput(lesion.result)] });
  }
  if (s.bauerVersionsDisagree) {
    conflicts.push({ rule: 'conflict.bauer-versions', text: `Original Bauer ${rangeText(s.bauerOriginal.range)} (${s.bauerOriginal.band?.label}) and modified Bauer ${rangeText(s.bauerModified.range)} (${s.bauerModified.band?.label}) fall in different bands.`, citations: [], inputs: [scoreInput(s.bauerOriginal), scoreInput(s.bauerModified)] });
  }
  if (contraindications.length && (anyIndication || urgency.length)) {
    conflicts.push({ rule: 'conflict.indication-vs-contraindication', text: 'Surgical indications and relative contraindications are both present.', citations: ['CTJ2018', 'UEI2018'], inputs: [] });
  }

  // --- Category: decided inputs first, then what missing inputs could still change ---
  const categoryFor = (indicated: boolean, excis: boolean): CandidacyCategory => {
    if (urgency.length) return 'urgent-surgical-consultation';
    if (excis) return 'excisional-path';
    if (!indicated) return 'non-operative';
    if (tok.range.min >= 9 && !contraindications.length) return 'palliative-surgery';
    return 'surgical-consultation';
  };
  const current = categoryFor(anyIndication, excisional === 'yes');
  const possible = new Set<CandidacyCategory>([current]);
  if (possibleIndications.length && !urgency.length) {
    const excisPossible = possibleIndications.some((p) => p.rule === 'candidacy.excisional.ten-criteria');
    const otherPossible = possibleIndications.some((p) => p.rule !== 'candidacy.excisional.ten-criteria');
    if (otherPossible) {
      possible.add(categoryFor(true, false));
      if (possibleIndications.some((p) => p.rule.startsWith('urgency'))) possible.add('urgent-surgical-consultation');
    }
    if (excisPossible) possible.add('excisional-path');
  }
  if (current === 'surgical-consultation' && tok.range.max >= 9 && tok.range.min < 9 && !contraindications.length) possible.add('palliative-surgery');
  const list = [...possible];
  return {
    category: list.length === 1 ? current : null,
    possible: list,
    indications,
    possibleIndications,
    contraindications,
    context,
    conflicts,
    urgency,
  };
}
