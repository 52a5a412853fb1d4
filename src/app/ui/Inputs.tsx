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
const GENERAL_CODES = [INPUT_CODES.frankel, INPUT_CODES.ambulation, INPUT_CODES.tomitaGrowth] as const;
const JUDGEMENTS = [INPUT_CODES.neuroProgressive, INPUT_CODES.intractablePain, INPUT_CODES.painMechanical, INPUT_CODES.pathologicalFracture, INPUT_CODES.previousChemotherapy,
  INPUT_CODES.visceralComplete, INPUT_CODES.visceralRemovable, INPUT_CODES.visceralTreatable, INPUT_CODES.fitForSurgery, INPUT_CODES.declinesSurgery, INPUT_CODES.reducedWillToLive, INPUT_CODES.impairedConsciousness] as const;

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
              {PER_LEVEL.map((d) => (
                <CodeSelect key={d.code} id={`${d.code}-${selected}`} label={d.display} answers={d.answers} value={codeOf(d.code, selected)} onChange={(v) => setCode(d.code, selected, v)} />
              ))}
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
          <label for="ecog">ECOG performance status (today)</label>
          <select id="ecog" value={typeof ps === 'number' ? String(ps) : ''} onChange={(e) => { const v = (e.target as HTMLSelectElement).value; set(v ? { code: 'loinc:89247-1', value: Number(v) } : { code: 'loinc:89247-1', clear: true }); }}>
            <option value="">— not entered —</option>
            {[0, 1, 2, 3, 4].map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </div>
        {GENERAL_CODES.map((d) => <CodeSelect key={d.code} id={d.code} label={d.display} answers={d.answers} value={codeOf(d.code)} onChange={(v) => setCode(d.code, undefined, v)} />)}
      </fieldset>
      <fieldset>
        <legend>Clinician judgements</legend>
        {JUDGEMENTS.map((d) => {
          const v = inputs.get(inputKey({ code: d.code }))?.value;
          return (
            <div class="field" key={d.code}>
              <label for={d.code}>{d.display}</label>
              <select id={d.code} value={v === true ? 'yes' : v === false ? 'no' : ''} title={d.definition}
                onChange={(e) => { const x = (e.target as HTMLSelectElement).value; set(x ? { code: d.code, value: x === 'yes' } : { code: d.code, clear: true }); }}>
                <option value="">— not entered —</option><option value="yes">Yes</option><option value="no">No</option>
              </select>
            </div>
          );
        })}
      </fieldset>
    </section>
  );
}
