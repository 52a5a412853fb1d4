import { describe, expect, it } from 'vitest';
import { md, summary } from '../../cds-hooks/cards/markdown.js';

describe('markdown escaping of chart text', () => {
  it.each([
    ['plain text', 'plain text'],
    ['a*b_c', 'a\\*b\\_c'],
    ['<script>alert(1)</script>', '\\<script\\>alert\\(1\\)\\</script\\>'],
    ['[link](http://x)', '\\[link\\]\\(http://x\\)'],
    ['# heading | cell ~ `code` !', '\\# heading \\| cell \\~ \\`code\\` \\!'],
    ['two\nlines', 'two lines'],
    ['crlf\r\nlines', 'crlf lines'],
    ['back\\slash', 'back\\\\slash'],
    ['1+1 {x}', '1\\+1 \\{x\\}'],
  ])('%j → %j', (text, escaped) => {
    expect(md(text)).toBe(escaped);
  });

  it('keeps summaries under 140 characters, dropping parts that do not fit', () => {
    expect(summary('Head', ['a', 'b'])).toBe('Head — a; b');
    const long = summary('Head', ['x'.repeat(200)]);
    expect(long).toBe('Head');
    expect(summary('H'.repeat(200), []).length).toBe(139);
  });
});
