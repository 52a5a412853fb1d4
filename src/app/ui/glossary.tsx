/**
 * Plain-language meanings of the terms the screens use, shown on hover and focus and listed in full
 * on the summary.
 */
export const GLOSSARY: Record<string, string> = {
  SINS:
    'Spinal Instability Neoplastic Score (0–18): 0–6 stable, 7–12 potentially unstable, ' +
    '13–18 unstable.',
  ESCC:
    'Epidural spinal cord compression grade (Bilsky, 0–3) on axial T2 MRI; 2–3 is ' +
    'high-grade compression.',
  Frankel:
    'Frankel grade A–E of spinal cord function: A complete loss, E normal (modified ' +
    'Frankel splits D into D1–D3).',
  ASIA:
    'ASIA Impairment Scale A–E, the successor of Frankel, based on sacral sparing and key ' +
    'muscles.',
  KPS: 'Karnofsky performance status, 0–100 in steps of 10; higher is better.',
  ECOG: 'ECOG performance status 0–5; higher is worse (3: in bed or chair more than half the day).',
  PS: 'Performance status (Karnofsky or ECOG).',
  Tokuhashi:
    'Revised Tokuhashi score (0–15): 0–8 expected survival under 6 months, 9–11 at least ' +
    '6 months, 12–15 at least a year.',
  Tomita:
    'Tomita score (2–10): the surgical strategy, from excision (2–3) to supportive care (8–10).',
  Katagiri: 'New Katagiri score (0–10): low, intermediate and high risk bands of survival.',
  NOMS:
    'Neurologic, Oncologic, Mechanical, Systemic: the framework that chooses between ' +
    'radiotherapy and surgery (Laufer 2013).',
  cEBRT: 'Conventional external-beam radiotherapy (e.g. 30 Gy in 10 fractions).',
  SRS: 'Stereotactic radiosurgery: high-dose, highly conformal radiotherapy.',
  MISt: 'Minimally invasive spine stabilisation with percutaneous pedicle screws.',
  MAPS:
    'Method of resection, Anatomy, Patient fitness, Stabilisation: the headings under ' +
    'which the approach is chosen (ACTA2020).',
  Harrington:
    'Harrington classes I–V of spinal metastasis by neurological and bone involvement ' +
    '(table unverified).',
  Patchell:
    'The 2005 trial showing decompressive surgery plus radiotherapy beats radiotherapy ' +
    'alone for cord compression, within its limits.',
};

/** A term with its meaning on hover and focus. */
export function Term({
  t,
  children,
}: {
  t: keyof typeof GLOSSARY | string;
  children?: preact.ComponentChildren;
}) {
  const meaning = GLOSSARY[t];
  return meaning ? (
    <abbr class="term" title={meaning} tabindex={0}>
      {children ?? t}
    </abbr>
  ) : (
    <>{children ?? t}</>
  );
}

export function Glossary() {
  return (
    <details class="glossary">
      <summary>Glossary</summary>
      <dl>
        {Object.entries(GLOSSARY).map(([k, v]) => (
          <>
            <dt key={`${k}-t`}>{k}</dt>
            <dd key={`${k}-d`}>{v}</dd>
          </>
        ))}
      </dl>
    </details>
  );
}
