// The key hints, drawn from the keymap so they never disagree with what the keys do; drops hints from
// the end when the terminal is narrow.

import React from 'react';
import { Text } from 'ink';
import { binding, type Command } from '../keys.js';

export function footerText(commands: readonly Command[], width: number): string {
  let out = '';
  for (const command of commands) {
    const b = binding(command);
    const part = `${b.label} ${b.help}`;
    const next = out ? `${out} · ${part}` : part;
    if (next.length > width) break;
    out = next;
  }
  return out;
}

export function Footer({ commands, width, message }: { commands: readonly Command[]; width: number; message?: string }) {
  if (message) return <Text wrap="truncate-end">{message}</Text>;
  return (
    <Text dimColor wrap="truncate-end">
      {footerText(commands, width)}
    </Text>
  );
}
