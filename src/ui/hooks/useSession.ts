// Subscribes a component tree to a SessionController: the engine's state as React state, and the live
// output of the running statement (throttled, so a chatty shell command cannot flood the renderer). A
// statement that starts again starts with no output: a re-run never shows the previous run's above its own.

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

/** Live output kept for the screen and the viewer while a statement runs (the whole log is on disk). */
const KEEP_CHARS = 1_000_000;
const REDRAW_MS = 50;

export function useLiveOutput(controller: SessionController): LiveOutput {
  const [live, setLive] = useState<LiveOutput>({ text: '' });
  // Output since the last redraw is gathered in pieces and joined once per redraw.
  const buffer = useRef<LiveOutput & { pieces: string[] }>({ text: '', pieces: [] });
  useEffect(() => {
    if (!controller.onOutput) return;
    let timer: NodeJS.Timeout | undefined;
    const flush = () => {
      timer = undefined;
      const b = buffer.current;
      if (b.pieces.length > 0) {
        b.text = (b.text + b.pieces.join('')).slice(-KEEP_CHARS);
        b.pieces = [];
      }
      setLive({ statementId: b.statementId, text: b.text, ...(b.rows !== undefined ? { rows: b.rows } : {}) });
    };
    const restart = (statementId: string) => {
      buffer.current = { statementId, text: '', pieces: [] };
    };
    const offState = controller.subscribe((_state, event) => {
      if (event?.type !== 'statement-started') return;
      restart(event.statement);
      timer ??= setTimeout(flush, REDRAW_MS);
    });
    const off = controller.onOutput((statementId, event) => {
      if (buffer.current.statementId !== statementId) restart(statementId);
      const cur = buffer.current;
      if (event.type === 'data') cur.pieces.push(event.text);
      else if (event.type === 'rows') cur.rows = event.count;
      timer ??= setTimeout(flush, REDRAW_MS);
    });
    return () => {
      off();
      offState();
      if (timer) clearTimeout(timer);
    };
  }, [controller]);
  return live;
}
