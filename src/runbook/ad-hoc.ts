// The operator's own statement (typed in the UI after `:`), modelled exactly as a fenced block of the
// runbook would be: split into statements, each with its kind, risk (with reasons and what it acts on)
// and placeholders. Pure, like the rest of the model. Each statement becomes a block of its own, so one
// statement's text alone models it again (resume rebuilds them from the journal that way).

import type { Code } from 'mdast';
import type { Block } from './model.js';
import { buildBlock } from './blocks.js';
import { DiagnosticSink } from './diagnostics.js';
import { SourceText } from './source.js';

export type AdHocLanguage = 'sql' | 'bash';

/** `text` as a block of `lang` with id `id` (its statements `${id}/1`, ...); lines count from 1 in `text`. */
export function adHocBlock(text: string, lang: AdHocLanguage, id: string): Block {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const markdown = `${fence}${lang}\n${text}\n${fence}\n`;
  const lines = markdown.split('\n').length - 1;
  const node: Code = {
    type: 'code',
    lang,
    meta: null,
    value: text,
    position: { start: { line: 1, column: 1, offset: 0 }, end: { line: lines, column: fence.length + 1, offset: markdown.length - 1 } },
  };
  const block = buildBlock(node, id, { source: new SourceText(markdown), sink: new DiagnosticSink('(your own statement)'), frontmatter: { params: new Map(), secrets: new Set() }, usedNames: new Set() });
  // Lines as the operator typed them, not as in the fence around them.
  const shift = (n: number) => Math.max(1, n - 1);
  return { ...block, line: 1, codeLine: 1, endLine: shift(block.endLine), statements: block.statements.map((s) => ({ ...s, line: shift(s.line), endLine: shift(s.endLine) })) };
}
