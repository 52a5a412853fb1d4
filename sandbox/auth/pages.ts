/** Server-rendered pages of the sandbox authorization server. Everything shown is escaped. */
export interface PatientChoice {
  id: string;
  name: string;
  birthDate?: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const STYLE = [
  'body{font:15px system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 ' +
    '1rem;color:#1a1a1a}',
  '.banner{background:#fff3cd;border:1px solid #b58900;padding:.5rem .75rem;border-radius:4px;',
  'margin-bottom:1rem}',
  'button{font:inherit;padding:.4rem .8rem;margin:.2rem 0;cursor:pointer}li{list-style:none}',
].join('');

function page(title: string, body: string): string {
  const head = `<meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style>`;
  const banner = '<p class="banner" role="note">Development sandbox — synthetic patients only.</p>';
  return (
    `<!doctype html><html ` + `lang="en"><head>${head}</head>\n<body>${banner}${body}</body></html>`
  );
}

/** Standalone launch: the user picks the patient; the form re-posts the authorization request. */
export function pickerPage(patients: PatientChoice[], request: URLSearchParams): string {
  const hidden = [...request.entries()]
    .filter(([k]) => k !== 'patient')
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  const items = patients
    .map((p) => {
      const born = p.birthDate ? ` (born ${escapeHtml(p.birthDate)})` : '';
      const button = `<button type="submit" name="patient" value="${escapeHtml(p.id)}">`;
      return `<li>${button}${escapeHtml(p.name)}${born}</button></li>`;
    })
    .join('');
  const deny = '<p><button type="submit" name="deny" value="1">Do not allow access</button></p>';
  return page(
    'Select a patient',
    "<h1>Select a patient</h1><p>The application asks for access to one patient's record.</p>\n" +
      `<form method="post" action="authorize">${hidden}<ul>${items}</ul>${deny}</form>`,
  );
}

export function errorPage(title: string, detail: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p>`);
}
