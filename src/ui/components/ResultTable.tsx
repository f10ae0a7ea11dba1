// An SQL result as a table that fits the terminal: cells cut with an ellipsis, NULL drawn as a distinct
// symbol (never confused with the text 'NULL'), and only the visible window of rows and columns drawn,
// so a 1,000-row result redraws as fast as a 10-row one. Runbook's own backend is marked where a pid
// column shows it (session/own-pid.ts).

import React from 'react';
import { Box, Text } from 'ink';
import type { Column } from '../../executors/types.js';
import { color } from '../theme.js';
import { markOwnPid, ownPidColumns } from '../../session/own-pid.js';

export const NULL_SYMBOL = '∅';
const SAMPLE_ROWS = 200;
const GAP = ' │ ';

export interface TableProps {
  columns: Column[];
  rows: (string | null)[][];
  rowCount?: number;
  outputFile?: string;
  width: number;
  /** Lines available, header and status line included. */
  height: number;
  /** First column shown. */
  scrollX: number;
  /** First row shown. */
  scrollY: number;
  /** The backend that ran the statement (runbook's own): marked in pid columns. */
  backendPid?: number;
}

function cellText(value: string | null): string {
  return value === null ? NULL_SYMBOL : value.replace(/\r?\n/g, '↵').replace(/\t/g, ' ');
}

function fit(text: string, width: number): string {
  if (text.length <= width) return text.padEnd(width);
  return width <= 1 ? '…'.slice(0, width) : text.slice(0, width - 1) + '…';
}

/** Natural widths from the header and a sample of rows, each capped so no column eats the screen. */
export function columnWidths(columns: Column[], rows: (string | null)[][], width: number, backendPid?: number): number[] {
  const cap = Math.max(8, Math.min(40, Math.floor(width / 2)));
  const pid = ownPidColumns(columns, backendPid);
  return columns.map((c, i) => {
    let w = c.name.length;
    for (let r = 0; r < Math.min(rows.length, SAMPLE_ROWS); r++) w = Math.max(w, cellText(markOwnPid(rows[r]![i] ?? null, pid?.[i], backendPid)).length);
    return Math.max(1, Math.min(cap, w));
  });
}

/** Which columns fit from `first` on; at least one, cut if it is wider than the screen. */
export function visibleColumns(widths: number[], first: number, width: number): { index: number; width: number }[] {
  const out: { index: number; width: number }[] = [];
  let used = 0;
  for (let i = first; i < widths.length; i++) {
    const need = widths[i]! + (out.length ? GAP.length : 0);
    if (used + need > width) {
      if (out.length === 0) out.push({ index: i, width: width });
      break;
    }
    out.push({ index: i, width: widths[i]! });
    used += need;
  }
  return out;
}

export function ResultTable({ columns, rows, rowCount, outputFile, width, height, scrollX, scrollY, backendPid }: TableProps) {
  const widths = columnWidths(columns, rows, width, backendPid);
  const pid = ownPidColumns(columns, backendPid);
  const firstCol = Math.max(0, Math.min(scrollX, columns.length - 1));
  const shown = visibleColumns(widths, firstCol, width);
  const bodyRows = Math.max(1, height - 3);
  const firstRow = Math.max(0, Math.min(scrollY, Math.max(0, rows.length - bodyRows)));
  const window = rows.slice(firstRow, firstRow + bodyRows);
  const total = rowCount ?? rows.length;
  const lastCol = shown.length ? shown[shown.length - 1]!.index : firstCol;

  const status = [
    rows.length === 0 ? `${total} rows` : `rows ${firstRow + 1}–${firstRow + window.length} of ${total}`,
    total > rows.length ? `(first ${rows.length} here)` : '',
    columns.length > shown.length ? `columns ${firstCol + 1}–${lastCol + 1} of ${columns.length} (h/l)` : '',
    outputFile ? `CSV: ${outputFile}` : '',
  ]
    .filter(Boolean)
    .join(' · ');

  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        {shown.map((c, i) => (i ? GAP : '') + fit(columns[c.index]!.name, c.width)).join('')}
      </Text>
      <Text dimColor wrap="truncate-end">
        {shown.map((c, i) => (i ? '─┼─' : '') + '─'.repeat(c.width)).join('')}
      </Text>
      {window.map((row, r) => (
        <Text key={firstRow + r} wrap="truncate-end">
          {shown.map((c, i) => {
            const value = row[c.index] ?? null;
            const shown = markOwnPid(value, pid?.[c.index], backendPid);
            return (
              <Text key={c.index}>
                {i ? <Text dimColor>{GAP}</Text> : null}
                {value === null ? (
                  <Text color={color('null')} dimColor>
                    {fit(NULL_SYMBOL, c.width)}
                  </Text>
                ) : shown !== value ? (
                  <Text color={color('warn')}>{fit(cellText(shown), c.width)}</Text>
                ) : (
                  fit(cellText(value), c.width)
                )}
              </Text>
            );
          })}
        </Text>
      ))}
      <Text dimColor wrap="truncate-end">
        {status}
      </Text>
    </Box>
  );
}
