// Which branch applies: the runbook's alternatives ("On Debian/Ubuntu" / "On RHEL", "If a PDB ..." /
// "Otherwise ...", "Option A" / "Option B") or one condition (applies or not). Arrows move, Enter
// picks, Esc answers "none of these": the statements of branches not taken are skipped, never run.

import React from 'react';
import { Box, Text } from 'ink';
import { color } from '../theme.js';
import { isInterrupt } from '../keys.js';
import { useKeys } from '../hooks/useKeys.js';
import { useRefState } from '../hooks/useRefState.js';

export interface ChooseProps {
  /** The branches to choose from; one for a plain condition. */
  options: string[];
  onAnswer(taken: string[]): void;
}

export function Choose({ options, onAnswer }: ChooseProps) {
  const single = options.length === 1;
  // A plain condition is a yes/no question: "It applies" or "It does not".
  const rows = single ? [`Yes: ${options[0]}`, 'No, it does not apply'] : [...options, 'None of these'];
  const [cursorRef, setCursor] = useRefState(0);
  useKeys((input, key) => {
    const cursor = cursorRef.current;
    if (key.upArrow || input === 'k') return setCursor(Math.max(0, cursor - 1));
    if (key.downArrow || input === 'j') return setCursor(Math.min(rows.length - 1, cursor + 1));
    if (key.escape || isInterrupt(input, key)) return onAnswer([]);
    if (single && (input === 'y' || input === 'Y')) return onAnswer([options[0]!]);
    if (single && (input === 'n' || input === 'N')) return onAnswer([]);
    if (key.return) return onAnswer(cursor < options.length && !(single && cursor === 1) ? [options[cursor]!] : []);
  });
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={color('warn')} paddingX={1}>
      <Text bold>{single ? 'Does this apply?' : 'Which of these applies?'}</Text>
      {rows.map((row, i) => (
        <Text key={row} color={i === cursorRef.current ? color('accent') : undefined} wrap="truncate-end">
          {i === cursorRef.current ? '▸ ' : '  '}
          {row}
        </Text>
      ))}
    </Box>
  );
}
