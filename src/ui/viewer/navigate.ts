// The viewer's state and what each of its commands (keys.ts VIEWER_KEYMAP) does to it. Pure: the screen
// hands in the layout it drew (documents per mode, the lines the body has), so a page moves by exactly
// what was on screen and never skips a row.

import type { ViewerCommand } from '../keys.js';
import { clamp, last, moveLines, pageDown, pageUp, reveal, TOP, visible, type Doc, type Pos } from './scroll.js';
import { nextScreenColumn, previousScreenColumn, visibleColumns } from '../table-layout.js';
import { recordLineOf, recordDoc, search, type Match, type TableData, type ViewerData } from './content.js';

export type Mode = 'table' | 'record' | 'text';

export interface ViewerState {
  mode: Mode;
  pos: Pos;
  /** Table: the row and column under the cursor. */
  row: number;
  col: number;
  /** Table: the first column on screen. */
  firstCol: number;
  wrap: boolean;
  /** Text: first character shown when not wrapped. */
  offset: number;
  /** Keep the end in view as output arrives (live output, until the operator scrolls up). */
  follow: boolean;
  query?: string;
  matches?: Match[];
  matchIndex?: number;
}

export function initialState(data: ViewerData, follow = false): ViewerState {
  const single = data.kind === 'table' && data.columns.length === 1;
  return { mode: data.kind === 'text' ? 'text' : 'table', pos: TOP, row: 0, col: 0, firstCol: 0, wrap: data.kind === 'text' || single, offset: 0, follow };
}

/** What the screen drew, which the commands need. */
export interface Layout {
  data: ViewerData;
  doc: Doc;
  /** Lines of the body. */
  screen: number;
  width: number;
  widths: number[];
}

function keepColumnInView(s: ViewerState, l: Layout): ViewerState {
  if (s.col < s.firstCol) return { ...s, firstCol: s.col };
  let firstCol = s.firstCol;
  while (firstCol < s.col && !visibleColumns(l.widths, firstCol, l.width).some((c) => c.index === s.col)) firstCol++;
  return { ...s, firstCol };
}

/** The viewer's state after `command`. */
export function navigate(s: ViewerState, command: ViewerCommand, l: Layout): ViewerState {
  const { doc, screen } = l;
  const table = s.mode === 'table';
  const columns = l.data.kind === 'table' ? l.data.columns.length : 0;
  switch (command) {
    case 'row-down':
      if (table) {
        const row = Math.min(doc.count - 1, s.row + 1);
        return { ...s, row, pos: reveal(doc, s.pos, screen, row) };
      }
      return followEnd({ ...s, pos: clamp(doc, moveLines(doc, s.pos, 1), screen) }, l);
    case 'row-up':
      if (table) {
        const row = Math.max(0, s.row - 1);
        return { ...s, row, pos: reveal(doc, s.pos, screen, row) };
      }
      return { ...s, follow: false, pos: moveLines(doc, s.pos, -1) };
    case 'page-down': {
      const pos = pageDown(doc, s.pos, screen);
      const atEnd = pos.unit === s.pos.unit && pos.line === s.pos.line;
      return followEnd({ ...s, pos, row: table ? (atEnd ? doc.count - 1 : firstWhole(pos)) : s.row }, l);
    }
    case 'page-up': {
      const pos = pageUp(doc, s.pos, screen);
      return { ...s, follow: false, pos, row: table ? firstWhole(pos) : s.row };
    }
    case 'top':
      return { ...s, follow: false, pos: TOP, row: 0 };
    case 'bottom':
      return { ...s, follow: true, pos: last(doc, screen), row: Math.max(0, doc.count - 1) };
    case 'col-left':
      if (s.mode === 'text') return { ...s, offset: Math.max(0, s.offset - 8) };
      return keepColumnInView({ ...s, col: Math.max(0, s.col - 1) }, l);
    case 'col-right':
      if (s.mode === 'text') return s.wrap ? s : { ...s, offset: s.offset + 8 };
      return keepColumnInView({ ...s, col: Math.min(columns - 1, s.col + 1) }, l);
    case 'page-left':
      if (s.mode === 'text') return { ...s, offset: Math.max(0, s.offset - l.width) };
      if (s.mode === 'record') return s;
      return ((first) => ({ ...s, firstCol: first, col: first }))(previousScreenColumn(l.widths, s.firstCol, l.width));
    case 'page-right':
      if (s.mode === 'text') return s.wrap ? s : { ...s, offset: s.offset + l.width };
      if (s.mode === 'record') return s;
      return ((first) => ({ ...s, firstCol: first, col: first }))(nextScreenColumn(l.widths, s.firstCol, l.width));
    case 'record':
      if (l.data.kind !== 'table') return s;
      // The row under the cursor stays the one in view.
      return table ? { ...s, mode: 'record', pos: { unit: s.row, line: 0 } } : { ...s, mode: 'table', row: s.pos.unit, pos: { unit: s.pos.unit, line: 0 } };
    case 'wrap':
      return { ...s, wrap: !s.wrap, offset: 0, pos: { unit: s.pos.unit, line: 0 } };
    case 'next-match':
    case 'prev-match':
      return jump(s, command === 'next-match' ? 1 : -1, l);
    default:
      return s;
  }
}

const firstWhole = (pos: Pos) => pos.unit;

/** Scrolled to the very end: keep following new output. */
function followEnd(s: ViewerState, l: Layout): ViewerState {
  const end = last(l.doc, l.screen);
  return { ...s, follow: s.pos.unit === end.unit && s.pos.line === end.line };
}

/** Starts a search: the first match at or after what is on screen. */
export function startSearch(s: ViewerState, query: string, l: Layout): ViewerState {
  const matches = search(l.data, query);
  if (matches.length === 0) return { ...s, query, matches, matchIndex: undefined };
  const here = s.mode === 'table' ? s.row : s.pos.unit;
  const index = Math.max(0, matches.findIndex((m) => ('row' in m ? m.row : m.line) >= here));
  return show({ ...s, query, matches, matchIndex: index }, l);
}

function jump(s: ViewerState, step: 1 | -1, l: Layout): ViewerState {
  if (!s.matches || s.matches.length === 0) return s;
  const n = s.matches.length;
  const index = ((s.matchIndex ?? (step > 0 ? -1 : 0)) + step + n) % n;
  return show({ ...s, matchIndex: index }, l);
}

/** Brings the current match into view (its row under the cursor, its column on screen). */
function show(s: ViewerState, l: Layout): ViewerState {
  const m = s.matches?.[s.matchIndex ?? -1];
  if (!m) return s;
  if ('line' in m) return { ...s, follow: false, pos: reveal(l.doc, s.pos, l.screen, m.line) };
  if (s.mode === 'record') {
    const doc = recordDoc(l.data as TableData, { width: l.width });
    return { ...s, follow: false, col: m.col, pos: clamp(doc, { unit: m.row, line: recordLineOf(l.data as TableData, { width: l.width }, m.row, m.col) }, l.screen) };
  }
  return keepColumnInView({ ...s, follow: false, row: m.row, col: m.col, pos: reveal(l.doc, s.pos, l.screen, m.row) }, l);
}

/** The current match, for drawing. */
export function currentMatch(s: ViewerState): Match | undefined {
  return s.matches?.[s.matchIndex ?? -1];
}

/** Keeps the state inside the document (it changed: live output, a resize). */
export function settle(s: ViewerState, l: Layout): ViewerState {
  const pos = s.follow ? last(l.doc, l.screen) : clamp(l.doc, s.pos, l.screen);
  const row = Math.min(s.row, Math.max(0, l.doc.count - 1));
  return { ...s, pos, row };
}

export { visible };
