// Properties over generated Markdown: modelling never throws, every fenced code node becomes exactly
// one block, and the chunked parse (mdast.ts) equals remark's whole-document parse.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureParsers } from '../../src/runbook/parsers.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import { parseMarkdown, parseWhole } from '../../src/runbook/mdast.js';
import { isFencedCode, walk } from '../../src/runbook/tree.js';
import { generateRunbook } from '../../bench/lib/generate-runbook.js';

beforeAll(async () => {
  await ensureParsers();
});

// Lines that exercise every construct the chunker must respect: headings of both kinds, fences of
// both kinds and lengths (closed or not, in lists and quotes), HTML blocks, frontmatter fences, link
// and footnote definitions and references, tables, lists, quotes, indented code.
const LINE = fc.constantFrom(
  '# Title', '## Section', '### Step [x]', '#### Deep', '#no-space', '  ## indented heading', 'Setext', '===', '---', '- - -',
  '```sql', '```', '````', '~~~', '~~~bash', '   ```sql', '  ```', '> ```sql', '> ```', '>', '> quote [ref]',
  '1. **Step:**', '2. item if needed', '   ```sql', '   SELECT 1;', '   ```', '- bullet', '  - nested', '    code',
  'SELECT pg_terminate_backend([pid]);', "SELECT 'a;b'; -- c", 'DROP TABLE t;', '-- comment', '\\i file.sql',
  '<div>', '</div>', '<!--', '-->', '<script>', '</script>', '<?php', '?>',
  '[ref]: https://example.com', '[Ref]: <#section>', 'see [ref] and [x][ref]', '[^n]: note', 'text[^n]', '[link](#section)',
  '| a | b |', '|---|---|', '| 1 | 2 |', 'plain text', '', '', '', '\t- tab item', '  ', '***',
  // GFM's other constructs (chunks without any of them are parsed without remark-gfm: mdast.ts GFM_TRIGGER).
  'a ~~struck~~ word', '~one~', 'see www.example.com/x', 'at https://example.com/a_b.', 'mail ops@example.com',
  '- [ ] to do', '- [x] done', '* [X] Done', '1. [ ] first', 'a | b', '--- | ---', 'x|y',
);
const MARKDOWN = fc.array(LINE, { maxLength: 60 }).map((lines) => lines.join('\n'));

function countFenced(text: string): number {
  let count = 0;
  walk(parseWhole(text).children, (node) => {
    if (isFencedCode(node, text)) count++;
  });
  return count;
}

describe('model properties', () => {
  it('never throws, and blocks == fenced code nodes', () => {
    fc.assert(
      fc.property(fc.oneof(MARKDOWN, fc.string({ maxLength: 300 })), (text) => {
        const runbook = parseRunbook(text, 'p.md');
        const blocks = runbook.procedures.flatMap((p) => p.steps.flatMap((s) => s.blocks)).length;
        expect(blocks).toBe(countFenced(text.replace(/\r\n?/g, '\n').replace(/^\uFEFF/, '')));
      }),
      { numRuns: 300 },
    );
  });

  it('chunked parse equals whole-document parse', () => {
    fc.assert(
      fc.property(MARKDOWN, (text) => {
        expect(parseMarkdown(text)).toEqual(parseWhole(text));
      }),
      { numRuns: 500 },
    );
  });

  it('chunked parse equals whole-document parse on random text of Markdown\'s characters', () => {
    const CHARS = fc.constantFrom(...'#-*+>|~@[]^xX:/.w h t p 1\n\n\n`'.split(''), 'www.', 'http://', '~~', '[ ]', '[^', '```');
    fc.assert(
      fc.property(fc.array(CHARS, { maxLength: 120 }).map((a) => a.join('')), (text) => {
        expect(parseMarkdown(text)).toEqual(parseWhole(text));
      }),
      { numRuns: 500 },
    );
  });

  it('chunked parse equals whole-document parse on generated runbooks', () => {
    for (const seed of [1, 2, 3]) {
      const text = generateRunbook(30_000, seed);
      expect(parseMarkdown(text)).toEqual(parseWhole(text));
    }
  });
});
