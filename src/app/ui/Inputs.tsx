import { useState } from 'preact/hooks';
import type { Assessment } from '../../assess/assess.js';
import type { SpineLevel } from '../../clinical/spine-levels.js';
import { SINS } from '../../scores/sins.js';
import { INPUT_CODES } from '../../terminology/input-codes.js';
import type { ClinicianInput } from '../../writeback/input-observation.js';
import { inputKey } from '../../writeback/input-observation.js';
import { SpineDiagram } from './SpineDiagram.js';
import { sourceLabel } from './format.js';

type Setter = (i: ClinicianInput | { code: string; level?: SpineLevel; clear: true }) => void;

function CodeSelect({ id, label, answers, value, onChange, current }: { id: string; label: string; answers: ReadonlyArray<readonly [string, string]>; value?: string; onChange: (v: string | undefined) => void; current?: string }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <div>
        <select id={id} value={value ?? ''} onChange={(e) => onChange((e.target as HTMLSelectElement).value || undefined)} aria-describedby={current ? `${id}-now` : undefined}>
          <option value="">— not entered (from chart if recorded) —</option>
          {answers.map(([code, display]) => <option key={code} value={code}>{display}</option>)}
        </select>
        {current ? <div id={`${id}-now`} class="hint">Now: {current}</div> : null}
      </div>
    </div>
  );
}

const PER_LEVEL = [INPUT_CODES.esccGrade, INPUT_CODES.lesionPosition] as const;
const GENERAL_CODES = [INPUT_CODES.frankel, INPUT_CODES.ambulation, INPUT_CODES.expectedSurvival, INPUT_CODES.tomitaGrowth] as const;
const JUDGEMENTS = [INPUT_CODES.neuroProgressive, INPUT_CODES.intractablePain, INPUT_CODES.painMechanical, INPUT_CODES.pathologicalFracture, INPUT_CODES.previousChemotherapy,
  INPUT_CODES.visceralComplete, INPUT_CODES.visceralRemovable, INPUT_CODES.visceralTreatable, INPUT_CODES.fitForSurgery, INPUT_CODES.declinesSurgery, INPUT_CODES.reducedWillToLive, INPUT_CODES.impairedConsciousness,
  INPUT_CODES.lungNoTargetedTherapy] as const;

/** Option labels that carry their grade, never a raw code: "ESCC 2 — cord compression, CSF visible". */
const labelled = (d: { code: string; answers: ReadonlyArray<readonly [string, string]> }) =>
  d.answers.map(([code, display]) => [code, d.code === 'escc-grade' ? `ESCC ${code.slice('escc-grade-'.length)} — ${display}` : display] as const);

/** What the assessment uses now for a fact, and where it came from. */
const now = (f: { sources: Array<{ reference?: string; kind: string; date?: string }> } | undefined, what: string) =>
  f ? `${what} (${f.sources.map((x) => `${sourceLabel(x as never)}${x.date ? ` ${x.date.slice(0, 10)}` : ''}`).slice(0, 2).join(', ')})` : undefined;

/** A judgement's value in the chart, if any: "now: yes (clinician, 2026-11-19)". */
function judgementNow(a: Assessment, code: string): string {
  const key = (Object.entries(JUDGEMENT_KEYS).find(([c]) => c === code) ?? [])[1];
  const f = key ? (a.facts.judgements as Record<string, { value: unknown; sources: Array<{ date?: string }> } | undefined>)[key] : undefined;
  return f ? `now: ${f.value === true ? 'yes' : f.value === false ? 'no' : String(f.value)}${f.sources[0]?.date ? ` (${f.sources[0].date.slice(0, 10)})` : ''}` : 'not in the chart';
}
const JUDGEMENT_KEYS: Record<string, string> = {
  'neuro-deficit-progressive': 'neuroProgressive', 'pain-intractable': 'intractablePain', 'pain-from-instability': 'painFromInstability', 'pathological-fracture': 'pathologicalFracture',
  'impaired-consciousness-cerebral': 'impairedConsciousness', 'declines-surgery': 'declinesSurgery', 'fit-for-surgery': 'fitForSurgery', 'reduced-will-to-live': 'reducedWillToLive',
};

export function InputsScreen({ a, inputs, set }: { a: Assessment; inputs: ReadonlyMap<string, ClinicianInput>; set: Setter }) {
  const fromChart = new Set(a.facts.spine.levels.map((l) => l.value));
  const entered = [...inputs.values()].filter((i) => i.code === INPUT_CODES.metastasisLevel.code && i.value === true).map((i) => i.level!);
  const involved = new Set<SpineLevel>([...fromChart, ...entered]);
  const [selected, setSelected] = useState<SpineLevel | undefined>(a.scores.sinsIndex?.level ?? [...involved][0]);
  const codeOf = (code: string, level?: SpineLevel) => {
    const v = inputs.get(inputKey({ code, ...(level ? { level } : {}) }))?.value;
    return typeof v === 'object' ? v.code : undefined;
  };
  const setCode = (code: string, level: SpineLevel | undefined, v: string | undefined) =>
    set(v ? { code, value: { code: v }, ...(level ? { level } : {}) } : { code, clear: true, ...(level ? { level } : {}) });
  const sinsLesion = selected ? a.scores.sinsLesions.find((l) => l.level === selected) : undefined;
  const ps = inputs.get(inputKey({ code: 'loinc:89247-1' }))?.value;

  return (
    <section aria-labelledby="inputs-h">
      <h2 id="inputs-h">Inputs</h2>
      <p>Enter what the chart lacks, mostly from imaging. Every change recomputes the scores at once; nothing is saved until you press Save to chart.</p>
      {a.recommendations.candidacy.assumptions.length ? (
        <div class="banner warn assumptions" role="note"><strong>The answer assumes {a.recommendations.candidacy.assumptions.length === 1 ? 'one input' : `${a.recommendations.candidacy.assumptions.length} inputs`} not recorded; entering {a.recommendations.candidacy.assumptions.length === 1 ? 'it' : 'them'} would settle the decision:</strong>
          <ul>{a.recommendations.candidacy.assumptions.map((x) => <li key={x.id}>assuming {x.text} ({x.evidence}) — {x.action}</li>)}</ul>
        </div>
      ) : null}
      {a.recommendations.candidacy.banners.length ? (
        <div class="banner warn" role="note"><strong>{a.recommendations.candidacy.banners.length} input{a.recommendations.candidacy.banners.length > 1 ? 's' : ''} would settle the decision:</strong>
          <ul>{a.recommendations.candidacy.banners.map((b) => <li key={b.input}>{b.text} — {b.action}</li>)}</ul>
        </div>
      ) : null}
      <div class="inputs-layout">
        <SpineDiagram involved={involved} {...(selected ? { selected } : {})} onSelect={setSelected}
          onToggle={(l) => set({ code: INPUT_CODES.metastasisLevel.code, value: true, level: l })} />
        <div class="level-form">
          {selected ? (
            <fieldset>
              <legend>Lesion at {selected}{sinsLesion ? ` — SINS ${sinsLesion.result.complete ? sinsLesion.result.total : `${sinsLesion.result.range.min}–${sinsLesion.result.range.max}`}` : ''}</legend>
              <p class="hint">SINS location follows from the level.</p>
              {SINS.items.filter((it) => it.id !== 'location').map((it) => (
                <CodeSelect key={it.code} id={`${it.code}-${selected}`} label={it.display} answers={it.answers.map((x) => [x.code, `${x.display} (${x.points})`] as const)}
                  value={codeOf(it.code, selected)} onChange={(v) => setCode(it.code, selected, v)}
                  {...(() => { const r = sinsLesion?.result.items.find((x) => x.code === it.code); const src = r?.facts[0]?.sources[0]; return r ? { current: `${r.reason}${src ? ` (${sourceLabel(src)})` : ''}` } : {}; })()} />
              ))}
              {PER_LEVEL.map((d) => {
                const f = d.code === 'escc-grade' ? a.facts.spine.escc[selected] : a.facts.spine.lesionPosition[selected];
                const cur = now(f, d.code === 'escc-grade' ? `ESCC ${String(f?.value)}` : String(f?.value));
                return <CodeSelect key={d.code} id={`${d.code}-${selected}`} label={d.display} answers={labelled(d)} value={codeOf(d.code, selected)} onChange={(v) => setCode(d.code, selected, v)} {...(cur ? { current: cur } : {})} />;
              })}
              <div class="field">
                <label><input type="checkbox" checked={inputs.get(inputKey({ code: INPUT_CODES.indexLevel.code, level: selected }))?.value === true}
                  onChange={(e) => set((e.target as HTMLInputElement).checked ? { code: INPUT_CODES.indexLevel.code, value: true, level: selected } : { code: INPUT_CODES.indexLevel.code, level: selected, clear: true })} /> Index (treated) level</label>
              </div>
            </fieldset>
          ) : <p>Choose a level on the spine.</p>}
        </div>
      </div>
      <fieldset>
        <legend>Neurology, performance and pathology</legend>
        <div class="field">
          <label for="ecog">ECOG performance status (today){a.facts.performance ? <span class="hint"> — now {a.facts.performance.value.ecog !== undefined ? `ECOG ${a.facts.performance.value.ecog}` : `KPS ${a.facts.performance.value.kps}`}</span> : null}</label>
          <select id="ecog" value={typeof ps === 'number' ? String(ps) : ''} onChange={(e) => { const v = (e.target as HTMLSelectElement).value; set(v ? { code: 'loinc:89247-1', value: Number(v) } : { code: 'loinc:89247-1', clear: true }); }}>
            <option value="">— not entered —</option>
            {[0, 1, 2, 3, 4].map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </div>
        {GENERAL_CODES.map((d) => {
          const cur = d.code === 'frankel-grade' ? now(a.facts.neuro, a.facts.neuro ? `${a.facts.neuro.value.system} ${a.facts.neuro.value.grade}` : '')
            : d.code === 'expected-survival' ? now(a.facts.judgements.expectedSurvival, String(a.facts.judgements.expectedSurvival?.value)) : undefined;
          return <CodeSelect key={d.code} id={d.code} label={d.display} answers={labelled(d)} value={codeOf(d.code)} onChange={(v) => setCode(d.code, undefined, v)} {...(cur ? { current: cur } : {})} />;
        })}
        <div class="field">
          <label for="deficit-onset">{INPUT_CODES.neuroDeficitOnset.display}</label>
          <input id="deficit-onset" type="datetime-local" value={typeof inputs.get(inputKey({ code: INPUT_CODES.neuroDeficitOnset.code }))?.value === 'string' ? String(inputs.get(inputKey({ code: INPUT_CODES.neuroDeficitOnset.code }))!.value).slice(0, 16) : ''}
            onChange={(e) => { const v = (e.target as HTMLInputElement).value; set(v ? { code: INPUT_CODES.neuroDeficitOnset.code, value: new Date(v).toISOString() } : { code: INPUT_CODES.neuroDeficitOnset.code, clear: true }); }} />
        </div>
      </fieldset>
      <fieldset>
        <legend>Clinician judgements</legend>
        {JUDGEMENTS.map((d) => {
          const v = inputs.get(inputKey({ code: d.code }))?.value;
          return (
            <div class="field" key={d.code}>
              <label for={d.code}>{d.display}</label>
              <select id={d.code} value={v === true ? 'yes' : v === false ? 'no' : ''} title={d.definition} aria-describedby={`${d.code}-now`}
                onChange={(e) => { const x = (e.target as HTMLSelectElement).value; set(x ? { code: d.code, value: x === 'yes' } : { code: d.code, clear: true }); }}>
                <option value="">— not entered —</option><option value="yes">Yes</option><option value="no">No</option>
              </select>
              <span id={`${d.code}-now`} class="hint">{judgementNow(a, d.code)}</span>
            </div>
          );
        })}
      </fieldset>
    </section>
  );
}
