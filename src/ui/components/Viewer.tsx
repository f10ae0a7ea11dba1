// The result viewer, full screen: every row of an SQL result (table, or records one column per line with
// x), every line of a shell statement's log, live output while it runs. Keys are keys.ts VIEWER_KEYMAP
// (paging never skips a row, g/G, columns one at a time or a screen at a time, w wraps long cells, Enter
// shows the whole cell, / searches, n/N move between matches). State changes are viewer/navigate.ts's.

import React, { useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import { color } from '../theme.js';
import { commandFor, VIEWER_KEYMAP } from '../keys.js';
import { useKeys } from '../hooks/useKeys.js';
import { useRefState } from '../hooks/useRefState.js';
import { fitWidths, naturalWidths, visibleColumns } from '../table-layout.js';
import { cellOf, recordDoc, recordLines, tableDoc, tableHeader, tableLines, textDoc, textLines, type Line, type TableData } from '../viewer/content.js';
import { currentMatch, initialState, navigate, settle, startSearch, visible, type Layout, type ViewerState } from '../viewer/navigate.js';
import type { ViewerContent } from '../viewer/source.js';
import { editKey } from '../input/edit-key.js';
import { field, type Field } from '../input/line-edit.js';
import { TextField } from './TextField.js';
import { CellView } from './CellView.js';
import { ScreenLines } from './ScreenLines.js';
import { viewerFooter } from './viewer-footer.js';

export interface ViewerProps {
  title: string;
  content: ViewerContent;
  width: number;
  height: number;
  /** Output still arriving: the end stays in view until the operator scrolls up. */
  live?: boolean;
  onClose(): void;
  onHelp(): void;
}

function layoutOf(s: ViewerState, content: ViewerContent, natural: number[], width: number, screen: number): Layout & { header: Line[] } {
  const data = content.data;
  if (data.kind === 'text') return { data, doc: textDoc(data, { width, wrap: s.wrap, offset: s.offset }), screen, width, widths: [], header: [] };
  const widths = fitWidths(natural, width);
  if (s.mode === 'record') return { data, doc: recordDoc(data, { width }), screen, width, widths, header: [] };
  const view = { widths, firstCol: s.firstCol, width, wrap: s.wrap, cursor: { row: s.row, col: s.col } };
  return { data, doc: tableDoc(data, view), screen: screen - 2, width, widths, header: tableHeader(data, view) };
}

export function Viewer({ title, content, width, height, live, onClose, onHelp }: ViewerProps) {
  const [stateRef, setState] = useRefState<ViewerState>(() => initialState(content.data, live));
  const [searchRef, setSearch] = useRefState<Field | null>(null);
  const [cell, setCell] = useState<{ row: number; col: number } | null>(null);
  // Title 1, status 1 (the search field takes the status line), and the note (a file's path) whole.
  const noteLines = content.note ? Math.ceil(content.note.length / Math.max(10, width)) : 0;
  const body = Math.max(1, height - 2 - noteLines);
  // Every row counts here (the result under the step samples the first ones): row 4,000 is as wide as it is.
  const natural = useMemo(() => {
    const data = content.data;
    return data.kind === 'table' ? naturalWidths(data.columns, data.rows.length, (r, c) => cellOf(data, r, c), Infinity) : [];
  }, [content]);
  const layout = () => layoutOf(stateRef.current, content, natural, width, body);
  stateRef.current = settle(stateRef.current, layout());

  useKeys((input, key) => {
    if (cell) return;
    const l = layout();
    const query = searchRef.current;
    if (query) {
      if (key.escape) return setSearch(null);
      if (key.return) {
        setSearch(null);
        return setState(startSearch(stateRef.current, query.text, l));
      }
      const result = editKey(query, input, key, { name: 'a search' });
      if (result) setSearch(result.field);
      return;
    }
    const command = commandFor(VIEWER_KEYMAP, input, key);
    if (!command) return;
    if (command === 'close' || command === 'interrupt') return onClose();
    if (command === 'help') return onHelp();
    if (command === 'search') return setSearch(field());
    if (command === 'cell' && l.data.kind === 'table' && l.data.rows.length > 0) {
      const s = stateRef.current;
      return setCell({ row: s.mode === 'table' ? s.row : s.pos.unit, col: s.col });
    }
    setState(navigate(stateRef.current, command, l));
  }, !cell);

  const s = stateRef.current;
  const l = layout();
  const match = currentMatch(s);
  if (cell && content.data.kind === 'table') {
    return <CellView data={content.data} row={cell.row} col={cell.col} width={width} height={height} onClose={() => setCell(null)} />;
  }
  const lines: Line[] = [];
  for (const v of visible(l.doc, s.pos, l.screen)) {
    if (l.data.kind === 'text') lines.push(...textLines(l.data, { width, wrap: s.wrap, offset: s.offset, ...(match && 'line' in match ? { match } : {}) }, v.unit, v.from, v.to));
    else if (s.mode === 'record') lines.push(...recordLines(l.data, { width, ...(match && 'row' in match ? { match } : {}) }, v.unit, v.from, v.to));
    else
      lines.push(
        ...tableLines(l.data, { widths: l.widths, firstCol: s.firstCol, width, wrap: s.wrap, cursor: { row: s.row, col: s.col }, ...(match && 'row' in match ? { match } : {}) }, v.unit, v.from, v.to).map(
          (line) => (v.unit === s.row ? line.map((seg) => (seg.style ? seg : { ...seg, style: 'bold' as const })) : line),
        ),
      );
  }
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate-end">
        <Text color={color('accent')}>{title}</Text>
        <Text dimColor> · {s.mode === 'record' ? 'records' : s.mode}{s.wrap && s.mode !== 'record' ? ', wrapped' : ''}</Text>
      </Text>
      <ScreenLines lines={[...l.header, ...lines]} height={body} />
      {searchRef.current ? (
        <Box>
          <Text>/</Text>
          <TextField field={searchRef.current} width={width - 2} active />
        </Box>
      ) : (
        <Text dimColor wrap="truncate-end">
          {status(s, l)} · {viewerFooter(width)}
        </Text>
      )}
      {content.note && (
        <Text dimColor wrap="wrap">
          {content.note}
        </Text>
      )}
    </Box>
  );
}

function status(s: ViewerState, l: Layout): string {
  const shown = visible(l.doc, s.pos, l.screen);
  const first = (shown[0]?.unit ?? 0) + 1;
  const lastShown = (shown.at(-1)?.unit ?? -1) + 1;
  const parts: string[] = [];
  if (l.data.kind === 'text') parts.push(`lines ${first}–${lastShown} of ${l.data.lines.length}${s.follow ? ' (following)' : ''}`);
  else if (s.mode === 'record') parts.push(`record ${first} of ${l.data.rows.length}`);
  else {
    parts.push(`rows ${first}–${lastShown} of ${l.data.rows.length}`);
    const cols = visibleColumns(l.widths, s.firstCol, l.width);
    if (cols.length < (l.data as TableData).columns.length) parts.push(`columns ${s.firstCol + 1}–${(cols.at(-1)?.index ?? 0) + 1} of ${(l.data as TableData).columns.length}`);
  }
  if (s.query !== undefined) parts.push(s.matches?.length ? `"${s.query}" ${(s.matchIndex ?? 0) + 1} of ${s.matches.length}` : `"${s.query}" not found`);
  return parts.join(' · ');
}
