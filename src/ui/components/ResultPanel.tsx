// What happened to the highlighted statement: a spinner with elapsed time and live output while it runs,
// then its table (SQL), its output (shell), or its error, in the lines it has. Output shows its end and
// scrolls back with u/d; the table pages with u/d and h/l; Enter or v opens either in the viewer. Each
// panel tells the session how far it can scroll (`onScroll`), so paging moves by exactly a page.

import React from 'react';
import { Box, Text } from 'ink';
import type { ResultSummary, StatementView } from '../../session/types.js';
import { color, SPINNER, STATUS_SYMBOL, statusColor } from '../theme.js';
import { useNow } from '../hooks/useNow.js';
import { formatDuration } from '../../duration.js';
import type { LiveOutput } from '../hooks/useSession.js';
import { ErrorView } from './ErrorView.js';
import { pathLines, ResultTable } from './ResultTable.js';
import { resultPath } from '../viewer/source.js';

/** How the panel scrolls: lines (or rows) a page moves, the most it scrolls, and whether it counts back from the end. */
export interface PanelScroll {
  page: number;
  max: number;
  fromEnd: boolean;
}

export interface ResultPanelProps {
  view: StatementView;
  live: LiveOutput;
  /** The session folder (result files are relative to it). */
  dir: string;
  width: number;
  height: number;
  scrollX: number;
  scrollY: number;
  onScroll?(scroll: PanelScroll): void;
}

/** `room` lines of `text` ending `back` lines before its end; the lines cut to the width by Ink. */
function tail(text: string, room: number, back: number, onScroll?: (s: PanelScroll) => void): string[] {
  const lines = text.replace(/\s+$/, '').split('\n');
  if (room <= 0) return [];
  const max = Math.max(0, lines.length - room);
  onScroll?.({ page: room, max, fromEnd: true });
  const end = lines.length - Math.min(back, max);
  return lines.slice(Math.max(0, end - room), end);
}

function Running({ view, live, width, height, scrollY, onScroll }: Omit<ResultPanelProps, 'dir' | 'scrollX'>) {
  const now = useNow(100);
  const startedAt = view.state.status === 'running' ? Date.parse(view.state.startedAt) : now;
  const frame = SPINNER[Math.floor(now / 100) % SPINNER.length];
  const output = live.statementId === view.id ? live.text : '';
  const rows = live.statementId === view.id ? live.rows : undefined;
  return (
    <Box flexDirection="column" width={width}>
      <Text color={color('warn')} wrap="truncate-end">
        {frame} running… {formatDuration(now - startedAt)}
        {rows !== undefined ? ` · ${rows} rows` : ''} <Text dimColor>(Ctrl-C cancels it · v view the output)</Text>
      </Text>
      {tail(output, height - 1, scrollY, onScroll).map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line || ' '}
        </Text>
      ))}
    </Box>
  );
}

function Outcome({ result, dir, width, height, scrollX, scrollY, onScroll }: { result: ResultSummary } & Omit<ResultPanelProps, 'view' | 'live'>) {
  const status = result.status;
  const what = result.command ?? (result.exitCode != null ? `exit ${result.exitCode}` : '');
  const took = formatDuration(result.durationMs);
  const headline =
    status === 'succeeded'
      ? `✓ ${what} ${took}`
      : status === 'cancelled'
        ? `⊘ cancelled after ${took}`
        : status === 'timed-out'
          ? `✗ timed out after ${took}`
          : `✗ failed${what ? ` (${what})` : ''} after ${took}`;
  const notices = (result.notices ?? []).slice(0, 3);
  const hasTable = result.columns && result.columns.length > 0;
  const output = [result.stdoutTail ?? '', result.stderrTail ?? ''].filter((t) => t.trim()).join('\n');
  const file = result.outputFile ? resultPath(dir, result.outputFile) : undefined;
  const used = 1 + notices.length + (result.error ? 4 : 0);
  const logLines = hasTable ? 0 : pathLines('log: ', file, width);
  return (
    <Box flexDirection="column" width={width}>
      <Text color={status === 'succeeded' ? color('ok') : color('bad')} wrap="truncate-end">
        {headline}
        {!hasTable && output ? <Text dimColor> · Enter/v the whole output</Text> : null}
      </Text>
      {/* Each notice already starts with its severity (executors/sql.ts: `NOTICE: ...`, `WARNING: ...`). */}
      {notices.map((n, i) => (
        <Text key={i} dimColor wrap="truncate-end">
          {n}
        </Text>
      ))}
      {result.error && <ErrorView error={result.error} text={result.text} width={width} />}
      {hasTable && (
        <ResultTable
          columns={result.columns!}
          rows={result.rows ?? []}
          rowCount={result.rowCount}
          outputFile={file}
          width={width}
          height={Math.max(3, height - used)}
          scrollX={scrollX}
          scrollY={scrollY}
          backendPid={result.backendPid}
          onPage={(page) => onScroll?.({ page, max: Math.max(0, (result.rows?.length ?? 0) - page), fromEnd: false })}
        />
      )}
      {!hasTable &&
        tail(output, Math.max(0, height - used - logLines), scrollY, onScroll).map((line, i) => (
          <Text key={i} wrap="truncate-end">
            {line || ' '}
          </Text>
        ))}
      {!hasTable && file && (
        <Text dimColor wrap="wrap">
          log: {file}
        </Text>
      )}
    </Box>
  );
}

export function ResultPanel(props: ResultPanelProps) {
  const state = props.view.state;
  switch (state.status) {
    case 'running':
      return <Running {...props} />;
    case 'succeeded':
    case 'failed':
      return <Outcome result={state.result} {...props} />;
    case 'cancelled':
      return state.result ? <Outcome result={state.result} {...props} /> : <Text color={statusColor('cancelled')}>{STATUS_SYMBOL.cancelled} cancelled</Text>;
    case 'skipped':
      return (
        <Text color={statusColor('skipped')} wrap="truncate-end">
          {STATUS_SYMBOL.skipped} skipped{state.reason ? `: ${state.reason}` : ''}
        </Text>
      );
    default:
      return null;
  }
}

export function hasPanel(view: StatementView | undefined): boolean {
  return !!view && view.state.status !== 'pending' && view.state.status !== 'awaiting-confirmation';
}
