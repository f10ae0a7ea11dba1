// How a result table takes the width it has, for the result under the step and the full-screen viewer
// alike: cells as text (NULL as a symbol of its own, line breaks as ↵), each column's natural width from
// its header and a sample of rows, and widths that use the whole screen: when everything fits, natural
// widths; else the widest columns give way (no column is cut below what keeps it readable) and, when
// even that does not fit, the table scrolls sideways a screen at a time with the widest ones capped.

import type { Column } from '../executors/types.js';
import { markOwnPid, ownPidColumns } from '../session/own-pid.js';

export const NULL_SYMBOL = '∅';
export const GAP = ' │ ';
const SAMPLE_ROWS = 200;
/** No column is narrowed below this to fit all on screen (narrower ones keep their own width). */
const MIN_SHRUNK = 12;

/** A cell as one line of text: NULL as ∅, line breaks as ↵, tabs as spaces. */
export function cellText(value: string | null): string {
  return value === null ? NULL_SYMBOL : value.replace(/\r?\n/g, '↵').replace(/\t/g, ' ');
}

/** `text` in exactly `width` columns: padded, or cut with `…`. */
export function fit(text: string, width: number): string {
  if (text.length <= width) return text.padEnd(width);
  return width <= 1 ? '…'.slice(0, width) : text.slice(0, width - 1) + '…';
}

/** Each column's natural width: its header and the widest of its first `sample` cells (as shown). */
export function naturalWidths(names: readonly string[], rowCount: number, cell: (row: number, col: number) => string | null, sample = SAMPLE_ROWS): number[] {
  return names.map((name, i) => {
    let w = name.length;
    for (let r = 0; r < Math.min(rowCount, sample); r++) w = Math.max(w, cellText(cell(r, i)).length);
    return Math.max(1, w);
  });
}

const total = (widths: number[]) => widths.reduce((a, b) => a + b, 0) + GAP.length * Math.max(0, widths.length - 1);

/** Widths that use `width`: natural when all fit, else the widest capped so all fit, else capped for scrolling. */
export function fitWidths(natural: number[], width: number): number[] {
  if (total(natural) <= width) return natural;
  // The largest cap with which every column fits.
  let low = 1;
  let high = Math.max(...natural);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (total(natural.map((w) => Math.min(w, mid))) <= width) low = mid;
    else high = mid - 1;
  }
  if (low >= MIN_SHRUNK) return natural.map((w) => Math.min(w, low));
  // Too many columns for one screen: it scrolls; a column is at most 60% of the screen (never wider than it).
  const cap = Math.max(MIN_SHRUNK, Math.min(width, Math.floor(width * 0.6)));
  return natural.map((w) => Math.min(w, cap));
}

export function columnWidths(columns: Column[], rows: (string | null)[][], width: number, backendPid?: number): number[] {
  const pid = ownPidColumns(columns, backendPid);
  const natural = naturalWidths(
    columns.map((c) => c.name),
    rows.length,
    (r, c) => markOwnPid(rows[r]![c] ?? null, pid?.[c], backendPid),
  );
  return fitWidths(natural, width);
}

/** Which columns fit from `first` on; at least one, cut if it is wider than the screen. */
export function visibleColumns(widths: number[], first: number, width: number): { index: number; width: number }[] {
  const out: { index: number; width: number }[] = [];
  let used = 0;
  for (let i = first; i < widths.length; i++) {
    const need = widths[i]! + (out.length ? GAP.length : 0);
    if (used + need > width) {
      if (out.length === 0) out.push({ index: i, width });
      break;
    }
    out.push({ index: i, width: widths[i]! });
    used += need;
  }
  return out;
}

/** The first column of the screen to the right of the one starting at `first` (H/L in the viewer). */
export function nextScreenColumn(widths: number[], first: number, width: number): number {
  const shown = visibleColumns(widths, first, width);
  return Math.min(widths.length - 1, (shown.at(-1)?.index ?? first) + 1);
}

/** The first column of the screen that ends right before column `first`. */
export function previousScreenColumn(widths: number[], first: number, width: number): number {
  let start = first;
  let used = 0;
  while (start > 0) {
    const need = widths[start - 1]! + (used ? GAP.length : 0);
    if (used + need > width && used > 0) break;
    used += need;
    start--;
  }
  return start;
}
