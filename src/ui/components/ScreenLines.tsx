// Lines of the viewer (viewer/content.ts segments) as drawn: each segment in its style, every line cut
// to the screen, exactly `height` lines so nothing of an earlier frame stays behind.

import React from 'react';
import { Box, Text } from 'ink';
import { color } from '../theme.js';
import type { Line, Segment } from '../viewer/content.js';

function Piece({ segment }: { segment: Segment }) {
  switch (segment.style) {
    case 'match':
      return <Text inverse>{segment.text}</Text>;
    case 'null':
      return (
        <Text color={color('null')} dimColor>
          {segment.text}
        </Text>
      );
    case 'own':
      return <Text color={color('warn')}>{segment.text}</Text>;
    case 'dim':
      return <Text dimColor>{segment.text}</Text>;
    case 'bold':
      return <Text bold>{segment.text}</Text>;
    default:
      return <Text>{segment.text}</Text>;
  }
}

export function ScreenLines({ lines, height }: { lines: Line[]; height: number }) {
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      {lines.slice(0, height).map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line.length === 0 ? ' ' : line.map((segment, j) => <Piece key={j} segment={segment} />)}
        </Text>
      ))}
    </Box>
  );
}
