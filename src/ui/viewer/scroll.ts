// Scrolling a document of units (table rows, records, lines of output) that each take one or more
// screen lines. Pure. A position is the first screen line shown: line `line` of unit `unit`. Paging never
// skips: the next page starts right after the last line shown, and the last page is a full screen that
// ends at the document's end (it may repeat lines of the page before, never leave any out).

export interface Doc {
  count: number;
  /** Screen lines unit `i` takes (at least 1). */
  height(i: number): number;
}

export interface Pos {
  unit: number;
  line: number;
}

export const TOP: Pos = { unit: 0, line: 0 };

/** The position `n` screen lines after `pos` (negative: before), kept inside the document. */
export function moveLines(doc: Doc, pos: Pos, n: number): Pos {
  let { unit, line } = pos;
  if (doc.count === 0) return TOP;
  line += n;
  while (line < 0 && unit > 0) {
    unit--;
    line += doc.height(unit);
  }
  if (line < 0) return TOP;
  while (unit < doc.count && line >= doc.height(unit)) {
    line -= doc.height(unit);
    unit++;
  }
  if (unit >= doc.count) return last(doc, 1);
  return { unit, line };
}

/** The position that shows the document's last `screen` lines (the top when it is shorter). */
export function last(doc: Doc, screen: number): Pos {
  if (doc.count === 0) return TOP;
  let unit = doc.count - 1;
  let left = Math.max(1, screen) - doc.height(unit);
  while (left > 0 && unit > 0) {
    unit--;
    left -= doc.height(unit);
  }
  // left > 0: the whole document is shorter than the screen; 0: `unit` starts the last screen exactly.
  return left > 0 ? TOP : { unit, line: -left };
}

const before = (a: Pos, b: Pos) => a.unit < b.unit || (a.unit === b.unit && a.line < b.line);

/** `pos` no further than the last full screen. */
export function clamp(doc: Doc, pos: Pos, screen: number): Pos {
  const end = last(doc, screen);
  return before(end, pos) ? end : pos;
}

export function pageDown(doc: Doc, pos: Pos, screen: number): Pos {
  return clamp(doc, moveLines(doc, pos, Math.max(1, screen)), screen);
}

export function pageUp(doc: Doc, pos: Pos, screen: number): Pos {
  return moveLines(doc, pos, -Math.max(1, screen));
}

/** What `screen` lines from `pos` show: each unit with the range of its lines, in order. */
export function visible(doc: Doc, pos: Pos, screen: number): { unit: number; from: number; to: number }[] {
  const out: { unit: number; from: number; to: number }[] = [];
  let left = screen;
  let unit = pos.unit;
  let from = pos.line;
  while (left > 0 && unit < doc.count) {
    const h = doc.height(unit);
    const to = Math.min(h, from + left);
    out.push({ unit, from, to });
    left -= to - from;
    unit++;
    from = 0;
  }
  return out;
}

/** The position that brings unit `i` into view from `pos`: the same when it is, else its start, or its end at the bottom. */
export function reveal(doc: Doc, pos: Pos, screen: number, i: number): Pos {
  if (i < pos.unit || (i === pos.unit && pos.line > 0)) return clamp(doc, { unit: i, line: 0 }, screen);
  const shown = visible(doc, pos, screen);
  const seen = shown.find((v) => v.unit === i);
  if (seen && seen.to === doc.height(i)) return pos;
  // Scroll down until its last line is the screen's last (or its first the screen's first, if taller).
  const h = doc.height(i);
  if (h >= screen) return clamp(doc, { unit: i, line: 0 }, screen);
  return clamp(doc, moveLines(doc, { unit: i, line: 0 }, h - screen), screen);
}
