import type { InputRow } from '../../src/inputs/input-table.js';
import { answerLabel } from '../../src/inputs/input-table.js';
import type { ClinicianInput } from '../../src/writeback/input-observation.js';

/** Values of each row's domain to enter: every answer, both yes and no, the ends of a range. */
export function samples(row: InputRow): Array<ClinicianInput['value']> {
  switch (row.value) {
    case 'code':
      return row.answers!.map(([code]) => ({ code }));
    case 'boolean':
      return row.flag ? [true] : [true, false];
    case 'integer': {
      const [min, max] = row.range!;
      return max === undefined
        ? [min, min + 3]
        : Array.from({ length: max - min + 1 }, (_, k) => min + k);
    }
    case 'string':
      return ['11111', '21345'];
    case 'dateTime':
      return ['2026-11-30T08:15:00.000Z'];
  }
}

/** What the Inputs screen says for an entered value: the option label, yes/no, the number. */
export function enteredWords(row: InputRow, v: ClinicianInput['value']): string {
  if (typeof v === 'object')
    return answerLabel(
      row,
      row.answers!.find(([c]) => c === v.code)!,
    );
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (row.value === 'dateTime') return String(v).slice(0, 16).replace('T', ' ');
  return String(v);
}
