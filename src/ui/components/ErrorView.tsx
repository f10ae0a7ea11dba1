// A failed statement: PostgreSQL's message, detail and hint, and the failing line with a caret under
// the reported position (or the runbook line and column the engine mapped it to).

import React from 'react';
import { Box, Text } from 'ink';
import type { ExecError } from '../../executors/types.js';
import { color } from '../theme.js';

/** The line of `text` holding 1-based character `position`, and the 0-based column in it. */
export function locate(text: string, position: number): { line: string; lineNumber: number; column: number } {
  const before = text.slice(0, Math.max(0, position - 1));
  const lineNumber = before.split('\n').length;
  const start = before.lastIndexOf('\n') + 1;
  const end = text.indexOf('\n', start);
  return { line: text.slice(start, end === -1 ? undefined : end), lineNumber, column: position - 1 - start };
}

export function ErrorView({ error, text, width }: { error: ExecError; text: string; width: number }) {
  const where = error.position ? locate(text, error.position) : undefined;
  const origin = error.line ? `line ${error.line}${error.column ? `, column ${error.column}` : ''}` : undefined;
  let shown = where?.line ?? '';
  let caret = where?.column ?? 0;
  // Keep the caret on screen for long lines.
  if (shown.length > width - 2 && caret > width / 2) {
    const cut = caret - Math.floor(width / 2);
    shown = '…' + shown.slice(cut + 1);
    caret -= cut;
  }
  return (
    <Box flexDirection="column">
      <Text color={color('bad')} bold wrap="wrap">
        ✗ ERROR{error.code ? ` ${error.code}` : ''}: {error.message}
      </Text>
      {where && (
        <Box flexDirection="column">
          <Text wrap="truncate-end">{shown}</Text>
          <Text color={color('bad')}>{' '.repeat(Math.max(0, caret))}^</Text>
        </Box>
      )}
      {origin && <Text dimColor>at runbook {origin}</Text>}
      {error.detail && <Text wrap="wrap">DETAIL: {error.detail}</Text>}
      {error.hint && (
        <Text wrap="wrap" color={color('warn')}>
          HINT: {error.hint}
        </Text>
      )}
    </Box>
  );
}
