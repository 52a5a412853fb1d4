import { v5 as uuidv5 } from 'uuid';
import type { CardKind } from './types.js';

const NAMESPACE = '6f1c1c7e-6b0a-5d55-9a39-3a0c2f3a9b11';

/** Stable per invocation: re-running the same hookInstance gives the same card and suggestion ids. */
export function cardUuid(hookInstance: string, kind: CardKind, subject: string): string {
  return uuidv5(`${hookInstance}|${kind}|${subject}`, NAMESPACE);
}
export function suggestionUuid(cardId: string, name: string): string {
  return uuidv5(`${cardId}|${name}`, NAMESPACE);
}

/** Recently issued cards, so feedback can be counted per kind of card (bounded, in memory). */
export class IssuedCards {
  private readonly map = new Map<string, { kind: CardKind; service: string }>();
  constructor(private readonly capacity = 100_000) {}
  add(uuid: string, kind: CardKind, service: string): void {
    if (this.map.size >= this.capacity) this.map.delete(this.map.keys().next().value!);
    this.map.set(uuid, { kind, service });
  }
  get(uuid: string) {
    return this.map.get(uuid);
  }
}
