/**
 * The decision in words, once, for the app, the cards and the CLI: the same chart reads the same
 * everywhere. Plain text; callers escape for their medium.
 */
import { CANDIDACY_LABELS, CANDIDACY_SHORT, URGENCY_LABELS, type Approach, type Candidacy, type Decision, type Recommendations, type Statement } from './types.js';
import { OPTION_LABELS } from './rules/approach-rules.js';

/** The urgency is at least urgent whatever the open inputs. */
export const atLeastUrgent = (c: Candidacy): boolean => c.urgency.atLeast === 'emergency' || c.urgency.atLeast === 'urgent';
/** Surgery (consultation or excision) is among the answers still possible. */
export const surgeryPossible = (c: Candidacy): boolean => c.category.possible.some((p) => p === 'surgical-consultation' || p === 'excisional');

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** What would settle an undecided answer: the inputs that decide it alone first. */
export function decidersText(d: Decision<string>, max = 3): string {
  const list = [...d.deciding].sort((a, b) => Number(b.decidesAlone) - Number(a.decidesAlone)).slice(0, max);
  return list.map((x) => x.short).join(', ');
}

export function urgencyText(c: Candidacy): string {
  const u = c.urgency;
  if (u.status === 'decided' && u.value) return URGENCY_LABELS[u.value];
  if (!u.possible.length) return 'not applicable';
  const range = u.possible.map((x) => URGENCY_LABELS[x]).join(' or ');
  return `${u.atLeast && u.atLeast !== 'routine' ? `at least ${URGENCY_LABELS[u.atLeast]}` : 'not decided'} (${range}; ${decidersText(u) || 'open inputs'} decide${u.deciding.length === 1 ? 's' : ''})`;
}

/** The headline in one line: the category (or why there is none) and its urgency; `short` lists what is still possible tersely. */
export function headlineText(c: Candidacy, short = false): string {
  if (c.headline === 'deceased') return CANDIDACY_LABELS.deceased;
  const u = c.urgency.status === 'decided' && c.urgency.value && c.urgency.value !== 'routine' ? ` — ${URGENCY_LABELS[c.urgency.value]}` : c.urgency.atLeast && c.urgency.atLeast !== 'routine' ? ` — at least ${URGENCY_LABELS[c.urgency.atLeast]}` : '';
  if (c.category.status === 'decided') return `${CANDIDACY_LABELS[c.headline]}${u}`;
  if (c.category.status === 'provisional' && c.category.provisional) return `${CANDIDACY_LABELS['insufficient-current-data']} (provisional: ${lower(CANDIDACY_LABELS[c.category.provisional])})${u}`;
  return `${CANDIDACY_LABELS['insufficient-current-data']}: ${c.category.possible.map((p) => (short ? CANDIDACY_SHORT[p] : lower(CANDIDACY_LABELS[p]))).join(' or ')}${u}`;
}

export function nonOperativeText(c: Candidacy): string | null {
  const n = c.nonOperativeFavoured;
  if (!surgeryPossible(c)) return null;
  if (n.value === 'yes') return 'non-operative care favoured (relative contraindications present)';
  if (n.value === 'no') return null;
  return `non-operative care could be favoured: ${decidersText(n) || 'open inputs'} decide${n.deciding.length === 1 ? 's' : ''}`;
}

export function approachText(a: Approach): string {
  const t = a.top;
  const label = (id: string) => (id === 'none' ? 'no option ranked' : OPTION_LABELS[id as keyof typeof OPTION_LABELS]);
  if (t.status === 'decided' && t.value) return label(t.value);
  if (t.status === 'provisional' && t.provisional) return `${label(t.provisional)} (provisional: ${decidersText(t) || 'stale data'} to confirm)`;
  return `not decided: ${t.possible.slice(0, 3).map(label).join(' or ')}${t.possible.length > 3 ? ' …' : ''}${t.deciding.length ? ` (${decidersText(t)} decide)` : ''}`;
}

export function certaintyMark(st: Statement): string {
  return st.certainty === 'possible' ? `could apply (${st.dependsOn?.join(', ') || 'open inputs'})` : st.certainty === 'provisional' ? 'applies on data to confirm' : 'applies';
}

const SIDE: Record<string, string> = { urgent: 'Urgent', for: 'For', against: 'Against (relative)', context: 'Prognosis', conflict: 'Conflict', workup: 'Before deciding' };
export const sideLabel = (st: Statement) => SIDE[st.side ?? 'for'] ?? 'For';

/** The decision as a few lines of plain text (CLI, card detail, print). */
export function decisionLines(r: Recommendations): string[] {
  const c = r.candidacy;
  const lines = [`Decision: ${headlineText(c)}`];
  if (c.headline === 'deceased') return lines;
  lines.push(`Why: ${c.reason}`);
  lines.push(`Urgency: ${urgencyText(c)}`);
  const n = nonOperativeText(c);
  if (n) lines.push(`Note: ${n}`);
  lines.push(`Approach: ${approachText(r.approach)}`);
  for (const b of c.banners) lines.push(`${b.kind === 'missing' ? 'Missing' : b.kind === 'stale' ? 'Stale' : 'Conflict'}: ${b.text} — ${b.action}`);
  return lines;
}
