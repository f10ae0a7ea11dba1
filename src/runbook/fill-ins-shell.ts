// Where each fill-in stands in shell text. INTERIM: a quote scanner (bare, '...', "..."), comments
// skipped; replaced by the bash grammar's view (words, heredocs, SQL handed to psql).
import type { PlaceholderUse, ShellWordLayer } from './model.js';
import { markedAt } from './fill-ins.js';
import { endOfLine, isSpaceCode } from './sql-lex.js';
import type { FindOptions } from './placeholders.js';

export function findInShellText(text: string, _options: FindOptions): PlaceholderUse[] {
  const found: PlaceholderUse[] = [];
  const n = text.length;
  let quote = '';
  let i = 0;
  while (i < n) {
    const c = text[i]!;
    if (quote === "'") {
      if (c === "'") quote = '';
    } else if (c === '\\') {
      i += 2;
      continue;
    } else if (quote === '"') {
      if (c === '"') quote = '';
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '#' && (i === 0 || isSpaceCode(text.charCodeAt(i - 1)))) {
      i = endOfLine(text, i);
      continue;
    }
    const fill = markedAt(text, i);
    if (fill) {
      const end = i + fill.token.length;
      const layer: ShellWordLayer = { layer: 'shell-word', start: i, end, quote: quote === "'" ? 'single' : quote === '"' ? 'double' : 'none', role: 'other' };
      found.push({ name: fill.name, context: 'shell', token: fill.token, offset: i, syntax: fill.syntax, spot: { layers: [layer], as: 'shell', start: i, end } });
      i = end;
      continue;
    }
    i++;
  }
  return found;
}
