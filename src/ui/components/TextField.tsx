// A text field as drawn: the cursor shown where it is (an inverse cell), and the text scrolled inside the
// room the field has, so a long value never overflows its box: one line scrolls sideways to keep the
// cursor in view (`…` marks what is cut at either side), several lines scroll up and down (a line
// says how many are above and below). Editing is input/edit-key.ts's; this only draws a Field.

import React from 'react';
import { Box, Text } from 'ink';
import { color } from '../theme.js';
import { cursorPosition, type Field } from '../input/line-edit.js';

export interface TextFieldProps {
  field: Field;
  /** Columns the text may take (cursor cell included). */
  width: number;
  active: boolean;
  secret?: boolean;
  /** Lines the field may take on screen (several only for text with line breaks). */
  maxLines?: number;
  placeholder?: string;
}

/** The part of `line` shown in `width` columns with the cursor (or the line's start) in view. */
export function window(line: string, cursor: number | undefined, width: number): { text: string; cursor?: number } {
  const w = Math.max(4, width);
  const room = cursor !== undefined && cursor >= line.length ? w - 1 : w;
  if (line.length <= room) return { text: line, cursor };
  if (cursor === undefined || cursor < w - 1) {
    const text = line.slice(0, w - 1) + '…';
    return { text, cursor };
  }
  // Keep the cursor two thirds across, and mark the cut start.
  let start = Math.max(1, cursor - Math.floor((w * 2) / 3));
  const end = start + w - 1;
  const cutEnd = end < line.length;
  if (!cutEnd) start = Math.max(1, line.length - (w - 2));
  const body = line.slice(start, start + w - 1 - (cutEnd ? 1 : 0));
  return { text: '…' + body + (cutEnd ? '…' : ''), cursor: cursor - start + 1 };
}

function Line({ text, cursor, active }: { text: string; cursor?: number; active: boolean }) {
  if (cursor === undefined || !active) return <Text color={color('accent')}>{text || ' '}</Text>;
  return (
    <Text color={color('accent')}>
      {text.slice(0, cursor)}
      <Text inverse>{text[cursor] ?? ' '}</Text>
      {text.slice(cursor + 1)}
    </Text>
  );
}

export function TextField({ field, width, active, secret, maxLines = 1, placeholder }: TextFieldProps) {
  const shown = secret ? field.text.replace(/[^\n]/g, '*') : field.text;
  if (shown === '' && placeholder && !active) return <Text dimColor>{placeholder}</Text>;
  const lines = shown.split('\n');
  const at = cursorPosition(field);
  if (lines.length === 1) {
    const w = window(lines[0]!, at.column, width);
    return <Line text={w.text} cursor={w.cursor} active={active} />;
  }
  // Several lines: a window of lines around the cursor's, with what is above and below counted.
  const room = Math.max(1, maxLines - 1);
  const first = Math.max(0, Math.min(at.line - Math.floor(room / 2), lines.length - room));
  const visible = lines.slice(first, first + room);
  const below = lines.length - first - visible.length;
  return (
    <Box flexDirection="column">
      {visible.map((line, i) => {
        const n = first + i;
        const w = window(line, n === at.line ? at.column : undefined, width);
        return <Line key={n} text={w.text} cursor={w.cursor} active={active} />;
      })}
      <Text dimColor wrap="truncate-end">
        ({lines.length} lines{first > 0 ? ` · ${first} above` : ''}
        {below > 0 ? ` · ${below} below` : ''})
      </Text>
    </Box>
  );
}
