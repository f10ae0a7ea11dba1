// Low-level SQL lexing helpers shared by the splitter and the placeholder finder: where a quoted string,
// a dollar quote or a comment ends. Each helper runs in time linear in what it skips, so scanners built
// on them stay linear over a whole block. Unterminated constructs end at the end of the text, as psql
// would keep reading them.

export function isIdentChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || // a-z
    (code >= 65 && code <= 90) || // A-Z
    (code >= 48 && code <= 57) || // 0-9
    code === 95 || // _
    code === 36 || // $ (allowed inside PostgreSQL identifiers)
    code >= 0x80
  );
}

/**
 * Exactly the characters JavaScript's `\s` matches, tested by code: scanners ask this once per
 * character, where a regex test per character cost ~30 ms in a cold `runbook list`.
 */
export function isSpaceCode(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

/** End (exclusive) of a single-quoted string opening at `start`; backslash escapes when `escapes`. */
export function endOfQuoted(text: string, start: number, quote: string, escapes: boolean): number {
  let i = start + 1;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (escapes && c === '\\') {
      i += 2;
    } else if (c === quote) {
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return n;
}

/** Whether the `'` at `quote` opens an E'' string (E not part of a longer identifier). */
export function isEscapeString(text: string, quote: number): boolean {
  const prev = text[quote - 1];
  if (prev !== 'E' && prev !== 'e') return false;
  return quote - 2 < 0 || !isIdentChar(text.charCodeAt(quote - 2));
}

const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;

/** The `$tag$` opening a dollar quote at `start`, or undefined (`$1`, `a$b`). */
export function dollarTagAt(text: string, start: number): string | undefined {
  if (start > 0 && isIdentChar(text.charCodeAt(start - 1))) return undefined;
  DOLLAR_TAG.lastIndex = start;
  return DOLLAR_TAG.exec(text)?.[0];
}

export function endOfDollarQuoted(text: string, start: number, tag: string): number {
  const close = text.indexOf(tag, start + tag.length);
  return close < 0 ? text.length : close + tag.length;
}

/** End (exclusive) of a possibly nested block comment opening at `start`. */
export function endOfBlockComment(text: string, start: number): number {
  let depth = 0;
  let i = start;
  const n = text.length;
  while (i < n) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return n;
}

/** Index of the `\n` ending the line at `from`, or the text length. */
export function endOfLine(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl;
}
