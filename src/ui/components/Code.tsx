// Code shown with syntax highlighting, optionally cut to a number of lines (with a "+N more" marker) and
// to the terminal width, since a statement must never push the rest of the step off screen.

import React from 'react';
import { Box, Text } from 'ink';
import { color } from '../theme.js';
import { highlightLine } from './highlight.js';

export interface CodeProps {
  text: string;
  lang: string;
  maxLines?: number;
  width: number;
  indent?: number;
}

export function Code({ text, lang, maxLines, width, indent = 0 }: CodeProps) {
  const all = text.replace(/\s+$/, '').split('\n');
  const lines = maxLines !== undefined && all.length > maxLines ? all.slice(0, maxLines) : all;
  const hidden = all.length - lines.length;
  const room = Math.max(10, width - indent);
  return (
    <Box flexDirection="column" paddingLeft={indent}>
      {lines.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {highlightLine(line.length > room ? line.slice(0, room - 1) + '…' : line, lang).map((span, j) => (
            <Text key={j} color={span.kind ? color(span.kind) : undefined} dimColor={span.kind === 'comment'}>
              {span.text}
            </Text>
          ))}
        </Text>
      ))}
      {hidden > 0 && <Text dimColor>… {hidden} more line{hidden === 1 ? '' : 's'}</Text>}
    </Box>
  );
}
