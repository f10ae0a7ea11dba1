// Edits a statement before it runs: a small multi-line editor (arrows move, Enter breaks the line,
// Backspace joins lines, Ctrl-S saves, Esc cancels). The engine journals the edited text.

import React from 'react';
import { Box, Text } from 'ink';
import { color } from '../theme.js';
import { isInterrupt } from '../keys.js';
import { useKeys } from '../hooks/useKeys.js';
import { useRefState } from '../hooks/useRefState.js';

interface Cursor {
  line: number;
  col: number;
}

export function Editor({ initial, maxLines, onSave, onCancel }: { initial: string; maxLines: number; onSave(text: string): void; onCancel(): void }) {
  const [doc, setDoc] = useRefState(() => {
    const lines = initial.replace(/\s+$/, '').split('\n');
    return { lines, cur: { line: lines.length - 1, col: lines[lines.length - 1]!.length } };
  });
  const { lines, cur } = doc.current;

  useKeys((input, key) => {
    const { lines, cur } = doc.current;
    if (key.escape || isInterrupt(input, key)) return onCancel();
    if (key.ctrl && input === 's') return onSave(lines.join('\n'));
    const line = lines[cur.line]!;
    const set = (next: string[], c: Cursor) => setDoc({ lines: next, cur: c });
    const setCur = (c: Cursor) => set(lines, c);
    if (key.upArrow) return setCur({ line: Math.max(0, cur.line - 1), col: Math.min(cur.col, lines[Math.max(0, cur.line - 1)]!.length) });
    if (key.downArrow) {
      const l = Math.min(lines.length - 1, cur.line + 1);
      return setCur({ line: l, col: Math.min(cur.col, lines[l]!.length) });
    }
    if (key.leftArrow) return setCur({ ...cur, col: Math.max(0, cur.col - 1) });
    if (key.rightArrow) return setCur({ ...cur, col: Math.min(line.length, cur.col + 1) });
    if (key.return) {
      const next = [...lines];
      next.splice(cur.line, 1, line.slice(0, cur.col), line.slice(cur.col));
      return set(next, { line: cur.line + 1, col: 0 });
    }
    if (key.backspace || key.delete) {
      if (cur.col > 0) {
        const next = [...lines];
        next[cur.line] = line.slice(0, cur.col - 1) + line.slice(cur.col);
        return set(next, { ...cur, col: cur.col - 1 });
      }
      if (cur.line > 0) {
        const prev = lines[cur.line - 1]!;
        const next = [...lines];
        next.splice(cur.line - 1, 2, prev + line);
        return set(next, { line: cur.line - 1, col: prev.length });
      }
      return;
    }
    if (!input || key.ctrl || key.meta || key.tab) return;
    const pasted = input.replace(/\r\n?/g, '\n').split('\n');
    const next = [...lines];
    const head = line.slice(0, cur.col) + pasted[0];
    const tail = line.slice(cur.col);
    if (pasted.length === 1) {
      next[cur.line] = head + tail;
      return set(next, { ...cur, col: head.length });
    }
    const last = pasted[pasted.length - 1]!;
    next.splice(cur.line, 1, head, ...pasted.slice(1, -1), last + tail);
    return set(next, { line: cur.line + pasted.length - 1, col: last.length });
  });

  const start = Math.max(0, Math.min(cur.line - Math.floor(maxLines / 2), lines.length - maxLines));
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={color('accent')} paddingX={1}>
      <Text bold>Edit the statement (the edit is journaled)</Text>
      {lines.slice(start, start + maxLines).map((line, i) => {
        const n = start + i;
        if (n !== cur.line) return <Text key={n}>{line || ' '}</Text>;
        return (
          <Text key={n}>
            {line.slice(0, cur.col)}
            <Text inverse>{line[cur.col] ?? ' '}</Text>
            {line.slice(cur.col + 1)}
          </Text>
        );
      })}
      <Text dimColor>Ctrl-S run the edited text · Esc cancel · arrows move · Enter new line</Text>
    </Box>
  );
}
