import type { Assessment } from '../../assess/assess.js';
import { histologyGroups } from '../../clinical/primary-site.js';
import { levelIndex } from '../../clinical/spine-levels.js';
import type { Fact } from '../../provenance/fact.js';
import { INPUT_DEFS } from '../../recommend/engine/inputs.js';

/**
 * The clinical background a tumour board reads first: primary tumour, histology group, involved
 * levels and prior treatment, as label/value rows. Absence is said, never left blank ("not
 * recorded").
 */
export function clinicalBackground(a: Assessment): Array<[string, string]> {
  const f = a.facts;
  const p = f.primary?.value;
  const day = (d?: string) => (d ? d.slice(0, 10) : 'date not recorded');
  const drugName = (s: Fact<boolean>['sources'][number]) =>
    s.display?.replace(/ \(.*\)$/, '') ?? 'drug';
  const drugs = (label: string, x: Fact<boolean> | undefined) =>
    x
      ? [
          `${label}: ` +
            `${[...new Set(x.sources.map((s) => `${drugName(s)} (${day(s.date)})`))].join(', ')}`,
        ]
      : [];

  const groups = p ? histologyGroups(p) : undefined;
  const labels = INPUT_DEFS.histology.values as Record<string, string>;
  const histology = groups
    ? groups.categories.map((g) => labels[g] ?? g).join(' or ') +
      (groups.categories.length > 1 ? ' — not decided: radiation oncology to judge' : '')
    : 'not recorded';

  const levels = [...new Set(f.spine.levels.map((l) => l.value))].sort(
    (x, y) => levelIndex(x) - levelIndex(y),
  );
  const index = f.spine.indexLevel?.value ?? a.scores.sinsIndex?.level;
  const dose = (gy: number | undefined) =>
    gy !== undefined ? `, ${gy} Gy` : ', dose not recorded';
  const rt = f.therapy.radiotherapy.map(
    (r) =>
      `${r.value.levels.join(', ') || 'level not recorded'} ` +
      `${day(r.value.date)}${dose(r.value.doseGy)}`,
  );
  const surgery = f.therapy.spineSurgery.map(
    (r) =>
      `${r.value.display} (${r.value.levels.join(', ') || 'level not recorded'}, ` +
      `${day(r.value.date)})`,
  );
  const systemic = [
    ...drugs('chemotherapy', f.therapy.previousChemotherapy),
    ...drugs('targeted', f.therapy.targetedTherapy),
    ...drugs('endocrine', f.therapy.hormonalTherapy),
    ...drugs('antibody/immunotherapy', f.therapy.antibodyTherapy),
  ];
  const diagnosedOn = f.primary?.sources[0]?.date;
  const diagnosed = diagnosedOn ? ` (diagnosed ${day(diagnosedOn)})` : '';
  return [
    ['Primary tumour', p ? `${p.display}${diagnosed}` : 'not recorded'],
    ['Histology group', histology],
    [
      'Involved levels',
      levels.length ? `${levels.join(', ')}${index ? `; index ${index}` : ''}` : 'none recorded',
    ],
    ['Prior radiotherapy', rt.length ? rt.join('; ') : 'none recorded'],
    ['Prior systemic therapy', systemic.length ? systemic.join('; ') : 'none recorded'],
    ['Prior spine surgery', surgery.length ? surgery.join('; ') : 'none recorded'],
  ];
}
