// What the result viewer shows, as screen lines: a table (rows, cut or wrapped to their column), records
// (one column per line, like psql's \x, values wrapped whole), or text (a shell statement's whole log).
// Pure: each layout is a scroll.ts Doc (units and the screen lines each takes) and the lines of a unit,
// built only for the units on screen, so 5,000 rows cost what one screen costs.

import type { Doc } from './scroll.js';
import { cellText, GAP, NULL_SYMBOL, visibleColumns } from '../table-layout.js';

/** A piece of a screen line and how it is drawn. */
export interface Segment {
  text: string;
  style?: 'null' | 'own' | 'dim' | 'match' | 'bold';
}
export type Line = Segment[];

export interface TableData {
  kind: 'table';
  columns: string[];
  rows: (string | null)[][];
  /** Cells as shown where they differ from the value (runbook's own pid marked). */
  shown?(row: number, col: number): string | null;
}

export interface TextData {
  kind: 'text';
  lines: string[];
}

export type ViewerData = TableData | TextData;

/** `text` cut into lines of at most `width` characters (its own line breaks kept). */
export function wrap(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const chars = [...line];
    if (chars.length === 0) out.push('');
    for (let i = 0; i < chars.length; i += w) out.push(chars.slice(i, i + w).join(''));
  }
  return out;
}

export function cellOf(data: TableData, row: number, col: number): string | null {
  return data.shown ? data.shown(row, col) : (data.rows[row]?.[col] ?? null);
}

const lower = (s: string | null) => (s ?? '').toLowerCase();

// ---------------------------------------------------------------------------------------------------
// Table

export interface TableView {
  widths: number[];
  firstCol: number;
  width: number;
  wrap: boolean;
  /** The row under the cursor, and its column (drawn highlighted). */
  cursor?: { row: number; col: number };
  /** The cell holding the current search match. */
  match?: { row: number; col: number };
}

export function tableDoc(data: TableData, v: TableView): Doc {
  const shown = visibleColumns(v.widths, v.firstCol, v.width);
  return {
    count: data.rows.length,
    height: (i) => (v.wrap ? Math.max(1, ...shown.map((c) => wrap(cellText(cellOf(data, i, c.index)), c.width).length)) : 1),
  };
}

function pad(text: string, width: number): string {
  const n = [...text].length;
  if (n <= width) return text + ' '.repeat(width - n);
  return width <= 1 ? '…' : [...text].slice(0, width - 1).join('') + '…';
}

export function tableHeader(data: TableData, v: TableView): Line[] {
  const shown = visibleColumns(v.widths, v.firstCol, v.width);
  const names: Line = shown.flatMap((c, i) => [...(i ? [{ text: GAP }] : []), { text: pad(data.columns[c.index]!, c.width), style: c.index === v.cursor?.col ? ('match' as const) : ('bold' as const) }]);
  const rule: Line = [{ text: shown.map((c, i) => (i ? '─┼─' : '') + '─'.repeat(c.width)).join(''), style: 'dim' }];
  return [names, rule];
}

/** Screen lines `from`..`to` of table row `row`. */
export function tableLines(data: TableData, v: TableView, row: number, from: number, to: number): Line[] {
  const shown = visibleColumns(v.widths, v.firstCol, v.width);
  const cells = shown.map((c) => {
    const value = cellOf(data, row, c.index);
    const raw = data.rows[row]?.[c.index] ?? null;
    const text = cellText(value);
    const pieces = v.wrap ? wrap(text, c.width) : [text];
    const style: Segment['style'] =
      v.match?.row === row && v.match.col === c.index ? 'match' : raw === null ? 'null' : value !== raw ? 'own' : undefined;
    return { pieces, width: c.width, style };
  });
  const out: Line[] = [];
  for (let k = from; k < to; k++) {
    out.push(cells.flatMap((c, i) => [...(i ? [{ text: GAP, style: 'dim' as const }] : []), { text: pad(c.pieces[k] ?? '', c.width), style: k < c.pieces.length ? c.style : undefined }]));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Records (psql's \x)

export interface RecordView {
  width: number;
  match?: { row: number; col: number };
}

function nameWidth(data: TableData, width: number): number {
  return Math.min(Math.max(...data.columns.map((c) => c.length), 1), Math.max(8, Math.floor(width / 3)));
}

function recordValue(data: TableData, row: number, col: number, width: number): string[] {
  const value = cellOf(data, row, col);
  return wrap(value === null ? NULL_SYMBOL : value.replace(/\t/g, ' '), Math.max(4, width - nameWidth(data, width) - GAP.length));
}

export function recordDoc(data: TableData, v: RecordView): Doc {
  return {
    count: data.rows.length,
    height: (i) => 1 + data.columns.reduce((n, _c, col) => n + recordValue(data, i, col, v.width).length, 0),
  };
}

export function recordLines(data: TableData, v: RecordView, row: number, from: number, to: number): Line[] {
  const nw = nameWidth(data, v.width);
  const title = `-[ RECORD ${row + 1} ]`;
  const all: Line[] = [[{ text: title + '-'.repeat(Math.max(0, v.width - title.length)), style: 'dim' }]];
  data.columns.forEach((name, col) => {
    const raw = data.rows[row]?.[col] ?? null;
    const value = cellOf(data, row, col);
    const style: Segment['style'] = v.match?.row === row && v.match.col === col ? 'match' : raw === null ? 'null' : value !== raw ? 'own' : undefined;
    recordValue(data, row, col, v.width).forEach((piece, k) => {
      all.push([{ text: pad(k === 0 ? name : '', nw), style: 'bold' }, { text: GAP, style: 'dim' }, { text: piece, style }]);
    });
  });
  return all.slice(from, to);
}

/** The screen line (within record `row`) where column `col` starts. */
export function recordLineOf(data: TableData, v: RecordView, row: number, col: number): number {
  let line = 1;
  for (let c = 0; c < col; c++) line += recordValue(data, row, c, v.width).length;
  return line;
}

// ---------------------------------------------------------------------------------------------------
// Text (shell output)

export interface TextView {
  width: number;
  wrap: boolean;
  /** First character shown of each line, when not wrapped (h/l). */
  offset: number;
  match?: { line: number };
}

export function textDoc(data: TextData, v: TextView): Doc {
  return { count: data.lines.length, height: (i) => (v.wrap ? wrap(data.lines[i]!, v.width).length : 1) };
}

export function textLines(data: TextData, v: TextView, line: number, from: number, to: number): Line[] {
  const text = data.lines[line] ?? '';
  const style: Segment['style'] = v.match?.line === line ? 'match' : undefined;
  if (v.wrap) return wrap(text, v.width).slice(from, to).map((t) => [{ text: t, style }]);
  const chars = [...text];
  const cut = chars.slice(v.offset, v.offset + v.width);
  const more = chars.length > v.offset + v.width;
  const shown = (v.offset > 0 && cut.length > 0 ? '…' + cut.slice(1).join('') : cut.join('')).slice(0);
  return [[{ text: more ? [...shown].slice(0, v.width - 1).join('') + '…' : shown, style }]];
}

// ---------------------------------------------------------------------------------------------------
// Search

export type Match = { row: number; col: number } | { line: number };

/** Every place `query` occurs (case-insensitive), in reading order. */
export function search(data: ViewerData, query: string): Match[] {
  const q = query.toLowerCase();
  if (!q) return [];
  const out: Match[] = [];
  if (data.kind === 'text') {
    data.lines.forEach((line, i) => {
      if (line.toLowerCase().includes(q)) out.push({ line: i });
    });
    return out;
  }
  data.rows.forEach((row, r) =>
    row.forEach((_v, c) => {
      if (lower(cellOf(data, r, c)).includes(q) || (cellOf(data, r, c) === null && NULL_SYMBOL === query)) out.push({ row: r, col: c });
    }),
  );
  return out;
}
