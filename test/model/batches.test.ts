// The chunked parse batches small chunks together (mdast.ts BATCH_CHARS), so the short documents of
// property.test.ts mostly parse as one batch. These properties pin the chunk-boundary logic itself:
// cutting at every proposed chunk (batchChars 0) and at tiny batches must still equal remark's
// whole-document parse.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BATCH_CHARS, parseMarkdown, parseWhole } from '../../src/runbook/mdast.js';
import { generateRunbook } from '../../bench/lib/generate-runbook.js';

// Every construct the chunker must respect (see property.test.ts): headings of both kinds, fences,
// HTML blocks, frontmatter fences, definitions and references, tables, lists, quotes, indented code.
const LINE = fc.constantFrom(
  '# Title', '## Section', '### Step [x]', '#### Deep', '#no-space', '  ## indented heading', 'Setext', '===', '---', '- - -',
  '```sql', '```', '````', '~~~', '~~~bash', '   ```sql', '  ```', '> ```sql', '> ```', '>', '> quote [ref]',
  '1. **Step:**', '2. item if needed', '   ```sql', '   SELECT 1;', '   ```', '- bullet', '  - nested', '    code',
  'SELECT pg_terminate_backend([pid]);', "SELECT 'a;b'; -- c", '-- comment', '<div>', '</div>', '<!--', '-->',
  '<script>', '</script>', '[ref]: https://example.com', '[Ref]: <#section>', 'see [ref] and [x][ref]', '[^n]: note',
  'text[^n]', '[link](#section)', '| a | b |', '|---|---|', '| 1 | 2 |', 'plain text', '', '', '', '\t- tab item', '***',
);
const MARKDOWN = fc.array(LINE, { maxLength: 60 }).map((lines) => lines.join('\n'));

describe('chunk batches', () => {
  it('frontmatter stays the document\'s first node when the text after it uses a definition made further down', () => {
    // The first batch used to be frontmatter and heading together, and the definition put before it
    // (borrowed from below) turned the frontmatter into a rule and a paragraph.
    const text = `---\ntitle: Plugin\n---\n\n# Plugin\n\nSee [the docs].\n\n${'## Part\n\nText.\n\n'.repeat(200)}[the docs]: https://example.com\n`;
    const tree = parseMarkdown(text);
    expect(tree.children[0]).toMatchObject({ type: 'yaml', value: 'title: Plugin' });
    expect(tree).toEqual(parseWhole(text));
  });

  it('cutting at every proposed chunk equals the whole-document parse', () => {
    fc.assert(
      fc.property(MARKDOWN, (text) => {
        expect(parseMarkdown(text, { batchChars: 0 })).toEqual(parseWhole(text));
      }),
      { numRuns: 400 },
    );
  });

  it('tiny batches equal the whole-document parse', () => {
    fc.assert(
      fc.property(MARKDOWN, fc.integer({ min: 1, max: 80 }), (text, batchChars) => {
        expect(parseMarkdown(text, { batchChars })).toEqual(parseWhole(text));
      }),
      { numRuns: 300 },
    );
  });

  it('generated runbooks parse the same at every batch size, several batches each by default', () => {
    for (const seed of [4, 5]) {
      const text = generateRunbook(20_000, seed);
      expect(text.length).toBeGreaterThan(4 * BATCH_CHARS);
      const whole = parseWhole(text);
      for (const batchChars of [0, 500, BATCH_CHARS]) expect(parseMarkdown(text, { batchChars })).toEqual(whole);
    }
  });
});
