import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accessModelMarkdown } from '../../sandbox/auth/access-model.js';

describe('access model', () => {
  it('docs/sandbox.md shows the table the code decides from', () => {
    expect(readFileSync('docs/sandbox.md', 'utf8')).toContain(accessModelMarkdown());
  });
});
