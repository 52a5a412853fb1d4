import type { Condition } from 'fhir/r4';
import type { Fact } from '../provenance/fact.js';
import type { PrimaryCancer } from '../clinical/primary-site.js';
import type { VisceralSite } from '../clinical/disease-extent.js';
import type { SpineLevel } from '../clinical/spine-levels.js';
import { classifyCancerCode, lungHistologyFrom } from './cancer-codes.js';
import { readBodySites } from './body-sites.js';
import {
  conditionCurrent,
  conditionDate,
  conditionUsable,
  factFrom,
  lesionRecord,
  refOf,
  sourceOf,
} from './fhir-read.js';
import type { FactIssue } from './types.js';
import { SYSTEMS } from '../terminology/systems.js';

export interface ConditionFacts {
  primary?: Fact<PrimaryCancer>;
  /** Each involved vertebral level with the Conditions that name it. */
  levels: Array<Fact<SpineLevel>>;
  /** Distinct extraspinal bone sites named by bone-metastasis Conditions. */
  extraspinalSites: Array<Fact<string>>;
  visceral: Array<Fact<VisceralSite>>;
  /** Hormone status from ICD-10-CM Z17/Z19 codes. */
  hormoneStatus?: Fact<boolean>;
  pathologicalFracture?: Fact<boolean>;
  issues: FactIssue[];
}

export function extractConditions(
  conditions: readonly Condition[],
  asOf: string,
  stagingLimit: number,
): ConditionFacts {
  const issues: FactIssue[] = [];
  const primaries: Array<{
    c: Condition;
    current: boolean;
    p: PrimaryCancer;
    via: string;
    fromMetastasis?: boolean;
  }> = [];
  const levels = new Map<SpineLevel, Condition[]>();
  const extraspinal = new Map<string, Condition>();
  const visceral = new Map<VisceralSite, Condition[]>();
  const out: ConditionFacts = { levels: [], extraspinalSites: [], visceral: [], issues };
  let linkedPrimary: string | undefined;

  for (const c of conditions) {
    if (!conditionUsable(c)) continue;
    const codes = c.code?.coding ?? [];
    const icd = codes
      .filter((x) => (x.system === SYSTEMS.icd10cm || x.system === SYSTEMS.icd10) && x.code)
      .map((x) => x.code!.toUpperCase());
    // Hormone receptor status (Z17.0/Z17.1) and hormone sensitivity (Z19.1/Z19.2).
    const z = icd.find((x) => /^Z17\.[01]|^Z19\.[12]/.test(x));
    if (z) {
      const dependent = z.startsWith('Z17.0') || z.startsWith('Z19.1');
      out.hormoneStatus = factFrom(dependent, c, conditionDate(c), `ICD-10-CM ${z}`, asOf);
      continue;
    }
    if (icd.some((x) => x.startsWith('M84.5') || x.startsWith('M48.5'))) {
      out.pathologicalFracture = factFrom(
        true,
        c,
        conditionDate(c),
        `pathological fracture (${icd.join(', ')})`,
        asOf,
      );
    }
    if (!c.code) continue;
    const k = classifyCancerCode(c.code);
    if (!k) continue;
    if (k.kind === 'primary-bone-spine') {
      issues.push({
        severity: 'warning',
        resource: refOf(c),
        message:
          `${k.via} is a primary bone tumour of the spine, not a metastasis: these scores ` +
          `do not apply to it`,
      });
      continue;
    }
    if (k.kind === 'metastasis-from') {
      // It names the primary (used when no primary record says otherwise) and that the cancer has
      // spread; where to is only what its bodySite says: never read as a visceral site.
      primaries.push({
        c,
        current: conditionCurrent(c),
        p: { site: k.site, display: c.code.text ?? c.code.coding?.[0]?.display ?? k.site },
        via: k.via,
        fromMetastasis: true,
      });
      const sites = readBodySites(c.bodySite);
      for (const l of sites.levels) levels.set(l, [...(levels.get(l) ?? []), c]);
      if (!sites.levels.length && sites.extraspinal) extraspinal.set(sites.siteKey ?? refOf(c), c);
      if (!sites.levels.length && !sites.extraspinal)
        issues.push({
          severity: 'warning',
          resource: refOf(c),
          message:
            `${k.via} records metastatic disease without a site: not counted as bone or ` +
            `visceral; record the sites`,
        });
      continue;
    }
    if (k.kind === 'primary') {
      const hist = k.lungHistology ?? (k.site === 'lung' ? lungHistologyFrom(c.code) : undefined);
      primaries.push({
        c,
        current: conditionCurrent(c),
        p: {
          site: k.site,
          ...(hist ? { lungHistology: hist } : {}),
          display: c.code.text ?? c.code.coding?.[0]?.display ?? k.site,
        },
        via: k.via,
      });
      continue;
    }
    // Metastases stay counted even when "resolved": a treated bone lesion is still a lesion for the
    // counts.
    const related = c.extension?.find(
      (e) => e.url === 'http://hl7.org/fhir/StructureDefinition/condition-related',
    )?.valueReference?.reference;
    if (related) linkedPrimary ??= related;
    const sites = readBodySites(c.bodySite);
    if (k.site === 'bone' || (k.site === 'other' && (sites.spinal || sites.extraspinal))) {
      const textLevels = sites.levels.length
        ? sites.levels
        : readBodySites(c.code ? [c.code] : []).levels;
      for (const l of textLevels) levels.set(l, [...(levels.get(l) ?? []), c]);
      if (!textLevels.length && sites.extraspinal) extraspinal.set(sites.siteKey ?? refOf(c), c);
      if (!textLevels.length && !sites.extraspinal)
        issues.push({
          severity: 'warning',
          resource: refOf(c),
          message:
            `bone metastasis without a site${sites.spinal ? ' level' : ''}: not counted; ` +
            `enter the levels in the app`,
        });
    } else if (k.site !== 'lymph-node') {
      visceral.set(k.site, [...(visceral.get(k.site) ?? []), c]);
    }
  }

  if (primaries.length) {
    // A resected or "resolved" primary is still the origin of the metastasis: current records win,
    // older ones serve with a warning.
    // A record of the primary itself before one that only names it ("metastasis from …").
    const ranked = [...primaries].sort(
      (a, b) =>
        Number(!!a.fromMetastasis) - Number(!!b.fromMetastasis) ||
        Number(b.current) - Number(a.current) ||
        (conditionDate(b.c) ?? '').localeCompare(conditionDate(a.c) ?? ''),
    );
    const chosen =
      (linkedPrimary && primaries.find((x) => refOf(x.c) === linkedPrimary)) || ranked[0]!;
    const distinct = new Set(primaries.map((x) => x.p.site));
    const f = factFrom(
      chosen.p,
      chosen.c,
      conditionDate(chosen.c),
      `${chosen.p.display} (${chosen.via})`,
      asOf,
      undefined,
      chosen.via.startsWith('text') ? { derivation: `site mapped from ${chosen.via}` } : {},
    );
    if (!chosen.current)
      f.warnings = [
        `the primary cancer record (${refOf(chosen.c)}) is marked resolved or abated; it ` +
          `is used as the origin of the metastases`,
      ];
    if (distinct.size > 1) {
      const why = linkedPrimary ? ' (linked from the metastasis record)' : ' (most recent)';
      const msg =
        `several primary cancers recorded (${[...distinct].join(', ')}); using ` +
        `${chosen.p.site}${why}: confirm which one metastasised to the spine`;
      f.warnings = [...(f.warnings ?? []), msg];
      issues.push({ severity: 'warning', resource: refOf(chosen.c), message: msg });
    }
    out.primary = f;
  }
  const many = <T>(value: T, cs: Condition[], what: string): Fact<T> => ({
    value,
    sources: cs.map((c) => sourceOf(c, conditionDate(c), what)),
  });
  out.levels = [...levels.entries()].map(([l, cs]) => many(l, cs, `vertebral metastasis ${l}`));
  out.extraspinalSites = [...extraspinal.entries()].map(([k, c]) =>
    lesionRecord(
      factFrom(k, c, conditionDate(c), `extraspinal bone metastasis (${k})`, asOf, stagingLimit),
    ),
  );
  out.visceral = [...visceral.entries()].map(([s, cs]) => many(s, cs, `${s} metastasis`));
  return out;
}
