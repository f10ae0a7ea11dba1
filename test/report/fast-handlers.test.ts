// The report's faster Markdown handlers must write exactly what the stock remark-stringify + GFM
// handlers write: same escapes in text, paragraphs and table cells, whatever the characters.

import fc from 'fast-check';
import { unified } from 'unified';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import type { Root } from 'mdast';
import { expect, it } from 'vitest';
import { extensionHandler, tableHandler, text } from '../../src/report/fast-handlers.js';
import { emphasis, inlineCode, paragraph, root, strong, table } from '../../src/report/mdast.js';

const settings = { bullet: '-', fences: true, rule: '-', emphasis: '_', strong: '*' } as const;
const stock = unified().use(remarkGfm).use(remarkStringify, settings).freeze();
const stockTable = extensionHandler(unified().use(remarkGfm).freeze().data('toMarkdownExtensions') as never, 'table')!;
const fast = unified()
  .use(remarkGfm)
  .use(remarkStringify, { ...settings, handlers: { text, table: tableHandler(stockTable) } as never })
  .freeze();

const tricky = ['a|b', '*x*', '_y_', '1. z', '# h', '<b>', 'x\\y', '[l](u)', '`c`', 'www.x.com', 'http://a', 'a@b.c', '~~s~~', '- li', '+ p', '> q', '&amp;', ' lead', 'trail ', '![', '\\', '|', '-', ':-', '*', '', '1)', '=', 'tab\there', 'ü 😀'];

function tree(cells: string[]): Root {
  const rows = [cells.slice(0, 3), cells.slice(3, 6).map((c, i) => (i === 1 ? null : c)), cells.slice(6, 9)];
  return root([
    paragraph(strong(cells[0] ?? ''), cells[1] ?? '', emphasis(cells[2] ?? 'e'), cells[3] ?? '', inlineCode('q'), cells[4] ?? ''),
    paragraph(cells.join('')),
    table(['h', cells[5] ?? 'h2', 'h3'], rows.map((r) => [...r, '', '', ''].slice(0, 3))),
  ]);
}

it('writes what the stock handlers write for tricky text', () => {
  expect(stockTable).toBeTypeOf('function');
  for (let i = 0; i < tricky.length; i++) {
    const cells = Array.from({ length: 9 }, (_, j) => tricky[(i + j * 7) % tricky.length]!);
    expect(fast.stringify(tree(cells))).toBe(stock.stringify(tree(cells)));
  }
});

it('writes what the stock handlers write for any mix of Markdown punctuation', () => {
  const piece = fc.constantFrom(...tricky, 'a', ' ', '\\', '.', '1', ':', '/', '(', ')', 'w', 'p');
  const cell = fc.array(piece, { maxLength: 6 }).map((p) => p.join(''));
  fc.assert(
    fc.property(fc.array(cell, { minLength: 9, maxLength: 9 }), (cells) => {
      expect(fast.stringify(tree(cells))).toBe(stock.stringify(tree(cells)));
    }),
    { numRuns: 300 },
  );
});
