// The confirmation dialog's lines, laid out for a width: the bound statement wrapped (highlighted, never
// cut: a statement is read whole before it is confirmed), the target, why it is rated so, and the
// preview (its summary wrapped, then the sessions, locks, grants or settings it lists). Pure, so the
// screen can reserve the dialog's height before drawing it.

import type { Preview } from '../../session/types.js';
import { highlightLine, type Span } from './highlight.js';
import { previewItems } from '../../runbook/preview-items.js';

/** Where to break `line` into pieces of at most `width` characters: at a space when one is near. */
function breaks(line: string, width: number): string[] {
  const chars = [...line];
  const out: string[] = [];
  let start = 0;
  while (chars.length - start > width) {
    let end = start + width;
    const space = chars.slice(start, end).lastIndexOf(' ');
    if (space > width / 2) end = start + space + 1;
    out.push(chars.slice(start, end).join(''));
    start = end;
  }
  out.push(chars.slice(start).join(''));
  return out;
}

/** Text wrapped to `width`, each row's highlighted spans (the line is highlighted whole, then cut into rows). */
export function wrapCode(text: string, lang: string, width: number): Span[][] {
  const room = Math.max(10, width);
  const rows: Span[][] = [];
  for (const line of text.replace(/\s+$/, '').split('\n')) {
    const spans = highlightLine(line, lang);
    let queue = [...spans];
    for (const piece of breaks(line, room)) {
      let need = [...piece].length;
      const row: Span[] = [];
      while (need > 0 && queue.length > 0) {
        const span = queue[0]!;
        const chars = [...span.text];
        if (chars.length <= need) {
          row.push(span);
          need -= chars.length;
          queue = queue.slice(1);
        } else {
          row.push({ ...span, text: chars.slice(0, need).join('') });
          queue[0] = { ...span, text: chars.slice(need).join('') };
          need = 0;
        }
      }
      rows.push(row);
    }
  }
  return rows;
}

/** Plain text wrapped to `width`. */
export function wrapText(text: string, width: number): string[] {
  return text.split('\n').flatMap((line) => breaks(line, Math.max(10, width)));
}

const cut = (s: string, n: number) => ([...s].length > n ? `${[...s].slice(0, n - 1).join('')}…` : s);

/** The rows a preview lists under its summary (runbook/preview-items.ts), cut to `width`. */
export function previewRows(p: Preview, width: number): string[] {
  return previewItems(p).map((i) => cut(`  ${i}`, width));
}
