// `?`: every key, from the keymaps themselves (keys.ts), so the help says what the keys do. It scrolls
// (j/k, arrows, PgUp/PgDn, Space) when it is longer than the screen; any other key closes it.

import React from 'react';
import { Box, Text } from 'ink';
import { color } from '../theme.js';
import { HELP_SECTIONS } from '../keys.js';
import { useKeys } from '../hooks/useKeys.js';
import { useRefState } from '../hooks/useRefState.js';

/** The help as lines of text (label column, then what the key does). */
export function helpLines(): { text: string; heading?: boolean }[] {
  const width = Math.max(...HELP_SECTIONS.flatMap((s) => s.keys.map((k) => k.label.length)));
  return HELP_SECTIONS.flatMap((section) => [{ text: section.title, heading: true }, ...section.keys.map((k) => ({ text: `  ${k.label.padEnd(width)}  ${k.help}` }))]);
}

export function HelpView({ width, height, onClose }: { width: number; height: number; onClose(): void }) {
  const lines = helpLines();
  const rows = Math.max(1, height - 3);
  const max = Math.max(0, lines.length - rows);
  const [topRef, setTop] = useRefState(0);
  useKeys((input, key) => {
    const top = topRef.current;
    if (key.downArrow || input === 'j') return setTop(Math.min(max, top + 1));
    if (key.upArrow || input === 'k') return setTop(Math.max(0, top - 1));
    if (key.pageDown || input === ' ' || input === 'd') return setTop(Math.min(max, top + rows));
    if (key.pageUp || input === 'u') return setTop(Math.max(0, top - rows));
    onClose();
  });
  const top = Math.min(topRef.current, max);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={color('accent')} paddingX={1} width={width} height={height}>
      <Box flexDirection="column" height={rows}>
        {lines.slice(top, top + rows).map((line, i) => (
          <Text key={top + i} bold={line.heading} color={line.heading ? color('accent') : undefined} wrap="truncate-end">
            {line.text}
          </Text>
        ))}
      </Box>
      <Text dimColor wrap="truncate-end">
        {max > 0 ? `lines ${top + 1}–${Math.min(lines.length, top + rows)} of ${lines.length} · j/k PgUp/PgDn scroll · ` : ''}any other key closes
      </Text>
    </Box>
  );
}
