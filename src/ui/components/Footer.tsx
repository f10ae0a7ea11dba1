// The key hints, drawn from the keymap so they never disagree with what the keys do. Wraps onto a second
// line when the terminal is narrow; what does not fit on two lines is dropped from the end.

import React from 'react';
import { Box, Text } from 'ink';
import { footerPart, type Command } from '../keys.js';

const SEP = '  ';

/** The hint lines for `commands` at `width` (one or two lines). */
export function footerLines(commands: readonly Command[], width: number): string[] {
  const lines: string[] = [''];
  for (const command of commands) {
    const part = footerPart(command);
    const last = lines[lines.length - 1]!;
    const next = last ? `${last}${SEP}${part}` : part;
    if (next.length <= width) lines[lines.length - 1] = next;
    else if (lines.length < 2) lines.push(part);
    else break;
  }
  return lines;
}

export function Footer({ commands, width }: { commands: readonly Command[]; width: number }) {
  return (
    <Box flexDirection="column">
      {footerLines(commands, width).map((line, i) => (
        <Text key={i} dimColor wrap="truncate-end">
          {line}
        </Text>
      ))}
    </Box>
  );
}
