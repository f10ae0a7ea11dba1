// A one-line text field (cursor at the end: type, Backspace, Ctrl-U to clear). Input is handled by the
// owner through `applyKey`, so a form decides which field is active and what Enter and Esc mean.

import React from 'react';
import { Text } from 'ink';
import type { Key } from 'ink';
import { color } from '../theme.js';

/** The field's new value after a key, or undefined when the key is not an edit. */
export function applyKey(value: string, input: string, key: Key): string | undefined {
  if (key.backspace || key.delete) return value.slice(0, -1);
  if (key.ctrl && input === 'u') return '';
  if (key.ctrl || key.meta || key.return || key.escape || key.tab || key.upArrow || key.downArrow) return undefined;
  if (!input) return undefined;
  // A paste arrives as one string; a field holds one line.
  return value + input.replace(/\r?\n|\r/g, ' ');
}

export function TextInput({ value, active, secret, placeholder }: { value: string; active: boolean; secret?: boolean; placeholder?: string }) {
  const shown = secret ? '*'.repeat(value.length) : value;
  return (
    <Text>
      {shown === '' && placeholder && !active ? <Text dimColor>{placeholder}</Text> : <Text color={color('accent')}>{shown}</Text>}
      {active && <Text inverse> </Text>}
    </Text>
  );
}
