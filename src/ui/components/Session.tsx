// The session screen: header, the current step, the highlighted statement's result (or what is being
// asked), and the footer. Keys arrive as named commands from keys.ts; running goes through runner.ts.

import React, { useCallback, useContext, useEffect, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import type { Procedure, Runbook } from '../../runbook/model.js';
import type { SessionController, SessionState } from '../../session/types.js';
import { EXIT } from '../../errors.js';
import { BOX_FOOTER, FOOTER, type Command } from '../keys.js';
import { color } from '../theme.js';
import { useLiveOutput, useSessionState } from '../hooks/useSession.js';
import { useModal } from '../hooks/useModal.js';
import { runStatement, type RunTarget } from '../runner.js';
import { Footer, footerLines } from './Footer.js';
import { Header } from './Header.js';
import { ModalView } from './ModalView.js';
import { hasPanel } from './ResultPanel.js';
import { ResultArea, shownResult } from './ResultArea.js';
import { finishSession, resumeArg } from '../finish.js';
import { isFinal, nextOpenItem, stepItems, StepView, type StepItem } from './StepView.js';
import { useCommandKeys } from '../hooks/useCommandKeys.js';
import { useRefState } from '../hooks/useRefState.js';
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
  onExit(code: number, farewell?: string): void;
}

/** The step the engine is on (a finished session may point past the last one) and its items. */
function stepAt(procedure: Procedure, state: SessionState) {
  const index = Math.min(state.currentStep, procedure.steps.length - 1);
  const step = procedure.steps[index]!;
  return { stepIndex: index, step, items: stepItems(step, state) };
}

export function Session({ runbook, procedure, controller, columns, rows, showContacts, fresh, returnTo, onExit }: SessionProps) {
  const state = useSessionState(controller);
  const live = useLiveOutput(controller);
  const { modal, ask } = useModal();
  const terminal = useContext(TerminalContext);
  // Keys can arrive faster than React re-renders (a paste, tmux send-keys): handlers read the cursor and
  // the engine's state from refs and getState(), never from a possibly stale render.
  const [cursorRef, setCursor] = useRefState(0);
  const [scroll, setScroll] = useState({ x: 0, y: 0 });
  const [busyRef, setBusy] = useRefState(false);
  const [message, setMessage] = useState<string>();
  // The statement that ran last: its result stays in view after the highlight moves on to the next one.
  const [lastRun, setLastRun] = useState<string | undefined>(returnTo);

  const { stepIndex, step, items } = stepAt(procedure, state);
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
  }, [stepIndex]);

  useEffect(() => {
    void (async () => {
      // A new session journals entering its first step; a resumed one is already somewhere. A journal
      // that cannot be written is said on screen (guard), never swallowed: the journal comes first.
      if (fresh) await guard(() => controller.enterStep(controller.getState().currentStep));
      if (showContacts) await ask({ kind: 'contacts', matches: procedure.contacts });
    })();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const guard = useCallback(
    async (work: () => Promise<void>) => {
      if (busyRef.current) return;
      setBusy(true);
      setMessage(undefined);
      try {
        await work();
      } catch (error) {
        setMessage(`✗ ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        setBusy(false);
      }
    },
    [],
  );

  const target = (item: Extract<StepItem, { kind: 'statement' }>, editedText?: string): RunTarget => ({
    id: item.id,
    lang: item.block.lang,
    risk: item.statement.risk,
    title: item.statement.description ?? item.statement.text.split('\n')[0]!,
    kind: item.statement.kind,
    editedText,
    previous: isFinal(item) ? item.view?.state : undefined,
    ...(item.statement.interactive ? { interactive: item.statement.interactive } : {}),
  });

  /** After a statement is done (or read), the highlight moves to what is still to do in the step. */
  const moveOn = (id: string) => {
    const { items } = stepAt(procedure, controller.getState());
    const index = items.findIndex((item) => item.id === id);
    if (index < 0) return;
    setScroll({ x: 0, y: 0 });
    setLastRun(id);
    setCursor(nextOpenItem(items, index));
  };

  const enterStep = (index: number) => guard(() => controller.enterStep(index));

  const finish = () => guard(() => finishSession(controller, ask, onExit, runbook.reportTemplate));

  const quit = () =>
    guard(async () => {
      const yes = await ask<boolean>({ kind: 'quit' });
      if (!yes) return;
      const { id, dir } = controller.getState();
      // Closing only lets go of connections and the journal's file handle: every event is already on
      // disk, so a failure here must not keep the operator from leaving.
      await controller.close().catch(() => undefined);
      // The same folder the quit box named: an id alone is not found when --session-dir was elsewhere.
      onExit(EXIT.interrupted, `Session ${id} left unfinished; \`runbook resume ${resumeArg(dir, id)}\` continues it.`);
    });

  const act = (command: Command) => {
    const { stepIndex, step, items } = stepAt(procedure, controller.getState());
    const cursor = Math.min(cursorRef.current, items.length - 1);
    const current = items[cursor]!;
    switch (command) {
      case 'up':
        setScroll({ x: 0, y: 0 });
        return setCursor(Math.max(0, cursor - 1));
      case 'down':
        setScroll({ x: 0, y: 0 });
        return setCursor(Math.min(items.length - 1, cursor + 1));
      case 'scroll-left':
        return setScroll((s) => ({ ...s, x: Math.max(0, s.x - 1) }));
      case 'scroll-right':
        return setScroll((s) => ({ ...s, x: s.x + 1 }));
      case 'page-up':
        return setScroll((s) => ({ ...s, y: Math.max(0, s.y - Math.max(1, rows - 12)) }));
      case 'page-down':
        return setScroll((s) => ({ ...s, y: s.y + Math.max(1, rows - 12) }));
      case 'back':
        if (stepIndex > 0) void enterStep(stepIndex - 1);
        return;
      case 'contacts':
        return void ask({ kind: 'contacts', matches: procedure.contacts });
      case 'finish':
        return void finish();
      case 'interrupt':
        return void quit();
      case 'note':
        return void guard(async () => {
          const text = await ask<string>({ kind: 'prompt', title: `Note on step ${step.index}`, question: 'Note:' });
          if (text) await controller.addNote(text);
        });
      case 'tick':
        if (current.kind === 'manual') void guard(() => controller.tickManual(current.id, !current.state?.done));
        return;
      case 'skip':
        if (current.kind === 'statement')
          void guard(async () => {
            await controller.skip(current.id, 'by the operator');
            setCursor(nextOpenItem(items, cursor));
          });
        return;
      case 'edit':
        if (current.kind === 'statement')
          void guard(async () => {
            const text = await ask<string>({ kind: 'edit', text: current.view?.edited ?? current.statement.text });
            if (text === null) return;
            if ((await runStatement(controller, target(current, text), ask, terminal)) === 'succeeded') moveOn(current.id);
          });
        return;
      case 'run':
        if (current.kind === 'statement')
          void guard(async () => {
            const outcome = await runStatement(controller, target(current), ask, terminal);
            // A failure stays highlighted, with its error, until the operator decides what to do.
            if (outcome === 'succeeded' || current.statement.kind === 'note') moveOn(current.id);
          });
        else if (current.kind === 'manual') void guard(() => controller.tickManual(current.id, !current.state?.done));
        else if (stepIndex < procedure.steps.length - 1) void enterStep(stepIndex + 1);
        else void finish();
        return;
      case 'run-all':
        if (current.kind !== 'statement') return;
        return void guard(async () => {
          const block = current.block.id;
          let last: string | undefined;
          for (let i = 0; i < items.length; i++) {
            const item = items[i]!;
            if (item.kind !== 'statement' || item.block.id !== block || isFinal(item)) continue;
            setCursor(i);
            const outcome = await runStatement(controller, target(item), ask, terminal);
            if (outcome !== 'succeeded') return;
            last = item.id;
          }
          if (last) moveOn(last);
        });
    }
  };

  useCommandKeys(act, busyRef, () => controller.cancel(), !modal);

  // A highlighted statement with nothing to show yet leaves the last result of this step in view.
  const { view, earlier } = shownResult(current, items, lastRun);
  const running = view?.state.status === 'running';
  const panel = modal && !['contacts', 'summary'].includes(modal.kind) ? 'modal' : hasPanel(view) ? 'result' : undefined;
  const footer =
    running || busyRef.current ? FOOTER.running : current.kind === 'statement' ? (panel === 'result' ? FOOTER.result : FOOTER.statement) : FOOTER[current.kind];
  const boxFooter = modal ? BOX_FOOTER[modal.kind] : undefined;
  const footerHeight = message || boxFooter ? 1 : footerLines(footer, columns).length;
  // Header (2) + gap (1) + footer; one line is left free so Ink never redraws the whole screen.
  const body = Math.max(6, rows - 4 - footerHeight);
  const stepHeight = modal && !panel ? 0 : panel ? Math.max(4, Math.floor(body * (panel === 'modal' ? 0.35 : 0.45))) : body;
  return (
    <Box flexDirection="column" width={columns} height={rows - 1}>
      <Header state={state} stepCount={procedure.steps.length} />
      <Box flexDirection="column" height={body} marginTop={1} overflowY="hidden">
        {stepHeight > 0 && (
          <StepView
            step={step}
            stepCount={procedure.steps.length}
            state={state}
            items={items}
            cursor={cursor}
            width={columns}
            height={stepHeight}
            nextTitle={procedure.steps[stepIndex + 1]?.title}
          />
        )}
        {modal ? (
          <ModalView key={modal.key} modal={modal} runbook={runbook} width={columns} height={body - stepHeight} sessionId={state.id} sessionDir={state.dir} />
        ) : (
          panel === 'result' &&
          view && <ResultArea view={view} earlier={earlier} live={live} width={columns} height={body - stepHeight} scroll={scroll} />
        )}
      </Box>
      {message ? (
        <Text color={color('bad')} wrap="truncate-end">
          {message}
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
