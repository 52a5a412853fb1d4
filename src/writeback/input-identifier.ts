import type { Observation } from 'fhir/r4';
import { v5 as uuidv5 } from 'uuid';
import { OBSERVATION_ID_SYSTEM } from '../terminology/systems.js';
import { inputIdentity, inputObservation, type ClinicianInput } from './input-observation.js';
import { IDENTIFIER_NAMESPACE } from './score-observation.js';

/**
 * An input as the Observation that is saved: the assessment's form plus an identifier, a UUID v5 of
 * patient, code, level, value and time, so that saving the same entry twice creates nothing new.
 */
export function buildInputObservation(
  input: ClinicianInput,
  ctx: { patientId: string; effective: string; performer?: string },
): Observation {
  const { resourceType, ...rest } = inputObservation(input, ctx);
  return {
    resourceType,
    identifier: [
      {
        system: OBSERVATION_ID_SYSTEM,
        value: uuidv5(inputIdentity(input, ctx), IDENTIFIER_NAMESPACE),
      },
    ],
    ...rest,
  };
}
