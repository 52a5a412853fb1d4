import { closeSync, openSync, readSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';

/**
 * What an input file is, from its content (never its name): a JSON document (a Bundle or one
 * resource, possibly indented over many lines), NDJSON (one JSON value per line, two lines or
 * more),
 * or nothing usable (empty, or not JSON at all).
 */
export type InputKind =
  { kind: 'json' } | { kind: 'ndjson' } | { kind: 'empty' } | { kind: 'not-json'; line: number };

const NEWLINE = 0x0a;
const CHUNK = 64 * 1024;

export function sniffInput(path: string): InputKind {
  const fd = openSync(path, 'r');
  try {
    // The first two non-blank lines decide; the first may be long (a Bundle on one line).
    let buf = Buffer.alloc(0);
    let pos = 0;
    let eof = false;
    const more = () => {
      const chunk = Buffer.allocUnsafe(CHUNK);
      const n = readSync(fd, chunk, 0, CHUNK, pos);
      pos += n;
      if (n === 0) eof = true;
      buf = Buffer.concat([buf, chunk.subarray(0, n)]);
    };
    let lineNo = 0;
    let from = 0;
    const nonBlank: { text: string; line: number }[] = [];
    while (nonBlank.length < 2) {
      let nl = buf.indexOf(NEWLINE, from);
      while (nl < 0 && !eof) {
        more();
        nl = buf.indexOf(NEWLINE, from);
      }
      if (nl < 0 && from >= buf.length) break;
      const end = nl < 0 ? buf.length : nl;
      lineNo++;
      const text = buf.toString('utf8', from, end).trim();
      if (text) nonBlank.push({ text, line: lineNo });
      if (nl < 0) break;
      from = nl + 1;
    }
    const first = nonBlank[0];
    if (!first) return { kind: 'empty' };
    const c = first.text.replace(/^\uFEFF/, '')[0];
    if (c !== '{' && c !== '[') return { kind: 'not-json', line: first.line };
    if (nonBlank.length < 2) return { kind: 'json' };
    try {
      JSON.parse(first.text);
      return { kind: 'ndjson' };
    } catch {
      return { kind: 'json' }; // a document over several lines
    }
  } finally {
    closeSync(fd);
  }
}

/** The 1-based line of a buffer's first byte sequence that is not UTF-8, or undefined if all is. */
export function firstInvalidUtf8Line(buf: Buffer, start = 0, end = buf.length): number | undefined {
  if (isUtf8(buf.subarray(start, end))) return undefined;
  let line = 1;
  let from = start;
  while (from < end) {
    const nl = buf.indexOf(NEWLINE, from);
    const stop = nl < 0 || nl >= end ? end : nl;
    if (!isUtf8(buf.subarray(from, stop))) return line;
    line++;
    from = stop + 1;
  }
  return line;
}
