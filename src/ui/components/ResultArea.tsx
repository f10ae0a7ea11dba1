// The result under the step: the highlighted statement's own result, or, when it has none yet, the last
// result of this step with a line saying which statement it belongs to.

import React from 'react';
import { Box, Text } from 'ink';
import type { StatementView } from '../../session/types.js';
import { hasPanel, ResultPanel } from './ResultPanel.js';
import type { StepItem } from './StepView.js';

type StatementItem = Extract<StepItem, { kind: 'statement' }>;

/** Which result to show: the highlighted statement's, else the one that ran last in this step. */
export function shownResult(current: StepItem, items: StepItem[], lastRun: string | undefined): { view?: StatementView; earlier?: StatementItem } {
  const own = current.kind === 'statement' ? current.view : undefined;
  const earlier = !hasPanel(own) && lastRun ? items.find((item) => item.id === lastRun) : undefined;
  if (earlier?.kind === 'statement' && hasPanel(earlier.view)) return { view: earlier.view, earlier };
  return { view: own };
}

export function ResultArea(props: {
  view: StatementView;
  earlier?: StatementItem;
  live: React.ComponentProps<typeof ResultPanel>['live'];
  width: number;
  height: number;
  scroll: { x: number; y: number };
}) {
  const { view, earlier } = props;
  return (
    <Box flexDirection="column">
      {earlier && (
        <Text dimColor wrap="truncate-end">
          Result of line {earlier.statement.line}: {earlier.statement.description ?? earlier.statement.text.trim().split('\n')[0]}
        </Text>
      )}
      <ResultPanel view={view} live={props.live} width={props.width} height={props.height - (earlier ? 1 : 0)} scrollX={props.scroll.x} scrollY={props.scroll.y} />
    </Box>
  );
}
