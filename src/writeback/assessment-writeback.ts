import type { Bundle, Observation } from 'fhir/r4';
import type { Assessment } from '../assess/assess.js';
import type { Source } from '../provenance/fact.js';
import { TOKUHASHI } from '../scores/tokuhashi.js';
import { TOMITA } from '../scores/tomita.js';
import { SINS } from '../scores/sins.js';
import { KATAGIRI } from '../scores/katagiri.js';
import { BAUER_MODIFIED, BAUER_ORIGINAL } from '../scores/bauer.js';
import { NESMS } from '../scores/nesms.js';
import type { ScoreDef, ScoreResult } from '../scores/types.js';
import {
  buildScoreObservation,
  buildWritebackTransaction,
  type WritebackContext,
} from './score-observation.js';

export interface WritebackPlan {
  observations: Observation[];
  /** Scores not written, and why (incomplete, unverified). */
  skipped: Array<{ score: string; reason: string }>;
  transaction: Bundle | null;
}

/** Every complete, verified score of an assessment as Observations plus one Provenance. */
export function planWriteback(
  a: Assessment,
  ctx: Omit<WritebackContext, 'patientId' | 'level' | 'focus'> & { focus?: string },
): WritebackPlan {
  const s = a.scores;
  const todo: Array<[ScoreDef, ScoreResult, string | undefined]> = [
    [TOKUHASHI, s.tokuhashi, undefined],
    [TOMITA, s.tomita, undefined],
    [KATAGIRI, s.katagiri, undefined],
    [BAUER_ORIGINAL, s.bauerOriginal, undefined],
    [BAUER_MODIFIED, s.bauerModified, undefined],
    [NESMS, s.nesms, undefined],
    ...s.sinsLesions.map((l): [ScoreDef, ScoreResult, string] => [SINS, l.result, l.level]),
  ];
  const observations: Observation[] = [];
  const skipped: WritebackPlan['skipped'] = [];
  const sources: Source[] = [];
  for (const [def, result, level] of todo) {
    const label = level ? `${def.name} at ${level}` : def.name;
    if (!result.complete) {
      skipped.push({
        score: label,
        reason: `incomplete: ${result.missing.map((m) => m.label).join(', ')}`,
      });
      continue;
    }
    observations.push(
      buildScoreObservation(def, result, {
        ...ctx,
        patientId: a.patientId,
        ...(level ? { level: level as NonNullable<WritebackContext['level']> } : {}),
      }),
    );
    sources.push(...result.items.flatMap((i) => i.facts.flatMap((f) => f.sources)));
  }
  return {
    observations,
    skipped,
    transaction: observations.length ? buildWritebackTransaction(observations, ctx, sources) : null,
  };
}
