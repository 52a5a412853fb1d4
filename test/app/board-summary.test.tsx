// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { BoardSummary } from '../../src/app/ui/BoardSummary.js';
import { HeaderBand } from '../../src/app/ui/HeaderBand.js';
import { assessScenario, scenarioResources } from '../scenario-helpers.js';

/**
 * The tumour-board print names the clinical background the board reads first (primary tumour,
 * histology group, involved levels, prior radiotherapy, systemic therapy and spine surgery) and the
 * standard actions and red flags (evidence.md §6), from the real assessment of a scenario chart.
 */
afterEach(cleanup);
const NOW = new Date('2026-01-02T08:00:00Z');
function board(id: string) {
  render(<BoardSummary a={assessScenario(id)} resources={scenarioResources(id)} now={NOW} />);
  const section = screen.getByRole('region', { name: 'Clinical background' });
  const row = (label: string) =>
    within(section).getByText(`${label}:`).nextElementSibling!.textContent!;
  return { row, article: screen.getByRole('article', { name: 'Tumour-board summary' }) };
}

describe('board summary: clinical background and actions', () => {
  it('s12 (HCC, T4, radiotherapy a year ago): primary, histology group, levels, prior radiotherapy with its dose', () => {
    const { row } = board('s12-hcc-t4-stale');
    expect(row('Primary tumour')).toMatch(/Liver cell carcinoma|hepatocellular/i);
    expect(row('Histology group')).toMatch(/^radioresistant/);
    expect(row('Involved levels')).toMatch(/^T4/);
    expect(row('Prior radiotherapy')).toMatch(/^T4 \d{4}-\d\d-\d\d, 30 Gy$/);
    expect(row('Prior spine surgery')).toBe('none recorded');
  });

  it('s01 (NSCLC C7–T1, cord compression, cisplatin and pemetrexed): systemic therapy, levels, and the steroid action', () => {
    const { row, article } = board('s01-ctj-lung-cord-compression');
    expect(row('Primary tumour')).toMatch(/lung/i);
    expect(row('Involved levels')).toMatch(/C7/);
    expect(row('Prior systemic therapy')).toMatch(
      /^chemotherapy: cisplatin \(\d{4}-\d\d-\d\d\), pemetrexed/,
    );
    expect(row('Prior radiotherapy')).toBe('none recorded');
    const actions = within(article).getByRole('region', { name: 'Actions and red flags' });
    expect(actions.textContent).toMatch(/Action: Dexamethasone now/);
    expect(actions.textContent).toMatch(/Action: Same-day spinal and oncology review/);
    expect(article.textContent).toMatch(/NICE-NG234 — NICE guideline NG234/);
  });

  it('s07 (unknown primary, no labs): histology not decided, the biopsy action; s05 (osimertinib): targeted therapy', () => {
    const s07 = board('s07-unknown-primary-l1-no-labs');
    expect(s07.row('Histology group')).toMatch(/not decided: radiation oncology to judge/);
    expect(s07.article.textContent).toMatch(/Action: Unknown primary: biopsy/);
    cleanup();
    expect(board('s05-lung-egfr-osimertinib-tl').row('Prior systemic therapy')).toMatch(
      /targeted: osimertinib/,
    );
  });
});

describe('header band: standard actions beside the decision', () => {
  it('s01: one line each, answer first, the guideline one hover away and the inputs one click away', () => {
    render(
      <HeaderBand
        a={assessScenario('s01-ctj-lung-cord-compression')}
        resources={scenarioResources('s01-ctj-lung-cord-compression')}
      />,
    );
    const list = screen.getByRole('list', { name: 'Standard actions and red flags' });
    const items = [...list.querySelectorAll(':scope > li')] as HTMLElement[];
    expect(items.map((li) => li.querySelector('strong')!.textContent)).toEqual([
      'Action: Dexamethasone now',
      'Action: Same-day spinal and oncology review',
    ]);
    expect(within(items[0]!).getByText('NICE-NG234').getAttribute('title')).toMatch(
      /^NICE guideline NG234/,
    );
    expect(items[1]!.textContent).toMatch(
      /Suggested order: Stat referral to the spinal surgical team/,
    );
    expect(items[0]!.querySelector('details.why')!.textContent).toMatch(/ESCC at C7: 3/);
  });

  it('s06 (no finding): no list', () => {
    render(
      <HeaderBand
        a={assessScenario('s06-prostate-sacral')}
        resources={scenarioResources('s06-prostate-sacral')}
      />,
    );
    expect(screen.queryByRole('list', { name: 'Standard actions and red flags' })).toBeNull();
  });
});
