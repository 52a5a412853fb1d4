import type { ServiceRequest } from 'fhir/r4';
import type { ActionSuggestionKind, StandardAction } from '../../src/recommend/types.js';
import { suggestionUuid } from './card-ids.js';
import { md } from './markdown.js';
import type { CdsSuggestion } from './types.js';

/**
 * The standard actions and red flags on the candidacy card (evidence.md §6): one detail line, and
 * CDS Hooks suggestions for those an EHR can act on. Suggested orders stay text-coded
 * (docs/decisions.md, Writeback, "Suggested orders on the cards stay text-coded"): only the
 * referral
 * category and performer type the card already uses carry codes.
 */

const SCT = 'http://snomed.info/sct';
const REFERRAL = { coding: [{ system: SCT, code: '3457005', display: 'Patient referral' }] };

const cites = (xs: readonly StandardAction[]) => {
  const keys = [...new Set(xs.flatMap((x) => x.citations))];
  return keys.length ? ` [${keys.join(', ')}]` : '';
};

/** One line: "- **Now:** …" for the actions, then "**Red flags:** …"; nothing when none applies. */
export function actionDetailLines(actions: readonly StandardAction[]): string[] {
  const now = actions.filter((x) => x.kind === 'action');
  const flags = actions.filter((x) => x.kind === 'red-flag');
  const parts = [
    ...(now.length ? [`**Now:** ${now.map((x) => md(x.short)).join('; ')}${cites(now)}`] : []),
    ...(flags.length
      ? [`**Red flags:** ${flags.map((x) => md(x.short)).join('; ')}${cites(flags)}`]
      : []),
  ];
  return parts.length ? [`- ${parts.join(' · ')}`] : [];
}

/** A new draft order, text-coded, on the same patient, encounter and requester as the referral. */
function draft(
  base: Partial<ServiceRequest>,
  priority: ServiceRequest['priority'],
  text: string,
  extra: Partial<ServiceRequest> = {},
): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    status: 'draft',
    intent: 'order',
    priority,
    code: { text },
    ...extra,
    ...base,
  } as ServiceRequest;
}

/**
 * Suggestions for the actions, merged with the card's own: the stat spine referral updates the
 * draft
 * referral (replacing the card's "urgent" update, which it supersedes) or, without a draft id,
 * creates
 * one; the radiotherapy referral marks the card's radiation-oncology suggestion recommended, or
 * adds
 * one; palliative care and biopsy are new text-coded drafts.
 */
export function withActionSuggestions(
  actions: readonly StandardAction[],
  referral: ServiceRequest,
  base: Partial<ServiceRequest>,
  cardId: string,
  own: readonly CdsSuggestion[],
): CdsSuggestion[] {
  let out = [...own];
  const wanted = new Map<ActionSuggestionKind, StandardAction>();
  for (const x of actions)
    if (x.suggestion && !wanted.has(x.suggestion.kind)) wanted.set(x.suggestion.kind, x);

  const stat = wanted.get('stat-spine-referral');
  if (stat && referral.priority !== 'stat') {
    const note = { text: `Stat per decision support: ${stat.text}` };
    const updated: ServiceRequest = {
      ...referral,
      priority: 'stat',
      note: [...(referral.note ?? []), note],
    };
    out = out.filter((s) => s.uuid !== suggestionUuid(cardId, 'urgent'));
    out.unshift({
      label: 'Make this referral stat: same-day spinal review',
      uuid: suggestionUuid(cardId, 'stat-spine-referral'),
      isRecommended: true,
      actions: [
        referral.id
          ? {
              type: 'update',
              description:
                'Set the draft referral priority to stat (cord compression with a ' +
                'neurological deficit) and note why.',
              resource: updated,
            }
          : {
              type: 'create',
              description:
                'Draft a stat referral for same-day spinal surgical review (cord ' +
                'compression with a neurological deficit).',
              resource: draft(base, 'stat', stat.suggestion!.text, {
                category: [REFERRAL],
                note: [note],
              }),
            },
      ],
    });
  }

  const rt = wanted.get('radiotherapy-referral');
  if (rt) {
    const existing = out.findIndex((s) => s.uuid === suggestionUuid(cardId, 'radiation-oncology'));
    if (existing >= 0) out[existing] = { ...out[existing]!, isRecommended: true };
    else {
      out.push({
        label: 'Refer to clinical oncology for radiotherapy',
        uuid: suggestionUuid(cardId, 'radiotherapy-referral'),
        isRecommended: true,
        actions: [
          {
            type: 'create',
            description:
              'Draft an urgent referral to radiation oncology: cord compression with a ' +
              'deficit and no surgery planned.',
            resource: draft(base, 'urgent', 'Referral to radiation oncology', {
              category: [REFERRAL],
              performerType: {
                coding: [
                  {
                    system: 'http://nucc.org/provider-taxonomy',
                    code: '2085R0001X',
                    display: 'Radiation Oncology',
                  },
                ],
              },
            }),
          },
        ],
      });
    }
  }

  const simple: Array<[ActionSuggestionKind, string, ServiceRequest['priority'], string]> = [
    [
      'palliative-care-referral',
      'Refer to palliative care',
      'urgent',
      'Draft a referral to the palliative care team (supportive care, pain, goals of care).',
    ],
    [
      'biopsy',
      'Order a biopsy of the spinal lesion',
      'urgent',
      'Draft an order for image-guided biopsy: the primary is unknown and histology ' +
        'decides treatment.',
    ],
  ];
  for (const [kind, label, priority, description] of simple) {
    const x = wanted.get(kind);
    if (!x) continue;
    out.push({
      label,
      uuid: suggestionUuid(cardId, kind),
      actions: [
        {
          type: 'create',
          description,
          resource: draft(
            base,
            priority,
            x.suggestion!.text,
            kind === 'palliative-care-referral' ? { category: [REFERRAL] } : {},
          ),
        },
      ],
    });
  }
  return out;
}
