// What a command reads on its standard input, from the typed view of a script (shell-syntax.ts): a
// heredoc, a here-string, a file, or another command's output, and, when that output is plain text
// (`echo '...' |`, `printf '...' |`, `cat <<EOF |`, `< <(echo ...)`), the text itself. Risk reads the
// SQL psql and shells receive this way; binding can find where a placeholder reaches psql the same way.
import type { Heredoc, ShellCommand, ShellScript, ShellWord } from './shell-syntax.js';

export type StdinSource =
  /** `<<EOF ... EOF` on the command (or on the `cat` that feeds it). */
  | { kind: 'heredoc'; text: string; heredoc: Heredoc; how: string }
  /** `<<< word`. */
  | { kind: 'here-string'; text: string; word: ShellWord; how: string }
  /** Plain text another command prints: `echo`/`printf` words. */
  | { kind: 'printed'; text: string; producer: ShellCommand; how: string }
  /** `< file`: its content is not known here. */
  | { kind: 'file'; file: string }
  /** Output of a command whose output is not known here (`cat f.sql |`, `gunzip -c x |`). */
  | { kind: 'program'; producer: ShellCommand; from: string };

/** The input `command` reads, when redirected or piped; undefined when it reads the terminal. */
export function stdinOf(command: ShellCommand, script: ShellScript): StdinSource | undefined {
  const own = [...command.redirects].reverse().find((r) => r.heredoc || r.op === '<<<' || r.op === '<');
  if (own?.heredoc) return { kind: 'heredoc', text: own.heredoc.body, heredoc: own.heredoc, how: `a heredoc (<<${own.heredoc.delimiter})` };
  if (own?.op === '<<<' && own.target) return { kind: 'here-string', text: own.target.value, word: own.target, how: 'a here-string' };
  if (own?.op === '<' && own.target?.raw.startsWith('<(')) {
    // `psql < <(echo ...)`: the process substitution's command produces the input.
    const span = own.target;
    const inside = script.commands.filter((c) => c.context === 'process-substitution' && c.start >= span.start && c.end <= span.end);
    const depth = Math.min(...inside.map((c) => c.depth));
    const producer = inside.filter((c) => c.depth === depth).at(-1);
    if (producer) return producedBy(producer, script);
  }
  if (own?.op === '<') return { kind: 'file', file: own.target?.value ?? '' };
  if (command.stdinFrom === undefined) return undefined;
  return producedBy(script.commands[command.stdinFrom]!, script);
}

/** What a command writes to its output: plain text for echo, printf and cat of a heredoc. */
function producedBy(producer: ShellCommand, script: ShellScript): StdinSource {
  const words = producer.words.map((w) => w.value);
  const name = (words[0] ?? '').replace(/^.*\//, '');
  if (name === 'echo') {
    const args = words.slice(1);
    while (args[0] !== undefined && /^-[neE]+$/.test(args[0])) args.shift();
    return { kind: 'printed', text: args.join(' '), producer, how: 'echo' };
  }
  if (name === 'printf' && words[1] !== undefined) {
    const rest = words.slice(2);
    return { kind: 'printed', text: words[1].replace(/\\n/g, '\n').replace(/%s/g, () => rest.shift() ?? ''), producer, how: 'printf' };
  }
  if (name === 'cat' && words.length === 1) {
    const fed = stdinOf(producer, script);
    if (fed && 'text' in fed) return fed;
  }
  return { kind: 'program', producer, from: producer.words.map((w) => w.raw).join(' ') || 'another command' };
}

/**
 * A word's text for a shell that will read it again (eval, ssh, bash -c): its value, or for a word
 * that is only `$(echo ...)` / `` `echo ...` `` of plain text, that text (what the substitution prints).
 */
export function staticText(word: ShellWord): string {
  if (word.literal) return word.value;
  const echo = /^(?:\$\(\s*echo\s+([^$`()|;&<>]*)\)|`\s*echo\s+([^$`()|;&<>]*)`)$/.exec(word.raw);
  return echo ? (echo[1] ?? echo[2] ?? '').trim() : word.value;
}
