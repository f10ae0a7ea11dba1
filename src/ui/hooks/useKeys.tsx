// Key routing. Ink's useInput subscribes in an effect, after the frame is drawn, so a key typed the
// moment a question appears (tmux send-keys, a paste, a fast typist) could reach the previous screen or
// nobody. Instead one useInput at the root forwards every key to the handler of the screen that rendered
// last: `useKeys` claims the keyboard during render, so by the time a frame is visible, its keys work.

import React, { createContext, useContext, useRef } from 'react';
import { useInput, type Key } from 'ink';

export type KeyHandler = (input: string, key: Key) => void;

const KeyContext = createContext<{ current: KeyHandler | null }>({ current: null });

export function KeyRouter({ children }: { children: React.ReactNode }) {
  const handler = useRef<KeyHandler | null>(null);
  useInput((input, key) => {
    // Text typed before raw mode was on (or pasted) arrives with its Enter inside: split it out.
    if (input.length > 1 && /[\r\n]/.test(input) && !key.meta && !key.ctrl) {
      for (const part of input.split(/(\r\n|\r|\n)/)) {
        if (part === '') continue;
        if (/^[\r\n]+$/.test(part)) handler.current?.('\r', { ...key, return: true });
        else handler.current?.(part, { ...key, return: false });
      }
      return;
    }
    handler.current?.(input, key);
  });
  return <KeyContext.Provider value={handler}>{children}</KeyContext.Provider>;
}

/** Claims the keyboard for this render when `active`; children render later and so win over parents. */
export function useKeys(handler: KeyHandler, active = true): void {
  const slot = useContext(KeyContext);
  if (active) slot.current = handler;
}
