// The top lines: runbook and procedure, the target (never a password), the incident clock and progress.

import React from 'react';
import { Box, Text } from 'ink';
import type { SessionState } from '../../session/types.js';
import type { TargetDescription } from '../../database/target.js';
import { color } from '../theme.js';
import { formatClock, useNow } from '../hooks/useNow.js';

/** Where statements run, in one line; `drill`: the session is a drill, on a disposable copy made for it. */
export function describeTargetLine(target: TargetDescription, drill = false): string {
  if (drill) return `disposable drill copy (${target.host}:${target.port}/${target.database})`;
  if (target.embedded) return `embedded demo database (${target.host}:${target.port}/${target.database})`;
  return `${target.user}@${target.host}:${target.port}/${target.database}`;
}

export function Header({ state, stepCount }: { state: SessionState; stepCount: number }) {
  const now = useNow(1000, state.status === 'active');
  const end = state.endedAt ? Date.parse(state.endedAt) : now;
  const elapsed = end - Date.parse(state.startedAt);
  const flags = [state.options.readOnly ? 'READ-ONLY' : '', state.options.dryRun ? 'DRY RUN' : ''].filter(Boolean);
  return (
    <Box flexDirection="column">
      <Box>
        <Box flexGrow={1} flexShrink={1}>
          <Text bold wrap="truncate-end">
            {state.drill && <Text color={color('warn')}>DRILL {state.drill.name} › </Text>}
            <Text dimColor>{state.runbookTitle} › </Text>
            <Text color={color('accent')}>{state.procedureTitle}</Text>
          </Text>
        </Box>
        <Box flexShrink={0}>
          <Text bold> T+{formatClock(elapsed)}</Text>
        </Box>
      </Box>
      <Box>
        <Box flexGrow={1} flexShrink={1}>
          <Text wrap="truncate-end">
            <Text dimColor>target </Text>
            {describeTargetLine(state.target, !!state.drill)}
            {flags.length > 0 && <Text color={color('warn')}> {flags.join(' ')}</Text>}
          </Text>
        </Box>
        <Box flexShrink={0}>
          <Text>
            {' '}step {Math.min(state.currentStep + 1, stepCount)} of {stepCount}
          </Text>
        </Box>
      </Box>
    </Box>
  );
}
