// Subscribes a component tree to a SessionController: the engine's state as React state, and the live
// output of the running statement (throttled, so a chatty shell command cannot flood the renderer).

import { useEffect, useRef, useState } from 'react';
import type { SessionController, SessionState } from '../../session/types.js';

export function useSessionState(controller: SessionController): SessionState {
  const [state, setState] = useState<SessionState>(() => controller.getState());
  useEffect(() => {
    setState({ ...controller.getState() });
    // A shallow copy: the engine may hand back the same object mutated, and React needs a new one.
    return controller.subscribe((next) => setState({ ...next }));
  }, [controller]);
  return state;
}

export interface LiveOutput {
  statementId?: string;
  text: string;
  rows?: number;
}

const KEEP_CHARS = 16_000;
const REDRAW_MS = 50;

export function useLiveOutput(controller: SessionController): LiveOutput {
  const [live, setLive] = useState<LiveOutput>({ text: '' });
  const buffer = useRef<LiveOutput>({ text: '' });
  useEffect(() => {
    if (!controller.onOutput) return;
    let timer: NodeJS.Timeout | undefined;
    const flush = () => {
      timer = undefined;
      setLive({ ...buffer.current });
    };
    const off = controller.onOutput((statementId, event) => {
      const b = buffer.current;
      if (b.statementId !== statementId) buffer.current = { statementId, text: '' };
      const cur = buffer.current;
      if (event.type === 'data') {
        cur.text = (cur.text + event.text).slice(-KEEP_CHARS);
      } else if (event.type === 'rows') {
        cur.rows = event.count;
      }
      timer ??= setTimeout(flush, REDRAW_MS);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [controller]);
  return live;
}
