// The procedure picker: every procedure of the runbook grouped by its section, with its step count and
// the highest risk inside it. Typing filters (by title or section); arrows move; Enter chooses.

import React, { useMemo } from 'react';
import { useRefState } from '../hooks/useRefState.js';
import { Box, Text } from 'ink';
import { highestRisk, type Procedure, type Runbook } from '../../runbook/model.js';
import { color } from '../theme.js';
import { isInterrupt } from '../keys.js';
import { RiskBadge } from './RiskBadge.js';
import { useKeys } from '../hooks/useKeys.js';
import { editKey } from '../input/edit-key.js';
import { field } from '../input/line-edit.js';
import { TextField } from './TextField.js';

export interface PickerProps {
  runbook: Runbook;
  rows: number;
  columns: number;
  onChoose(procedure: Procedure): void;
  onQuit(): void;
}

export function filterProcedures(procedures: readonly Procedure[], filter: string): Procedure[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  return procedures.filter((p) => {
    const hay = `${p.section} ${p.path.join(' ')} ${p.title}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

type Row = { kind: 'section'; title: string } | { kind: 'procedure'; procedure: Procedure; index: number };

export function Picker({ runbook, rows, columns, onChoose, onQuit }: PickerProps) {
  const [filterRef, setFilter] = useRefState(() => field());
  const [cursorRef, setCursor] = useRefState(0);
  const runnable = useMemo(() => runbook.procedures.filter((p) => p.steps.length > 0), [runbook]);
  const filter = filterRef.current.text;
  const matches = filterProcedures(runnable, filter);
  const selected = Math.min(cursorRef.current, Math.max(0, matches.length - 1));

  useKeys((input, key) => {
    const filter = filterRef.current.text;
    const matches = filterProcedures(runnable, filter);
    const selected = Math.min(cursorRef.current, Math.max(0, matches.length - 1));
    if (isInterrupt(input, key)) return onQuit();
    if (key.return) {
      const chosen = matches[selected];
      if (chosen) onChoose(chosen);
      return;
    }
    if (key.upArrow) return setCursor(Math.max(0, selected - 1));
    if (key.downArrow) return setCursor(Math.min(matches.length - 1, selected + 1));
    if (key.pageUp) return setCursor(Math.max(0, selected - 10));
    if (key.pageDown) return setCursor(Math.min(matches.length - 1, selected + 10));
    if (key.escape) {
      if (filter === '') return onQuit();
      setFilter(field());
      return setCursor(0);
    }
    // The filter is a line editor's field like every other.
    const result = editKey(filterRef.current, input, key, { name: 'the filter' });
    if (!result || result.field.text === filter) {
      if (result) setFilter(result.field);
      return;
    }
    setFilter(result.field);
    setCursor(0);
  });

  const list: Row[] = [];
  let section: string | undefined;
  matches.forEach((procedure, index) => {
    if (procedure.section !== section) {
      section = procedure.section;
      list.push({ kind: 'section', title: section });
    }
    list.push({ kind: 'procedure', procedure, index });
  });

  // Only the rows that fit are drawn; the window follows the selection, and says what is above and below.
  const room = Math.max(3, rows - 7);
  const at = list.findIndex((r) => r.kind === 'procedure' && r.index === selected);
  const start = Math.max(0, Math.min(at - Math.floor(room / 2), list.length - room));
  const visible = list.slice(start, start + room);
  const count = (part: Row[]) => part.filter((r) => r.kind === 'procedure').length;
  const above = count(list.slice(0, start));
  const below = count(list.slice(start + room));
  const titleWidth = Math.max(20, columns - 28);

  return (
    <Box flexDirection="column" height={rows}>
      <Text bold color={color('accent')} wrap="truncate-end">
        {runbook.title}
      </Text>
      <Text wrap="truncate-end">
        Choose a procedure. Filter: <TextField field={filterRef.current} width={Math.max(10, columns - 50)} active />
        <Text dimColor>  ({matches.length} of {runnable.length})</Text>
      </Text>
      <Text dimColor wrap="truncate-end">
        {above > 0 ? `↑ ${above} more above` : ' '}
      </Text>
      <Box flexDirection="column" flexGrow={1}>
        {visible.map((row, i) =>
          row.kind === 'section' ? (
            <Text key={`s${i}`} bold dimColor wrap="truncate-end">
              {row.title}
            </Text>
          ) : (
            <ProcedureRow key={row.procedure.id} procedure={row.procedure} selected={row.index === selected} titleWidth={titleWidth} />
          ),
        )}
        {matches.length === 0 && <Text dimColor>No procedure matches "{filter}". Backspace or Esc to clear.</Text>}
      </Box>
      <Text dimColor wrap="truncate-end">
        {below > 0 ? `↓ ${below} more below` : ' '}
      </Text>
      <Text dimColor wrap="truncate-end">
        type to filter · ↑/↓ move · Enter choose · Esc clear/quit · Ctrl-C quit
      </Text>
    </Box>
  );
}

function ProcedureRow({ procedure, selected, titleWidth }: { procedure: Procedure; selected: boolean; titleWidth: number }) {
  const risk = highestRisk(procedure);
  const steps = `${procedure.steps.length} step${procedure.steps.length === 1 ? '' : 's'}`;
  return (
    <Box>
      <Box width={titleWidth + 2}>
        <Text color={selected ? color('accent') : undefined} bold={selected} wrap="truncate-end">
          {selected ? '▸ ' : '  '}
          {procedure.title}
        </Text>
      </Box>
      <Text dimColor> {steps.padEnd(9)}</Text>
      {risk && <RiskBadge risk={risk} />}
    </Box>
  );
}
