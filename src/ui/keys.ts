// The keymaps of the terminal UI: keys map to named commands, and the footer and the `?` help are drawn
// from these same tables, so what they say is what the keys do. Components translate a key press (see
// input/decode.ts) with `commandFor(KEYMAP, ...)` and act on the command name, never on raw keys. The
// text fields' keys (readline's) are here too, as EDIT_KEYMAP; input/edit-key.ts applies them.

import type { EditCommand } from './input/line-edit.js';
import type { KeyInfo } from './input/decode.js';

export interface Binding<C extends string = string> {
  command: C;
  /** How the footer and the help name the key. */
  label: string;
  /** What the footer and the help say it does. */
  help: string;
  match(input: string, key: KeyInfo): boolean;
}

const plain = (input: string, key: KeyInfo, ch: string) => input === ch && !key.ctrl && !key.meta && !key.paste;
const ctrl = (input: string, key: KeyInfo, ch: string) => key.ctrl && !key.meta && input === ch;
const alt = (input: string, key: KeyInfo, ch: string) => key.meta && !key.ctrl && input === ch;

/** True for Ctrl-C, which arrives as input 'c' with ctrl (exitOnCtrlC is off, the UI handles it). */
export function isInterrupt(input: string, key: KeyInfo): boolean {
  return key.ctrl && input === 'c';
}

export function commandFor<C extends string>(map: readonly Binding<C>[], input: string, key: KeyInfo): C | undefined {
  return map.find((b) => b.match(input, key))?.command;
}

// ---------------------------------------------------------------------------------------------------
// The session screen

export type Command =
  | 'run'
  | 'rerun'
  | 'view'
  | 'run-all'
  | 'skip'
  | 'edit'
  | 'ad-hoc'
  | 'note'
  | 'tick'
  | 'up'
  | 'down'
  | 'back'
  | 'finish'
  | 'contacts'
  | 'help'
  | 'scroll-left'
  | 'scroll-right'
  | 'page-up'
  | 'page-down'
  | 'interrupt';

export const KEYMAP: readonly Binding<Command>[] = [
  { command: 'run', label: 'Enter', help: 'run (on a result: view it)', match: (_i, k) => k.return && !k.meta },
  { command: 'view', label: 'v', help: 'view the result full screen', match: (i, k) => plain(i, k, 'v') },
  { command: 'rerun', label: 'r', help: 'run again', match: (i, k) => plain(i, k, 'r') },
  { command: 'run-all', label: 'a', help: 'run the block', match: (i, k) => plain(i, k, 'a') },
  { command: 'skip', label: 's', help: 'skip', match: (i, k) => plain(i, k, 's') },
  { command: 'edit', label: 'e', help: 'edit, then run', match: (i, k) => plain(i, k, 'e') },
  { command: 'ad-hoc', label: ':', help: 'your own SQL or shell', match: (i, k) => plain(i, k, ':') },
  { command: 'note', label: 'n', help: 'note', match: (i, k) => plain(i, k, 'n') },
  { command: 'tick', label: 'Space', help: 'tick', match: (i, k) => plain(i, k, ' ') },
  { command: 'up', label: 'k/↑', help: 'up', match: (i, k) => (k.upArrow && !k.shift) || plain(i, k, 'k') },
  { command: 'down', label: 'j/↓', help: 'down', match: (i, k) => (k.downArrow && !k.shift) || plain(i, k, 'j') },
  { command: 'back', label: 'b', help: 'back a step', match: (i, k) => plain(i, k, 'b') },
  { command: 'scroll-left', label: 'h/←', help: 'result columns left', match: (i, k) => k.leftArrow || plain(i, k, 'h') },
  { command: 'scroll-right', label: 'l/→', help: 'result columns right', match: (i, k) => k.rightArrow || plain(i, k, 'l') },
  { command: 'page-up', label: 'u/PgUp', help: 'result rows up', match: (i, k) => k.pageUp || plain(i, k, 'u') },
  { command: 'page-down', label: 'd/PgDn', help: 'result rows down', match: (i, k) => k.pageDown || plain(i, k, 'd') },
  { command: 'contacts', label: 'c', help: 'contacts', match: (i, k) => plain(i, k, 'c') },
  { command: 'help', label: '?', help: 'keys', match: (i, k) => plain(i, k, '?') },
  { command: 'finish', label: 'q', help: 'finish', match: (i, k) => plain(i, k, 'q') },
  { command: 'interrupt', label: 'Ctrl-C', help: 'cancel the running statement / quit', match: isInterrupt },
];

export function binding(command: Command): Binding<Command> {
  return KEYMAP.find((b) => b.command === command)!;
}

/** What the footer calls a command when the help's words are too long for it. */
const SHORT: Partial<Record<Command, string>> = {
  run: 'run',
  view: 'view',
  rerun: 'rerun',
  'run-all': 'run block',
  edit: 'edit',
  'ad-hoc': 'own SQL',
  'scroll-right': 'columns',
  'page-down': 'rows',
  down: 'move',
  back: 'back',
  interrupt: 'cancel',
};

/** The footer's label for a command ("j/k move" for the two moves it shows as one). */
export function footerPart(command: Command): string {
  if (command === 'down') return 'j/k move';
  if (command === 'scroll-right') return 'h/l columns';
  if (command === 'page-down') return 'u/d rows';
  const b = binding(command);
  return `${b.label} ${SHORT[command] ?? b.help}`;
}

/** Commands that work while a statement runs (the rest wait until it ends, and the screen says so). */
export const WHILE_RUNNING: readonly Command[] = ['note', 'contacts', 'help', 'view', 'scroll-left', 'scroll-right', 'page-up', 'page-down', 'interrupt'];

/** The footer's commands for each situation, most useful first (it wraps to two lines when narrow). */
export const FOOTER = {
  statement: ['run', 'run-all', 'skip', 'edit', 'down', 'back', 'note', 'contacts', 'ad-hoc', 'help', 'finish'],
  result: ['run', 'rerun', 'skip', 'edit', 'down', 'scroll-right', 'page-down', 'back', 'note', 'ad-hoc', 'help', 'finish'],
  manual: ['tick', 'down', 'back', 'note', 'contacts', 'ad-hoc', 'help', 'finish'],
  next: ['run', 'down', 'back', 'note', 'contacts', 'ad-hoc', 'help', 'finish'],
  running: ['interrupt', 'view', 'note', 'contacts', 'page-down', 'help'],
} as const satisfies Record<string, readonly Command[]>;

/** What the footer says while a box that answers its own keys is open, instead of the session's keys. */
export const BOX_FOOTER: Partial<Record<string, string>> = {
  contacts: 'any key close',
  help: 'j/k PgUp/PgDn scroll  any other key close',
  summary: 'any key exit',
  message: 'any key close',
  prompt: 'Enter answer  Esc cancel',
  'ad-hoc': 'Enter run  Tab SQL/shell  Esc cancel',
  quit: 'y quit  n/Esc stay',
  choice: '↑/↓ move  Enter choose  Esc none applies',
  params: 'Enter next/submit  ↑/↓ field  Esc cancel  a paste keeps its lines',
};

/**
 * The confirmation's footer, for what works in it: `ask` takes Enter/y or n/Esc; `ask-typed` only runs
 * on Enter once the word is typed (y and n are letters of it); p/Ctrl-P only when there are parameters.
 */
export function confirmFooter(o: { typed: boolean; again?: boolean; canEditParams?: boolean }): string {
  const run = o.again ? 'run again' : 'run';
  const parts = o.typed
    ? [`type the word, Enter ${run}`, 'Esc cancel', ...(o.canEditParams ? ['Ctrl-P parameters'] : [])]
    : [`Enter/y ${run}`, `n/Esc ${o.again ? 'keep as it is' : 'cancel'}`, ...(o.canEditParams ? ['p parameters'] : [])];
  return parts.join('  ');
}

// ---------------------------------------------------------------------------------------------------
// The result viewer

export type ViewerCommand =
  | 'close'
  | 'row-up'
  | 'row-down'
  | 'page-up'
  | 'page-down'
  | 'top'
  | 'bottom'
  | 'col-left'
  | 'col-right'
  | 'page-left'
  | 'page-right'
  | 'record'
  | 'wrap'
  | 'cell'
  | 'search'
  | 'next-match'
  | 'prev-match'
  | 'help'
  | 'interrupt';

export const VIEWER_KEYMAP: readonly Binding<ViewerCommand>[] = [
  { command: 'close', label: 'q/Esc', help: 'close', match: (i, k) => (k.escape && !k.paste) || plain(i, k, 'q') || plain(i, k, 'v') },
  { command: 'row-down', label: 'j/↓', help: 'next row (line)', match: (i, k) => (k.downArrow && !k.shift) || plain(i, k, 'j') },
  { command: 'row-up', label: 'k/↑', help: 'previous row (line)', match: (i, k) => (k.upArrow && !k.shift) || plain(i, k, 'k') },
  { command: 'page-down', label: 'PgDn/d/Space', help: 'next page (starts right after the last row shown)', match: (i, k) => k.pageDown || plain(i, k, 'd') || plain(i, k, ' ') },
  { command: 'page-up', label: 'PgUp/u', help: 'previous page', match: (i, k) => k.pageUp || plain(i, k, 'u') },
  { command: 'top', label: 'g/Home', help: 'first row', match: (i, k) => k.home || plain(i, k, 'g') },
  { command: 'bottom', label: 'G/End', help: 'last row', match: (i, k) => k.end || plain(i, k, 'G') },
  { command: 'col-left', label: 'h/←', help: 'column left (in text: a few characters)', match: (i, k) => (k.leftArrow && !k.shift) || plain(i, k, 'h') },
  { command: 'col-right', label: 'l/→', help: 'column right', match: (i, k) => (k.rightArrow && !k.shift) || plain(i, k, 'l') },
  { command: 'page-left', label: 'H/Shift-←', help: 'a screen to the left', match: (i, k) => (k.leftArrow && k.shift) || plain(i, k, 'H') },
  { command: 'page-right', label: 'L/Shift-→', help: 'a screen to the right', match: (i, k) => (k.rightArrow && k.shift) || plain(i, k, 'L') },
  { command: 'record', label: 'x', help: 'record view (one column per line) / table', match: (i, k) => plain(i, k, 'x') },
  { command: 'wrap', label: 'w', help: 'wrap long cells / cut them', match: (i, k) => plain(i, k, 'w') },
  { command: 'cell', label: 'Enter', help: 'the whole cell under the cursor', match: (_i, k) => k.return },
  { command: 'search', label: '/', help: 'search', match: (i, k) => plain(i, k, '/') },
  { command: 'next-match', label: 'n', help: 'next match', match: (i, k) => plain(i, k, 'n') },
  { command: 'prev-match', label: 'N', help: 'previous match', match: (i, k) => plain(i, k, 'N') },
  { command: 'help', label: '?', help: 'keys', match: (i, k) => plain(i, k, '?') },
  { command: 'interrupt', label: 'Ctrl-C', help: 'cancel the running statement', match: isInterrupt },
];

export const VIEWER_FOOTER: readonly ViewerCommand[] = ['close', 'page-down', 'top', 'col-right', 'record', 'wrap', 'cell', 'search', 'help'];

// ---------------------------------------------------------------------------------------------------
// Text fields (readline's keys)

export const EDIT_KEYMAP: readonly Binding<EditCommand>[] = [
  { command: 'left', label: '←/Ctrl-B', help: 'character left', match: (i, k) => (k.leftArrow && !k.ctrl && !k.meta) || ctrl(i, k, 'b') },
  { command: 'right', label: '→/Ctrl-F', help: 'character right', match: (i, k) => (k.rightArrow && !k.ctrl && !k.meta) || ctrl(i, k, 'f') },
  { command: 'word-left', label: 'Alt-B/Ctrl-←', help: 'word left', match: (i, k) => alt(i, k, 'b') || (k.leftArrow && (k.ctrl || k.meta)) },
  { command: 'word-right', label: 'Alt-F/Ctrl-→', help: 'word right', match: (i, k) => alt(i, k, 'f') || (k.rightArrow && (k.ctrl || k.meta)) },
  { command: 'line-start', label: 'Home/Ctrl-A', help: 'start of line', match: (i, k) => k.home || ctrl(i, k, 'a') },
  { command: 'line-end', label: 'End/Ctrl-E', help: 'end of line', match: (i, k) => k.end || ctrl(i, k, 'e') },
  { command: 'backspace', label: 'Backspace', help: 'delete the character before the cursor', match: (i, k) => (k.backspace && !k.meta) || ctrl(i, k, 'h') },
  { command: 'delete', label: 'Delete/Ctrl-D', help: 'delete the character under the cursor', match: (i, k) => k.delete || ctrl(i, k, 'd') },
  { command: 'kill-line-start', label: 'Ctrl-U', help: 'delete to the start of the line', match: (i, k) => ctrl(i, k, 'u') },
  { command: 'kill-line-end', label: 'Ctrl-K', help: 'delete to the end of the line', match: (i, k) => ctrl(i, k, 'k') },
  { command: 'kill-word-back', label: 'Ctrl-W/Alt-Backspace', help: 'delete the word before the cursor', match: (i, k) => ctrl(i, k, 'w') || (k.backspace && k.meta) },
  { command: 'kill-word-forward', label: 'Alt-D', help: 'delete the word after the cursor', match: (i, k) => alt(i, k, 'd') },
  { command: 'yank', label: 'Ctrl-Y', help: 'put back what was deleted last', match: (i, k) => ctrl(i, k, 'y') },
];

/** Only where a field holds several lines (the statement editor): arrows move between lines. */
export const MULTILINE_EDIT_KEYMAP: readonly Binding<EditCommand>[] = [
  { command: 'line-up', label: '↑', help: 'line up', match: (_i, k) => k.upArrow && !k.meta },
  { command: 'line-down', label: '↓', help: 'line down', match: (_i, k) => k.downArrow && !k.meta },
  { command: 'newline', label: 'Enter', help: 'new line', match: (_i, k) => k.return && !k.meta },
];

/** The help screen's sections, in order. */
export const HELP_SECTIONS: readonly { title: string; keys: readonly Binding[] }[] = [
  { title: 'Session', keys: KEYMAP },
  { title: 'Result viewer (Enter or v on a result)', keys: VIEWER_KEYMAP },
  { title: 'Text fields', keys: EDIT_KEYMAP },
];
