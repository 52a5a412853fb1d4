/** Fields of one log line: ids, statuses and timings only, never clinical values or tokens. */
export type LogFields = Record<string, string | number | boolean | undefined>;

const MAX_FIELD = 80;

/**
 * A client-supplied string as it may appear in a log: printable ASCII only (no line breaks, no
 * terminal escapes, no U+2028) and at most 80 characters, so a request cannot forge or flood lines.
 */
export function clientText(s: string): string {
  const clean = s.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > MAX_FIELD ? `${clean.slice(0, MAX_FIELD)}…` : clean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A client-chosen id (hookInstance) as it may be logged or audited: a UUID, as CDS Hooks defines
 * it, or a marker. Free text is never written, however it is escaped.
 */
export function loggableId(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  return UUID.test(s) ? s.toLowerCase() : '(not a UUID)';
}

/** One structured (JSON) log line; every string field goes through clientText. */
export function logLine(event: string, fields: LogFields = {}): string {
  const out: Record<string, string | number | boolean> = {
    at: new Date().toISOString(),
    src: 'cds',
    event,
  };
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    out[k] = typeof v === 'string' ? clientText(v) : v;
  }
  return JSON.stringify(out);
}
