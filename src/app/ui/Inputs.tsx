import { useState } from 'preact/hooks';
import type { Assessment } from '../../assess/assess.js';
import type { SpineLevel } from '../../clinical/spine-levels.js';
import { SINS } from '../../scores/sins.js';
import {
  answerLabel,
  INPUT_ROWS,
  INPUT_TABLE,
  inputFact,
  shownValue,
  type InputRow,
  type InputSection,
} from '../../inputs/input-table.js';
import type { ClinicianInput } from '../../writeback/input-observation.js';
import { inputKey } from '../../writeback/input-observation.js';
import { SpineDiagram } from './SpineDiagram.js';
import { sourceLabel } from './format.js';

type Setter = (i: ClinicianInput | { code: string; level?: SpineLevel; clear: true }) => void;

interface CodeSelectProps {
  id: string;
  label: string;
  answers: ReadonlyArray<readonly [string, string]>;
  value?: string | undefined;
  onChange: (v: string | undefined) => void;
  current?: string | undefined;
}

function CodeSelect({ id, label, answers, value, onChange, current }: CodeSelectProps) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <div>
        <select
          id={id}
          value={value ?? ''}
          aria-describedby={`${id}-now`}
          onChange={(e) => onChange((e.target as HTMLSelectElement).value || undefined)}
        >
          <option value="">— not entered (from chart if recorded) —</option>
          {answers.map(([code, display]) => (
            <option key={code} value={code}>
              {display}
            </option>
          ))}
        </select>
        <NowLine id={id} current={current} />
      </div>
    </div>
  );
}

/** What the assessment uses now for a fact, and where it came from. */
const now = (
  f: { sources: Array<{ reference?: string; kind: string; date?: string }> } | undefined,
  what: string,
) =>
  f
    ? `${what} (${f.sources
        .map((x) => `${sourceLabel(x as never)}${x.date ? ` ${x.date.slice(0, 10)}` : ''}`)
        .slice(0, 2)
        .join(', ')})`
    : undefined;

/** An input's value in the chart and its source: "yes (Observation/…, 2026-11-19)". */
function inputNow(a: Assessment, row: InputRow, level?: SpineLevel): string | undefined {
  const f = inputFact(a.facts, row, level);
  return f ? now(f, shownValue(row, f.value, level)) : undefined;
}

const rowsIn = (section: InputSection) => INPUT_ROWS.filter((r) => r.section === section);

/** The "Now: …" line under an input (aria-describedby of its control). */
function NowLine({ id, current }: { id: string; current: string | undefined }) {
  return (
    <div id={`${id}-now`} class="hint">
      {current ? `Now: ${current}` : 'Not in the chart'}
    </div>
  );
}

type Entered = ClinicianInput['value'] | undefined;
interface FieldProps {
  row: InputRow;
  level?: SpineLevel;
  value: Entered;
  current: string | undefined;
  enter: (v: Entered) => void;
}
type ChangeEvent = { target: EventTarget | null };
const valueOf = (e: ChangeEvent) => (e.target as HTMLInputElement | HTMLSelectElement).value;

/** The control a value type calls for: yes/no, a number (a list for a short range), a date. */
function Control({ id, row, value, enter }: FieldProps & { id: string }) {
  const common = { id, title: row.definition, 'aria-describedby': `${id}-now` };
  if (row.value === 'boolean') {
    const v = value === true ? 'yes' : value === false ? 'no' : '';
    return (
      <select
        {...common}
        value={v}
        onChange={(e) => enter(valueOf(e) ? valueOf(e) === 'yes' : undefined)}
      >
        <option value="">— not entered —</option>
        <option value="yes">Yes</option>
        <option value="no">No</option>
      </select>
    );
  }
  const number = typeof value === 'number' ? String(value) : '';
  if (row.value === 'integer' && row.range?.[1] !== undefined) {
    const [min, max] = row.range as readonly [number, number];
    const values = Array.from({ length: max - min + 1 }, (_, k) => min + k);
    return (
      <select
        {...common}
        value={number}
        onChange={(e) => enter(valueOf(e) ? Number(valueOf(e)) : undefined)}
      >
        <option value="">— not entered —</option>
        {values.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    );
  }
  if (row.value === 'integer') {
    const toInt = (x: string) => (x !== '' && Number.isInteger(Number(x)) ? Number(x) : undefined);
    return (
      <input
        {...common}
        type="number"
        step={1}
        min={row.range?.[0]}
        value={number}
        onChange={(e) => enter(toInt(valueOf(e)))}
      />
    );
  }
  const text = typeof value === 'string' ? value : '';
  if (row.value === 'dateTime') {
    return (
      <input
        {...common}
        type="datetime-local"
        value={text.slice(0, 16)}
        onChange={(e) => enter(valueOf(e) ? new Date(valueOf(e)).toISOString() : undefined)}
      />
    );
  }
  // A string is entered once it has the input's form (EQ-5D-5L: five digits 1–5).
  const valid = (x: string) => !!x && (!row.pattern || new RegExp(`^${row.pattern}$`).test(x));
  return (
    <input
      {...common}
      type="text"
      pattern={row.pattern}
      value={text}
      onChange={(e) => {
        const x = valueOf(e);
        enter(valid(x) ? x : undefined);
      }}
    />
  );
}

/** One input of the table: its control and its value in the chart. */
function InputField(props: FieldProps) {
  const { row, level, value, current, enter } = props;
  const id = level ? `${row.code}-${level}` : row.code;
  if (row.value === 'code') {
    const answers = row.answers!.map((x) => [x[0], answerLabel(row, x)] as const);
    const code = typeof value === 'object' ? value.code : undefined;
    return (
      <CodeSelect
        id={id}
        label={row.display}
        answers={answers}
        value={code}
        onChange={(v) => enter(v ? { code: v } : undefined)}
        current={current}
      />
    );
  }
  if (row.flag) {
    const onChange = (e: ChangeEvent) => enter((e.target as HTMLInputElement).checked || undefined);
    return (
      <div class="field">
        <label>
          <input
            id={id}
            type="checkbox"
            checked={value === true}
            aria-describedby={`${id}-now`}
            onChange={onChange}
          />{' '}
          {row.display}
        </label>
        <NowLine id={id} current={current} />
      </div>
    );
  }
  return (
    <div class="field">
      <label for={id}>{row.display}</label>
      <div>
        <Control {...props} id={id} />
        <NowLine id={id} current={current} />
      </div>
    </div>
  );
}

/** A SINS total, or the range it can still take. */
const sinsTotal = (r: {
  complete: boolean;
  total: number | null;
  range: { min: number; max: number };
}) => (r.complete ? String(r.total) : `${r.range.min}–${r.range.max}`);

export function InputsScreen({
  a,
  inputs,
  set,
}: {
  a: Assessment;
  inputs: ReadonlyMap<string, ClinicianInput>;
  set: Setter;
}) {
  const fromChart = new Set(a.facts.spine.levels.map((l) => l.value));
  const marked = INPUT_TABLE.metastasisLevel.code;
  const entered = [...inputs.values()]
    .filter((i) => i.code === marked && i.value === true)
    .map((i) => i.level!);
  const involved = new Set<SpineLevel>([...fromChart, ...entered]);
  const [selected, setSelected] = useState<SpineLevel | undefined>(
    a.scores.sinsIndex?.level ?? [...involved][0],
  );
  const at = (level?: SpineLevel) => (level ? { level } : {});
  const enteredValue = (code: string, level?: SpineLevel) =>
    inputs.get(inputKey({ code, ...at(level) }))?.value;
  const codeOf = (code: string, level?: SpineLevel) => {
    const v = enteredValue(code, level);
    return typeof v === 'object' ? v.code : undefined;
  };
  const enter = (code: string, level: SpineLevel | undefined, v: Entered) =>
    set(v !== undefined ? { code, value: v, ...at(level) } : { code, clear: true, ...at(level) });
  const setCode = (code: string, level: SpineLevel | undefined, v: string | undefined) =>
    enter(code, level, v ? { code: v } : undefined);
  /** A row of the input table; a spine-map row only says whether the level is marked. */
  const field = (row: InputRow, level?: SpineLevel) => {
    const current = inputNow(a, row, level);
    const id = level ? `${row.code}-${level}` : row.code;
    if (row.section === 'map') {
      return (
        <div class="field" key={id}>
          <span>{row.display} (mark it on the spine)</span>
          <NowLine id={id} current={current} />
        </div>
      );
    }
    return (
      <InputField
        key={id}
        row={row}
        {...at(level)}
        value={enteredValue(row.code, level)}
        current={current}
        enter={(v) => enter(row.code, level, v)}
      />
    );
  };
  const sinsLesion = selected ? a.scores.sinsLesions.find((l) => l.level === selected) : undefined;
  const ps = inputs.get(inputKey({ code: 'loinc:89247-1' }))?.value;

  return (
    <section aria-labelledby="inputs-h">
      <h2 id="inputs-h">Inputs</h2>
      <p>
        Enter what the chart lacks, mostly from imaging. Every change recomputes the scores at once;
        nothing is saved until you press Save to chart.
      </p>
      {a.recommendations.candidacy.assumptions.length ? (
        <div class="banner warn assumptions" role="note">
          <strong>
            The answer assumes{' '}
            {a.recommendations.candidacy.assumptions.length === 1
              ? 'one input'
              : `${a.recommendations.candidacy.assumptions.length} inputs`}{' '}
            not recorded; entering{' '}
            {a.recommendations.candidacy.assumptions.length === 1 ? 'it' : 'them'} would settle the
            decision:
          </strong>
          <ul>
            {a.recommendations.candidacy.assumptions.map((x) => (
              <li key={x.id}>
                assuming {x.text} ({x.evidence}) — {x.action}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {a.recommendations.candidacy.banners.length ? (
        <div class="banner warn" role="note">
          <strong>
            {a.recommendations.candidacy.banners.length} input
            {a.recommendations.candidacy.banners.length > 1 ? 's' : ''} would settle the decision:
          </strong>
          <ul>
            {a.recommendations.candidacy.banners.map((b) => (
              <li key={b.input}>
                {b.text} — {b.action}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div class="inputs-layout">
        <SpineDiagram
          involved={involved}
          {...(selected ? { selected } : {})}
          onSelect={setSelected}
          onToggle={(l) => set({ code: marked, value: true, level: l })}
        />
        <div class="level-form">
          {selected ? (
            <fieldset>
              <legend>
                Lesion at {selected}
                {sinsLesion ? ` — SINS ${sinsTotal(sinsLesion.result)}` : ''}
              </legend>
              <p class="hint">SINS location follows from the level.</p>
              {SINS.items
                .filter((it) => it.id !== 'location')
                .map((it) => (
                  <CodeSelect
                    key={it.code}
                    id={`${it.code}-${selected}`}
                    label={it.display}
                    answers={it.answers.map((x) => [x.code, `${x.display} (${x.points})`] as const)}
                    value={codeOf(it.code, selected)}
                    onChange={(v) => setCode(it.code, selected, v)}
                    {...(() => {
                      const r = sinsLesion?.result.items.find((x) => x.code === it.code);
                      const src = r?.facts[0]?.sources[0];
                      return r
                        ? { current: `${r.reason}${src ? ` (${sourceLabel(src)})` : ''}` }
                        : {};
                    })()}
                  />
                ))}
              {[...rowsIn('level'), ...rowsIn('map')].map((row) => field(row, selected))}
            </fieldset>
          ) : (
            <p>Choose a level on the spine.</p>
          )}
        </div>
      </div>
      <fieldset>
        <legend>Neurology, performance and pathology</legend>
        <div class="field">
          <label for="ecog">
            ECOG performance status (today)
            {a.facts.performance ? (
              <span class="hint">
                {' '}
                — now{' '}
                {a.facts.performance.value.ecog !== undefined
                  ? `ECOG ${a.facts.performance.value.ecog}`
                  : `KPS ${a.facts.performance.value.kps}`}
              </span>
            ) : null}
          </label>
          <select
            id="ecog"
            value={typeof ps === 'number' ? String(ps) : ''}
            onChange={(e) => {
              const v = (e.target as HTMLSelectElement).value;
              set(
                v
                  ? { code: 'loinc:89247-1', value: Number(v) }
                  : { code: 'loinc:89247-1', clear: true },
              );
            }}
          >
            <option value="">— not entered —</option>
            {[0, 1, 2, 3, 4].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        {rowsIn('neurology').map((row) => field(row))}
      </fieldset>
      <fieldset>
        <legend>Staging and prognosis</legend>
        {rowsIn('staging').map((row) => field(row))}
      </fieldset>
      <fieldset>
        <legend>Clinician judgements</legend>
        {rowsIn('judgement').map((row) => field(row))}
      </fieldset>
    </section>
  );
}
