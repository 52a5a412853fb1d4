import type { ClinicianInput } from '../../writeback/input-observation.js';

/**
 * The clinician's unsaved inputs, kept in `sessionStorage` (where fhirclient keeps the tokens:
 * gone when the tab closes) under the server and patient. A session that ends before "Save to
 * chart" loses nothing: reopened from the chart in the same window, the app offers them again.
 */
const PREFIX = 'spinescore.draft:';

const keyOf = (serverUrl: string, patientId: string) => `${PREFIX}${serverUrl}|${patientId}`;

function storage(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined;
  }
}

const isInput = (v: unknown): v is ClinicianInput => {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.code === 'string' &&
    o.value !== undefined &&
    o.value !== null &&
    (o.level === undefined || typeof o.level === 'string') &&
    (o.enteredAt === undefined || typeof o.enteredAt === 'string')
  );
};

/**
 * The inputs kept for this patient on this server (anything unreadable is dropped, not guessed).
 */
export function loadDraft(serverUrl: string, patientId: string): ClinicianInput[] {
  const raw = storage()?.getItem(keyOf(serverUrl, patientId));
  if (!raw) return [];
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.filter(isInput) : [];
  } catch {
    return [];
  }
}

/** Keeps `inputs` (none: forgets the draft). */
export function storeDraft(
  serverUrl: string,
  patientId: string,
  inputs: readonly ClinicianInput[],
): void {
  const s = storage();
  if (!s) return;
  try {
    if (inputs.length) s.setItem(keyOf(serverUrl, patientId), JSON.stringify(inputs));
    else s.removeItem(keyOf(serverUrl, patientId));
  } catch {
    // Storage full or refused: the inputs stay on screen; nothing else depends on the copy.
  }
}
