// One question with a one-line answer (a note, a closing note of the report). Enter answers (an empty
// answer is allowed when `optional`), Esc cancels.

import React from 'react';
import { useRefState } from '../hooks/useRefState.js';
import { Box, Text } from 'ink';
import { color } from '../theme.js';
import { isInterrupt } from '../keys.js';
import { TextInput, applyKey } from './TextInput.js';
import { useKeys } from '../hooks/useKeys.js';

export interface PromptProps {
  title: string;
  question: string;
  hint?: string;
  initial?: string;
  optional?: boolean;
  onAnswer(text: string): void;
  onCancel(): void;
}

export function Prompt({ title, question, hint, initial = '', optional, onAnswer, onCancel }: PromptProps) {
  const [valueRef, setValue] = useRefState(initial);
  const value = valueRef.current;
  useKeys((input, key) => {
    const value = valueRef.current;
    if (key.escape || isInterrupt(input, key)) return onCancel();
    if (key.return) {
      if (!optional && value.trim() === '') return;
      return onAnswer(value.trim());
    }
    setValue((prev) => applyKey(prev, input, key) ?? prev);
  });
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={color('accent')} paddingX={1}>
      <Text bold>{title}</Text>
      <Box>
        <Text>{question} </Text>
        <TextInput value={value} active />
      </Box>
      <Text dimColor>{hint ?? (optional ? 'Enter to answer (empty skips) · Esc cancel' : 'Enter to save · Esc cancel')}</Text>
    </Box>
  );
}
