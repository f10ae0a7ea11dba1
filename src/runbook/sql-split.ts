// Splits a ```sql block into statements the way psql splits its input, so each statement can be run
// on its own (a block like "Quick Reference Commands" is a menu, not a script):
// - `;` ends a statement only outside quotes ('', E'' with backslash escapes, "identifiers", $tag$
//   dollar quotes), outside `--` and nested `/* */` comments, and outside parentheses (as psql does);
// - a backslash line is a psql meta-command (`\i file`, `\d`), one line each; a meta-command that sends
//   the query buffer (`SELECT ... \gexec`, `\gx`) ends the SQL before it and makes one statement with it;
// - a line whose first word is plainly a shell command (`psql -h ...`, `pg_dump ...`) is a shell
//   statement ending at its line end (runbooks mix them into sql blocks);
// - comment-only lines are notes, except the comment group directly above a statement, which becomes
//   its description. A blank line separates groups.
// One pass over the text with a forward-only cursor: linear in the block size.
import type { StatementKind } from './model.js';
import {
  dollarTagAt,
  endOfBlockComment,
  endOfDollarQuoted,
  endOfLine,
  endOfQuoted,
  isEscapeString,
  isSpaceCode,
} from './sql-lex.js';
import { isShellCommandLine } from './shell-split.js';
import { SourceText } from './source.js';
import { queryBufferCommandAt } from './psql-meta.js';
import type { RawStatement } from './raw-statement.js';


interface CommentGroup {
  start: number;
  end: number;
  lines: string[];
}

export function splitSql(code: string): RawStatement[] {
  const index = new SourceText(code);
  const out: RawStatement[] = [];
  let pending: CommentGroup | undefined;
  let lineHasContent = false;
  let i = 0;
  const n = code.length;

  const emit = (start: number, end: number, kind: StatementKind, description?: string): void => {
    const text = code.slice(start, end).trimEnd();
    if (text === '') return;
    const { line, column } = index.position(start);
    const endLine = index.position(start + text.length - 1).line;
    const statement: RawStatement = { text, offset: start, line, column, endLine, kind };
    if (description !== undefined) statement.description = description;
    out.push(statement);
  };
  const flushNote = (): void => {
    if (pending) emit(pending.start, pending.end, 'note');
    pending = undefined;
  };
  const takeDescription = (): string | undefined => {
    const description = pending?.lines.filter((line) => line !== '').join('\n');
    pending = undefined;
    return description === '' ? undefined : description;
  };
  const addComment = (start: number, end: number, lines: string[]): void => {
    if (pending) {
      pending.end = end;
      pending.lines.push(...lines);
    } else pending = { start, end, lines };
    lineHasContent = true;
  };

  while (i < n) {
    const c = code[i]!;
    if (c === '\n') {
      if (!lineHasContent) flushNote();
      lineHasContent = false;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
    } else if ((c === '-' && code[i + 1] === '-') || (c === '#' && !lineHasContent)) {
      const eol = endOfLine(code, i);
      addComment(i, trimEndIndex(code, i, eol), [stripLineComment(code.slice(i, eol))]);
      i = eol;
    } else if (c === '/' && code[i + 1] === '*' && restOfLineBlank(code, endOfBlockComment(code, i))) {
      const end = endOfBlockComment(code, i);
      addComment(i, end, stripBlockComment(code.slice(i, end)));
      i = end;
    } else if (c === '\\') {
      const eol = endOfLine(code, i);
      emit(i, eol, 'psql-meta', takeDescription());
      lineHasContent = true;
      i = eol;
    } else if (!lineHasContent && isShellCommandLine(code, i)) {
      const end = endOfShellLine(code, i);
      emit(i, end, 'shell', takeDescription());
      lineHasContent = true;
      i = end;
    } else {
      const description = takeDescription();
      // Math.max: the cursor must always move forward, whatever the scanner answers.
      const end = Math.max(endOfSqlStatement(code, i), i + 1);
      if (code[end] === '\\' && queryBufferCommandAt(code, end)) {
        // `SELECT ... \gexec`: the SQL and the meta-command that sends it are one statement.
        const eol = endOfLine(code, end);
        emit(i, eol, 'psql-meta', description);
        lineHasContent = true;
        i = eol;
        continue;
      }
      // A lone `;` is an empty statement that psql ignores.
      if (code.slice(i, end).trim() !== ';') emit(i, end, 'sql', description);
      lineHasContent = true;
      i = end;
    }
  }
  flushNote();
  return out;
}

/**
 * End (exclusive) of the SQL statement starting at `start`: after its `;` (plus a trailing `-- comment`
 * on the same line), before a psql backslash command, or, for a last statement without `;`, at the end
 * of its last line holding code, so that comment lines after it stay notes.
 */
function endOfSqlStatement(code: string, start: number): number {
  const n = code.length;
  let depth = 0;
  let lastCode = start;
  let i = start;
  while (i < n) {
    const c = code[i]!;
    if (c === "'") {
      i = endOfQuoted(code, i, "'", isEscapeString(code, i));
      lastCode = i;
    } else if (c === '"') {
      i = endOfQuoted(code, i, '"', false);
      lastCode = i;
    } else if (c === '$') {
      const tag = dollarTagAt(code, i);
      i = tag ? endOfDollarQuoted(code, i, tag) : i + 1;
      lastCode = i;
    } else if (c === '-' && code[i + 1] === '-') {
      i = endOfLine(code, i);
    } else if (c === '/' && code[i + 1] === '*') {
      i = endOfBlockComment(code, i);
    } else if (c === '\\') {
      return i;
    } else if (c === ';' && depth === 0) {
      return withTrailingComment(code, i + 1);
    } else {
      if (c === '(') depth++;
      else if (c === ')' && depth > 0) depth--;
      i++;
      if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') lastCode = i;
    }
  }
  return endOfLine(code, lastCode - 1);
}

/** After `;`: keep `SELECT 1; -- why` together, since that comment belongs to the statement. */
function withTrailingComment(code: string, after: number): number {
  let i = after;
  while (code[i] === ' ' || code[i] === '\t') i++;
  if (code[i] === '-' && code[i + 1] === '-') return endOfLine(code, i);
  return after;
}

/** A shell line ends at its newline unless it ends with a `\` continuation. */
function endOfShellLine(code: string, start: number): number {
  let eol = endOfLine(code, start);
  while (eol < code.length && /\\\r?$/.test(code.slice(Math.max(start, eol - 2), eol))) {
    eol = endOfLine(code, eol + 1);
  }
  return eol;
}

function restOfLineBlank(code: string, from: number): boolean {
  const eol = endOfLine(code, from);
  return code.slice(from, eol).trim() === '';
}

function trimEndIndex(code: string, start: number, end: number): number {
  let e = end;
  while (e > start && isSpaceCode(code.charCodeAt(e - 1))) e--;
  return e;
}

function stripLineComment(line: string): string {
  return line.replace(/^(--+|#+)\s?/, '').trim();
}

function stripBlockComment(comment: string): string[] {
  return comment
    .replace(/^\/\*+/, '')
    .replace(/\*+\/$/, '')
    .split('\n')
    .map((line) => line.replace(/^\s*\*?\s?/, '').trim());
}
