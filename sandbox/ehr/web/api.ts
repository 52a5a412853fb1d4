/** The sandbox EHR back end (sandbox/ehr/ehr-api.ts). */
export interface PatientRow {
  id: string;
  name: string;
  birthDate?: string;
  gender?: string;
}
export interface ChartSummary extends PatientRow {
  conditions: Array<{ id: string; text: string; onset?: string }>;
  observations: Array<{ id: string; text: string; value: string; date?: string }>;
  orders: Array<{
    id: string;
    text: string;
    status: string;
    priority?: string;
    authoredOn?: string;
  }>;
}
export interface Coding {
  system: string;
  code: string;
  display?: string;
}
export interface Action {
  type: 'create' | 'update' | 'delete';
  description: string;
  resource?: Record<string, unknown> & { resourceType: string };
  resourceId?: string;
}
export interface Suggestion {
  label: string;
  uuid?: string;
  isRecommended?: boolean;
  actions?: Action[];
}
export interface Link {
  label: string;
  url: string;
  type: 'absolute' | 'smart';
  appContext?: string;
}
export interface Card {
  uuid?: string;
  summary: string;
  detail?: string;
  indicator: 'info' | 'warning' | 'critical';
  source: { label: string; url?: string; icon?: string };
  suggestions?: Suggestion[];
  selectionBehavior?: string;
  overrideReasons?: Coding[];
  links?: Link[];
}
export interface HookResult {
  serviceId?: string;
  status: number;
  body: { cards?: Card[] } | null;
  ms: number;
  error?: string;
}

async function call<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(
    `/ehr/api${path}`,
    body === undefined
      ? {}
      : {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        },
  );
  // Errors are RFC 9457 problem details (sandbox/problem.ts).
  const json = (await res.json()) as T & { detail?: string };
  if (!res.ok) throw new Error(json.detail ?? `HTTP ${res.status}`);
  return json;
}

export interface WorklistRow {
  patientId: string;
  name: string;
  reasons: string[];
  decision: string;
  dataDate: string | null;
}

export const api = {
  worklist: () => call<{ asOf: string; entries: WorklistRow[] }>('/worklist'),
  patients: () => call<{ patients: PatientRow[] }>('/patients'),
  chart: (id: string) => call<ChartSummary>(`/patients/${encodeURIComponent(id)}`),
  launch: (patient: string, appContext?: string, readOnly?: boolean) =>
    call<{ url: string }>('/launch', {
      patient,
      ...(appContext ? { appContext } : {}),
      ...(readOnly ? { readOnly } : {}),
    }),
  hook: (patient: string, hook: 'order-select' | 'order-sign', draft: Record<string, unknown>) =>
    call<HookResult>('/hooks', { patient, hook, draft }),
  apply: (actions: Action[]) => call<{ created: string[] }>('/apply', { actions }),
  sign: (order: Record<string, unknown>) => call<{ id: string }>('/orders', { order }),
  feedback: (serviceId: string, feedback: unknown[]) =>
    call<{ status: number }>('/feedback', { serviceId, feedback }),
};
