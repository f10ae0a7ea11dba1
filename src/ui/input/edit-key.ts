// A key press applied to a text field: readline's keys (keys.ts EDIT_KEYMAP) become editing commands,
// typed characters and pastes are inserted (line-edit.ts cleans them). Every field of the UI goes
// through here, so the same key does the same thing everywhere. Keys that are not edits (Enter in a
// one-line field, Esc, Tab, ↑/↓ between fields) come back as undefined: the form decides what they mean.

import { commandFor, EDIT_KEYMAP, MULTILINE_EDIT_KEYMAP } from '../keys.js';
import type { KeyInfo } from './decode.js';
import { edit, insert, type EditResult, type Field, type FieldOptions } from './line-edit.js';

export interface EditKeyOptions extends FieldOptions {
  /** ↑/↓ move between lines and Enter breaks the line (the statement editor). */
  lineKeys?: boolean;
}

export function editKey(f: Field, input: string, key: KeyInfo, options: EditKeyOptions = {}): EditResult | undefined {
  if (key.paste) return insert(f, input, options);
  const command = (options.lineKeys ? commandFor(MULTILINE_EDIT_KEYMAP, input, key) : undefined) ?? commandFor(EDIT_KEYMAP, input, key);
  if (command) return { field: edit(f, command, { multiline: options.lineKeys || options.multiline }) };
  if (key.ctrl || key.meta || key.return || key.escape || key.tab || key.upArrow || key.downArrow || key.pageUp || key.pageDown) return undefined;
  if (input === '') return undefined;
  return insert(f, input, options);
}
