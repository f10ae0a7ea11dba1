// What each of the session screen's commands (keys.ts) does: move, run, skip, edit, note, ad hoc, open
// the viewer, finish. Keys may arrive faster than React re-renders (a paste, tmux send-keys): every
// action reads the cursor and the engine's state now (refs, getState()), never a render's copy. While a
// statement runs only WHILE_RUNNING commands act; the others say that they wait.

import type { Procedure, Runbook } from '../runbook/model.js';
import type { SessionController, SessionState } from '../session/types.js';
import { EXIT } from '../errors.js';
import { binding, WHILE_RUNNING, type Command } from './keys.js';
import type { AdHocAnswer, PromptAnswer } from './hooks/useModal.js';
import type { Work } from './hooks/useWork.js';
import { runStatement, type Ask, type RunTarget } from './runner.js';
import type { Terminal } from './terminal.js';
import { finishSession, resumeArg, type FinishDraft } from './finish.js';
import { isFinal, nextOpenItem, stepItems, type StepItem } from './components/StepView.js';
import { hasResult, shownResult } from './components/ResultArea.js';
import type { PanelScroll } from './components/ResultPanel.js';
import { statementLabel } from './statement-label.js';

export interface SessionContext {
  runbook: Runbook;
  procedure: Procedure;
  controller: SessionController;
  ask: Ask;
  work: Work;
  cursor: { current: number };
  setCursor(index: number): void;
  setScroll(update: (s: { x: number; y: number }) => { x: number; y: number }): void;
  /** How the result under the step scrolls (as last drawn). */
  panel: { current: PanelScroll };
  lastRun: { current: string | undefined };
  setLastRun(id: string | undefined): void;
  /** Closing answers typed before an Esc, kept for the next `q`. */
  draft: { current: FinishDraft };
  /** Hands the terminal to an interactive statement (launch.tsx). */
  terminal: Terminal;
  onExit(code: number, farewell?: string): void;
}

/** The step the engine is on (a finished session may point past the last one) and its items. */
export function stepAt(procedure: Procedure, state: SessionState, controller?: SessionController) {
  const index = Math.min(state.currentStep, procedure.steps.length - 1);
  const step = procedure.steps[index]!;
  return { stepIndex: index, step, items: stepItems(step, state, controller?.adHocStatements?.()) };
}

const running = (state: SessionState) => state.statements.some((s) => s.state.status === 'running');

type StatementItem = Extract<StepItem, { kind: 'statement' }>;

export function targetOf(item: StatementItem, editedText?: string, again = isFinal(item)): RunTarget {
  return {
    id: item.id,
    lang: item.block.lang,
    risk: item.statement.risk,
    title: statementLabel(item.statement.description, item.statement.text),
    kind: item.statement.kind,
    editedText,
    previous: again ? item.view?.state : undefined,
    ...(item.statement.interactive ? { interactive: item.statement.interactive } : {}),
  };
}

/** Ctrl-C at rest: asks whether to quit; yes leaves the session unfinished (resumable) and says how to go on. */
export async function askToQuit(c: Pick<SessionContext, 'controller' | 'ask' | 'onExit'>): Promise<void> {
  const yes = await c.ask<boolean>({ kind: 'quit' });
  if (!yes) return;
  const { id, dir } = c.controller.getState();
  // Closing only lets go of connections and the journal's file handle: every event is already on
  // disk, so a failure here must not keep the operator from leaving.
  await c.controller.close().catch(() => undefined);
  // The same folder the quit box named: an id alone is not found when --session-dir was elsewhere.
  c.onExit(EXIT.interrupted, `Session ${id} left unfinished; \`runbook resume ${resumeArg(dir, id)}\` continues it.`);
}

export function sessionActions(c: SessionContext): (command: Command) => void {
  const { controller, procedure, ask, work } = c;

  /** After a statement is done (or read), the highlight moves to what is still to do in the step. */
  const moveOn = (id: string) => {
    const { items } = stepAt(procedure, controller.getState(), controller);
    const index = items.findIndex((item) => item.id === id);
    if (index < 0) return;
    c.setScroll(() => ({ x: 0, y: 0 }));
    c.setLastRun(id);
    c.setCursor(nextOpenItem(items, index));
  };

  const run = (target: RunTarget, moveOnSuccess = true) =>
    work.start(async () => {
      const outcome = await runStatement(controller, target, ask, c.terminal);
      // A failure stays highlighted, with its error, until the operator decides what to do.
      if (moveOnSuccess && (outcome === 'succeeded' || target.kind === 'note')) moveOn(target.id);
    });

  const enterStep = (index: number) => work.start(() => controller.enterStep(index));
  const finish = () => work.start(() => finishSession(controller, ask, c.onExit, c.runbook.reportTemplate, c.draft));

  const openViewer = (state: SessionState, current: StepItem, items: StepItem[]) => {
    const { view } = shownResult(current, items, c.lastRun.current);
    if (view && hasResult(view)) work.side(() => ask({ kind: 'viewer', statementId: view.id }));
    else work.setMessage('No result to view here yet.');
  };

  const quit = () => work.start(() => askToQuit(c));

  const note = (stepNumber: number) =>
    work.side(async () => {
      const answer = await ask<PromptAnswer>({ kind: 'prompt', title: `Note on step ${stepNumber}`, question: 'Note:' });
      if (answer && !answer.left && answer.text) await controller.addNote(answer.text);
    });

  const adHoc = () =>
    work.start(async () => {
      const answer = await ask<AdHocAnswer>({ kind: 'ad-hoc' });
      if (!answer || !answer.text.trim()) return;
      if (!controller.adHoc) throw new Error('this session cannot run statements of your own');
      const added = await controller.adHoc(answer.text, answer.kind);
      for (const { block, statement } of added) {
        const target: RunTarget = { id: statement.id, lang: block.lang, risk: statement.risk, kind: statement.kind, title: `your own: ${statement.text.split('\n')[0]!}` };
        const outcome = await runStatement(controller, target, ask, c.terminal);
        c.setLastRun(statement.id);
        if (outcome !== 'succeeded') break;
      }
    });

  return (command: Command) => {
    const state = controller.getState();
    const { stepIndex, step, items } = stepAt(procedure, state, controller);
    const cursor = Math.min(c.cursor.current, items.length - 1);
    const current = items[cursor]!;
    if (running(state) && !WHILE_RUNNING.includes(command)) {
      work.setMessage(`${binding(command).label}: a statement is running; wait for it to end, or Ctrl-C to cancel it`);
      return;
    }
    if (command !== 'interrupt') work.setMessage(undefined);
    switch (command) {
      case 'up':
      case 'down':
        c.setScroll(() => ({ x: 0, y: 0 }));
        return c.setCursor(command === 'up' ? Math.max(0, cursor - 1) : Math.min(items.length - 1, cursor + 1));
      case 'scroll-left':
        return c.setScroll((s) => ({ ...s, x: Math.max(0, s.x - 1) }));
      case 'scroll-right':
        return c.setScroll((s) => ({ ...s, x: s.x + 1 }));
      case 'page-up':
      case 'page-down': {
        // A table pages down from its top; output pages back from its end.
        const { page, max, fromEnd } = c.panel.current;
        const step = (command === 'page-down') === !fromEnd ? page : -page;
        return c.setScroll((s) => ({ ...s, y: Math.max(0, Math.min(max, s.y + step)) }));
      }
      case 'back':
        if (stepIndex > 0) enterStep(stepIndex - 1);
        return;
      case 'contacts':
        return work.side(() => ask({ kind: 'contacts', matches: procedure.contacts }));
      case 'help':
        return work.side(() => ask({ kind: 'help' }));
      case 'view':
        return openViewer(state, current, items);
      case 'finish':
        return void finish();
      case 'interrupt':
        return void quit();
      case 'note':
        return note(step.index);
      case 'ad-hoc':
        return void adHoc();
      case 'tick':
        if (current.kind === 'manual') work.start(() => controller.tickManual(current.id, !current.state?.done));
        return;
      case 'skip':
        if (current.kind === 'statement')
          work.start(async () => {
            await controller.skip(current.id, 'by the operator');
            c.setCursor(nextOpenItem(stepAt(procedure, controller.getState(), controller).items, cursor));
          });
        return;
      case 'edit':
        if (current.kind === 'statement')
          work.start(async () => {
            const text = await ask<string>({ kind: 'edit', text: current.view?.edited ?? current.statement.text });
            if (text === null) return;
            if ((await runStatement(controller, targetOf(current, text), ask, c.terminal)) === 'succeeded') moveOn(current.id);
          });
        return;
      case 'rerun':
        if (current.kind === 'statement') run(targetOf(current));
        return;
      case 'run':
        if (current.kind === 'statement') {
          // Enter on a statement that already ran opens its result; r runs it again.
          if (hasResult(current.view)) return openViewer(state, current, items);
          run(targetOf(current));
        } else if (current.kind === 'manual') work.start(() => controller.tickManual(current.id, !current.state?.done));
        else if (stepIndex < procedure.steps.length - 1) enterStep(stepIndex + 1);
        else finish();
        return;
      case 'run-all':
        if (current.kind !== 'statement') return;
        work.start(async () => {
          const block = current.block.id;
          let last: string | undefined;
          for (let i = 0; i < items.length; i++) {
            const item = items[i]!;
            if (item.kind !== 'statement' || item.block.id !== block || isFinal(item)) continue;
            c.setCursor(i);
            const outcome = await runStatement(controller, targetOf(item), ask, c.terminal);
            if (outcome !== 'succeeded') return;
            last = item.id;
          }
          if (last) moveOn(last);
        });
        return;
    }
  };
}
