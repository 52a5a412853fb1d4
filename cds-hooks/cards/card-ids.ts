import { createHash } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import type { CardKind } from './types.js';

const NAMESPACE = '6f1c1c7e-6b0a-5d55-9a39-3a0c2f3a9b11';
/** Append-only: a card's index in this list is written into the uuids already issued. */
const KINDS: readonly CardKind[] = ['candidacy', 'approach', 'actionable', 'data-unavailable'];

/**
 * Stable per invocation (the same hookInstance gives the same ids), and self-describing: feedback
 * names a card only by its uuid, and whichever process or host receives it, before or after a
 * restart, must still count it under the right kind of card. The uuid stays a valid version-5 uuid;
 * its last five hex digits are the kind's index and a 16-bit check, so a uuid we never issued is
 * read as unknown (1 chance in 65,536 of a false match) instead of being counted under some kind.
 */
export function cardUuid(hookInstance: string, kind: CardKind, subject: string): string {
  const head = uuidv5(`${hookInstance}|${kind}|${subject}`, NAMESPACE).slice(0, 31);
  const index = KINDS.indexOf(kind).toString(16);
  return `${head}${index}${check(head, index)}`;
}

/** The kind of card a uuid from cardUuid names; undefined for any other uuid. */
export function cardKindOf(uuid: string): CardKind | undefined {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(uuid))
    return undefined;
  const head = uuid.slice(0, 31);
  const index = uuid.slice(31, 32);
  return uuid.slice(32) === check(head, index) ? KINDS[Number.parseInt(index, 16)] : undefined;
}

function check(head: string, index: string): string {
  return createHash('sha1').update(`${NAMESPACE}|${head}|${index}`).digest('hex').slice(0, 4);
}

export function suggestionUuid(cardId: string, name: string): string {
  return uuidv5(`${cardId}|${name}`, NAMESPACE);
}
