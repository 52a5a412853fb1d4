/**
 * A client-supplied `fhirServer`, reduced to the one base URL it denotes before any allow-list
 * check: the WHATWG parser resolves dot-segments (`..`, `%2e%2e`) and backslashes, and
 * what it would leave ambiguous for a server behind it is refused outright.
 */
export function normalizeFhirBase(raw: string): string | undefined {
  // Encoded separators and dots survive URL parsing and may be decoded by a proxy or server later.
  if (/%2f|%5c|%2e|\\/i.test(raw)) return undefined;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return undefined;
  }
  if (u.username || u.password || u.search || u.hash) return undefined;
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

/** Whether `url` (normalised) is the configured base or below it, on a path-segment boundary. */
export function withinBase(url: string, base: string): boolean {
  const b = normalizeFhirBase(base);
  return b !== undefined && (url === b || url.startsWith(`${b}/`));
}
