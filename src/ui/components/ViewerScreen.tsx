// The viewer on one statement of the session, full screen: its live output while it runs (the end kept
// in view), then its result (viewer/source.ts reads the whole CSV or log back). The content is rebuilt
// only when the result or the output changes, not on every key.

import React, { useMemo } from 'react';
import type { SessionState } from '../../session/types.js';
import type { LiveOutput } from '../hooks/useSession.js';
import { liveContent, resultContent, type ViewerContent } from '../viewer/source.js';
import { Viewer } from './Viewer.js';
import { statementLabel } from '../statement-label.js';

export interface ViewerScreenProps {
  statementId: string;
  state: SessionState;
  live: LiveOutput;
  columns: number;
  rows: number;
  onClose(): void;
  onHelp(): void;
}

export function ViewerScreen({ statementId, state, live, columns, rows, onClose, onHelp }: ViewerScreenProps) {
  const view = state.statements.find((s) => s.id === statementId);
  const s = view?.state;
  const result = s && 'result' in s ? s.result : undefined;
  const running = s?.status === 'running';
  const liveText = running && live.statementId === statementId ? live.text : undefined;
  const content: ViewerContent = useMemo(
    () => (running ? liveContent(liveText ?? '') : result ? resultContent(result, state.dir) : { data: { kind: 'text', lines: ['(nothing to show)'] } }),
    [running, liveText, result, state.dir],
  );
  const title = `${view ? statementLabel(view.description, view.source) : statementId}${running ? ' (running)' : ''}`;
  // The last line is left free, as on the session screen.
  return <Viewer key={running ? 'live' : 'done'} title={title} content={content} width={columns} height={rows - 1} live={running} onClose={onClose} onHelp={onHelp} />;
}
