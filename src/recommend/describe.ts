/**
 * The decision in words, once, for the app, the cards and the CLI: the same chart reads the same
 * everywhere. Plain text; callers escape for their medium.
 */
import {
  CANDIDACY_LABELS,
  CANDIDACY_SHORT,
  shortLabel,
  URGENCY_LABELS,
  type Approach,
  type Candidacy,
  type Decision,
  type Recommendations,
  type Statement,
  type StatementSide,
} from './types.js';
import { OPTION_LABELS } from './rules/approach-rules.js';

/** No recommendation is made (deceased, or no spinal metastasis on record). */
export const noRecommendation = (c: Candidacy): boolean =>
  c.headline === 'deceased' || c.headline === 'not-assessed';

/** The urgency is at least urgent whatever the open inputs. */
export const atLeastUrgent = (c: Candidacy): boolean =>
  c.urgency.atLeast === 'emergency' || c.urgency.atLeast === 'urgent';
/**
 * Surgery (consultation or excision) is the answer (decided or leading), or still possible when
 * there is none.
 */
export const surgeryPossible = (c: Candidacy): boolean => {
  const surgical = (p: string | null | undefined) =>
    p === 'surgical-consultation' || p === 'excisional';
  return c.category.leading ? surgical(c.category.leading) : c.category.possible.some(surgical);
};

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** What would settle an undecided answer: the inputs that decide it alone first. */
export function decidersText(d: Decision<string>, max = 3): string {
  const list = [...d.deciding]
    .sort((a, b) => Number(b.decidesAlone) - Number(a.decidesAlone))
    .slice(0, max);
  return list.map((x) => x.short).join(', ');
}

/** "assuming a; b" in one line (short: without the evidence). */
export function assumingText(c: Candidacy, short = false): string {
  if (!c.assumptions.length) return '';
  return (
    `assuming ` +
    `${c.assumptions.map((a) => (short ? a.text : `${a.text} (${a.evidence})`)).join('; ')}`
  );
}

export function urgencyText(c: Candidacy): string {
  const u = c.urgency;
  const v = u.leading ?? (u.status === 'decided' ? u.value : null);
  if (v)
    return `${URGENCY_LABELS[v]}${u.status === 'leading' ? ' (on the assumptions above)' : ''}`;
  if (!u.possible.length) return 'not applicable';
  const range = u.possible.map((x) => URGENCY_LABELS[x]).join(' or ');
  const atLeast =
    u.atLeast && u.atLeast !== 'routine' ? `at least ${URGENCY_LABELS[u.atLeast]}` : 'not decided';
  const verb = u.deciding.length === 1 ? 'decides' : 'decide';
  return `${atLeast} (${range}; ${decidersText(u) || 'open inputs'} ${verb})`;
}

/**
 * The headline in one line, emergency first: the emergency, then the category (decided, or leading
 * with
 * "assuming …"), or why there is none; `short` drops the evidence behind the assumptions.
 */
export function headlineText(c: Candidacy, short = false): string {
  if (noRecommendation(c)) return CANDIDACY_LABELS[c.headline];
  const cat = c.category.leading ?? null;
  const surgical = cat === 'surgical-consultation' || cat === 'excisional';
  const lead =
    c.emergency === 'yes'
      ? surgical
        ? 'Emergency: spine surgical review today'
        : 'Emergency: cord compression — treat today'
      : c.emergency === 'possible'
        ? 'Possible emergency: confirm today'
        : '';
  const urgency = c.urgency.leading ?? c.urgency.atLeast;
  const u =
    c.emergency === 'no' && urgency && urgency !== 'routine'
      ? ` — ${c.urgency.leading ? '' : 'at least '}${URGENCY_LABELS[urgency]}`
      : '';
  let body: string;
  if (cat) {
    body = `${lead ? lower(CANDIDACY_LABELS[cat]) : CANDIDACY_LABELS[cat]}${u}`;
    const assuming = assumingText(c, short);
    if (assuming) body += ` — ${assuming}`;
  } else if (c.kind === 'insufficient') {
    const prov = c.category.provisional
      ? ` (provisional: ${lower(CANDIDACY_LABELS[c.category.provisional])})`
      : '';
    const stale = c.banners.filter((b) => b.kind !== 'missing').map((b) => b.input);
    const insufficient = lead
      ? 'insufficient current data'
      : CANDIDACY_LABELS['insufficient-current-data'];
    const reassess = stale.join(', ') || 'the stale data';
    body =
      urgency && urgency !== 'routine' && !lead
        ? `${capital(URGENCY_LABELS[urgency])} review${prov} — re-assess ${reassess} first`
        : `${insufficient}${prov}${u}`;
  } else {
    const options = (c.category.narrowed ?? c.category.possible)
      .map((p) => (short ? CANDIDACY_SHORT[p] : lower(CANDIDACY_LABELS[p])))
      .join(' or ');
    const assuming = assumingText(c, true);
    body = `${lead ? 'decision open' : CANDIDACY_LABELS.open}: ${options}${u}${
      c.category.deciding.length
        ? ` — ${decidersText(c.category, 2)} ` +
          `decide${c.category.deciding.length === 1 ? 's' : ''}`
        : ''
    }${assuming ? ` (${assuming})` : ''}`;
  }
  return lead ? `${lead} — ${body}` : body;
}

const capital = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

export function nonOperativeText(c: Candidacy): string | null {
  const n = c.nonOperativeFavoured;
  if (!surgeryPossible(c)) return null;
  if (n.value === 'yes') return 'non-operative care favoured (relative contraindications present)';
  if (n.value === 'no' || n.status === 'leading') return null;
  return (
    `non-operative care could be favoured: ${decidersText(n) || 'open inputs'} ` +
    `decide${n.deciding.length === 1 ? 's' : ''}`
  );
}

export function approachText(a: Approach): string {
  const t = a.top;
  const label = (id: string) =>
    id === 'none' ? 'no option ranked' : OPTION_LABELS[id as keyof typeof OPTION_LABELS];
  if (a.deferred) return a.deferred;
  if (t.status === 'decided' && t.value) return label(t.value);
  if (t.status === 'leading' && t.leading) return `${label(t.leading)} (on the same assumptions)`;
  if (t.status === 'provisional' && t.provisional)
    return `${label(t.provisional)} (provisional: ${decidersText(t) || 'stale data'} to confirm)`;
  const more = t.possible.length > 3 ? ' …' : '';
  const deciders = t.deciding.length ? ` (${decidersText(t)} decide)` : '';
  return `not decided: ${t.possible.slice(0, 3).map(label).join(' or ')}${more}${deciders}`;
}

/**
 * What would change the answer, at most `max` lines of "input value → result": for a leading answer
 * the named assumptions' other values; for an open one the inputs that decide it.
 */
export function wouldChangeLines(c: Candidacy, max = 3): string[] {
  if (c.kind === 'leading')
    return c.assumptions
      .filter((a) => a.otherwise)
      .slice(0, max)
      .map((a) => `${a.otherwise} (${a.action})`);
  // Open or insufficient: the inputs that decide it (the named assumptions still stand in for the
  // rest).
  if (c.kind === 'decided' || c.kind === 'deceased' || c.kind === 'not-assessed') return [];
  const d = [...c.category.deciding]
    .sort((a, b) => Number(b.decidesAlone) - Number(a.decidesAlone))
    .slice(0, max);
  // Only the values that settle it, each in a few words; an input that only narrows it says so.
  return d.map((x) => {
    const settles = x.outcomes
      .filter((o) => o.results.length === 1)
      .map((o) => `${o.value} → ${shortLabel(o.results[0]!)}`);
    return `${x.short}: ${settles.length ? settles.slice(0, 2).join('; ') : 'narrows it'}`;
  });
}

export function certaintyMark(st: Statement): string {
  return st.certainty === 'possible'
    ? `could apply (${st.dependsOn?.join(', ') || 'open inputs'})`
    : st.certainty === 'provisional'
      ? 'applies on data to confirm'
      : 'applies';
}

/** A surface that lists the candidacy statements. */
export type Surface = 'app' | 'card' | 'cli' | 'board';

/**
 * The sections statements are listed in, one table for every surface: their order, their label,
 * and the surfaces that list them (the app shows the conflicts in a box of their own under its
 * list; the board lists the reasons only). Within a section, what applies comes first.
 */
export const SECTIONS = [
  { side: 'urgent', label: 'Urgent', on: ['app', 'card', 'cli', 'board'] },
  { side: 'for', label: 'For', on: ['app', 'card', 'cli', 'board'] },
  { side: 'against', label: 'Against (relative)', on: ['app', 'card', 'cli', 'board'] },
  { side: 'conflict', label: 'Conflict', on: ['card', 'cli'] },
  { side: 'context', label: 'Prognosis', on: ['app', 'card'] },
  { side: 'workup', label: 'Before deciding', on: [] },
] as const satisfies ReadonlyArray<{ side: StatementSide; label: string; on: readonly Surface[] }>;

const sectionOf = (st: Statement): number =>
  SECTIONS.findIndex((x) => x.side === (st.side ?? 'for'));
export const sectionLabel = (side: StatementSide): string =>
  SECTIONS.find((x) => x.side === side)!.label;
export const sideLabel = (st: Statement): string => sectionLabel(st.side ?? 'for');

/** The statements a surface lists, in the order of SECTIONS; what applies before what could. */
export function inSections(statements: readonly Statement[], surface: Surface): Statement[] {
  const on = (st: Statement) =>
    (SECTIONS[sectionOf(st)]?.on as readonly Surface[] | undefined) ?? [];
  const shown = statements.filter((st) => on(st).includes(surface));
  const applies = (st: Statement) => Number(!!st.certainty);
  return shown.sort((x, y) => sectionOf(x) - sectionOf(y) || applies(x) - applies(y));
}

/**
 * The decision as a few lines of plain text (CLI, card detail, print): answer first, at most a
 * dozen lines.
 */
export function decisionLines(r: Recommendations): string[] {
  const c = r.candidacy;
  const lines = [`Decision: ${headlineText(c, true)}`];
  if (noRecommendation(c)) return lines;
  if (c.emergencyReason)
    lines.push(
      `${c.emergency === 'yes' ? 'Emergency' : 'Possible emergency'}: ${c.emergencyReason}`,
    );
  lines.push(`Why: ${c.reason}`);
  for (const a of c.assumptions.slice(0, 3)) lines.push(`Assuming: ${a.text} (${a.evidence})`);
  lines.push(`Urgency: ${urgencyText(c)}`);
  const n = nonOperativeText(c);
  if (n) lines.push(`Note: ${n}`);
  lines.push(`Approach: ${approachText(r.approach)}`);
  for (const w of wouldChangeLines(c)) lines.push(`Would change it: ${w}`);
  for (const b of c.banners.filter((x) => x.kind !== 'missing').slice(0, 3))
    lines.push(`${b.kind === 'stale' ? 'Stale' : 'Conflict'}: ${b.text} — ${b.action}`);
  if (c.uncharacterisedLevels.length)
    lines.push(`Work-up: grade ${c.uncharacterisedLevels.join(' and ')} on the whole-spine MRI`);
  return lines;
}
