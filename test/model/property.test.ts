// Properties over generated Markdown: modelling never throws, every fenced code node becomes exactly
// one block, and the chunked parse (mdast.ts) equals remark's whole-document parse.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureParsers } from '../../src/runbook/parsers.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import type { Root } from 'mdast';
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

// Column-0 list items with content under them, as runbooks number their steps: mdast-items.ts parses
// such items by their content when they are plain enough. Markers, widths, first lines and later lines
// that keep an item plain or make it not (a tab, a definition, a task box, a line not indented, an
// unclosed fence or HTML block, a hard break at a line's end), blank lines between items, headings after.
const ITEM = fc.record({
  marker: fc.constantFrom('1.', '1.', '2.', '10.', '1)', '-', '*'),
  spaces: fc.integer({ min: 1, max: 5 }),
  first: fc.constantFrom('Step', 'Step two', '**Step:** do it', '`code` here', '# head', '> quote', '- nested', '```sql', '~~~', '    indented',
    '[ ] task', '[x] done', '---', '***', '<div>', '<!-- c -->', '<!--', 'text [ref]', 'see www.x.com', 'a ~~s~~ b', '| a | b |', '1. deeper', 'foo\\', 'Step  '),
  rest: fc.array(
    fc.record({
      line: fc.constantFrom('', '', '  ', '     ', 'more text', '```sql', '```', '~~~', 'SELECT 1;', '  indented more', '    code', '- sub', '  - sub sub', '1. sub',
        '===', '---', '> q', '<div>', '</div>', '-->', '|---|---|', '| 1 | 2 |', '[ref]: /x', 'x [^n]', '\tTab', 'text\\', 'a  '),
      indented: fc.integer({ min: 0, max: 12 }),
    }),
    { maxLength: 5 },
  ),
  blanks: fc.integer({ min: 0, max: 2 }),
  after: fc.constantFrom('', '', '', '', '', '', '# Heading', 'Paragraph', '---'),
});
const STEPS = fc.array(ITEM, { minLength: 1, maxLength: 20 }).map(
  (items) =>
    items
      .map((it) => {
        const width = it.marker.length + it.spaces;
        const lines = [`${it.marker}${' '.repeat(it.spaces)}${it.first}`];
        for (const r of it.rest) lines.push(r.line === '' ? '' : (r.indented === 0 ? '' : ' '.repeat(width)) + r.line);
        for (let i = 0; i < it.blanks; i++) lines.push('');
        if (it.after) lines.push(it.after, '');
        return lines.join('\n');
      })
      .join('\n') + '\n',
);

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
        let whole: Root;
        try {
          whole = parseWhole(text);
        } catch {
          // remark-gfm's own development assertion (a task box on the line after an empty list item,
          // `+\n[ ] x`): remark itself cannot read it in tests; outside them it sets `checked` on the root.
          return;
        }
        const chunked = parseMarkdown(text);
        expect({ children: chunked.children, position: chunked.position }).toEqual({ children: whole.children, position: whole.position });
      }),
      { numRuns: 500 },
    );
  });

  it('chunked parse equals whole-document parse on numbered steps with indented content (items parsed by their content)', () => {
    fc.assert(
      fc.property(STEPS, (text) => {
        expect(parseMarkdown(text)).toEqual(parseWhole(text));
      }),
      { numRuns: 1500 },
    );
  });

  it('chunked parse equals whole-document parse on generated runbooks', () => {
    for (const seed of [1, 2, 3]) {
      const text = generateRunbook(30_000, seed);
      expect(parseMarkdown(text)).toEqual(parseWhole(text));
    }
  });
});
