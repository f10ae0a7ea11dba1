// Running one statement through the engine, as the operator sees it: prepare (binding parameters), ask
// for missing placeholders (again, saying why, for a value binding refused), show the bound text for
// confirmation (typed for destructive statements; p goes back to the parameters and shows the statement
// bound again), then confirm, which runs it. The engine decides when to ask; this only shows its questions.

import type { SessionController, StatementState } from '../session/types.js';
import type { Risk, StatementKind } from '../runbook/model.js';
import type { ModalAnswer, ModalSpec } from './hooks/useModal.js';
import type { ConfirmAnswer } from './components/Confirm.js';
import type { Terminal } from './terminal.js';
import { describeTargetLine } from './components/Header.js';

export type Ask = <T extends ModalAnswer>(spec: ModalSpec) => Promise<T | null>;

export type RunOutcome = StatementState['status'] | 'declined' | 'denied';

export interface RunTarget {
  id: string;
  lang: string;
  risk: Risk;
  title: string;
  kind: StatementKind;
  editedText?: string;
  /** How it ended last time, when it already finished: running it again is then asked for explicitly. */
  previous?: StatementState;
  /** It needs the terminal (runbook/interactive.ts): the UI steps aside while it runs. */
  interactive?: { reason: string };
}

/** The line the confirmation shows for a statement that already finished. */
export function previousOutcome(previous: StatementState): string {
  if (previous.status === 'skipped') return `It was skipped${previous.reason ? ` (${previous.reason})` : ''}.`;
  const status = ('result' in previous && previous.result?.status) || previous.status;
  const how = { succeeded: 'succeeded', failed: 'failed', 'timed-out': 'timed out', cancelled: 'was cancelled' } as Record<string, string>;
  return `It already ran and ${how[status] ?? status}.`;
}

export async function runStatement(controller: SessionController, target: RunTarget, ask: Ask, terminal: Terminal = { handoff: (work) => work() }): Promise<RunOutcome> {
  // A note (a comment-only statement) is read, not run: the journal records it as such.
  if (target.kind === 'note') {
    await controller.skip(target.id, 'note');
    return 'skipped';
  }
  // The runbook's choices come first: which branch applies is the operator's answer (journaled), and a
  // statement in a branch not taken is skipped with that reason, never run.
  for (const branch of controller.openChoices?.(target.id) ?? []) {
    const taken = await ask<string[]>({ kind: 'choice', options: branch.options });
    if (taken === null) return 'declined';
    await controller.choose?.(branch, taken, 'operator');
  }
  const notChosen = controller.notChosen?.(target.id);
  if (notChosen !== undefined) {
    await controller.skip(target.id, notChosen);
    return 'skipped';
  }
  let answer: ConfirmAnswer = { yes: true };
  let prepared = await controller.prepare(target.id, target.editedText !== undefined ? { editedText: target.editedText } : undefined);
  for (let asked = 0; ; ) {
    // Missing values (or one binding refused, with why) are asked for, then the statement is bound again.
    if (prepared.missing.length > 0) {
      // Only a refusal may ask again and again (the operator keeps giving values it refuses).
      if (!prepared.refused && ++asked > 5) throw new Error('the engine keeps asking for the same parameters');
      const values = await ask<Record<string, string>>({ kind: 'params', title: target.title, requests: prepared.missing, ...(prepared.refused ? { message: prepared.refused } : {}) });
      if (!values) return 'declined';
      for (const [name, value] of Object.entries(values)) await controller.setParam(name, value);
      prepared = await controller.prepare(target.id);
      continue;
    }
    const decision = prepared.decision ?? { kind: 'ask', prompt: '' };
    if (decision.kind === 'deny') {
      await ask({ kind: 'message', title: 'Not allowed', text: decision.reason });
      return 'denied';
    }
    if (decision.kind === 'allow' && !prepared.rawFragment && !target.previous) break;
    const parameters = controller.parameters?.(target.id) ?? [];
    const given = await ask<ConfirmAnswer>({
      kind: 'confirm',
      text: prepared.display ?? target.editedText ?? '',
      lang: target.lang,
      // The statement as bound: its risk, why, what it would touch, and where it runs.
      risk: prepared.risk?.risk ?? target.risk,
      ...(prepared.risk?.reasons.length ? { reasons: prepared.risk.reasons } : {}),
      ...(prepared.preview ? { preview: prepared.preview } : {}),
      target: describeTargetLine(controller.getState().target, !!controller.getState().drill),
      decision: decision.kind === 'allow' ? { kind: 'ask', prompt: '' } : decision,
      rawFragment: prepared.rawFragment,
      // What happened before: a run cut off by a dead process (the engine says what the server knows), or how it ended.
      ...(prepared.interrupted ? { again: prepared.interrupted } : target.previous ? { again: previousOutcome(target.previous) } : {}),
      ...(parameters.length > 0 ? { canEditParams: true } : {}),
    });
    if (given?.params) {
      // Back to the form with every value as it is now; the statement is shown again once bound.
      const values = await ask<Record<string, string>>({ kind: 'params', title: target.title, requests: parameters });
      for (const [name, value] of Object.entries(values ?? {})) {
        if (value !== parameters.find((p) => p.placeholder.name === name)?.suggestion) await controller.setParam(name, value);
      }
      prepared = await controller.prepare(target.id);
      continue;
    }
    if (!given) {
      await controller.confirm(target.id, { yes: false });
      return 'declined';
    }
    answer = given;
    break;
  }
  // An interactive statement gets the terminal: the UI steps aside until it exits (its status is journaled).
  const final = target.interactive
    ? await terminal.handoff(() => controller.confirm(target.id, answer, { terminal: true }), target.id)
    : await controller.confirm(target.id, answer);
  return final.status;
}
