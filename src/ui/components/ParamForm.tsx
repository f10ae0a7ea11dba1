// The small form asking for a statement's placeholders before it runs. Each field starts from the
// engine's suggestion (flag, environment, an earlier result, the declared default, the current value)
// and says where that came from; secret ones are masked. Shown again when binding refuses a value, with why. Enter moves on and submits on the last field; Esc cancels. Each
// value is a line editor's field (input/edit-key.ts); a pasted value keeps its lines.

import React, { useState } from 'react';
import { useRefState } from '../hooks/useRefState.js';
import { Box, Text } from 'ink';
import type { ParamRequest } from '../../session/types.js';
import { color } from '../theme.js';
import { isInterrupt } from '../keys.js';
import { useKeys } from '../hooks/useKeys.js';
import { editKey } from '../input/edit-key.js';
import { field, type Field } from '../input/line-edit.js';
import { TextField } from './TextField.js';

export interface ParamFormProps {
  requests: ParamRequest[];
  /** The statement the values are for, shown for context. */
  title: string;
  onSubmit(values: Record<string, string>): void;
  onCancel(): void;
  /** Why the form is shown again (a value binding refused). */
  message?: string;
  width: number;
  /** Lines the form may take. */
  height: number;
}

const SOURCE: Record<NonNullable<ParamRequest['suggestionSource']>, string> = {
  flag: 'from --param',
  env: 'from the environment',
  result: 'from an earlier result',
  default: 'default',
  target: 'from the target',
  current: 'current value',
};

export function ParamForm({ requests, title, message, onSubmit, onCancel, width, height }: ParamFormProps) {
  const [valuesRef, setValues] = useRefState<Field[]>(() => requests.map((r) => field(r.suggestion ?? '')));
  const [activeRef, setActive] = useRefState(0);
  const [error, setError] = useState<string>();
  const values = valuesRef.current;
  const active = activeRef.current;

  useKeys((input, key) => {
    const values = valuesRef.current.map((f) => f.text);
    const active = activeRef.current;
    if (key.escape || isInterrupt(input, key)) return onCancel();
    if (key.upArrow || (key.tab && key.shift)) return setActive(Math.max(0, active - 1));
    if (key.downArrow || key.tab) return setActive(Math.min(requests.length - 1, active + 1));
    if (key.return) {
      if (values[active] === '') return setError(`${requests[active]!.placeholder.name} needs a value`);
      setError(undefined);
      // Enter walks the fields (so each suggestion is seen) and submits from the last one.
      if (active < requests.length - 1) return setActive(active + 1);
      const empty = values.findIndex((v) => v === '');
      if (empty !== -1) return setActive(empty);
      return onSubmit(Object.fromEntries(requests.map((r, i) => [r.placeholder.name, values[i]!])));
    }
    // Values are whole: a pasted query keeps its lines.
    const result = editKey(valuesRef.current[active]!, input, key, { multiline: true });
    if (!result) return;
    setValues((prev) => prev.map((f, i) => (i === active ? result.field : f)));
    setError(undefined);
  });
  // The marker, the name and ": " take their room; the border and padding 4 columns.
  const fieldWidth = (name: string) => Math.max(10, width - 4 - 2 - name.length - 2);
  const valueLines = Math.max(2, Math.min(8, height - 4 - 2 * requests.length));

  return (
    <Box flexDirection="column" borderStyle="round" borderColor={color('accent')} paddingX={1} width={width}>
      <Text bold wrap="truncate-end">
        Parameters for {title}
      </Text>
      {message && (
        <Text color={color('bad')} wrap="wrap">
          {message}
        </Text>
      )}
      {requests.map((r, i) => (
        <Box key={r.placeholder.name} flexDirection="column">
          <Box>
            <Text color={i === active ? color('accent') : undefined}>{i === active ? '▸ ' : '  '}</Text>
            <Text bold>{r.placeholder.name}</Text>
            <Text>: </Text>
            <TextField field={values[i]!} width={fieldWidth(r.placeholder.name)} active={i === active} secret={r.placeholder.secret} maxLines={i === active ? valueLines : 2} />
          </Box>
          {(r.placeholder.description || r.suggestionSource) && (
            <Text dimColor wrap="truncate-end">
              {'    '}
              {[r.placeholder.description, r.suggestionSource && r.suggestion !== undefined ? SOURCE[r.suggestionSource] : undefined]
                .filter(Boolean)
                .join(' · ')}
            </Text>
          )}
        </Box>
      ))}
      {error && <Text color={color('bad')}>{error}</Text>}
      <Text dimColor wrap="truncate-end">
        Enter next/submit · ↑/↓ field · Esc cancel · a paste keeps its lines
      </Text>
    </Box>
  );
}
