import type { ServiceRequest } from 'fhir/r4';
import type { DataNote } from '../data/gather.js';
import { cardUuid } from './card-ids.js';
import { md } from './markdown.js';
import { readLine, type CardContext } from './referral-cards.js';
import type { CdsCard } from './types.js';

/**
 * What each query of the plan (src/facts/queries.ts keys) holds that the decision uses: a card that
 * could not read one says what it could not decide because of it.
 */
export const QUERY_FEEDS: Readonly<Record<string, string>> = {
  patient: 'age and whether the patient is alive',
  conditions: 'the primary tumour and the metastases',
  clinicalObservations: 'performance status, labs and pain',
  receptorObservations: 'receptor status of the primary tumour',
  clinicianInputs: 'the imaging inputs (SINS items, ESCC grade, lesion levels) and earlier scores',
  medicationRequests: 'systemic therapy',
  medicationStatements: 'systemic therapy',
  procedures: 'earlier radiotherapy and spine surgery',
  panelObservations: 'labs reported in panels',
};

/** The notes of queries the deadline cut off (not read at all, or only their first pages). */
export function notReadInTime(notes: readonly DataNote[]): DataNote[] {
  return notes.filter((n) => n.problem === 'timeout');
}

/** "within 3 s" / "within 0.5 s". */
export function deadlineText(ms: number): string {
  return `within ${Number((ms / 1000).toFixed(1))} s`;
}

/**
 * The answer when part of the chart did not arrive before the deadline. A decision taken on the
 * rest could differ from the one the whole chart gives (a missing performance status or imaging
 * input reads as "insufficient current data", an unread Patient cannot show a death), so no
 * category, urgency or approach is given: the card names what was not read, what that leaves
 * undecided, and links to the app, which reads the whole chart.
 */
export function notReadInTimeCard(
  ctx: CardContext & { referral: ServiceRequest },
  late: readonly DataNote[],
  deadlineMs: number,
  opts: { metastasisFound: boolean },
): CdsCard {
  const labels = [...new Set(late.map((n) => n.label))];
  const feeds = [...new Set(late.map((n) => QUERY_FEEDS[n.key]).filter((f): f is string => !!f))];
  const others = ctx.notes.filter((n) => n.problem !== 'timeout');
  const lines = [
    `- **The chart could not be read in time:** ${labels.map(md).join('; ')} (not read ` +
      `${deadlineText(deadlineMs)}).`,
    `- **Not decided because of it:** the surgical category, its urgency and the ` +
      `approach${feeds.length ? ` — they depend on ${feeds.map(md).join('; ')}` : ''}. ` +
      `Nothing was assumed about the unread data.`,
  ];
  if (!opts.metastasisFound)
    lines.push('- No spinal metastasis was found in what was read; the unread data may hold one.');
  const read = readLine(ctx.reads);
  if (read) lines.push(`- ${read}`);
  if (others.length)
    lines.push(
      `- **Also not available:** ${others.map((n) => `${md(n.label)}: ${md(n.text)}`).join('; ')}`,
    );
  lines.push(
    '- The app reads the whole chart: open it from the link for the scores and the decision.',
  );
  return {
    uuid: cardUuid(ctx.hookInstance, 'data-unavailable', ctx.referral.id ?? ''),
    summary: 'Spine surgery candidacy not decided: the chart could not be read in time',
    detail: lines.join('\n'),
    indicator: 'warning',
    source: { label: 'spinescore decision support', url: ctx.infoUrl },
    links: [
      {
        label: 'Assess in the Spine Metastasis app',
        url: ctx.appLaunchUrl,
        type: 'smart',
        appContext: JSON.stringify({
          hookInstance: ctx.hookInstance,
          serviceRequest: ctx.referral.id ? `ServiceRequest/${ctx.referral.id}` : undefined,
          view: 'summary',
        }),
      },
    ],
  };
}
