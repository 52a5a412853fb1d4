import type { CodeableConcept } from 'fhir/r4';
import { SYSTEMS } from '../terminology/systems.js';

/**
 * Shipped drug-class table (interop.md C-25): no runtime RxClass calls. Matching is by ATC code
 * (L01 antineoplastics; L01E protein-kinase inhibitors; L01F monoclonal antibodies; L02 endocrine),
 * then by RxNorm ingredient code, then by ingredient name in the coded display or text.
 * RxNorm codes must be re-checked against the RxNorm release in use.
 */
export type DrugClass =
  | 'cytotoxic'
  | 'targeted'
  | 'antibody'
  | 'immunotherapy'
  | 'hormonal'
  | 'bone-agent'
  | 'strong-opioid'
  | 'opioid-dependence';

/**
 * `when`: the drug is in the class only when the coded displays or text also match (a dose form).
 */
interface DrugDef {
  name: string;
  cls: DrugClass;
  rxnorm?: string;
  when?: RegExp;
}
const DRUGS: DrugDef[] = [
  // cytotoxic chemotherapy (ATC L01A–L01D, L01X)
  { name: 'cisplatin', cls: 'cytotoxic', rxnorm: '2555' },
  { name: 'carboplatin', cls: 'cytotoxic', rxnorm: '40048' },
  { name: 'oxaliplatin', cls: 'cytotoxic', rxnorm: '32592' },
  { name: 'paclitaxel', cls: 'cytotoxic', rxnorm: '56946' },
  { name: 'docetaxel', cls: 'cytotoxic', rxnorm: '72962' },
  { name: 'doxorubicin', cls: 'cytotoxic', rxnorm: '3639' },
  { name: 'cyclophosphamide', cls: 'cytotoxic', rxnorm: '3002' },
  { name: 'pemetrexed', cls: 'cytotoxic', rxnorm: '68446' },
  { name: 'gemcitabine', cls: 'cytotoxic', rxnorm: '12574' },
  { name: 'fluorouracil', cls: 'cytotoxic', rxnorm: '4492' },
  { name: 'capecitabine', cls: 'cytotoxic', rxnorm: '194000' },
  { name: 'irinotecan', cls: 'cytotoxic' },
  { name: 'etoposide', cls: 'cytotoxic' },
  { name: 'vinorelbine', cls: 'cytotoxic' },
  { name: 'eribulin', cls: 'cytotoxic' },
  { name: 'melphalan', cls: 'cytotoxic' },
  { name: 'tegafur', cls: 'cytotoxic' },
  { name: 'S-1', cls: 'cytotoxic' },
  { name: 'ifosfamide', cls: 'cytotoxic' },
  { name: 'epirubicin', cls: 'cytotoxic' },
  // molecularly targeted small molecules (ATC L01E) and proteasome inhibitors / IMiDs counted as
  // targeted
  { name: 'osimertinib', cls: 'targeted', rxnorm: '1721560' },
  { name: 'gefitinib', cls: 'targeted', rxnorm: '328134' },
  { name: 'erlotinib', cls: 'targeted', rxnorm: '337525' },
  { name: 'afatinib', cls: 'targeted' },
  { name: 'dacomitinib', cls: 'targeted' },
  { name: 'alectinib', cls: 'targeted' },
  { name: 'crizotinib', cls: 'targeted' },
  { name: 'brigatinib', cls: 'targeted' },
  { name: 'lorlatinib', cls: 'targeted' },
  { name: 'ceritinib', cls: 'targeted' },
  { name: 'entrectinib', cls: 'targeted' },
  { name: 'capmatinib', cls: 'targeted' },
  { name: 'tepotinib', cls: 'targeted' },
  { name: 'selpercatinib', cls: 'targeted' },
  { name: 'sotorasib', cls: 'targeted' },
  { name: 'dabrafenib', cls: 'targeted' },
  { name: 'trametinib', cls: 'targeted' },
  { name: 'sunitinib', cls: 'targeted' },
  { name: 'pazopanib', cls: 'targeted' },
  { name: 'sorafenib', cls: 'targeted' },
  { name: 'cabozantinib', cls: 'targeted' },
  { name: 'axitinib', cls: 'targeted' },
  { name: 'lenvatinib', cls: 'targeted' },
  { name: 'palbociclib', cls: 'targeted' },
  { name: 'abemaciclib', cls: 'targeted' },
  { name: 'ribociclib', cls: 'targeted' },
  { name: 'olaparib', cls: 'targeted' },
  { name: 'everolimus', cls: 'targeted' },
  { name: 'imatinib', cls: 'targeted' },
  { name: 'bortezomib', cls: 'targeted' },
  { name: 'carfilzomib', cls: 'targeted' },
  { name: 'lenalidomide', cls: 'targeted' },
  // monoclonal antibodies (ATC L01F), checkpoint inhibitors separately
  { name: 'trastuzumab', cls: 'antibody' },
  { name: 'pertuzumab', cls: 'antibody' },
  { name: 'bevacizumab', cls: 'antibody' },
  { name: 'cetuximab', cls: 'antibody' },
  { name: 'panitumumab', cls: 'antibody' },
  { name: 'rituximab', cls: 'antibody' },
  { name: 'daratumumab', cls: 'antibody' },
  { name: 'ramucirumab', cls: 'antibody' },
  { name: 'pembrolizumab', cls: 'immunotherapy' },
  { name: 'nivolumab', cls: 'immunotherapy' },
  { name: 'atezolizumab', cls: 'immunotherapy' },
  { name: 'durvalumab', cls: 'immunotherapy' },
  { name: 'ipilimumab', cls: 'immunotherapy' },
  // endocrine therapy (ATC L02)
  { name: 'tamoxifen', cls: 'hormonal', rxnorm: '10324' },
  { name: 'letrozole', cls: 'hormonal', rxnorm: '72965' },
  { name: 'anastrozole', cls: 'hormonal', rxnorm: '84857' },
  { name: 'exemestane', cls: 'hormonal' },
  { name: 'fulvestrant', cls: 'hormonal' },
  { name: 'leuprolide', cls: 'hormonal', rxnorm: '42375' },
  { name: 'leuprorelin', cls: 'hormonal' },
  { name: 'goserelin', cls: 'hormonal' },
  { name: 'degarelix', cls: 'hormonal' },
  { name: 'bicalutamide', cls: 'hormonal', rxnorm: '83008' },
  { name: 'enzalutamide', cls: 'hormonal' },
  { name: 'apalutamide', cls: 'hormonal' },
  { name: 'darolutamide', cls: 'hormonal' },
  { name: 'abiraterone', cls: 'hormonal' },
  // bone-modifying agents: not anticancer therapy for the scores
  { name: 'denosumab', cls: 'bone-agent' },
  { name: 'zoledronic acid', cls: 'bone-agent' },
  { name: 'zoledronate', cls: 'bone-agent' },
  // strong opioids (WHO analgesic ladder step 3). RxNorm ingredient codes as in the CDC MME
  // conversion tables (cqframework/opioid-mme-r4). Weak (step 2) opioids are not listed: codeine
  // 2670, dihydrocodeine 23088, tramadol 10689, and hydrocodone 5489 (a step-2 combination drug).
  { name: 'morphine', cls: 'strong-opioid', rxnorm: '7052' },
  { name: 'oxycodone', cls: 'strong-opioid', rxnorm: '7804' },
  { name: 'hydromorphone', cls: 'strong-opioid', rxnorm: '3423' },
  { name: 'fentanyl', cls: 'strong-opioid', rxnorm: '4337' },
  { name: 'methadone', cls: 'strong-opioid', rxnorm: '6813' },
  { name: 'tapentadol', cls: 'strong-opioid', rxnorm: '787390' },
  { name: 'oxymorphone', cls: 'strong-opioid', rxnorm: '7814' },
  { name: 'levorphanol', cls: 'strong-opioid', rxnorm: '6378' },
  { name: 'meperidine', cls: 'strong-opioid', rxnorm: '6754' },
  { name: 'pethidine', cls: 'strong-opioid' },
  { name: 'diamorphine', cls: 'strong-opioid' },
  // Buprenorphine as a pain patch only: sublingual buprenorphine (with naloxone) treats opioid
  // dependence.
  { name: 'buprenorphine', cls: 'strong-opioid', rxnorm: '1819', when: /transdermal|\bpatch/i },
];

const BY_RXNORM = new Map(DRUGS.filter((d) => d.rxnorm).map((d) => [d.rxnorm!, d]));
const NAME_RES = DRUGS.map((d) => ({
  d,
  re: new RegExp(`\\b${d.name.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&')}\\b`, 'i'),
}));

/**
 * Strong opioids in ATC N02A: morphine (N02AA01, combinations N02AA51), hydromorphone (N02AA03),
 * oxycodone (N02AA05, with naloxone N02AA55 or naltrexone N02AA56, with non-opioid analgesics
 * N02AJ17–19), oxymorphone (N02AA11), the pethidine group (N02AB: ketobemidone, pethidine,
 * fentanyl), buprenorphine (N02AE01), tapentadol (N02AX06). The rest of N02A is weak or a mixed
 * agonist-antagonist (codeine, dihydrocodeine, tramadol, tilidine, pentazocine, nalbuphine …).
 */
const STRONG_OPIOID_ATC = [
  'N02AA01',
  'N02AA51',
  'N02AA03',
  'N02AA05',
  'N02AA55',
  'N02AA56',
  'N02AJ17',
  'N02AJ18',
  'N02AJ19',
  'N02AA11',
  'N02AB',
  'N02AE01',
  'N02AX06',
];

function atcClass(code: string): DrugClass | undefined {
  const c = code.toUpperCase();
  // L01E kinase inhibitors; L01XK PARP and L01XG proteasome inhibitors; L01XE is the pre-2021
  // kinase-inhibitor code.
  if (
    c.startsWith('L01E') ||
    c.startsWith('L01XK') ||
    c.startsWith('L01XG') ||
    c.startsWith('L01XE')
  )
    return 'targeted';
  if (c.startsWith('L01XC')) return 'antibody';
  if (c.startsWith('L01FF')) return 'immunotherapy';
  if (c.startsWith('L01F')) return 'antibody';
  if (c.startsWith('L01')) return 'cytotoxic';
  if (c.startsWith('L02')) return 'hormonal';
  if (c.startsWith('M05BA08') || c.startsWith('M05BX04')) return 'bone-agent';
  if (STRONG_OPIOID_ATC.some((p) => c.startsWith(p))) return 'strong-opioid';
  // N07BC: methadone and buprenorphine as treatment of opioid dependence, not of pain.
  if (c.startsWith('N07BC')) return 'opioid-dependence';
  return undefined;
}

/**
 * Anti-angiogenic drugs (VEGF/VEGFR pathway), held around surgery for wound healing and bleeding
 * (docs/decisions.md, "Standard actions and red flags"). Matched by ingredient name, as above.
 */
const ANTI_ANGIOGENIC = [
  'bevacizumab',
  'ramucirumab',
  'ziv-aflibercept',
  'sunitinib',
  'pazopanib',
  'sorafenib',
  'cabozantinib',
  'axitinib',
  'lenvatinib',
  'regorafenib',
  'tivozanib',
  'nintedanib',
  'fruquintinib',
];
const ANTI_ANGIOGENIC_RE = new RegExp(`\\b(${ANTI_ANGIOGENIC.join('|')})\\b`, 'i');

/**
 * An anti-angiogenic record counts as current when active or dated within this many days of the
 * assessment.
 */
export const ANTI_ANGIOGENIC_WINDOW_DAYS = 90;

/** The anti-angiogenic ingredient a medication concept names, if any. */
export function antiAngiogenicDrug(cc: CodeableConcept | undefined): string | undefined {
  if (!cc) return undefined;
  const text = [cc.text, ...(cc.coding ?? []).map((c) => c.display)].filter(Boolean).join(' ');
  return ANTI_ANGIOGENIC_RE.exec(text)?.[1]?.toLowerCase();
}

export interface DrugMatch {
  cls: DrugClass;
  name: string;
  via: string;
}

export function classifyDrug(cc: CodeableConcept | undefined): DrugMatch | undefined {
  if (!cc) return undefined;
  const text = [cc.text, ...(cc.coding ?? []).map((c) => c.display)].filter(Boolean).join(' ');
  for (const c of cc.coding ?? []) {
    if (!c.code) continue;
    if (c.system === SYSTEMS.atc) {
      const cls = atcClass(c.code);
      if (cls) return { cls, name: c.display ?? c.code, via: `ATC ${c.code}` };
    }
    if (c.system === SYSTEMS.rxnorm) {
      const d = BY_RXNORM.get(c.code);
      if (d && (!d.when || d.when.test(text)))
        return { cls: d.cls, name: d.name, via: `RxNorm ${c.code}` };
    }
  }
  for (const { d, re } of NAME_RES) {
    if (re.test(text) && (!d.when || d.when.test(text)))
      return { cls: d.cls, name: d.name, via: `name "${d.name}" in "${text}"` };
  }
  return undefined;
}
