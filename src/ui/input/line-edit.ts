// The one editing model behind every text field (parameters, notes, closing answers, the ad-hoc prompt,
// the statement editor): a buffer and a cursor, and what each editing command does to them, as readline
// does it. Pure (buffer + cursor + command -> buffer + cursor), so it is tested without a terminal; the
// keys that name each command live in keys.ts (EDIT_KEYMAP), beside the other keymaps.
//
// Nothing but text is ever stored: inserted and pasted text loses its control characters (a CR or CRLF
// is a line break; a line break or tab is kept only where the field holds several lines). A field of one
// line refuses a paste of several lines with a message, instead of cutting or joining it.

export interface Field {
  text: string;
  /** Offset into `text` (UTF-16 units, always at a code point boundary). */
  cursor: number;
  /** The text the last kill took (Ctrl-U/K/W, Alt-D), for Ctrl-Y. */
  killed?: string;
}

export type EditCommand =
  | 'left'
  | 'right'
  | 'word-left'
  | 'word-right'
  | 'line-start'
  | 'line-end'
  | 'line-up'
  | 'line-down'
  | 'backspace'
  | 'delete'
  | 'kill-line-start'
  | 'kill-line-end'
  | 'kill-word-back'
  | 'kill-word-forward'
  | 'yank'
  | 'newline';

export interface FieldOptions {
  /** The field may hold several lines (a paste keeps its line breaks). */
  multiline?: boolean;
  /** What the field is called in a refusal ("a note"). */
  name?: string;
}

export type EditResult = { field: Field } | { field: Field; refused: string };

export function field(text = '', cursor = text.length): Field {
  return { text, cursor: Math.max(0, Math.min(cursor, text.length)) };
}

/** Text as a field may hold it: CR/CRLF become LF; other controls go; LF and tab only when multi-line. */
export function cleanText(text: string, multiline: boolean): string {
  const lf = text.replace(/\r\n?/g, '\n');
  // eslint-disable-next-line no-control-regex
  const bare = lf.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, '');
  return multiline ? bare : bare.replace(/\t/g, ' ');
}

/** Inserts typed or pasted text at the cursor (cleaned); a field of one line refuses several lines. */
export function insert(f: Field, text: string, options: FieldOptions = {}): EditResult {
  const clean = cleanText(text, !!options.multiline);
  if (!options.multiline && clean.includes('\n')) {
    const lines = clean.replace(/\n+$/, '').split('\n').length;
    if (lines > 1) return { field: f, refused: `${options.name ?? 'this field'} is one line: the paste has ${lines} lines, nothing was inserted` };
  }
  const piece = options.multiline ? clean : clean.replace(/\n+$/, '');
  if (piece === '') return { field: f };
  return { field: { ...f, text: f.text.slice(0, f.cursor) + piece + f.text.slice(f.cursor), cursor: f.cursor + piece.length } };
}

/** The offset one code point before/after `at`. */
function prevPoint(text: string, at: number): number {
  if (at <= 0) return 0;
  const code = text.charCodeAt(at - 1);
  return at >= 2 && code >= 0xdc00 && code <= 0xdfff ? at - 2 : at - 1;
}
function nextPoint(text: string, at: number): number {
  if (at >= text.length) return text.length;
  const code = text.charCodeAt(at);
  return code >= 0xd800 && code <= 0xdbff && at + 1 < text.length ? at + 2 : at + 1;
}

const isWord = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}_]/u.test(ch);

/** readline's backward-word: skip non-word characters, then the word. */
export function wordStart(text: string, at: number): number {
  let i = at;
  while (i > 0 && !isWord(text[i - 1])) i--;
  while (i > 0 && isWord(text[i - 1])) i--;
  return i;
}

/** readline's forward-word: skip non-word characters, then the word. */
export function wordEnd(text: string, at: number): number {
  let i = at;
  while (i < text.length && !isWord(text[i])) i++;
  while (i < text.length && isWord(text[i])) i++;
  return i;
}

/** Ctrl-W: back over whitespace, then over everything that is not whitespace (unix-word-rubout). */
function rubout(text: string, at: number): number {
  let i = at;
  while (i > 0 && /\s/.test(text[i - 1]!)) i--;
  while (i > 0 && !/\s/.test(text[i - 1]!)) i--;
  return i;
}

export function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

export function lineEnd(text: string, at: number): number {
  const end = text.indexOf('\n', at);
  return end === -1 ? text.length : end;
}

function kill(f: Field, from: number, to: number): Field {
  if (from === to) return f;
  return { text: f.text.slice(0, from) + f.text.slice(to), cursor: from, killed: f.text.slice(from, to) };
}

/** Moves to the same column on the line above (-1) or below (+1); stays when there is none. */
function verticalMove(f: Field, direction: -1 | 1): Field {
  const start = lineStart(f.text, f.cursor);
  const column = f.cursor - start;
  if (direction < 0) {
    if (start === 0) return f;
    const prevStart = lineStart(f.text, start - 1);
    return { ...f, cursor: Math.min(prevStart + column, start - 1) };
  }
  const end = lineEnd(f.text, f.cursor);
  if (end === f.text.length) return f;
  const nextStart = end + 1;
  return { ...f, cursor: Math.min(nextStart + column, lineEnd(f.text, nextStart)) };
}

/** What an editing command does to a field. */
export function edit(f: Field, command: EditCommand, options: FieldOptions = {}): Field {
  const { text, cursor } = f;
  switch (command) {
    case 'left':
      return { ...f, cursor: prevPoint(text, cursor) };
    case 'right':
      return { ...f, cursor: nextPoint(text, cursor) };
    case 'word-left':
      return { ...f, cursor: wordStart(text, cursor) };
    case 'word-right':
      return { ...f, cursor: wordEnd(text, cursor) };
    case 'line-start':
      return { ...f, cursor: lineStart(text, cursor) };
    case 'line-end':
      return { ...f, cursor: lineEnd(text, cursor) };
    case 'line-up':
      return verticalMove(f, -1);
    case 'line-down':
      return verticalMove(f, 1);
    case 'backspace': {
      const from = prevPoint(text, cursor);
      return from === cursor ? f : { ...f, text: text.slice(0, from) + text.slice(cursor), cursor: from };
    }
    case 'delete': {
      const to = nextPoint(text, cursor);
      return to === cursor ? f : { ...f, text: text.slice(0, cursor) + text.slice(to) };
    }
    case 'kill-line-start':
      return kill(f, lineStart(text, cursor), cursor);
    case 'kill-line-end': {
      const end = lineEnd(text, cursor);
      // At a line's end in a multi-line field, Ctrl-K joins the next line (as Emacs does).
      return kill(f, cursor, end === cursor && end < text.length ? end + 1 : end);
    }
    case 'kill-word-back':
      return kill(f, rubout(text, cursor), cursor);
    case 'kill-word-forward':
      return kill(f, cursor, wordEnd(text, cursor));
    case 'yank':
      return f.killed ? { ...insert(f, f.killed, options).field, killed: f.killed } : f;
    case 'newline':
      return options.multiline ? { ...f, text: text.slice(0, cursor) + '\n' + text.slice(cursor), cursor: cursor + 1 } : f;
  }
}

/** The field's lines and where the cursor is among them (line index, column in UTF-16 units). */
export function cursorPosition(f: Field): { line: number; column: number } {
  const before = f.text.slice(0, f.cursor);
  const line = before.split('\n').length - 1;
  return { line, column: f.cursor - lineStart(f.text, f.cursor) };
}
