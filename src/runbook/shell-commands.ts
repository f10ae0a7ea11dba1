// What a shell command really runs, for the placeholder finder: the program behind wrappers (`sudo -u
// postgres psql`, `kubectl exec pod -- psql`, `env X=1 timeout 5 psql`), where psql reads SQL from (-c,
// a heredoc, a here-string, a pipe from echo/printf/cat), and which words are shell code that another
// shell runs (`bash -c '...'`, `ssh host '...'`, `eval`, `su -c`, `watch`, a heredoc fed to a shell).
import type { Heredoc, ShellCommand, ShellScript, ShellWord } from './shell-syntax.js';
import { readPsqlArgs } from './shell-psql.js';
import { stdinOf } from './shell-input.js';
import { EXEC_VALUED, KNIFE_VALUED, SHELLS, SSH_VALUED, WATCH_VALUED, WRAPPERS, innerCommand as after } from './shell-wrappers.js';

export { SHELLS };

export interface Unwrapped {
  program: string;
  /** The program's word and its arguments. */
  words: ShellWord[];
}

const base = (w: ShellWord | undefined) => (w?.value ?? '').replace(/^.*\//, '');

/** The command a command line runs, through wrappers and `kubectl/oc/docker exec`. */
export function unwrap(words: ShellWord[]): Unwrapped {
  let current = words;
  for (let depth = 0; depth < 8 && current.length > 0; depth++) {
    const program = base(current[0]);
    const args = current.slice(1);
    const wrapper = WRAPPERS[program];
    let inner: ShellWord[] | undefined;
    if (wrapper) inner = after(args, wrapper);
    else if ((program === 'kubectl' || program === 'oc') && args.some((a) => a.value === 'exec')) {
      const dash = args.findIndex((a) => a.value === '--');
      inner = dash >= 0 ? args.slice(dash + 1) : undefined;
    } else if ((program === 'docker' || program === 'podman') && args[0]?.value === 'exec') {
      inner = after(args.slice(1), { valued: EXEC_VALUED, skip: 1 });
    }
    if (!inner || inner.length === 0) return { program, words: current };
    current = inner;
  }
  return { program: base(current[0]), words: current };
}

/** Words of `u` that another shell runs as code, and that shell's name; `stdin` when it reads code from stdin. */
export function shellCode(u: Unwrapped): { by: string; words: ShellWord[]; stdin: boolean } | undefined {
  const args = u.words.slice(1);
  if (SHELLS.has(u.program)) {
    const c = args.findIndex((a) => /^-[a-zA-Z]*c[a-zA-Z]*$/.test(a.value) && !a.value.startsWith('--'));
    if (c >= 0) return { by: `${u.program} -c`, words: args[c + 1] ? [args[c + 1]!] : [], stdin: false };
    return { by: u.program, words: [], stdin: !args.some((a) => !a.value.startsWith('-')) };
  }
  if (u.program === 'eval') return { by: 'eval', words: args, stdin: false };
  if (u.program === 'ssh') {
    const rest = after(args, { valued: SSH_VALUED });
    return { by: 'ssh', words: rest.slice(1), stdin: rest.length <= 1 };
  }
  if (u.program === 'su' || u.program === 'runuser') {
    const c = args.findIndex((a) => a.value === '-c' || a.value === '--command');
    const eq = args.find((a) => a.value.startsWith('--command='));
    if (c >= 0 && args[c + 1]) return { by: u.program, words: [args[c + 1]!], stdin: false };
    if (eq) return { by: u.program, words: [eq], stdin: false };
    return { by: u.program, words: [], stdin: true };
  }
  if (u.program === 'watch') return { by: 'watch', words: after(args, { valued: WATCH_VALUED }), stdin: false };
  if (u.program === 'knife' && args[0]?.value === 'ssh') {
    const rest = after(args.slice(1), { valued: KNIFE_VALUED });
    return { by: 'knife ssh', words: rest.slice(1), stdin: false };
  }
  if (u.program === 'gcloud' && args.some((a) => a.value === 'ssh')) {
    const c = args.findIndex((a) => a.value === '--command');
    const eq = args.find((a) => a.value.startsWith('--command='));
    if (c >= 0 && args[c + 1]) return { by: 'gcloud ssh', words: [args[c + 1]!], stdin: false };
    if (eq) return { by: 'gcloud ssh', words: [eq], stdin: false };
  }
  return undefined;
}

export type PsqlInput =
  | { via: 'command'; word: ShellWord; prefix: number; command: ShellCommand }
  | { via: 'heredoc'; heredoc: Heredoc; command: ShellCommand }
  | { via: 'here-string'; word: ShellWord; command: ShellCommand }
  | { via: 'pipe'; words: ShellWord[]; rewrites?: 'backslashes' | 'format'; command: ShellCommand }
  | { via: 'pipe'; heredoc: Heredoc; command: ShellCommand };

/**
 * Where psql reads SQL from in `script`, as risk reads it too (shell-psql.ts for its arguments,
 * shell-input.ts for its standard input): each -c argument, and its standard input when it has no
 * -c/-f (or `-f -`): a heredoc, a here-string, or what `echo`/`printf`/`cat <<EOF` pipe into it.
 * `unknown` lists commands piping something else into psql (its SQL is not known here).
 */
export function psqlInputs(script: ShellScript): { inputs: PsqlInput[]; unknown: ShellCommand[] } {
  const inputs: PsqlInput[] = [];
  const unknown: ShellCommand[] = [];
  for (const command of script.commands) {
    const u = unwrap(command.words);
    if (u.program !== 'psql') continue;
    const args = readPsqlArgs(u.words.slice(1));
    for (const c of args.commands) inputs.push({ via: 'command', word: c.word, prefix: c.word.value.length - c.text.length, command });
    if (!args.readsStdin || args.list) continue;
    const input = stdinOf(command, script);
    if (!input || input.kind === 'file') continue;
    if (input.kind === 'heredoc') {
      const own = command.redirects.some((r) => r.heredoc === input.heredoc);
      inputs.push(own ? { via: 'heredoc', heredoc: input.heredoc, command } : { via: 'pipe', heredoc: input.heredoc, command });
    } else if (input.kind === 'here-string') inputs.push({ via: 'here-string', word: input.word, command });
    else if (input.kind === 'program') unknown.push(input.producer);
    else {
      const printed = printedWords(input.producer);
      if (printed) inputs.push({ via: 'pipe', ...printed, command: input.producer });
      else unknown.push(input.producer);
    }
  }
  return { inputs, unknown };
}

/** The words `echo`/`printf` print, as they stand in the script; undefined when they are reshaped. */
function printedWords(producer: ShellCommand): { words: ShellWord[]; rewrites?: 'backslashes' | 'format' } | undefined {
  const p = unwrap(producer.words);
  const args = p.words.slice(1);
  if (p.program === 'echo') {
    let i = 0;
    let rewrites = false;
    while (i < args.length && /^-[neE]+$/.test(args[i]!.value)) rewrites ||= args[i++]!.value.includes('e');
    return rewrites ? { words: args.slice(i), rewrites: 'backslashes' } : { words: args.slice(i) };
  }
  if (p.program === 'printf' && args.length === 2 && /^%s(\\n)?$/.test(args[0]!.value)) return { words: [args[1]!] };
  if (p.program === 'printf' && args.length === 1) return { words: [args[0]!], rewrites: 'format' };
  return undefined;
}
