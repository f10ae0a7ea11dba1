// What happened to the highlighted statement: a spinner with elapsed time and live output while it runs,
// then its table (SQL), its output (shell), or its error. Output is cut to the lines that fit.

import React from 'react';
import { Box, Text } from 'ink';
import type { ResultSummary, StatementView } from '../../session/types.js';
import { color, SPINNER, STATUS_SYMBOL, statusColor } from '../theme.js';
import { useNow } from '../hooks/useNow.js';
import { formatDuration } from '../../duration.js';
import type { LiveOutput } from '../hooks/useSession.js';
import { ErrorView } from './ErrorView.js';
import { ResultTable } from './ResultTable.js';

export interface ResultPanelProps {
  view: StatementView;
  live: LiveOutput;
  width: number;
  height: number;
  scrollX: number;
  scrollY: number;
}

function lastLines(text: string, count: number): string[] {
  const lines = text.replace(/\s+$/, '').split('\n');
  return count <= 0 ? [] : lines.slice(-count);
}

function Running({ view, live, width, height }: { view: StatementView; live: LiveOutput; width: number; height: number }) {
  const now = useNow(100);
  const startedAt = view.state.status === 'running' ? Date.parse(view.state.startedAt) : now;
  const frame = SPINNER[Math.floor(now / 100) % SPINNER.length];
  const output = live.statementId === view.id ? live.text : '';
  const rows = live.statementId === view.id ? live.rows : undefined;
  return (
    <Box flexDirection="column" width={width}>
      <Text color={color('warn')}>
        {frame} running… {formatDuration(now - startedAt)}
        {rows !== undefined ? ` · ${rows} rows` : ''} <Text dimColor>(Ctrl-C cancels this statement)</Text>
      </Text>
      {lastLines(output, height - 1).map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line}
        </Text>
      ))}
    </Box>
  );
}

function Outcome({ result, width, height, scrollX, scrollY }: { result: ResultSummary; width: number; height: number; scrollX: number; scrollY: number }) {
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
  const notices = result.notices ?? [];
  const hasTable = result.columns && result.columns.length > 0;
  const output = [result.stdoutTail ?? '', result.stderrTail ?? ''].filter((t) => t.trim()).join('\n');
  const used = 1 + notices.length + (result.error ? 4 : 0);
  return (
    <Box flexDirection="column" width={width}>
      <Text color={status === 'succeeded' ? color('ok') : color('bad')} wrap="truncate-end">
        {headline}
      </Text>
      {notices.slice(0, 3).map((n, i) => (
        <Text key={i} dimColor wrap="truncate-end">
          NOTICE: {n}
        </Text>
      ))}
      {result.error && <ErrorView error={result.error} text={result.text} width={width} />}
      {hasTable && (
        <ResultTable
          columns={result.columns!}
          rows={result.rows ?? []}
          rowCount={result.rowCount}
          outputFile={result.outputFile}
          width={width}
          height={Math.max(4, height - used)}
          scrollX={scrollX}
          scrollY={scrollY}
          backendPid={result.backendPid}
        />
      )}
      {!hasTable &&
        lastLines(output, Math.max(0, height - used - 1)).map((line, i) => (
          <Text key={i} wrap="truncate-end">
            {line}
          </Text>
        ))}
      {!hasTable && result.outputFile && (
        <Text dimColor wrap="truncate-end">
          log: {result.outputFile}
        </Text>
      )}
    </Box>
  );
}

export function ResultPanel({ view, live, width, height, scrollX, scrollY }: ResultPanelProps) {
  const state = view.state;
  switch (state.status) {
    case 'running':
      return <Running view={view} live={live} width={width} height={height} />;
    case 'succeeded':
    case 'failed':
      return <Outcome result={state.result} width={width} height={height} scrollX={scrollX} scrollY={scrollY} />;
    case 'cancelled':
      return state.result ? (
        <Outcome result={state.result} width={width} height={height} scrollX={scrollX} scrollY={scrollY} />
      ) : (
        <Text color={statusColor('cancelled')}>{STATUS_SYMBOL.cancelled} cancelled</Text>
      );
    case 'skipped':
      return (
        <Text color={statusColor('skipped')}>
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
