import type { Resource, ServiceRequest } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import { candidacyCard, type CardContext } from '../../cds-hooks/cards/referral-cards.js';
import type { CdsCard, CdsResponse } from '../../cds-hooks/cards/types.js';
import { assessPatient } from '../../src/assess/assess.js';
import { SCENARIO_REFERENCE_DATE } from '../../src/synthetic/scenarios.js';
import { VIGNETTES } from '../../src/synthetic/vignettes.js';
import { validateR4 } from '../writeback/fhir-validate.js';
import {
  draftReferral,
  orderSelect,
  post,
  scenarioPrefetch,
  testApp,
  testClient,
  type TestClient,
} from './cds-helpers.js';

/**
 * Standard actions on the candidacy card (evidence.md §6): one detail line, and CDS Hooks 2.0
 * suggestions an EHR can accept: each with a uuid, a label and actions whose resources are valid R4
 * ServiceRequests without urn:uuid links; the stat spine referral and the radiotherapy referral.
 */
const vignette = (id: string) =>
  assessPatient(VIGNETTES.find((v) => v.id === id)!.build().resources, {
    asOf: SCENARIO_REFERENCE_DATE,
  });
const ctxFor = (patientId: string, referral: ServiceRequest): CardContext => ({
  hookInstance: 'c0ffee00-0000-4000-8000-000000000001',
  patientId,
  userId: 'Practitioner/sandbox-surgeon',
  referral,
  referralReason: 'Referral to spine surgery',
  notes: [],
  appLaunchUrl: 'https://app.test/launch',
  infoUrl: 'https://info.test',
});

function specShaped(card: CdsCard): void {
  expect(['at-most-one', 'any']).toContain(card.selectionBehavior);
  expect(new Set(card.suggestions!.map((s) => s.uuid)).size).toBe(card.suggestions!.length);
  for (const s of card.suggestions!) {
    expect(s.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(s.label.length).toBeGreaterThan(0);
    for (const a of s.actions!) {
      expect(['create', 'update']).toContain(a.type);
      expect(a.description.length).toBeGreaterThan(0);
      expect(validateR4(a.resource as Resource)).toEqual([]);
      expect(JSON.stringify(a.resource)).not.toMatch(/urn:uuid/);
    }
  }
}
const byLabel = (card: CdsCard, label: RegExp) =>
  (card.suggestions ?? []).find((s) => label.test(s.label));

describe('standard actions on the candidacy card', () => {
  let client: TestClient;
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    client = await testClient();
    app = testApp(client);
  });

  it('s01 over HTTP (cord compression, Frankel C): the steroid line and a stat update of the draft referral', async () => {
    const r = await post(
      app,
      client,
      '/cds-services/spine-surgery-referral',
      orderSelect('s01', await scenarioPrefetch('s01')),
    );
    expect(r.status).toBe(200);
    const cand = (r.json as unknown as CdsResponse).cards[0]!;
    const now =
      '- **Now:** Dexamethasone now; Same-day spinal and oncology review [NICE-NG234, NICE-QS56]';
    expect((cand.detail ?? '').split('\n')).toContain(now);
    specShaped(cand);
    const stat = byLabel(cand, /stat/)!;
    expect(stat.isRecommended).toBe(true);
    const order = stat.actions![0]!.resource as ServiceRequest;
    expect(stat.actions![0]!.type).toBe('update');
    expect(order).toMatchObject({ id: 'draft-1', priority: 'stat', status: 'draft' });
    expect(order.note!.at(-1)!.text).toMatch(
      /^Stat per decision support: Contact the MSCC coordinator today/,
    );
  });

  it('v02 (cord compression, survival under 3 months, no surgery): radiotherapy and palliative care referrals, stat review', () => {
    const a = vignette('v02-mscc-survival-under-3m');
    const card = candidacyCard(a, ctxFor(a.patientId, draftReferral(a.patientId)));
    specShaped(card);
    const now = [
      'Dexamethasone now',
      'Same-day spinal and oncology review',
      'Radiotherapy referral today',
    ];
    expect(card.detail).toContain(
      `**Now:** ${[...now, 'Supportive and palliative care'].join('; ')}`,
    );
    const rt = byLabel(card, /radiation oncology|radiotherapy/i)!;
    expect(rt.isRecommended).toBe(true);
    const rtOrder = rt.actions![0]!.resource as ServiceRequest;
    expect(rt.actions![0]!.type).toBe('create');
    expect(rtOrder.code!.text).toMatch(/radiation oncology/i);
    expect(rtOrder.subject!.reference).toBe(`Patient/${a.patientId}`);
    const pall = byLabel(card, /palliative/)!;
    expect((pall.actions![0]!.resource as ServiceRequest).code!.text).toMatch(/palliative care/);
    expect(byLabel(card, /stat/)).toBeDefined();
    // The card's "urgent" update is superseded by the stat one: never two updates of the same
    // draft.
    expect(
      card.suggestions!.filter((s) => s.actions!.some((x) => x.type === 'update')),
    ).toHaveLength(1);
  });

  it('a referral already stat gets no stat suggestion; a draft without an id gets a new stat referral', () => {
    const a = vignette('v01-mscc-nsclc-within-patchell');
    const already = candidacyCard(
      a,
      ctxFor(a.patientId, draftReferral(a.patientId, { priority: 'stat' })),
    );
    expect(byLabel(already, /stat/)).toBeUndefined();
    const noId = draftReferral(a.patientId);
    delete noId.id;
    const card = candidacyCard(a, ctxFor(a.patientId, noId));
    specShaped(card);
    const created = byLabel(card, /stat/)!.actions![0]!;
    expect(created.type).toBe('create');
    expect(created.resource).toMatchObject({
      resourceType: 'ServiceRequest',
      priority: 'stat',
      intent: 'order',
      status: 'draft',
    });
  });

  it('no cord compression with a deficit (v14, intact): no action line, no stat suggestion', () => {
    const a = vignette('v14-breast-high-grade-intact');
    const card = candidacyCard(a, ctxFor(a.patientId, draftReferral(a.patientId)));
    expect(card.detail).not.toMatch(/\*\*Now:\*\*/);
    expect((card.suggestions ?? []).some((s) => /stat/.test(s.label))).toBe(false);
  });
});
