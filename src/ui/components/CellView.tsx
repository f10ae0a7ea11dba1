// One cell of a result, whole: its column's name and the value wrapped to the screen with its own line
// breaks, scrolled with the viewer's keys. Any of q, Esc or Enter closes it.

import React from 'react';
import { Box, Text } from 'ink';
import { color } from '../theme.js';
import { commandFor, VIEWER_KEYMAP } from '../keys.js';
import { useKeys } from '../hooks/useKeys.js';
import { useRefState } from '../hooks/useRefState.js';
import { cellOf, wrap, type TableData } from '../viewer/content.js';
import { NULL_SYMBOL } from '../table-layout.js';
import { last, moveLines, pageDown, pageUp, TOP, type Doc } from '../viewer/scroll.js';
import { ScreenLines } from './ScreenLines.js';

export function CellView({ data, row, col, width, height, onClose }: { data: TableData; row: number; col: number; width: number; height: number; onClose(): void }) {
  const value = cellOf(data, row, col);
  const lines = wrap(value === null ? NULL_SYMBOL : value.replace(/\t/g, '    '), width);
  const doc: Doc = { count: lines.length, height: () => 1 };
  const screen = Math.max(1, height - 2);
  const [posRef, setPos] = useRefState(TOP);
  useKeys((input, key) => {
    const command = commandFor(VIEWER_KEYMAP, input, key);
    if (command === 'close' || command === 'cell' || command === 'interrupt') return onClose();
    const pos = posRef.current;
    if (command === 'row-down') setPos(moveLines(doc, pos, 1));
    else if (command === 'row-up') setPos(moveLines(doc, pos, -1));
    else if (command === 'page-down') setPos(pageDown(doc, pos, screen));
    else if (command === 'page-up') setPos(pageUp(doc, pos, screen));
    else if (command === 'top') setPos(TOP);
    else if (command === 'bottom') setPos(last(doc, screen));
  });
  const top = Math.min(posRef.current.unit, Math.max(0, lines.length - screen));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate-end">
        <Text color={color('accent')}>{data.columns[col]}</Text>
        <Text dimColor>
          {' '}
          · row {row + 1} · {value === null ? 'NULL' : `${value.length} characters`}
        </Text>
      </Text>
      <ScreenLines lines={lines.slice(top, top + screen).map((text) => [{ text }])} height={screen} />
      <Text dimColor wrap="truncate-end">
        lines {top + 1}–{Math.min(lines.length, top + screen)} of {lines.length} · j/k PgUp/PgDn scroll · q/Esc/Enter back to the table
      </Text>
    </Box>
  );
}
