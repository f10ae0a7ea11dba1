// The result under the step: the highlighted statement's own result, or, when it has none yet, the last
// result of this step with a line saying which statement it belongs to (so the question about the next
// statement is asked with the evidence it acts on in view).

import React from 'react';
import { Box, Text } from 'ink';
import type { StatementView } from '../../session/types.js';
import { hasPanel, ResultPanel, type PanelScroll } from './ResultPanel.js';
import type { StepItem } from './StepView.js';
import type { LiveOutput } from '../hooks/useSession.js';
import { statementLabel } from '../statement-label.js';

type StatementItem = Extract<StepItem, { kind: 'statement' }>;

/** Which result to show: the highlighted statement's, else the one that ran last in this step. */
export function shownResult(current: StepItem, items: StepItem[], lastRun: string | undefined): { view?: StatementView; earlier?: StatementItem } {
  const own = current.kind === 'statement' ? current.view : undefined;
  const earlier = !hasPanel(own) && lastRun ? items.find((item) => item.id === lastRun) : undefined;
  if (earlier?.kind === 'statement' && hasPanel(earlier.view)) return { view: earlier.view, earlier };
  return { view: own };
}

/** A statement with something for the viewer: a finished run's result, or output while it runs. */
export function hasResult(view: StatementView | undefined): view is StatementView {
  if (!view) return false;
  const s = view.state;
  return s.status === 'running' || ((s.status === 'succeeded' || s.status === 'failed' || s.status === 'cancelled') && !!s.result);
}

export function ResultArea(props: {
  view: StatementView;
  earlier?: StatementItem;
  live: LiveOutput;
  dir: string;
  width: number;
  height: number;
  scroll: { x: number; y: number };
  onScroll(scroll: PanelScroll): void;
}) {
  const { view, earlier } = props;
  return (
    // Children never shrink: what does not fit is cut at the bottom (a shrunk Ink Text vanishes, so the
    // title or the table's header went missing at 60x15).
    <Box flexDirection="column" width={props.width} height={props.height} overflowY="hidden">
      {earlier && (
        <Box flexShrink={0}>
          <Text dimColor wrap="truncate-end">
            Result of line {earlier.statement.line}: {statementLabel(earlier.statement.description, earlier.statement.text)}
          </Text>
        </Box>
      )}
      <Box flexShrink={0} flexDirection="column">
        <ResultPanel
          view={view}
          live={props.live}
          dir={props.dir}
          width={props.width}
          height={props.height - (earlier ? 1 : 0)}
          scrollX={props.scroll.x}
          scrollY={props.scroll.y}
          onScroll={props.onScroll}
        />
      </Box>
    </Box>
  );
}
