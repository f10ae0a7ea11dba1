// The session screen: header, the body (the current step, the result in view, the open box: see
// SessionBody and session-layout.ts), and the footer; or the result viewer full screen. Keys arrive as
// named commands (keys.ts) and act through session-actions.ts. The screen stays alive while a statement
// runs: notes, contacts, the viewer and scrolling work, and Ctrl-C cancels the statement from anywhere.

import React, { useContext, useEffect, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import type { Procedure, Runbook } from '../../runbook/model.js';
import type { SessionController, SessionState } from '../../session/types.js';
import { BOX_FOOTER, commandFor, confirmFooter, FOOTER, KEYMAP } from '../keys.js';
import { color } from '../theme.js';
import { useLiveOutput, useSessionState } from '../hooks/useSession.js';
import { useModal } from '../hooks/useModal.js';
import { useInterrupt, useKeys } from '../hooks/useKeys.js';
import { useRefState } from '../hooks/useRefState.js';
import { useWork } from '../hooks/useWork.js';
import { askToQuit, sessionActions, stepAt } from '../session-actions.js';
import { emptyDraft } from '../finish.js';
import { tooSmall, MIN_COLUMNS, MIN_ROWS } from '../session-layout.js';
import { Footer, footerLines } from './Footer.js';
import { Header } from './Header.js';
import { hasPanel, type PanelScroll } from './ResultPanel.js';
import { shownResult } from './ResultArea.js';
import { isFinal, nextOpenItem } from './StepView.js';
import { SessionBody } from './SessionBody.js';
import { ViewerScreen } from './ViewerScreen.js';
import { TerminalContext } from '../terminal.js';

export interface SessionProps {
  runbook: Runbook;
  procedure: Procedure;
  controller: SessionController;
  columns: number;
  rows: number;
  /** Show the contacts table first (emergency procedures, procedures with matched contacts). */
  showContacts: boolean;
  /** A session just created (not resumed). */
  fresh: boolean;
  /** Back from a statement that had the terminal: its result in view, the highlight on what comes next. */
  returnTo?: string;
  /** Ctrl-C was pressed while the session was opening: the quit question comes first. */
  quitAsked?: boolean;
  onExit(code: number, farewell?: string): void;
}

const isRunning = (state: SessionState) => state.statements.some((s) => s.state.status === 'running');

export function Session({ runbook, procedure, controller, columns, rows, showContacts, fresh, returnTo, quitAsked, onExit }: SessionProps) {
  const state = useSessionState(controller);
  const live = useLiveOutput(controller);
  const { modal, ask } = useModal();
  const work = useWork();
  const terminal = useContext(TerminalContext);
  const [cursorRef, setCursor] = useRefState(0);
  const [scroll, setScroll] = useState({ x: 0, y: 0 });
  const panel = useRef<PanelScroll>({ page: 1, max: 0, fromEnd: false });
  // The statement that ran last: its result stays in view after the highlight moves on to the next one.
  const [lastRun, setLastRun] = useRefState<string | undefined>(returnTo);
  const draft = useRef(emptyDraft());

  const { stepIndex, items } = stepAt(procedure, state, controller);
  // Entering a step puts the cursor on its first unfinished item, decided during render so the first
  // frame of the new step already shows it there.
  const stepSeen = useRef(-1);
  if (stepSeen.current !== stepIndex) {
    const back = stepSeen.current === -1 && returnTo !== undefined ? items.findIndex((item) => item.id === returnTo) : -1;
    stepSeen.current = stepIndex;
    const first = items.findIndex((item) => !isFinal(item));
    cursorRef.current = back >= 0 ? nextOpenItem(items, back) : first === -1 ? items.length - 1 : first;
  }
  const cursor = Math.min(cursorRef.current, items.length - 1);
  const current = items[cursor]!;

  const keepReturn = useRef(returnTo !== undefined);
  useEffect(() => {
    setScroll({ x: 0, y: 0 });
    // Mounted back after a handoff: the statement that had the terminal stays in view.
    if (keepReturn.current) {
      keepReturn.current = false;
      return;
    }
    setLastRun(undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stepIndex]);

  useEffect(() => {
    // A new session journals entering its first step; a resumed one is already somewhere. Keys typed
    // meanwhile wait, and go to the contacts box when it opens first (after the quit question, when
    // Ctrl-C was pressed while it opened).
    work.start(async () => {
      if (fresh) await controller.enterStep(controller.getState().currentStep);
      if (quitAsked) await askToQuit({ controller, ask, onExit });
      if (showContacts) work.side(() => ask({ kind: 'contacts', matches: procedure.contacts }));
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const act = sessionActions({
    runbook,
    procedure,
    controller,
    ask,
    work,
    cursor: cursorRef,
    setCursor,
    setScroll: (update) => setScroll(update),
    panel,
    lastRun,
    setLastRun,
    draft,
    terminal,
    onExit,
  });

  // Ctrl-C cancels a running statement whatever box is open; at rest it is the session's (quit) or the box's.
  useInterrupt(() => {
    if (!isRunning(controller.getState())) return false;
    controller.cancel();
    return true;
  });
  useKeys(
    (input, key) => {
      if (key.paste) return work.setMessage('Pasted text is not a key here: press : to paste a statement of your own.');
      const command = commandFor(KEYMAP, input, key);
      if (command) act(command);
    },
    !modal,
    () => !work.busy.current || isRunning(controller.getState()),
  );

  if (tooSmall(columns, rows)) {
    return (
      <Text wrap="truncate-end">
        Terminal too small ({columns}x{rows}): runbook needs {MIN_COLUMNS}x{MIN_ROWS}. Make it larger; the session goes on.
      </Text>
    );
  }

  if (modal?.kind === 'viewer') {
    return <ViewerScreen key={modal.key} statementId={modal.statementId} state={state} live={live} columns={columns} rows={rows} onClose={() => modal.resolve(true)} onHelp={() => void ask({ kind: 'help' }, { now: true })} />;
  }

  // A highlighted statement with nothing to show yet leaves the last result of this step in view.
  const shown = shownResult(current, items, lastRun.current);
  const running = isRunning(state);
  const footer = running ? FOOTER.running : current.kind === 'statement' ? (hasPanel(current.view) ? FOOTER.result : FOOTER.statement) : FOOTER[current.kind];
  const boxFooter =
    modal?.kind === 'confirm'
      ? confirmFooter({ typed: modal.decision.kind === 'ask-typed', again: !!modal.again, canEditParams: modal.canEditParams })
      : modal
        ? BOX_FOOTER[modal.kind]
        : undefined;
  const footerHeight = work.message || boxFooter ? 1 : footerLines(footer, columns).length;
  // Header (2) + gap (1) + footer; one line is left free so Ink never redraws the whole screen.
  const body = Math.max(6, rows - 4 - footerHeight);
  return (
    <Box flexDirection="column" width={columns} height={rows - 1}>
      <Header state={state} stepCount={procedure.steps.length} />
      <Box marginTop={1} height={body}>
        <SessionBody
          runbook={runbook}
          procedure={procedure}
          state={state}
          stepIndex={stepIndex}
          items={items}
          cursor={cursor}
          result={shown.view && hasPanel(shown.view) ? { view: shown.view, earlier: shown.earlier } : undefined}
          modal={modal}
          live={live}
          scroll={scroll}
          onScroll={(s) => (panel.current = s)}
          columns={columns}
          height={body}
        />
      </Box>
      {work.message ? (
        <Text color={color('bad')} wrap="truncate-end">
          {work.message}
        </Text>
      ) : boxFooter ? (
        <Text dimColor wrap="truncate-end">
          {boxFooter}
        </Text>
      ) : (
        <Footer commands={footer} width={columns} />
      )}
    </Box>
  );
}
