import type {
  Bundle,
  BundleEntry,
  CodeableConcept,
  Condition,
  MedicationRequest,
  Observation,
  Patient,
  Procedure,
  Resource,
} from 'fhir/r4';
import type { SpineLevel } from '../clinical/spine-levels.js';
import { levelCoding } from '../facts/body-sites.js';
import { LOINC, PROJECT_CODESYSTEM, SNOMED, SYSTEMS } from '../terminology/systems.js';

/**
 * Builders for synthetic patients coded as a real EHR would code them (US Core / mCODE
 * conventions). Used by the scenario fixtures, the bench cohort and the sandbox seed.
 */
export class PatientBuilder {
  readonly resources: Resource[] = [];
  private n = 0;
  readonly ref: string;

  constructor(
    readonly id: string,
    demo: { family: string; given: string; birthDate: string; gender: Patient['gender'] },
  ) {
    this.ref = `Patient/${id}`;
    const patient: Patient = {
      resourceType: 'Patient',
      id,
      identifier: [{ system: 'urn:oid:2.16.840.1.113883.19.5', value: `MRN-${id}` }],
      name: [{ family: demo.family, given: [demo.given] }],
      gender: demo.gender,
      birthDate: demo.birthDate,
    };
    this.resources.push(patient);
  }

  private nextId(prefix: string): string {
    this.n += 1;
    return `${this.id}-${prefix}-${this.n}`;
  }

  primary(coding: { icd?: string; snomed?: string; display: string }, onset: string): string {
    const id = this.nextId('cond');
    const cc: CodeableConcept = { coding: [], text: coding.display };
    if (coding.snomed)
      cc.coding!.push({ system: SYSTEMS.snomed, code: coding.snomed, display: coding.display });
    if (coding.icd)
      cc.coding!.push({ system: SYSTEMS.icd10cm, code: coding.icd, display: coding.display });
    this.resources.push(
      this.condition(
        id,
        cc,
        onset,
        'http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-primary-cancer-condition',
      ),
    );
    return `Condition/${id}`;
  }

  metastasis(
    site: {
      icd?: string;
      snomed?: string;
      display: string;
      levels?: SpineLevel[];
      bodySiteText?: string;
      bodySiteSnomed?: [string, string];
    },
    onset: string,
    primaryRef?: string,
  ): string {
    const id = this.nextId('met');
    const cc: CodeableConcept = { coding: [], text: site.display };
    if (site.snomed)
      cc.coding!.push({ system: SYSTEMS.snomed, code: site.snomed, display: site.display });
    if (site.icd)
      cc.coding!.push({ system: SYSTEMS.icd10cm, code: site.icd, display: site.display });
    const c = this.condition(
      id,
      cc,
      onset,
      'http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-secondary-cancer-condition',
    );
    const bodySite: CodeableConcept[] = (site.levels ?? []).map(levelCoding);
    if (site.bodySiteText) bodySite.push({ text: site.bodySiteText });
    if (site.bodySiteSnomed)
      bodySite.push({
        coding: [
          { system: SYSTEMS.snomed, code: site.bodySiteSnomed[0], display: site.bodySiteSnomed[1] },
        ],
        text: site.bodySiteSnomed[1],
      });
    if (bodySite.length) c.bodySite = bodySite;
    if (primaryRef)
      c.extension = [
        {
          url: 'http://hl7.org/fhir/StructureDefinition/condition-related',
          valueReference: { reference: primaryRef },
        },
      ];
    this.resources.push(c);
    return `Condition/${id}`;
  }

  icdCondition(icd: string, display: string, onset: string): void {
    this.resources.push(
      this.condition(
        this.nextId('cond'),
        { coding: [{ system: SYSTEMS.icd10cm, code: icd, display }], text: display },
        onset,
      ),
    );
  }

  private condition(id: string, code: CodeableConcept, onset: string, profile?: string): Condition {
    return {
      resourceType: 'Condition',
      id,
      ...(profile ? { meta: { profile: [profile] } } : {}),
      clinicalStatus: { coding: [{ system: SYSTEMS.conditionClinical, code: 'active' }] },
      verificationStatus: {
        coding: [{ system: SYSTEMS.conditionVerification, code: 'confirmed' }],
      },
      category: [
        {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/condition-category',
              code: 'problem-list-item',
            },
          ],
        },
      ],
      code,
      subject: { reference: this.ref },
      onsetDateTime: onset,
      recordedDate: onset,
    };
  }

  private observation(
    code: CodeableConcept,
    category: 'laboratory' | 'survey' | 'exam' | 'imaging',
    date: string,
    value: Partial<Observation>,
    status: Observation['status'] = 'final',
  ): Observation {
    const o: Observation = {
      resourceType: 'Observation',
      id: this.nextId('obs'),
      status,
      category: [{ coding: [{ system: SYSTEMS.observationCategory, code: category }] }],
      code,
      subject: { reference: this.ref },
      effectiveDateTime: date,
      issued: date,
      ...value,
    };
    this.resources.push(o);
    return o;
  }

  kps(value: number, date: string): Observation {
    return this.observation(
      {
        coding: [
          {
            system: SYSTEMS.loinc,
            code: LOINC.karnofsky,
            display: 'Karnofsky Performance Status score',
          },
        ],
      },
      'survey',
      date,
      { valueInteger: value },
    );
  }

  ecog(value: number, date: string): Observation {
    return this.observation(
      {
        coding: [
          { system: SYSTEMS.loinc, code: LOINC.ecog, display: 'ECOG Performance Status score' },
        ],
      },
      'survey',
      date,
      { valueInteger: value },
    );
  }

  lab(
    loinc: string,
    display: string,
    value: number,
    ucum: string,
    date: string,
    opts: { system?: string | null; status?: Observation['status'] } = {},
  ): Observation {
    const system = opts.system === null ? undefined : (opts.system ?? SYSTEMS.ucum);
    return this.observation(
      { coding: [{ system: SYSTEMS.loinc, code: loinc, display }], text: display },
      'laboratory',
      date,
      { valueQuantity: { value, unit: ucum, ...(system ? { system } : {}), code: ucum } },
      opts.status,
    );
  }

  painVas(value: number, unit: 'mm' | 'cm', date: string): Observation {
    return this.observation(
      {
        coding: [
          {
            system: SYSTEMS.loinc,
            code: LOINC.painVas,
            display: 'Pain severity [Score] Visual analog score',
          },
        ],
      },
      'survey',
      date,
      { valueQuantity: { value, unit, system: SYSTEMS.ucum, code: unit } },
    );
  }

  painNrs(value: number, date: string): Observation {
    return this.observation(
      {
        coding: [
          {
            system: SYSTEMS.loinc,
            code: LOINC.painNrs,
            display: 'Pain severity - 0-10 verbal numeric rating [Score] - Reported',
          },
        ],
      },
      'survey',
      date,
      { valueInteger: value },
    );
  }

  barthel(value: number, date: string): Observation {
    return this.observation(
      { coding: [{ system: SYSTEMS.snomed, code: SNOMED.barthelIndex, display: 'Barthel index' }] },
      'survey',
      date,
      { valueInteger: value },
    );
  }

  receptor(loinc: string, positive: boolean, date: string): Observation {
    return this.observation(
      { coding: [{ system: SYSTEMS.loinc, code: loinc }] },
      'laboratory',
      date,
      {
        valueCodeableConcept: {
          coding: [
            {
              system: SYSTEMS.snomed,
              code: positive ? '10828004' : '260385009',
              display: positive ? 'Positive' : 'Negative',
            },
          ],
        },
      },
    );
  }

  /** A clinician or imaging input in the project CodeSystem (what the SMART app writes). */
  input(
    code: string,
    value: boolean | number | string | { code: string },
    date: string,
    level?: SpineLevel,
  ): Observation {
    const v: Partial<Observation> =
      typeof value === 'boolean'
        ? { valueBoolean: value }
        : typeof value === 'number'
          ? { valueInteger: value }
          : typeof value === 'string'
            ? { valueString: value }
            : {
                valueCodeableConcept: {
                  coding: [{ system: PROJECT_CODESYSTEM, code: value.code }],
                },
              };
    return this.observation({ coding: [{ system: PROJECT_CODESYSTEM, code }] }, 'survey', date, {
      ...v,
      ...(level ? { bodySite: levelCoding(level) } : {}),
    });
  }

  /** When the current motor loss began (the project's input, a dateTime). */
  deficitOnset(onset: string, date: string): Observation {
    return this.observation(
      { coding: [{ system: PROJECT_CODESYSTEM, code: 'neuro-deficit-onset' }] },
      'survey',
      date,
      { valueDateTime: onset },
    );
  }

  /** The six SINS items of one lesion (location comes from the level). */
  sinsItems(
    level: SpineLevel,
    items: Partial<
      Record<
        | 'sins-pain'
        | 'sins-bone-lesion'
        | 'sins-alignment'
        | 'sins-collapse'
        | 'sins-posterolateral',
        string
      >
    >,
    date: string,
  ): void {
    for (const [code, answer] of Object.entries(items))
      this.input(code, { code: `${code}-${answer}` }, date, level);
  }

  medication(
    drug: { rxnorm?: string; atc?: string; name: string },
    authoredOn: string,
    status: MedicationRequest['status'] = 'completed',
  ): void {
    const coding = [
      ...(drug.rxnorm ? [{ system: SYSTEMS.rxnorm, code: drug.rxnorm, display: drug.name }] : []),
      ...(drug.atc ? [{ system: SYSTEMS.atc, code: drug.atc, display: drug.name }] : []),
    ];
    const m: MedicationRequest = {
      resourceType: 'MedicationRequest',
      id: this.nextId('med'),
      status,
      intent: 'order',
      medicationCodeableConcept: { coding, text: drug.name },
      subject: { reference: this.ref },
      authoredOn,
    };
    this.resources.push(m);
  }

  procedure(code: CodeableConcept, date: string, levels: SpineLevel[] = []): void {
    const p: Procedure = {
      resourceType: 'Procedure',
      id: this.nextId('proc'),
      status: 'completed',
      code,
      subject: { reference: this.ref },
      performedDateTime: date,
    };
    if (levels.length) p.bodySite = levels.map(levelCoding);
    this.resources.push(p);
  }

  radiotherapy(date: string, levels: SpineLevel[]): void {
    this.procedure(
      {
        coding: [
          {
            system: SYSTEMS.snomed,
            code: SNOMED.radiotherapyCourse,
            display: 'Radiotherapy course of treatment',
          },
        ],
        text: 'Palliative radiotherapy 30 Gy/10',
      },
      date,
      levels,
    );
  }

  /** A transaction Bundle with PUT entries: loading twice changes nothing. */
  bundle(): Bundle {
    return {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: this.resources.map((r): BundleEntry => ({
        fullUrl: `urn:uuid:${r.id}`,
        resource: r,
        request: { method: 'PUT', url: `${r.resourceType}/${r.id}` },
      })),
    };
  }
}

/** ISO date `days` before `ref` (YYYY-MM-DD). */
export function daysBefore(ref: string, days: number): string {
  const d = new Date(Date.parse(ref) - days * 86_400_000);
  return d.toISOString().slice(0, 10);
}
