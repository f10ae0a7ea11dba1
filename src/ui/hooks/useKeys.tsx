// Key routing. Every key goes, in the order typed, to the screen that rendered last: `useKeys` claims the
// keyboard during render, so by the time a frame is visible its keys work (Ink's useInput subscribes in
// an effect, after the frame is drawn, so a key typed the moment a question appears could reach the
// previous screen or nobody). Input is read from Ink's input events and decoded here (input/decode.ts):
// one key per press, however many one read brought, and a bracketed paste as one press.
//
// No key is dropped: a screen that is between two states (an engine call in flight, e.g. a skip being
// journaled) says it is not `ready`, and keys wait in a queue until a screen that is ready has rendered
// (the next one, or the same once its work is done). `onInterrupt` lets the session take Ctrl-C first,
// whatever box is open, while a statement runs: Ctrl-C always cancels the running statement.

import React, { createContext, useContext, useEffect, useLayoutEffect, useRef } from 'react';
import { useStdin } from 'ink';
import { createKeyDecoder, type KeyInfo, type KeyPress } from '../input/decode.js';
import { isInterrupt } from '../keys.js';

export type KeyHandler = (input: string, key: KeyInfo) => void;

interface Claim {
  handle: KeyHandler;
  /** False while the screen's state is in flight: keys wait for it. */
  ready?: () => boolean;
}

interface Router {
  claim: Claim | null;
  /** Keys not handled yet, oldest first. */
  queue: KeyPress[];
  /** Delivers queued keys while the claiming screen is ready. */
  drain(): void;
  /** Takes Ctrl-C before any screen when it returns true (a statement was running and is cancelled). */
  interrupt: { current: (() => boolean) | null };
}

const RouterContext = createContext<Router | null>(null);

/** How long an unfinished bracketed paste waits for its end marker before it is taken as it is. */
const PASTE_GIVE_UP_MS = 2_000;

export function KeyRouter({ children }: { children: React.ReactNode }) {
  const { setRawMode, internal_eventEmitter: events } = useStdin();
  const router = useRef<Router>(null as unknown as Router);
  if (!router.current) {
    let draining = false;
    const r: Router = {
      claim: null,
      queue: [],
      interrupt: { current: null },
      drain() {
        if (draining) return;
        draining = true;
        try {
          while (r.queue.length > 0) {
            const next = r.queue[0]!;
            if (isInterrupt(next.input, next.key) && r.interrupt.current?.()) {
              r.queue.shift();
              continue;
            }
            const claim = r.claim;
            if (!claim || (claim.ready && !claim.ready())) break;
            r.queue.shift();
            claim.handle(next.input, next.key);
          }
        } finally {
          draining = false;
        }
      },
    };
    router.current = r;
  }

  useEffect(() => {
    setRawMode(true);
    const decoder = createKeyDecoder();
    let giveUp: NodeJS.Timeout | undefined;
    const onInput = (chunk: string) => {
      if (giveUp) clearTimeout(giveUp);
      giveUp = undefined;
      const r = router.current;
      r.queue.push(...decoder.push(chunk));
      if (decoder.pasting)
        giveUp = setTimeout(() => {
          r.queue.push(...decoder.flush());
          r.drain();
        }, PASTE_GIVE_UP_MS);
      r.drain();
    };
    events.on('input', onInput);
    return () => {
      if (giveUp) clearTimeout(giveUp);
      events.removeListener('input', onInput);
      setRawMode(false);
    };
  }, [events, setRawMode]);

  return <RouterContext.Provider value={router.current}>{children}</RouterContext.Provider>;
}

/**
 * Claims the keyboard for this render when `active`; children render later and so win over parents.
 * `ready` is asked before each key: while it says false, keys wait (in order) for this screen's next render.
 */
export function useKeys(handler: KeyHandler, active = true, ready?: () => boolean): void {
  const router = useContext(RouterContext);
  if (router && active) router.claim = { handle: handler, ready };
  // Keys that waited go to the screen that is on now, once it is drawn.
  useLayoutEffect(() => {
    router?.drain();
  });
}

/** Lets the session take Ctrl-C first (see KeyRouter). */
export function useInterrupt(handler: () => boolean): void {
  const router = useContext(RouterContext);
  if (router) router.interrupt.current = handler;
}

/** Keys that waited are delivered now (after the work that held them ended without a new render). */
export function useDrainKeys(): () => void {
  const router = useContext(RouterContext);
  return () => router?.drain();
}
