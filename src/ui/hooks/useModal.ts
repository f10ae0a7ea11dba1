// One question at a time on top of the step: the statement runner awaits the operator's answer as a
// promise (`ask`), and the screen renders whatever is being asked. Closing a modal resolves it.

import { useCallback, useRef, useState } from 'react';
import type { Decision, FinishSummary, ParamRequest } from '../../session/types.js';
import type { ContactMatch, Risk } from '../../runbook/model.js';
import type { ConfirmAnswer } from '../components/Confirm.js';

export type ModalSpec =
  | { kind: 'params'; title: string; requests: ParamRequest[] }
  | { kind: 'confirm'; text: string; lang: string; risk: Risk; decision: Decision; rawFragment?: boolean; again?: string }
  | { kind: 'edit'; text: string }
  | { kind: 'prompt'; title: string; question: string; optional?: boolean }
  | { kind: 'contacts'; matches?: ContactMatch[] }
  | { kind: 'quit' }
  | { kind: 'choice'; options: string[] }
  | { kind: 'message'; title: string; text: string }
  | { kind: 'summary'; summary: FinishSummary };

export type ModalAnswer = Record<string, string> | ConfirmAnswer | string | string[] | boolean | null;

/** `key` is unique per question, so a new question never inherits the previous one's typed text. */
export type Modal = ModalSpec & { key: number; resolve(answer: ModalAnswer): void };

export function useModal() {
  const [modal, setModal] = useState<Modal | null>(null);
  const current = useRef<Modal | null>(null);
  const counter = useRef(0);
  const ask = useCallback(
    <T extends ModalAnswer>(spec: ModalSpec) =>
      new Promise<T | null>((resolve) => {
        const m: Modal = {
          ...spec,
          key: ++counter.current,
          resolve: (answer) => {
            if (current.current === m) {
              current.current = null;
              setModal(null);
            }
            resolve(answer as T | null);
          },
        };
        current.current?.resolve(null);
        current.current = m;
        setModal(m);
      }),
    [],
  );
  return { modal, ask };
}
