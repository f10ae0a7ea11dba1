// An SQL result as a table under the step, fitted to the terminal (table-layout.ts: the whole width is
// used, cells cut with `…`, NULL drawn as a symbol of its own), only the visible window of rows and
// columns drawn, so a 1,000-row result redraws as fast as a 10-row one. Runbook's own backend is marked
// where a pid column shows it (session/own-pid.ts). The CSV's path is shown whole, on its own line. The
// full-screen viewer (Enter or v) shows every row, records, whole cells and search.

import React from 'react';
import { Box, Text } from 'ink';
import type { Column } from '../../executors/types.js';
import { color } from '../theme.js';
import { markOwnPid, ownPidColumns } from '../../session/own-pid.js';
import { cellText, columnWidths, fit, GAP, NULL_SYMBOL, visibleColumns } from '../table-layout.js';

export { columnWidths, visibleColumns, NULL_SYMBOL } from '../table-layout.js';

export interface TableProps {
  columns: Column[];
  rows: (string | null)[][];
  rowCount?: number;
  /** The CSV's path as it is to be shown (whole). */
  outputFile?: string;
  width: number;
  /** Lines available, header, status and CSV line included. */
  height: number;
  /** First column shown. */
  scrollX: number;
  /** First row shown. */
  scrollY: number;
  /** The backend that ran the statement (runbook's own): marked in pid columns. */
  backendPid?: number;
  /** Told how many rows a page shows, so paging moves by exactly that (never skipping a row). */
  onPage?(rows: number): void;
}

/** Lines the CSV path takes when shown whole at `width`. */
export function pathLines(label: string, path: string | undefined, width: number): number {
  return path ? Math.ceil((label.length + path.length) / Math.max(10, width)) : 0;
}

export function ResultTable({ columns, rows, rowCount, outputFile, width, height, scrollX, scrollY, backendPid, onPage }: TableProps) {
  const widths = columnWidths(columns, rows, width, backendPid);
  const pid = ownPidColumns(columns, backendPid);
  const firstCol = Math.max(0, Math.min(scrollX, columns.length - 1));
  const shown = visibleColumns(widths, firstCol, width);
  // The CSV's path, whole, when there is room for it beside at least one row (the viewer shows it too).
  const pathRoom = pathLines('CSV: ', outputFile, width);
  const csvLines = height >= 4 + pathRoom ? pathRoom : 0;
  const bodyRows = Math.max(1, height - 3 - csvLines);
  onPage?.(bodyRows);
  const firstRow = Math.max(0, Math.min(scrollY, Math.max(0, rows.length - bodyRows)));
  const window = rows.slice(firstRow, firstRow + bodyRows);
  const total = rowCount ?? rows.length;
  const lastCol = shown.length ? shown[shown.length - 1]!.index : firstCol;

  const status = [
    rows.length === 0 ? `${total} rows` : `rows ${firstRow + 1}–${firstRow + window.length} of ${total}`,
    total > rows.length ? `(first ${rows.length} here)` : '',
    columns.length > shown.length ? `columns ${firstCol + 1}–${lastCol + 1} of ${columns.length} (h/l)` : '',
    rows.length > 0 ? 'Enter/v view' : '',
  ]
    .filter(Boolean)
    .join(' · ');

  return (
    <Box flexDirection="column" width={width}>
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
            const marked = markOwnPid(value, pid?.[c.index], backendPid);
            return (
              <Text key={c.index}>
                {i ? <Text dimColor>{GAP}</Text> : null}
                {value === null ? (
                  <Text color={color('null')} dimColor>
                    {fit(NULL_SYMBOL, c.width)}
                  </Text>
                ) : marked !== value ? (
                  <Text color={color('warn')}>{fit(cellText(marked), c.width)}</Text>
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
      {csvLines > 0 && (
        <Text dimColor wrap="wrap">
          CSV: {outputFile}
        </Text>
      )}
    </Box>
  );
}
