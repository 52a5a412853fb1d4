import { toFrankelLetter } from '../clinical/neuro.js';
import {
  isCervicothoracicJunction,
  kanda2021Group,
  segi2025Segment,
} from '../clinical/spine-levels.js';
import type { ClinicalFacts } from '../facts/types.js';
import type { ScoreSet } from '../scores/score-set.js';
import { factInput, indexLevelInput, rangeText, scoreInput } from './inputs.js';
import type { ExpectedCourseRow, PaperKey, RiskFlag, RuleInput } from './types.js';
import { wordedStatement, type WordedRuleId } from './rules/worded-rules.js';

const flag = (
  severity: RiskFlag['severity'],
  id: WordedRuleId,
  text: string,
  citations: PaperKey[],
  inputs: RuleInput[],
): RiskFlag => ({ severity, ...wordedStatement(id, text, citations, inputs) });

/** Risk flags per evidence.md §3. */
export function riskFlags(f: ClinicalFacts, s: ScoreSet): RiskFlag[] {
  const flags: RiskFlag[] = [];
  const level = s.sinsIndex?.level;
  const lvIn = indexLevelInput(f, s);
  if (level && isCervicothoracicJunction(level, 'CTJ-C7T1-Mesfin2015')) {
    flags.push(
      flag(
        'high',
        'risk.ctj',
        `Main lesion at the cervicothoracic junction (${level}): odds ratio 5.00 (95 % ` +
          `CI 1.23–20.32) for a poor outcome (no improvement, or deterioration after an ` +
          `improvement, of ECOG PS or EQ-5D within 3 months) after posterior-only surgery; ` +
          `12 of 19 CTJ patients had a poor outcome vs 5 of 18 mid-cervical and 1 of 9 ` +
          `upper-cervical.`,
        ['KANDA2021'],
        lvIn,
      ),
    );
  } else if (level === 'T2') {
    flags.push(
      flag(
        'moderate',
        'risk.ctj-c7t2',
        'T2 is in the cervicothoracic junction as CTJ2018 defines it (C7–T2), not in ' +
          "KANDA2021's C7–T1.",
        ['CTJ2018'],
        lvIn,
      ),
    );
  }
  const amb = f.ambulation?.value;
  if (amb && amb.length === 1 && amb[0] === 'non-ambulatory') {
    flags.push(
      flag(
        'high',
        'risk.non-ambulatory',
        'Non-ambulatory: in the CTJ series (C7–T2, n=34), patients who did not regain ' +
          'ambulation after surgery had median survival 9 vs 13 months (HR 4.89).',
        ['CTJ2018'],
        factInput('ambulation', f.ambulation, amb.join('')),
      ),
    );
  }
  if (level && segi2025Segment(level) === 'thoracic') {
    flags.push(
      flag(
        'moderate',
        'risk.thoracic',
        `Upper–middle thoracic lesion (${level}, T1–T10): more severe paralysis and ` +
          `lower postoperative EQ-5D utility than cervical or TL/L/S.`,
        ['SEGI2025'],
        lvIn,
      ),
    );
  }
  if (level && kanda2021Group(level)) {
    const parts = [
      `revised Tokuhashi ${rangeText(s.tokuhashi.range)} (poor-outcome group mean 5.2 vs 7.4)`,
      `new Katagiri ${rangeText(s.katagiri.range)} (5.6 vs 4.1)`,
    ];
    if (f.neuro)
      parts.push(
        `Frankel ${toFrankelLetter(f.neuro.value)} (worse baseline Frankel in the ` +
          `poor-outcome group)`,
      );
    flags.push(
      flag(
        'info',
        'risk.kanda-univariate',
        `Univariate markers of a poor outcome in cervical metastasis (poor outcome: no ` +
          `improvement, or deterioration after an improvement, of ECOG PS or EQ-5D within ` +
          `3 months): ${parts.join('; ')}.`,
        ['KANDA2021'],
        [
          scoreInput(s.tokuhashi),
          scoreInput(s.katagiri),
          ...factInput(
            'neurology',
            f.neuro,
            f.neuro ? `${f.neuro.value.system} ${f.neuro.value.grade}` : undefined,
          ),
        ],
      ),
    );
  }
  flags.push(
    flag(
      'info',
      'risk.complications',
      'Complication rates to quote: 11.8 % (CTJ2018); 23.9 %, 8.7 % severe Clavien–Dindo ' +
        '≥ III (KANDA2021); up to 25 % in spinal surgery (ACTA2020); massive bleeding ≥ ' +
        '1500 ml 9 %, death within 30 days 5.4 % (UEI2018).',
      ['CTJ2018', 'KANDA2021', 'ACTA2020', 'UEI2018'],
      [],
    ),
  );
  return flags;
}

/** Published course of patients like this one (evidence.md §4): cohort figures, not predictions. */
export function expectedCourse(_f: ClinicalFacts, s: ScoreSet): ExpectedCourseRow[] {
  const rows: ExpectedCourseRow[] = [];
  const level = s.sinsIndex?.level;
  const seg = level ? segi2025Segment(level) : undefined;
  const SEGI: Record<'cervical' | 'thoracic' | 'tl-l-s', { n: number; v: string[][] }> = {
    cervical: {
      n: 31,
      v: [
        ['Frankel D/E', '68 %', '96 %'],
        ['ECOG ≤ 2', '55 %', '88 %'],
        ['pain VAS (mm)', '58.0', '31.3'],
        ['Barthel', '69.4', '88.3'],
        ['EQ-5D utility', '0.461', '0.653'],
        ['EQ-5D VAS', '48.7', '63.4'],
      ],
    },
    thoracic: {
      n: 82,
      v: [
        ['Frankel D/E', '44 %', '70 %'],
        ['ECOG ≤ 2', '40 %', '62 %'],
        ['pain VAS (mm)', '59.7', '32.5'],
        ['Barthel', '57.7', '72.4'],
        ['EQ-5D utility', '0.321', '0.513'],
        ['EQ-5D VAS', '32.4', '54.7'],
      ],
    },
    'tl-l-s': {
      n: 90,
      v: [
        ['Frankel D/E', '80 %', '89 %'],
        ['ECOG ≤ 2', '55 %', '80 %'],
        ['pain VAS (mm)', '70.4', '24.7'],
        ['Barthel', '67.7', '81.8'],
        ['EQ-5D utility', '0.376', '0.624'],
        ['EQ-5D VAS', '40.1', '61.7'],
      ],
    },
  };
  if (seg) {
    const row = SEGI[seg];
    const region =
      seg === 'tl-l-s'
        ? 'thoracolumbar/lumbar/sacral'
        : seg === 'thoracic'
          ? 'thoracic T1–T10'
          : 'cervical';
    rows.push({
      source: 'SEGI2025',
      group: `${region} (n=${row.n})`,
      measures: row.v.map(([name, before, after]) => ({
        name: name!,
        before: before!,
        after: after!,
        when: '1 month',
      })),
    });
  }
  if (level && kanda2021Group(level)) {
    rows.push({
      source: 'KANDA2021',
      group: 'cervical, posterior-only (n=46)',
      measures: [
        {
          name: 'median ECOG',
          before: '3',
          after: '2 (1 month) → 1 (3 and 6 months)',
          when: '1–6 months',
        },
        {
          name:
            'EQ-5D (cohort mean on the paper’s value set; not comparable with this ' +
            'patient’s index)',
          before: '0.085',
          after: '0.658 (1 month) → 0.753 (3 months) → 0.693 (6 months)',
          when: '1–6 months',
        },
        { name: 'alive', after: '97.8 % (1 month), 69.6 % (3), 41.3 % (6)', when: '1–6 months' },
        { name: 'median survival', after: '7.4 months', when: 'overall' },
      ],
    });
  }
  if (level && isCervicothoracicJunction(level, 'CTJ-C7T2-Baker2015')) {
    rows.push({
      source: 'CTJ2018',
      group: 'cervicothoracic junction C7–T2 (n=34)',
      measures: [
        { name: 'median survival', after: '12.4 months', when: 'overall' },
        { name: 'pain better', after: '94 %', when: 'after surgery' },
        { name: 'Frankel better', after: '44 %, never worse', when: 'after surgery' },
        { name: 'KPS', after: 'better 38 %, stable 56 %, worse 6 %', when: 'after surgery' },
      ],
    });
  }
  const UEI = [
    {
      code: 'tokuhashi-band-0-8',
      group: 'Tokuhashi ≤ 8',
      barthel: ['47.5', '65.9'],
      home: '48.8 %',
    },
    {
      code: 'tokuhashi-band-9-11',
      group: 'Tokuhashi 9–11',
      barthel: ['52.5', '98.5'],
      home: '66.6 %',
    },
    {
      code: 'tokuhashi-band-12-15',
      group: 'Tokuhashi ≥ 12',
      barthel: ['48.0', '92.0'],
      home: '100 %',
    },
  ];
  for (const u of UEI) {
    if (!s.tokuhashi.possibleBands.some((b) => b.code === u.code)) continue;
    rows.push({
      source: 'UEI2018',
      group: `posterior stabilisation incl. MISt, ${u.group} (n=55 overall)`,
      measures: [
        { name: 'Barthel', before: u.barthel[0]!, after: u.barthel[1]!, when: 'after surgery' },
        { name: 'home discharge', after: u.home, when: 'discharge' },
        { name: 'median survival (all bands)', after: '12.0 months', when: 'overall' },
        {
          name: 'Frankel up ≥ 1 grade or E kept (all bands)',
          after: '63.6 %; worse 3.6 %',
          when: 'after surgery',
        },
      ],
      ...(s.tokuhashi.band
        ? {}
        : { note: 'Tokuhashi band not decided: every possible band is shown.' }),
    });
  }
  return rows;
}
