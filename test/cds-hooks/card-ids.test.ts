import { v5 as uuidv5 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { cardKindOf, cardUuid } from '../../cds-hooks/cards/card-ids.js';
import type { CardKind } from '../../cds-hooks/cards/types.js';

const KINDS: CardKind[] = ['candidacy', 'approach', 'actionable', 'data-unavailable'];
const V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('card uuids', () => {
  it.each(KINDS)('%s: a valid version-5 uuid that names its kind', (kind) => {
    for (let i = 0; i < 200; i++) {
      const uuid = cardUuid(`hook-${i}`, kind, `ServiceRequest/${i}`);
      expect(uuid).toMatch(V5);
      expect(cardKindOf(uuid)).toBe(kind);
    }
  });

  it('is stable per invocation and differs between invocations, kinds and subjects', () => {
    expect(cardUuid('h1', 'candidacy', 'a')).toBe(cardUuid('h1', 'candidacy', 'a'));
    const all = new Set(
      ['h1', 'h2'].flatMap((h) => KINDS.flatMap((k) => ['a', 'b'].map((s) => cardUuid(h, k, s)))),
    );
    expect(all.size).toBe(2 * KINDS.length * 2);
  });

  it('reads uuids it never issued as unknown', () => {
    // Deterministic inputs: random v4 uuids, other v5 uuids, and issued uuids with one digit
    // changed.
    const foreign = [
      '0b5c3e2a-1f4d-4c6e-9a8b-7d6e5f4a3b2c',
      'not-a-uuid',
      '',
      cardUuid('h', 'candidacy', 'a').toUpperCase(),
      ...Array.from({ length: 500 }, (_, i) =>
        uuidv5(`other-${i}`, '6f1c1c7e-6b0a-5d55-9a39-3a0c2f3a9b11'),
      ),
    ];
    for (const kind of KINDS) {
      const uuid = cardUuid('h', kind, 'a');
      for (const at of [0, 20, 31, 32, 35])
        foreign.push(`${uuid.slice(0, at)}${uuid[at] === '0' ? '1' : '0'}${uuid.slice(at + 1)}`);
    }
    for (const uuid of foreign) expect(cardKindOf(uuid), uuid).toBeUndefined();
  });
});
