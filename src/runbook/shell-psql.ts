// What a psql command line is asked to run, read from its words (after any wrapper: `sudo -u postgres
// psql ...`, `kubectl exec pod -- psql ...`): the SQL of each -c, the files of -f, the database, the
// output file, and whether it reads SQL from standard input (shell-input.ts says what that input is).
// Risk gives psql the risk of this SQL; binding can use `commands` to know a placeholder sits in SQL.
import type { ShellWord } from './shell-syntax.js';

export interface PsqlCommandSql {
  /** The SQL (or one `\` meta-command) as psql receives it. */
  text: string;
  /** The word that holds it: `-c 'SQL'`'s second word, or the whole `--command=SQL` word. */
  word: ShellWord;
}

export interface PsqlArgs {
  commands: PsqlCommandSql[];
  /** `-f FILE` values, in order; `-` means standard input. */
  files: string[];
  /** `-d DB`, `--dbname=DB`, or the first positional word. */
  database?: ShellWord;
  /** `-o FILE`: where query results are written. */
  output?: string;
  /** `-l`: lists databases and exits. */
  list: boolean;
  /** psql reads SQL from standard input: no -c and no -f, or `-f -`. */
  readsStdin: boolean;
}

// Flags without a value that may be clustered before a value flag (`-Atc SQL`, `-qXf file`).
const CLUSTER = '[AaEeHLnqSstXxz0bl1]*';
const COMMAND = new RegExp(`^-${CLUSTER}c$`);
const FILE = new RegExp(`^-${CLUSTER}f$`);
const VALUED = ['-h', '--host', '-p', '--port', '-U', '--username', '-v', '--set', '--variable', '-P', '--pset', '-L', '--log-file', '-F', '--field-separator', '-R', '--record-separator', '-T', '--table-attr'];

/** Reads psql's arguments (the words after the program name). */
export function readPsqlArgs(args: ShellWord[]): PsqlArgs {
  const out: PsqlArgs = { commands: [], files: [], list: false, readsStdin: false };
  let positional: ShellWord | undefined;
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const a = word.value;
    const next = () => args[++i];
    if (a === '--command' || COMMAND.test(a)) {
      const sql = next();
      if (sql) out.commands.push({ text: sql.value, word: sql });
    } else if (a.startsWith('--command=')) out.commands.push({ text: a.slice('--command='.length), word });
    else if (/^-c./.test(a)) out.commands.push({ text: a.slice(2), word });
    else if (a === '--file' || FILE.test(a)) out.files.push(next()?.value ?? '');
    else if (a.startsWith('--file=')) out.files.push(a.slice('--file='.length));
    else if (/^-f./.test(a)) out.files.push(a.slice(2));
    else if (a === '-l' || a === '--list') out.list = true;
    else if (a === '-d' || a === '--dbname') out.database = next();
    else if (a.startsWith('--dbname=')) out.database = { ...word, value: a.slice('--dbname='.length) };
    else if (a === '-o' || a === '--output') out.output = next()?.value;
    else if (a.startsWith('--output=')) out.output = a.slice('--output='.length);
    else if (VALUED.includes(a)) i++;
    else if (!a.startsWith('-')) positional ??= word;
  }
  out.database ??= positional;
  out.readsStdin = (out.commands.length === 0 && out.files.length === 0) || out.files.includes('-');
  return out;
}
