// Work the session screen starts from a key (journal a skip, run a statement, enter a step): one at a
// time. While it is in flight the screen is not `ready` and keys wait (hooks/useKeys.tsx) instead of
// being lost, except while a statement runs: notes, contacts, the viewer and scrolling work then.
// A failure is said on screen, never swallowed (the journal comes first).

import { useCallback, useState } from 'react';
import { useRefState } from './useRefState.js';

export interface Work {
  /** True while work is in flight. */
  busy: { current: boolean };
  /** Starts work unless some is in flight (then false). */
  start(work: () => Promise<void>): boolean;
  /** Work beside the current one (a note while a statement runs): errors are said, nothing waits for it. */
  side(work: () => Promise<unknown>): void;
  message?: string;
  setMessage(message: string | undefined): void;
}

const said = (error: unknown) => `✗ ${error instanceof Error ? error.message : String(error)}`;

export function useWork(): Work {
  const [busy, setBusy] = useRefState(false);
  const [message, setMessage] = useState<string>();
  const start = useCallback((work: () => Promise<void>) => {
    if (busy.current) return false;
    setBusy(true);
    setMessage(undefined);
    void work()
      .catch((error: unknown) => setMessage(said(error)))
      .finally(() => setBusy(false));
    return true;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const side = useCallback((work: () => Promise<unknown>) => {
    void work().catch((error: unknown) => setMessage(said(error)));
  }, []);
  return { busy, start, side, message, setMessage };
}
