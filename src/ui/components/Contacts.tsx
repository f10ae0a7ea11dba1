// The runbook's contacts table (its "Emergency Contacts"), one key away in every procedure and shown
// first when an emergency procedure, or one with matched contacts, starts. The rows matched to this
// procedure (runbook/contacts.ts) are marked ▸ and listed below with the reason. Any key closes it.

import React from 'react';
import { Box, Text } from 'ink';
import type { ContactMatch, Table } from '../../runbook/model.js';
import { color } from '../theme.js';
import { useKeys } from '../hooks/useKeys.js';

export function Contacts({ table: source, matches = [], width, onClose }: { table?: Table; matches?: ContactMatch[]; width: number; onClose(): void }) {
  useKeys(() => onClose());
  if (!source) {
    return (
      <Box flexDirection="column" borderStyle="round" paddingX={1}>
        <Text>This runbook has no contacts table.</Text>
        <Text dimColor>Any key to close</Text>
      </Box>
    );
  }
  const matched = new Set(matches.map((m) => m.row));
  // The mark sits in the first column, so the table keeps its columns and its separator its length.
  const table = matches.length
    ? { ...source, headers: source.headers.map((h, i) => (i === 0 ? `  ${h}` : h)), rows: source.rows.map((r, n) => r.map((c, i) => (i === 0 ? `${matched.has(n) ? '▸' : ' '} ${c}` : c))) }
    : source;
  const inner = width - 4;
  const widths = table.headers.map((h, i) => Math.max(h.length, ...table.rows.map((r) => (r[i] ?? '').length)));
  const total = widths.reduce((a, b) => a + b, 0) + 3 * (widths.length - 1);
  // Shrink the widest columns until the table fits.
  while (widths.reduce((a, b) => a + b, 0) + 3 * (widths.length - 1) > inner && Math.max(...widths) > 6) {
    const i = widths.indexOf(Math.max(...widths));
    widths[i]! -= 1;
  }
  // The last column takes the room left, so the separator row reaches the box's edge like the rows' cells.
  const used = widths.reduce((a, b) => a + b, 0) + 3 * (widths.length - 1);
  if (used < inner) widths[widths.length - 1]! += inner - used;
  const fit = (s: string, w: number) => (s.length > w ? s.slice(0, w - 1) + '…' : s.padEnd(w));
  const line = (cells: string[]) => cells.map((c, i) => fit(c, widths[i]!)).join(' │ ');
  return (
    <Box flexDirection="column" width={width} borderStyle="round" borderColor={color('warn')} paddingX={1}>
      <Text bold color={color('warn')}>
        {table.heading}
      </Text>
      <Text bold>{line(table.headers)}</Text>
      <Text dimColor>{widths.map((w) => '─'.repeat(w)).join('─┼─')}</Text>
      {table.rows.map((row, i) => (
        <Text key={i} bold={matched.has(i)}>
          {line(row)}
        </Text>
      ))}
      {matches.length > 0 && <Text bold>For this procedure:</Text>}
      {matches.map((m) => (
        <Text key={m.row} wrap="wrap">
          ▸ {source.rows[m.row]?.[0] ?? ''}: {m.reason}
        </Text>
      ))}
      <Text dimColor>{total > inner ? 'Cells cut to fit · ' : ''}Any key to close</Text>
    </Box>
  );
}
