// Questions and boxes on top of the step: the statement runner awaits the operator's answer as a
// promise (`ask`), and the screen renders the box being asked. Boxes wait their turn, oldest first: a
// note opened while a statement runs stays open when the runner then asks to confirm the next statement
// (that question shows once the note is done). Closing a box resolves it.

import { useCallback, useRef, useState } from 'react';
import type { Decision, FinishSummary, ParamRequest, Preview, StatementView } from '../../session/types.js';
import type { ContactMatch, Risk } from '../../runbook/model.js';
import type { ConfirmAnswer } from '../components/Confirm.js';
import type { PromptProps } from '../components/Prompt.js';

export type ModalSpec =
  | { kind: 'params'; title: string; requests: ParamRequest[]; message?: string }
  | { kind: 'confirm'; text: string; lang: string; risk: Risk; decision: Decision; target?: string; reasons?: string[]; preview?: Preview; rawFragment?: boolean; again?: string; canEditParams?: boolean }
  | { kind: 'edit'; text: string; title?: string }
  | ({ kind: 'prompt' } & Pick<PromptProps, 'title' | 'question' | 'optional' | 'initial' | 'position' | 'check' | 'hint'> & { canGoBack?: boolean })
  | { kind: 'ad-hoc'; initial?: AdHocAnswer }
  | { kind: 'contacts'; matches?: ContactMatch[] }
  | { kind: 'help' }
  | { kind: 'viewer'; statementId: string }
  | { kind: 'quit' }
  | { kind: 'choice'; options: string[] }
  | { kind: 'message'; title: string; text: string }
  | { kind: 'summary'; summary: FinishSummary };

/** What the ad-hoc prompt gives: the text and whether it is SQL or a shell line. */
export interface AdHocAnswer {
  text: string;
  kind: 'sql' | 'shell';
}

/** A prompt's answer: the text, or (Esc, ↑) what was typed and how the operator left. */
export type PromptAnswer = { text: string; left?: 'cancel' | 'back' };

export type ModalAnswer = Record<string, string> | ConfirmAnswer | PromptAnswer | AdHocAnswer | string | string[] | boolean | null;

/** `key` is unique per question, so a new question never inherits the previous one's typed text. */
export type Modal = ModalSpec & { key: number; resolve(answer: ModalAnswer): void };

/** Boxes that ask about a statement: drawn below the result they act on, which stays in view. */
export const ABOUT_A_STATEMENT: readonly ModalSpec['kind'][] = ['params', 'confirm', 'choice', 'message'];

export type { StatementView };

export function useModal() {
  const [, redraw] = useState(0);
  const queue = useRef<Modal[]>([]);
  const counter = useRef(0);
  /** `now`: shown at once, before the box that is open (help from the viewer); that one comes back after. */
  const ask = useCallback(
    <T extends ModalAnswer>(spec: ModalSpec, options: { now?: boolean } = {}) =>
      new Promise<T | null>((resolve) => {
        const m: Modal = {
          ...spec,
          key: ++counter.current,
          resolve: (answer) => {
            const at = queue.current.indexOf(m);
            if (at === -1) return;
            queue.current.splice(at, 1);
            redraw((n) => n + 1);
            resolve(answer as T | null);
          },
        };
        if (options.now) queue.current.unshift(m);
        else queue.current.push(m);
        redraw((n) => n + 1);
      }),
    [],
  );
  return { modal: queue.current[0] ?? null, ask, open: () => queue.current.length > 0 };
}
