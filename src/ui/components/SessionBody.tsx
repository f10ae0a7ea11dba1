// The session screen's body laid out by session-layout.ts: the step, the result, and the open box below
// the result it acts on (or beside it on a wide terminal), each in exactly the lines it was given, so
// nothing overflows into its neighbour or leaves characters behind.

import React from 'react';
import { Box } from 'ink';
import type { Procedure, Runbook } from '../../runbook/model.js';
import type { SessionState, StatementView } from '../../session/types.js';
import type { Modal } from '../hooks/useModal.js';
import type { LiveOutput } from '../hooks/useSession.js';
import { bodyLayout } from '../session-layout.js';
import { ModalView } from './ModalView.js';
import { confirmHeight } from './Confirm.js';
import { ResultArea } from './ResultArea.js';
import type { PanelScroll } from './ResultPanel.js';
import { StepView, type StepItem } from './StepView.js';

export interface SessionBodyProps {
  runbook: Runbook;
  procedure: Procedure;
  state: SessionState;
  stepIndex: number;
  items: StepItem[];
  cursor: number;
  /** The result in view (the highlighted statement's, or the step's last), if any. */
  result?: { view: StatementView; earlier?: Extract<StepItem, { kind: 'statement' }> };
  modal: Modal | null;
  live: LiveOutput;
  scroll: { x: number; y: number };
  onScroll(scroll: PanelScroll): void;
  columns: number;
  height: number;
}

export function SessionBody(p: SessionBodyProps) {
  const modal = p.modal;
  // A confirmation asks for the lines that show its statement whole (Confirm.tsx lays itself out).
  const wants = modal?.kind === 'confirm' ? (width: number) => confirmHeight({ ...modal, width }) : undefined;
  const layout = bodyLayout({ body: p.height, columns: p.columns, hasResult: !!p.result, box: modal?.kind, ...(wants ? { wants } : {}) });
  const step = p.procedure.steps[p.stepIndex]!;
  const result = p.result && layout.result > 0 && (
    <ResultArea
      view={p.result.view}
      earlier={p.result.earlier}
      live={p.live}
      dir={p.state.dir}
      width={layout.beside ? layout.resultWidth : p.columns}
      height={layout.result}
      scroll={p.scroll}
      onScroll={p.onScroll}
    />
  );
  const boxWidth = layout.beside ? p.columns - layout.resultWidth - 1 : p.columns;
  const box = p.modal && layout.box > 0 && (
    <Box height={layout.box} width={boxWidth} overflowY="hidden" flexDirection="column">
      <ModalView key={p.modal.key} modal={p.modal} runbook={p.runbook} width={boxWidth} height={layout.box} sessionId={p.state.id} sessionDir={p.state.dir} />
    </Box>
  );
  return (
    <Box flexDirection="column" height={p.height} width={p.columns} overflowY="hidden">
      {layout.step > 0 && (
        <StepView
          step={step}
          stepCount={p.procedure.steps.length}
          state={p.state}
          items={p.items}
          cursor={p.cursor}
          width={p.columns}
          height={layout.step}
          nextTitle={p.procedure.steps[p.stepIndex + 1]?.title}
        />
      )}
      {layout.beside ? (
        <Box height={layout.result}>
          {result}
          <Box width={1} />
          {box}
        </Box>
      ) : (
        <>
          {result}
          {box}
        </>
      )}
    </Box>
  );
}
