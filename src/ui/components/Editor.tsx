// Edits a statement before it runs: the line editor (input/edit-key.ts) on several lines: readline's keys,
// arrows between lines, Enter breaks the line, a paste keeps its lines; Ctrl-S runs the edited text,
// Esc cancels. The text scrolls inside the box. The engine journals the edited text.

import React from 'react';
import { Box, Text } from 'ink';
import { color } from '../theme.js';
import { isInterrupt } from '../keys.js';
import { useKeys } from '../hooks/useKeys.js';
import { useRefState } from '../hooks/useRefState.js';
import { editKey } from '../input/edit-key.js';
import { field } from '../input/line-edit.js';
import { TextField } from './TextField.js';

export interface EditorProps {
  initial: string;
  /** Lines the whole box may take. */
  height: number;
  width: number;
  title?: string;
  onSave(text: string): void;
  onCancel(): void;
}

export function Editor({ initial, height, width, title, onSave, onCancel }: EditorProps) {
  const [doc, setDoc] = useRefState(() => field(initial.replace(/\s+$/, '')));
  useKeys((input, key) => {
    if (key.escape || isInterrupt(input, key)) return onCancel();
    if (key.ctrl && input === 's') return onSave(doc.current.text);
    const result = editKey(doc.current, input, key, { multiline: true, lineKeys: true });
    if (result) setDoc(result.field);
  });
  // Border 2, title 1, hint 1.
  const lines = Math.max(2, height - 4);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={color('accent')} paddingX={1} width={width}>
      <Text bold wrap="truncate-end">
        {title ?? 'Edit the statement (the edit is journaled)'}
      </Text>
      <TextField field={doc.current} width={width - 4} maxLines={lines} active />
      <Text dimColor wrap="truncate-end">
        Ctrl-S run the edited text · Esc cancel · Enter new line · readline keys (? in the session lists them)
      </Text>
    </Box>
  );
}
