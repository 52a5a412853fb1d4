/** Markdown helpers for card details. Chart text is escaped so it can never become markup. */
const SPECIAL = /[\\`*_{}[\]()#+!|<>~\r\n]/;
export function md(text: string): string {
  // Most chart text has nothing to escape: skip the replacements then (hot path of every card).
  if (!SPECIAL.test(text)) return text;
  return text.replace(/[\\`*_{}[\]()#+!|<>~]/g, '\\$&').replace(/\r?\n/g, ' ');
}

/**
 * Joins parts into a summary under 140 UTF-16 units (CDS Hooks), dropping trailing parts that do
 * not fit.
 */
export function summary(head: string, parts: string[], max = 139): string {
  let out = head;
  for (const p of parts) {
    const next = `${out}${out === head ? ' — ' : '; '}${p}`;
    if (next.length > max) break;
    out = next;
  }
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}
