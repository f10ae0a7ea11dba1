// One question with a one-line answer (a note, a closing question of the report, a time). Enter answers
// (an empty answer is allowed when `optional`; `check` may refuse it with a reason, the text kept), Esc
// cancels and hands back what was typed, so the asker can keep it. In a series ("3 of 8") ↑ goes back
// to the previous question. Editing is the line editor's (input/edit-key.ts).

import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { color } from '../theme.js';
import { isInterrupt } from '../keys.js';
import { useKeys } from '../hooks/useKeys.js';
import { useRefState } from '../hooks/useRefState.js';
import { editKey } from '../input/edit-key.js';
import { field } from '../input/line-edit.js';
import { TextField } from './TextField.js';

export interface PromptProps {
  title: string;
  question: string;
  hint?: string;
  initial?: string;
  optional?: boolean;
  /** Where this question is in a series (1-based) and how many there are. */
  position?: { index: number; count: number };
  /** Why an answer cannot be taken (shown, the text kept), or undefined to take it. */
  check?(text: string): string | undefined;
  width: number;
  /** Lines the box has: a long refusal is cut to them (lines drawn over each other otherwise). */
  height?: number;
  onAnswer(text: string): void;
  /** Esc (or Ctrl-C): `typed` is what the field held. */
  onCancel(typed: string): void;
  /** ↑ in a series: back to the previous question, keeping this answer. */
  onBack?(typed: string): void;
}

export function Prompt({ title, question, hint, initial = '', optional, position, check, width, height = Infinity, onAnswer, onCancel, onBack }: PromptProps) {
  const [valueRef, setValue] = useRefState(() => field(initial));
  const [error, setError] = useState<string>();
  useKeys((input, key) => {
    const value = valueRef.current.text;
    if (key.escape || isInterrupt(input, key)) return onCancel(value);
    if (key.upArrow && onBack) return onBack(value);
    if (key.return) {
      if (!optional && value.trim() === '') return setError('an answer is needed (Esc cancels)');
      const problem = check?.(value.trim());
      if (problem) return setError(problem);
      return onAnswer(value.trim());
    }
    const result = editKey(valueRef.current, input, key, { name: 'this answer' });
    if (!result) return;
    setValue(result.field);
    setError('refused' in result ? result.refused : undefined);
  });
  const label = `${question} `;
  // Border and padding take 4 columns; the question stays on the field's line while it leaves room.
  const inner = Math.max(10, width - 4);
  const sameLine = label.length <= inner / 2;
  const fieldWidth = sameLine ? inner - label.length : inner;
  // Border 2 and title 1; then the question (cut when the box is short) and the field; what is left
  // holds the refusal and the keys' line (the refusal first). Nothing is drawn over anything else.
  const wrapWidth = Math.max(10, inner - 8); // words wrap, so a line holds a little less than its width
  const room = Number.isFinite(height) ? height - 4 : Infinity;
  const labelLines = sameLine ? 1 : Math.ceil(label.length / wrapWidth);
  const questionLines = sameLine ? 1 : Math.max(1, Math.min(labelLines, room - 1));
  const left = room - (sameLine ? 0 : questionLines);
  const shownLabel = questionLines < labelLines ? cut(label, questionLines === 1 ? inner : questionLines * wrapWidth) : label;
  // The keys' line only when the whole refusal fits beside it.
  const showHint = error ? Math.ceil(error.length / wrapWidth) <= left - 1 : left >= 1;
  const shownError = error && cut(error, Math.max(1, left - (showHint ? 1 : 0)) * wrapWidth);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={color('accent')} paddingX={1} width={width}>
      <Text bold wrap="truncate-end">
        {title}
        {position ? <Text dimColor> · {position.index} of {position.count}</Text> : null}
      </Text>
      <Box flexDirection={sameLine ? 'row' : 'column'}>
        <Text wrap="wrap">{shownLabel}</Text>
        <TextField field={valueRef.current} width={fieldWidth} active />
      </Box>
      {shownError && (
        <Text color={color('bad')} wrap="wrap">
          {shownError}
        </Text>
      )}
      {showHint && (
        <Text dimColor wrap="truncate-end">
          {hint ?? (optional ? 'Enter answer (empty skips)' : 'Enter save')}
          {onBack ? ' · ↑ previous' : ''} · Esc {position ? 'stop (answers kept)' : 'cancel'}
        </Text>
      )}
    </Box>
  );
}

/** `text` in at most `room` characters, cut with `…`. */
function cut(text: string, room: number): string {
  return text.length > room ? `${text.slice(0, Math.max(1, room - 1))}…` : text;
}
