// A terminal transcript pasted into a runbook -> the statements typed in it, with what the terminal
// printed after each kept as its expected `output` (shown, never run). Shell prompt lines are shell
// statements (their `\` continuations included), psql prompt lines are SQL (continued, with or
// without `-#` prompts, until the statement is complete, as psql reads it), everything else is
// output. After a shell command that opens an interactive session (`sudo gitlab-psql`), the psql
// prompts that follow are that session's, so they are its output too: the operator types them there.
import type { RawStatement } from './raw-statement.js';
import { readPrompt, startsWithCommand } from './prompts.js';
import { splitSql } from './sql-split.js';
import { unclosedQuote } from './shell-syntax.js';
import { dollarTagAt, endOfBlockComment, endOfDollarQuoted, endOfQuoted, isEscapeString } from './sql-lex.js';

export interface TranscriptOptions {
  /** `# cmd` is a root prompt (console blocks and bare fences), not a comment. */
  rootPrompt: boolean;
  /**
   * No prompt at all: the first lines are typed (shell: every line that starts with a command; sql:
   * the first statement) and from the first line that is not, everything is what they printed.
   */
  promptless?: 'shell' | 'sql';
}

/** Whether the code holds at least one prompt line (of either kind). */
export function hasPromptLine(code: string, options: TranscriptOptions): boolean {
  return code.split('\n').some((line) => {
    const prompt = readPrompt(line, options.rootPrompt);
    return prompt !== undefined && (prompt.kind === 'shell' || !prompt.continuation) && prompt.rest.trim() !== '';
  });
}

interface Command {
  kind: 'shell' | 'sql';
  /** Typed text, prompts removed. */
  text: string;
  /** Offset of the typed text's start in the code. */
  offset: number;
  line: number;
  column: number;
  endLine: number;
  output: string[];
  complete: boolean;
}

export function splitTranscript(code: string, options: TranscriptOptions): RawStatement[] {
  const lines = code.split('\n');
  // Without any prompt (a ```console block or a bare fence written so): the commands come first, and
  // from the first line that is no command on, everything is what they printed.
  const promptless = options.promptless;
  let printed = false;
  const commands: Command[] = [];
  const notes: RawStatement[] = [];
  let lineStart = 0;
  let current: Command | undefined;
  let last: Command | undefined;
  // After a shell command, psql prompts belong to the session it opened.
  let inShellSession = false;
  const leading: string[] = [];
  const nextIsPrompt = (i: number): boolean => {
    for (let k = i + 1; k < lines.length; k++) {
      if (lines[k]!.trim() === '') continue;
      return readPrompt(lines[k]!, options.rootPrompt)?.kind === 'shell';
    }
    return false;
  };
  // A comment line right after a command (no output yet) is a note; after output started, it is output.
  const inOutput = (): boolean => (last?.output.some((l) => l.trim() !== '') ?? false);
  const outputOf = (line: string): void => {
    if (last) last.output.push(line);
    else leading.push(line);
  };
  lines.forEach((line, i) => {
    const at = lineStart;
    lineStart += line.length + 1;
    if (current && !current.complete) {
      if (current.kind === 'shell') {
        // The shell's continuation prompt (`> `) is not typed.
        current.text += `\n${line.replace(/^(\s*)> /, '$1')}`;
        current.endLine = i + 1;
        current.complete = !continues(line) && !goesOn(current.text, lines, i + 1, options.rootPrompt);
        return;
      }
      const prompt = readPrompt(line);
      if (prompt?.kind === 'psql' && !prompt.continuation) {
        current.complete = true; // psql printed a fresh prompt: the previous input ended there
      } else {
        current.text += `\n${prompt?.kind === 'psql' ? prompt.rest : line}`;
        current.endLine = i + 1;
        current.complete = sqlComplete(current.text);
        return;
      }
    }
    let prompt = readPrompt(line, options.rootPrompt);
    if (promptless === 'shell' && !printed && line.trim() !== '' && !line.trim().startsWith('#')) {
      if (startsWithCommand(line)) prompt = { kind: 'shell', at: /^\s*/.exec(line)![0].length, rest: line.trimStart() };
      else printed = true;
    } else if (promptless === 'sql' && !printed && line.trim() !== '') {
      prompt = { kind: 'psql', at: /^\s*/.exec(line)![0].length, rest: line.trimStart() };
      printed = true;
    }
    const start = (kind: 'shell' | 'sql', rest: string, column: number): void => {
      current = { kind, text: rest, offset: at + column, line: i + 1, column: column + 1, endLine: i + 1, output: [], complete: false };
      current.complete = kind === 'shell' ? !continues(rest) && !goesOn(rest, lines, i + 1, options.rootPrompt) : sqlComplete(rest);
      commands.push(current);
      last = current;
    };
    if (prompt?.kind === 'shell' && prompt.rest.trim() !== '') {
      if (/^\s*#/.test(prompt.rest) || CONFIG_LINE.test(prompt.rest)) {
        // `$ #Logout`: a comment typed at the prompt; `$ port = 5433 # change to 5432`: a line to edit
        // in a file, written after a prompt (no shell command has spaces around its `=`).
        notes.push(note(prompt.rest.trim(), at + prompt.at, i + 1, prompt.at + 1));
        return;
      }
      inShellSession = true;
      start('shell', prompt.rest, prompt.at);
    } else if (prompt?.kind === 'psql' && !prompt.continuation && !inShellSession) {
      if (prompt.rest.trim() !== '') start('sql', prompt.rest, prompt.at);
    } else if (prompt?.kind === 'shell') {
      // A bare `$`: nothing typed.
    } else if (/^\s*#/.test(line) && !inOutput() && nextIsPrompt(i)) {
      // `# Change relevant MRs in variables.yml` between two commands: the author's note, not output.
      notes.push(note(line.trim(), at, i + 1, line.length - line.trimStart().length + 1));
    } else outputOf(line);
  });
  const out: RawStatement[] = [];
  if (leading.some((line) => line.trim() !== '')) out.push(note(trimLines(leading), 0, 1, 1));
  for (const command of commands) out.push(...toStatements(command));
  out.push(...notes);
  return out.sort((a, b) => a.offset - b.offset);
}

function note(text: string, offset: number, line: number, column: number): RawStatement {
  return { text, offset, line, column, endLine: line + text.split('\n').length - 1, kind: 'note' };
}

function toStatements(command: Command): RawStatement[] {
  const output = trimLines(command.output);
  const text = command.text.replace(/\s+$/, '');
  let pieces: RawStatement[];
  if (command.kind === 'shell') {
    pieces = [{ text, offset: command.offset, line: command.line, column: command.column, endLine: command.endLine, kind: 'shell' }];
  } else {
    // psql's own reading of what was typed: statements, meta-commands, comments.
    pieces = splitSql(text).map((piece) => ({
      ...piece,
      offset: command.offset + piece.offset,
      line: command.line + piece.line - 1,
      column: piece.line === 1 ? command.column + piece.column - 1 : piece.column,
      endLine: command.line + piece.endLine - 1,
    }));
  }
  const lastRunnable = [...pieces].reverse().find((p) => p.kind !== 'note');
  if (output !== '' && lastRunnable) lastRunnable.output = output;
  else if (output !== '') pieces.push(note(output, command.offset, command.endLine + 1, 1));
  return pieces;
}

/**
 * A shell command goes on past the end of its line, when what it opened closes in the lines after:
 * a here-document (`cat <<EOF > pgbackrest.conf` up to the `EOF` line), or a quote (`gitlab-psql -c
 * "select` with the query on the next lines, closed before any prompt). What never closes is the
 * author's typo, and the lines after it stay output.
 */
function goesOn(text: string, lines: readonly string[], from: number, rootPrompt: boolean): boolean {
  if (HEREDOC.test(text)) {
    // The body is the document's text, not shell: only its terminator counts.
    const heredoc = openHeredoc(text);
    if (heredoc === undefined) return false;
    for (let k = from; k < Math.min(lines.length, from + MAX_HEREDOC_LINES); k++) if (lines[k]!.trim() === heredoc) return true;
    return false;
  }
  if (unclosedQuote(text) < 0) return false;
  let joined = text;
  for (let k = from; k < Math.min(lines.length, from + MAX_QUOTED_LINES); k++) {
    if (readPrompt(lines[k]!, rootPrompt)) return false;
    joined += `\n${lines[k]}`;
    if (unclosedQuote(joined) < 0) return true;
  }
  return false;
}

const MAX_QUOTED_LINES = 40;
const MAX_HEREDOC_LINES = 2000;
const HEREDOC = /<<(?!<)-?\s*(['"]?)([A-Za-z_][\w.-]*)\1/;

/** The terminator of a here-document the text opens and does not yet close, if any. */
function openHeredoc(text: string): string | undefined {
  const match = HEREDOC.exec(text);
  if (!match) return undefined;
  const after = text.slice(match.index).split('\n').slice(1);
  return after.some((line) => line.trim() === match[2]) ? undefined : match[2];
}

const CONFIG_LINE = /^\s*[A-Za-z_][\w.-]*\s+=\s/;

/** A shell line continues on the next when it ends with `\`, a pipe or `&&` / `||`. */
function continues(line: string): boolean {
  return /(?:\\|\||&&)\s*$/.test(line);
}

/** The lines without leading and trailing blank lines; '' when nothing is left. */
function trimLines(lines: readonly string[]): string {
  let from = 0;
  let to = lines.length;
  while (from < to && lines[from]!.trim() === '') from++;
  while (to > from && lines[to - 1]!.trim() === '') to--;
  return lines.slice(from, to).join('\n').replace(/\s+$/, '');
}

/**
 * Whether psql would run what was typed so far: a meta-command ends at its line, an SQL statement at
 * a `;` outside quotes, comments and dollar quotes, or at a `\g`-style terminator (`\gset`, `\gx`).
 */
export function sqlComplete(text: string): boolean {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('\\')) return true;
  if (/\\(?:g\w*|watch\b[^\n]*)\s*$/.test(text)) return true;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === "'") i = endOfQuoted(text, i, "'", isEscapeString(text, i));
    else if (c === '"') i = endOfQuoted(text, i, '"', false);
    else if (c === '-' && text[i + 1] === '-') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl;
    } else if (c === '/' && text[i + 1] === '*') i = endOfBlockComment(text, i);
    else if (c === '$') {
      const tag = dollarTagAt(text, i);
      i = tag ? endOfDollarQuoted(text, i, tag) : i + 1;
    } else if (c === ';') return true;
    else i++;
  }
  return false;
}
