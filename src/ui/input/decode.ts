// Terminal input -> key presses, one per key, in the order typed. Ink hands over what one read brought,
// split only at escape sequences, so two Backspaces sent together (tmux `send-keys BSpace BSpace`, SSH
// batching, key repeat) arrive as one string of two DEL bytes, and `ssss` as one string of four letters.
// This splits every such run into its keys, reads escape sequences (arrows, Home/End, Delete, PgUp/PgDn,
// Alt-letter, modified arrows), and gathers a bracketed paste (ESC [200~ ... ESC [201~, turned on by
// launch.tsx) into one `paste` press, so pasted text is never taken for keys. Pure: no I/O, no React.
//
// A press is Ink's (input, key) pair, so every handler keeps Ink's shape: `key` is Ink's Key plus
// `paste` (input is then the pasted text, raw). Control characters are never handed over as `input`:
// Ctrl-letter is `ctrl` with the letter, and unknown controls are dropped here.

import type { Key } from 'ink';

export type KeyInfo = Key & { paste?: boolean };

export interface KeyPress {
  input: string;
  key: KeyInfo;
}

const NO_KEY: KeyInfo = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

export function press(input: string, key: Partial<KeyInfo> = {}): KeyPress {
  return { input, key: { ...NO_KEY, ...key } };
}

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

/** CSI/SS3 final bytes and `~` codes that name keys. */
const FINAL: Record<string, Partial<KeyInfo>> = {
  A: { upArrow: true },
  B: { downArrow: true },
  C: { rightArrow: true },
  D: { leftArrow: true },
  H: { home: true },
  F: { end: true },
  Z: { tab: true, shift: true },
};
const TILDE: Record<string, Partial<KeyInfo>> = {
  '1': { home: true },
  '7': { home: true },
  '4': { end: true },
  '8': { end: true },
  '3': { delete: true },
  '5': { pageUp: true },
  '6': { pageDown: true },
};

/** xterm's modifier parameter (1 + shift 1 + alt 2 + ctrl 4). */
function modifiers(param: string | undefined): Partial<KeyInfo> {
  const n = Number(param ?? '1') - 1;
  if (!Number.isInteger(n) || n <= 0) return {};
  return { ...(n & 1 ? { shift: true } : {}), ...(n & 2 ? { meta: true } : {}), ...(n & 4 ? { ctrl: true } : {}) };
}

/** One escape sequence as Ink split it off (ESC [ ..., ESC O x, ESC x, ESC ESC [ ...). */
function escapeSequence(seq: string): KeyPress | undefined {
  if (seq === '\x1b') return press('', { escape: true, meta: true });
  if (seq.startsWith('\x1b\x1b')) {
    const inner = escapeSequence(seq.slice(1));
    return inner ? { input: inner.input, key: { ...inner.key, meta: true, escape: false } } : undefined;
  }
  const csi = /^\x1b\[\[?([\d;]*)([A-Za-z~])$/.exec(seq);
  if (csi) {
    const [, params = '', final = ''] = csi;
    const parts = params.split(';');
    if (final === '~') {
      const named = TILDE[parts[0] ?? ''];
      return named ? press('', { ...named, ...modifiers(parts[1]) }) : undefined;
    }
    const named = FINAL[final];
    return named ? press('', { ...named, ...modifiers(parts[1]) }) : undefined;
  }
  const ss3 = /^\x1bO([A-Za-z])$/.exec(seq);
  if (ss3) {
    const named = FINAL[ss3[1]!];
    return named ? press('', named) : undefined;
  }
  // Alt (meta) with a key: ESC followed by it.
  const rest = seq.slice(1);
  if ([...rest].length !== 1) return undefined;
  const inner = controlOrChar(rest);
  return inner ? { input: inner.input, key: { ...inner.key, meta: true } } : undefined;
}

/** One character outside an escape sequence. */
function controlOrChar(ch: string): KeyPress | undefined {
  const code = ch.codePointAt(0)!;
  if (ch === '\r' || ch === '\n') return press('\r', { return: true });
  if (ch === '\t') return press('\t', { tab: true });
  if (code === 0x7f || code === 0x08) return press('', { backspace: true });
  if (code === 0) return press(' ', { ctrl: true });
  if (code < 0x1b) return press(String.fromCharCode(code + 0x60), { ctrl: true });
  if (code < 0x20 || (code >= 0x80 && code < 0xa0)) return undefined;
  return press(ch);
}

/**
 * A run of text one read brought (no escape sequence inside). Each character is a key, except that line
 * breaks between other characters mark a paste from a terminal without bracketed paste: that middle part
 * is one paste, and line breaks at either end are Enter typed ahead.
 */
function textRun(run: string): KeyPress[] {
  const [, leading = '', body = '', trailing = ''] = /^([\r\n]*)([\s\S]*?)([\r\n]*)$/.exec(run)!;
  const out: KeyPress[] = [];
  const enters = (breaks: string) => {
    for (let n = breaks.replace(/\r\n/g, '\n').length; n > 0; n--) out.push(press('\r', { return: true }));
  };
  enters(leading);
  if (/[\r\n]/.test(body)) out.push(press(body, { paste: true }));
  else
    for (const ch of body) {
      const p = controlOrChar(ch);
      if (p) out.push(p);
    }
  enters(trailing);
  return out;
}

export interface KeyDecoder {
  /** The presses in `chunk` (one of Ink's input events); a paste may span several chunks. */
  push(chunk: string): KeyPress[];
  /** Inside a bracketed paste whose end has not come yet. */
  readonly pasting: boolean;
  /** Ends an unfinished paste (its end marker never came): what was gathered, as one paste. */
  flush(): KeyPress[];
}

export function createKeyDecoder(): KeyDecoder {
  let paste: string | undefined;
  const decoder: KeyDecoder = {
    get pasting() {
      return paste !== undefined;
    },
    push(chunk) {
      const out: KeyPress[] = [];
      let rest = chunk;
      while (rest !== '') {
        if (paste !== undefined) {
          const end = rest.indexOf(PASTE_END);
          if (end === -1) {
            paste += rest;
            break;
          }
          out.push(press(paste + rest.slice(0, end), { paste: true }));
          paste = undefined;
          rest = rest.slice(end + PASTE_END.length);
          continue;
        }
        const start = rest.indexOf(PASTE_START);
        const before = start === -1 ? rest : rest.slice(0, start);
        if (before.startsWith('\x1b')) {
          const p = escapeSequence(before);
          if (p) out.push(p);
        } else if (before.includes('\x1b')) {
          // Not split at its escape (a caller other than Ink): the text, then the sequence.
          const at = before.indexOf('\x1b');
          out.push(...textRun(before.slice(0, at)), ...decoder.push(before.slice(at)));
        } else if (before !== '') {
          out.push(...textRun(before));
        }
        if (start === -1) break;
        paste = '';
        rest = rest.slice(start + PASTE_START.length);
      }
      return out;
    },
    flush() {
      if (paste === undefined) return [];
      const text = paste;
      paste = undefined;
      return text === '' ? [] : [press(text, { paste: true })];
    },
  };
  return decoder;
}
