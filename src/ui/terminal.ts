// Handing the terminal to an interactive statement (`psql` alone, `read -p`, `patronictl switchover`):
// the UI steps aside (Ink unmounted, the main screen back, the keyboard the program's), the statement
// runs with the terminal's stdin and stdout, and when it exits the UI comes back at the session's step.
// launch.tsx provides the real handoff; without it (tests, no terminal) the work just runs.
import { createContext } from 'react';

export interface Terminal {
  /** `statementId`: the statement that gets the terminal; the UI comes back with it highlighted as done. */
  handoff<T>(work: () => Promise<T>, statementId?: string): Promise<T>;
}

export const TerminalContext = createContext<Terminal>({ handoff: (work) => work() });
