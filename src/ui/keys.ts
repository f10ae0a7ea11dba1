// The one keymap of the terminal UI: keys map to named commands, and the footer is drawn from this same
// table, so what the footer says is what the keys do. Components translate Ink's (input, key) pair with
// `commandFor` and act on the command name, never on raw keys.

import type { Key } from 'ink';

export type Command =
  | 'run'
  | 'run-all'
  | 'skip'
  | 'edit'
  | 'note'
  | 'tick'
  | 'up'
  | 'down'
  | 'back'
  | 'finish'
  | 'contacts'
  | 'scroll-left'
  | 'scroll-right'
  | 'page-up'
  | 'page-down'
  | 'interrupt';

export interface Binding {
  command: Command;
  /** How the footer names the key. */
  label: string;
  /** What the footer says it does. */
  help: string;
  match(input: string, key: Key): boolean;
}

const plain = (input: string, key: Key, ch: string) => input === ch && !key.ctrl && !key.meta;

export const KEYMAP: readonly Binding[] = [
  { command: 'run', label: 'Enter', help: 'run', match: (_i, k) => k.return },
  { command: 'run-all', label: 'a', help: 'run block', match: (i, k) => plain(i, k, 'a') },
  { command: 'skip', label: 's', help: 'skip', match: (i, k) => plain(i, k, 's') },
  { command: 'edit', label: 'e', help: 'edit', match: (i, k) => plain(i, k, 'e') },
  { command: 'note', label: 'n', help: 'note', match: (i, k) => plain(i, k, 'n') },
  { command: 'tick', label: 'Space', help: 'tick', match: (i, k) => plain(i, k, ' ') },
  { command: 'up', label: 'k/↑', help: 'up', match: (i, k) => k.upArrow || plain(i, k, 'k') },
  // The footer shows j/k once, for both directions.
  { command: 'down', label: 'j/k', help: 'move', match: (i, k) => k.downArrow || plain(i, k, 'j') },
  { command: 'back', label: 'b', help: 'back', match: (i, k) => plain(i, k, 'b') },
  { command: 'scroll-left', label: 'h/←', help: 'columns', match: (i, k) => k.leftArrow || plain(i, k, 'h') },
  { command: 'scroll-right', label: 'h/l', help: 'columns', match: (i, k) => k.rightArrow || plain(i, k, 'l') },
  { command: 'page-up', label: 'u/PgUp', help: 'rows up', match: (i, k) => k.pageUp || plain(i, k, 'u') },
  { command: 'page-down', label: 'u/d', help: 'rows', match: (i, k) => k.pageDown || plain(i, k, 'd') },
  { command: 'contacts', label: 'c', help: 'contacts', match: (i, k) => plain(i, k, 'c') },
  { command: 'finish', label: 'q', help: 'finish', match: (i, k) => plain(i, k, 'q') },
  { command: 'interrupt', label: 'Ctrl-C', help: 'cancel/quit', match: isInterrupt },
];

export function commandFor(input: string, key: Key): Command | undefined {
  return KEYMAP.find((b) => b.match(input, key))?.command;
}

export function binding(command: Command): Binding {
  return KEYMAP.find((b) => b.command === command)!;
}

/** The footer's commands for each situation, most useful first (it wraps to two lines when narrow). */
export const FOOTER = {
  statement: ['run', 'run-all', 'skip', 'edit', 'down', 'back', 'note', 'contacts', 'finish'],
  result: ['run', 'run-all', 'skip', 'edit', 'down', 'scroll-right', 'page-down', 'back', 'note', 'contacts', 'finish'],
  manual: ['tick', 'down', 'back', 'note', 'contacts', 'finish'],
  next: ['run', 'down', 'back', 'note', 'contacts', 'finish'],
  running: ['interrupt'],
} as const satisfies Record<string, readonly Command[]>;

/** What the footer says while a box that answers its own keys is open, instead of the session's keys. */
export const BOX_FOOTER: Partial<Record<string, string>> = {
  contacts: 'any key close',
  summary: 'any key exit',
  message: 'any key close',
  quit: 'y quit  n/Esc stay',
  choice: '↑/↓ move  Enter choose  Esc none applies',
};

/** True for Ctrl-C, which Ink delivers as input 'c' with ctrl (exitOnCtrlC is off, the UI handles it). */
export function isInterrupt(input: string, key: Key): boolean {
  return key.ctrl && input === 'c';
}
