// Prompts in terminal transcripts, as runbooks paste them: what the operator typed follows a prompt,
// everything else is what the program printed. Shell prompts: `$ `, `❯ `, `user@host:~$ `,
// `root@pg$ `, `[root@db-2 ~]# `, `host $ ` / `chef-repo $ ` (a host name before the prompt),
// and `# ` as a root prompt where comments cannot be meant. psql prompts: `appdb=# `, `appdb=> `, and
// the continuation prompts `appdb-# `, `appdb'# `, `appdb(# ` (psql's %R: = - ' " ( * ^ !).
import { isCommandWord } from './commands.js';

export interface Prompt {
  kind: 'shell' | 'psql';
  /** Offset in the line where the typed text starts. */
  at: number;
  /** The typed text (may be empty: a bare prompt). */
  rest: string;
  /** psql's continuation prompts (`-#`, `'#`, `(#` ...): the statement goes on. */
  continuation?: boolean;
}

const BRACKETED = /^(\s*\[[^\]\n]+\][#$%]\s?)/;
const USER_AT_HOST = /^(\s*[\w.-]+@[\w.-]+(?::[^\s$#%]*)?\s?[#$%](?:\s|$))/;
const DOLLAR = /^(\s*[$❯](?:\s|$))/;
const HOST = /^(\s*([\w.-]+)\s+[$#](?:\s|$))/;
const ROOT = /^(\s*#\s)/;
const PSQL = /^(\s*[A-Za-z_][\w$.-]*([=\-'"(*^!])[#>](?:\s|$))/;

/**
 * The prompt a line starts with, if any. `rootPrompt` allows `# cmd` as a root shell prompt (only in
 * transcripts; in a script `# ...` is a comment).
 */
export function readPrompt(line: string, rootPrompt = false): Prompt | undefined {
  const psql = PSQL.exec(line);
  if (psql) return { kind: 'psql', at: psql[1]!.length, rest: line.slice(psql[1]!.length), ...(psql[2] !== '=' && psql[2] !== '!' && psql[2] !== '^' ? { continuation: true } : {}) };
  for (const re of [BRACKETED, USER_AT_HOST, DOLLAR]) {
    const match = re.exec(line);
    if (match) return { kind: 'shell', at: match[1]!.length, rest: line.slice(match[1]!.length) };
  }
  // `workstation   $ knife ...`: a host name before the prompt, never a program (`echo $ x` is no prompt).
  const host = HOST.exec(line);
  if (host && !isCommandWord(host[2]!) && startsWithCommand(line.slice(host[1]!.length))) {
    return { kind: 'shell', at: host[1]!.length, rest: line.slice(host[1]!.length) };
  }
  if (rootPrompt) {
    const root = ROOT.exec(line);
    if (root && startsWithCommand(line.slice(root[1]!.length), true)) return { kind: 'shell', at: root[1]!.length, rest: line.slice(root[1]!.length) };
  }
  return undefined;
}

/** The text's first word is a program, a shell keyword or `VAR=value`; `strict` wants a known program or a path. */
export function startsWithCommand(text: string, strict = false): boolean {
  const word = /^\s*([^\s;|&<>()]+)/.exec(text)?.[1];
  if (word === undefined) return false;
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) return !strict;
  return isCommandWord(word, !strict);
}
