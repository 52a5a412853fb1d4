import { EQ5D_CITATIONS } from '../clinical/eq5d.js';

/**
 * Bibliographic keys used in results and cards. Score citations follow scores.md; paper keys follow
 * evidence.md.
 */
export const SCORE_CITATIONS = {
  tokuhashi:
    'Tokuhashi Y, et al. A revised scoring system for preoperative evaluation of ' +
    'metastatic spine tumor prognosis. Spine 2005;30(19):2186–2191.',
  tomita: 'Tomita K, et al. Surgical strategy for spinal metastases. Spine 2001;26(3):298–306.',
  sins:
    'Fisher CG, et al. A novel classification system for spinal instability in neoplastic ' +
    'disease. Spine 2010;35(22):E1221–E1229. doi:10.1097/BRS.0b013e3181e16ae2',
  katagiri:
    'Katagiri H, et al. New prognostic factors and scoring system for patients with ' +
    'skeletal metastasis. Cancer Med 2014;3(5):1359–1367. doi:10.1002/cam4.292',
  bauer:
    'Bauer HC, Wedin R. Survival after surgery for spinal and extremity metastases. Acta ' +
    'Orthop Scand 1995;66(2):143–146.',
  bauerModified:
    'Leithner A, et al. Predictive value of seven preoperative prognostic scoring ' +
    'systems for spinal metastases. Eur Spine J 2008;17(11):1488–1495. ' +
    'doi:10.1007/s00586-008-0763-1',
  osri:
    'Balain B, et al. The Oswestry Risk Index: an aid in the treatment of metastatic ' +
    'disease of the spine. Bone Joint J 2013;95-B(2):210–216.',
  nesms:
    'Schoenfeld AJ, et al. The New England Spinal Metastasis Score (NESMS). Spine J ' +
    '2016;16(4):482–490. doi:10.1016/j.spinee.2015.09.043',
  harrington:
    'Harrington KD. Metastatic disease of the spine. J Bone Joint Surg Am 1986;68(7):1110–1115.',
  escc:
    'Bilsky MH, et al. Reliability analysis of the epidural spinal cord compression scale. ' +
    'J Neurosurg Spine 2010;13(3):324–328.',
  noms:
    'Laufer I, et al. The NOMS framework: approach to the treatment of spinal metastatic ' +
    'tumors. Oncologist 2013;18(6):744–751.',
  frankel:
    'Frankel HL, et al. The value of postural reduction in the initial management of ' +
    'closed injuries of the spine with paraplegia and tetraplegia. Paraplegia ' +
    '1969;7(3):179–192.',
  frankelModified:
    'Uei H, Tokuhashi Y, et al. J Orthop Surg Res 2018 (s13018-018-0735-z), Table 2 ' +
    '(motor-grade modified Frankel).',
  asia:
    'Kirshblum SC, et al. International standards for neurological classification of ' +
    'spinal cord injury (revised 2011). J Spinal Cord Med 2011;34(6):535–546.',
  karnofsky:
    'Karnofsky DA, Burchenal JH. The clinical evaluation of chemotherapeutic agents in ' +
    'cancer. 1949:191–205.',
  ecog:
    'Oken MM, et al. Toxicity and response criteria of the Eastern Cooperative Oncology ' +
    'Group. Am J Clin Oncol 1982;5(6):649–655.',
  barthel:
    'Mahoney FI, Barthel DW. Functional evaluation: the Barthel Index. Md State Med J ' +
    '1965;14:61–65.',
  eq5dJp: EQ5D_CITATIONS.jp,
  eq5dUs: EQ5D_CITATIONS.us,
  clavienDindo:
    'Dindo D, Demartines N, Clavien PA. Classification of surgical complications. Ann ' +
    'Surg 2004;240(2):205–213.',
} as const;
