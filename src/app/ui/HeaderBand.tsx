import type { Patient, Resource } from 'fhir/r4';
import type { Assessment } from '../../assess/assess.js';
import { FRANKEL_TEXT, toFrankelLetter } from '../../clinical/neuro.js';
import {
  approachText,
  atLeastUrgent,
  headlineText,
  urgencyText,
  noRecommendation,
} from '../../recommend/describe.js';
import type { ScoreDef, ScoreResult } from '../../scores/types.js';
import { SINS } from '../../scores/sins.js';
import { TOKUHASHI } from '../../scores/tokuhashi.js';
import { TOMITA } from '../../scores/tomita.js';
import { KATAGIRI } from '../../scores/katagiri.js';
import { Term } from './glossary.js';
import { StandardActions } from './StandardActions.js';

/** Who the patient is, as the chart says: name, birth date and age, sex, record number. */
export function identity(resources: readonly Resource[], a: Assessment) {
  const p = resources.find((r): r is Patient => r.resourceType === 'Patient');
  const n = p?.name?.[0];
  const name = n
    ? (n.text ?? [n.given?.join(' '), n.family].filter(Boolean).join(' '))
    : `Patient ${a.patientId}`;
  const mrn =
    p?.identifier?.find((i) => i.type?.coding?.some((c) => c.code === 'MR'))?.value ??
    p?.identifier?.[0]?.value;
  return {
    name,
    birthDate: p?.birthDate,
    age: a.facts.ageYears,
    sex: p?.gender,
    mrn,
    deceased: a.facts.deceased?.value.date,
  };
}

/** The newest date among the sources the assessment used: how current the data are. */
export function dataDate(a: Assessment): string | undefined {
  let newest = '';
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (Array.isArray(o.sources))
        for (const s of o.sources as Array<{ date?: string }>)
          if (s.date && s.date > newest) newest = s.date;
          else for (const x of Object.values(o)) visit(x);
    }
  };
  visit([
    a.facts.primary,
    a.facts.performance,
    a.facts.neuro,
    a.facts.spine.levels,
    Object.values(a.facts.spine.escc),
    Object.values(a.facts.spine.sins).flatMap((x) => Object.values(x ?? {})),
  ]);
  return newest ? newest.slice(0, 10) : undefined;
}

type Tone = 'good' | 'mid' | 'bad' | 'open';
interface Chip {
  label: string;
  value: string;
  band: string;
  tone: Tone;
  title: string;
}

const range = (r: ScoreResult) => (r.complete ? String(r.total) : `${r.range.min}–${r.range.max}`);
const DEFS = new Map<string, ScoreDef>([SINS, TOKUHASHI, TOMITA, KATAGIRI].map((d) => [d.id, d]));
/**
 * A band's tone from its place among the score's bands: the worst band is "bad", the best "good";
 * undecided is "open".
 */
function tone(r: ScoreResult): Tone {
  const bands = DEFS.get(r.scoreId)?.bands;
  if (!r.band || !bands) return 'open';
  const i = bands.findIndex((b) => b.code === r.band!.code);
  const [best, worst] =
    r.direction === 'higher-worse' ? [0, bands.length - 1] : [bands.length - 1, 0];
  return i === worst ? 'bad' : i === best ? 'good' : 'mid';
}

export function chips(a: Assessment): Chip[] {
  const s = a.scores;
  const f = a.facts;
  const out: Chip[] = [];
  const meaning = (r: ScoreResult) =>
    r.band ? r.band.meaning : `not decided (${r.missing.map((m) => m.label).join(', ')} missing)`;
  const score = (label: string, r: ScoreResult) =>
    out.push({
      label,
      value: range(r),
      band: r.band?.label ?? `${r.possibleBands.length} bands possible`,
      tone: tone(r),
      title: `${r.name}: ${meaning(r)}`,
    });
  if (s.sinsIndex) score(`SINS ${s.sinsIndex.level}`, s.sinsIndex.result);
  else
    out.push({
      label: 'SINS',
      value: '—',
      band: 'no level recorded',
      tone: 'open',
      title: 'No involved vertebral level is recorded',
    });
  out.push(
    s.escc
      ? {
          label: 'ESCC',
          value: s.escc.grade.value,
          band: `at ${s.escc.level}`,
          tone:
            s.escc.grade.value === '2' || s.escc.grade.value === '3'
              ? 'bad'
              : s.escc.grade.value === '0'
                ? 'good'
                : 'mid',
          title: 'Epidural spinal cord compression (Bilsky) grade',
        }
      : {
          label: 'ESCC',
          value: '—',
          band: 'not graded',
          tone: 'open',
          title: 'No ESCC grade is recorded',
        },
  );
  out.push(
    f.neuro
      ? {
          label: f.neuro.value.system === 'asia' ? 'ASIA' : 'Frankel',
          value: f.neuro.value.grade,
          band: FRANKEL_TEXT[toFrankelLetter(f.neuro.value)].split(':')[0]!.toLowerCase(),
          tone:
            f.neuro.value.grade === 'E'
              ? 'good'
              : f.neuro.value.grade.startsWith('D')
                ? 'mid'
                : 'bad',
          title: 'Neurological grade',
        }
      : {
          label: 'Frankel',
          value: '—',
          band: 'not recorded',
          tone: 'open',
          title: 'No neurological grade is recorded',
        },
  );
  const ps = f.performance?.value;
  out.push(
    ps
      ? {
          label: ps.kps !== undefined ? 'KPS' : 'ECOG',
          value: String(ps.kps ?? ps.ecog),
          band: f.performance!.stale
            ? `${f.performance!.stale.ageDays} days old`
            : 'performance status',
          tone:
            (ps.kps ?? 100) <= 40 || (ps.ecog ?? 0) >= 3
              ? 'bad'
              : (ps.kps ?? 100) >= 80 || (ps.ecog ?? 5) <= 1
                ? 'good'
                : 'mid',
          title: 'Performance status',
        }
      : {
          label: 'PS',
          value: '—',
          band: 'not recorded',
          tone: 'open',
          title: 'No performance status is recorded',
        },
  );
  score('Tokuhashi', s.tokuhashi);
  score('Tomita', s.tomita);
  score('Katagiri', s.katagiri);
  return out;
}

/**
 * The header band of every screen: who, how current, the decision in large type, the score chips,
 * what to confirm.
 */
/** The values a conflicting performance status could take, as entries the clinician can choose. */
function performanceChoices(
  a: Assessment,
): Array<{ label: string; input: { code: string; value: number } }> {
  const p = a.facts.performance;
  if (!p?.alternatives?.length) return [];
  const all = [p.value, ...(p.alternatives as Array<typeof p.value>)];
  const seen = new Set<string>();
  return all
    .flatMap((v) => [
      ...(v.kps !== undefined
        ? [{ label: `KPS ${v.kps}`, input: { code: 'loinc:89243-0', value: v.kps } }]
        : []),
      ...(v.ecog !== undefined
        ? [{ label: `ECOG ${v.ecog}`, input: { code: 'loinc:89247-1', value: v.ecog } }]
        : []),
    ])
    .filter((c) => !seen.has(c.label) && seen.add(c.label));
}

export function HeaderBand({
  a,
  resources,
  onChoose,
}: {
  a: Assessment;
  resources: readonly Resource[];
  onChoose?: (input: { code: string; value: number }) => void;
}) {
  const choices = onChoose ? performanceChoices(a) : [];
  const id = identity(resources, a);
  const c = a.recommendations.candidacy;
  const date = dataDate(a);
  const urgent = atLeastUrgent(c);
  return (
    <header class="band" aria-label="Patient and decision">
      <p class="who">
        <strong class="name">{id.name}</strong>
        {id.birthDate ? (
          <span>
            {' '}
            · born {id.birthDate}
            {id.age !== undefined ? ` (${id.age} y)` : ''}
          </span>
        ) : null}
        {id.sex ? <span> · {id.sex}</span> : null}
        {id.mrn ? <span> · record {id.mrn}</span> : null}
        <span class="asof">
          {' '}
          · data to {date ?? 'unknown'}, assessed {a.asOf.slice(0, 10)}
        </span>
      </p>
      <div
        class={`headline ${urgent || c.emergency !== 'no' ? 'urgent' : ''} ${c.category.status}`}
        data-headline={c.headline}
        data-kind={c.kind}
        data-emergency={c.emergency}
      >
        <p class="decision" role="heading" aria-level={2}>
          {headlineText(c, true)}
        </p>
        {c.emergencyReason ? (
          <p class="emergency">
            <strong>{c.emergency === 'yes' ? 'Emergency' : 'Possible emergency'}:</strong>{' '}
            {c.emergencyReason}
          </p>
        ) : null}
        <p class="reason">{c.reason}</p>
        {c.assumptions.length ? (
          <ul class="assumptions" aria-label="Assumptions">
            {c.assumptions.map((x) => (
              <li key={x.id}>
                <strong>Assuming</strong> {x.text} ({x.evidence})
                {x.otherwise ? `; otherwise ${x.otherwise}` : ''} — {x.action}
              </li>
            ))}
          </ul>
        ) : null}
        {!noRecommendation(c) ? (
          <p class="facts">
            <span>
              <strong>Urgency:</strong> {urgencyText(c)}
            </span>{' '}
            <span>
              <strong>Approach:</strong> {approachText(a.recommendations.approach)}
            </span>
          </p>
        ) : null}
      </div>
      <ul class="chips" aria-label="Scores">
        {chips(a).map((ch) => (
          <li key={ch.label} class={`chip ${ch.tone}`} title={ch.title}>
            <span class="k">
              <Term t={ch.label.split(' ')[0]!}>{ch.label}</Term>
            </span>{' '}
            <strong>{ch.value}</strong> <span class="b">{ch.band}</span>
          </li>
        ))}
      </ul>
      <StandardActions actions={a.recommendations.actions} />
      {choices.length ? (
        <p class="banner conflict" role="note">
          <strong>Performance status conflicts</strong> (
          {a.facts
            .performance!.sources.map((x) => x.date?.slice(0, 10))
            .filter(Boolean)
            .join(', ')}
          ): which value should the scores use?{' '}
          {choices.map((ch) => (
            <button key={ch.label} type="button" onClick={() => onChoose!(ch.input)}>
              Use {ch.label}
            </button>
          ))}
        </p>
      ) : null}
      {c.banners.some((b) => b.kind === 'missing') ? (
        <p class="banner missing" role="note">
          <strong>Would decide:</strong>{' '}
          {c.banners
            .filter((b) => b.kind === 'missing')
            .map((b) => `${b.text.split(':')[0]} — ${b.action}`)
            .join('; ')}
        </p>
      ) : null}
      {c.banners.filter((b) => b.kind !== 'missing').length ? (
        <ul class="banners" aria-label="Inputs to confirm">
          {c.banners
            .filter((b) => b.kind !== 'missing')
            .map((b) => (
              <li key={b.input} class={`banner ${b.kind}`}>
                <strong>{b.kind === 'stale' ? 'Stale' : 'Conflict'}:</strong> {b.text} — {b.action}
              </li>
            ))}
        </ul>
      ) : null}
    </header>
  );
}
