/** What a CDS card link passes to the app (interop A-52: any string, parsed defensively). */
export interface AppContext {
  view?: 'summary' | 'scores' | 'inputs' | 'trends' | 'save';
  serviceRequest?: string;
  focus?: string;
  hookInstance?: string;
  missing?: string[];
}

const VIEWS = new Set(['summary', 'scores', 'inputs', 'trends', 'save']);
const REF = /^[A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/;

export function parseAppContext(raw: unknown): AppContext | undefined {
  if (typeof raw !== 'string' || raw.length > 4096) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  const out: AppContext = {};
  if (typeof o.view === 'string' && VIEWS.has(o.view))
    out.view = o.view as NonNullable<AppContext['view']>;
  if (typeof o.serviceRequest === 'string' && REF.test(o.serviceRequest))
    out.serviceRequest = o.serviceRequest;
  if (typeof o.focus === 'string' && REF.test(o.focus)) out.focus = o.focus;
  if (typeof o.hookInstance === 'string' && o.hookInstance.length <= 128)
    out.hookInstance = o.hookInstance;
  if (Array.isArray(o.missing))
    out.missing = o.missing
      .filter((m): m is string => typeof m === 'string')
      .slice(0, 20)
      .map((m) => m.slice(0, 100));
  return out;
}
