// What a shell command really runs, for the placeholder finder: the program behind wrappers (`sudo -u
// postgres psql`, `kubectl exec pod -- psql`, `env X=1 timeout 5 psql`), where psql reads SQL from (-c,
// a heredoc, a here-string, a pipe from echo/printf/cat), and which words are shell code that another
// shell runs (`bash -c '...'`, `ssh host '...'`, `eval`, `su -c`, `watch`, a heredoc fed to a shell).
import type { Heredoc, ShellCommand, ShellScript, ShellWord } from './shell-syntax.js';

export interface Unwrapped {
  program: string;
  /** The program's word and its arguments. */
  words: ShellWord[];
}

interface Wrapper {
  valued: string[];
  skip?: number;
  assignments?: boolean;
}

const WRAPPERS: Record<string, Wrapper> = {
  sudo: { valued: ['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U', '-T', '--user', '--group', '--host', '--prompt'] },
  doas: { valued: ['-u', '-C'] },
  env: { valued: ['-u', '--unset', '-C', '--chdir'], assignments: true },
  nohup: { valued: [] },
  time: { valued: ['-f', '--format', '-o', '--output'] },
  command: { valued: [] },
  exec: { valued: ['-a'] },
  nice: { valued: ['-n', '--adjustment'] },
  ionice: { valued: ['-c', '--class', '-n', '--classdata'] },
  timeout: { valued: ['-s', '--signal', '-k', '--kill-after'], skip: 1 },
  stdbuf: { valued: ['-i', '-o', '-e'] },
  setsid: { valued: [] },
  chronic: { valued: [] },
  unbuffer: { valued: [] },
  flock: { valued: ['-w', '--timeout', '-E', '--conflict-exit-code'], skip: 1 },
  gosu: { valued: [], skip: 1 },
  chroot: { valued: ['--userspec', '--groups'], skip: 1 },
  xargs: { valued: ['-a', '--arg-file', '-d', '--delimiter', '-E', '-e', '-I', '-i', '-L', '-l', '-n', '--max-args', '-P', '--max-procs', '-s', '--max-chars'] },
};
const EXEC_VALUED = ['-n', '--namespace', '-c', '--container', '--context', '-e', '--env', '-u', '--user', '-w', '--workdir', '--env-file'];
const SSH_VALUED = ['-b', '-c', '-D', '-E', '-e', '-F', '-I', '-i', '-J', '-L', '-l', '-m', '-O', '-o', '-p', '-Q', '-R', '-S', '-W', '-w', '-B'];
export const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh']);

const base = (w: ShellWord | undefined) => (w?.value ?? '').replace(/^.*\//, '');

/** The words after a wrapper's own options, skipped positionals and assignments. */
function after(words: ShellWord[], w: Wrapper): ShellWord[] {
  let i = 0;
  let skip = w.skip ?? 0;
  while (i < words.length) {
    const v = words[i]!.value;
    if (v === '--') return words.slice(i + 1 + skip);
    if (v.startsWith('-') && v.length > 1) i += w.valued.includes(v) ? 2 : 1;
    else if (w.assignments && /^[A-Za-z_][A-Za-z0-9_]*=/.test(v)) i++;
    else if (skip > 0) {
      skip--;
      i++;
    } else break;
  }
  return words.slice(i);
}

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
  if (u.program === 'watch') return { by: 'watch', words: after(args, { valued: ['-n', '--interval', '-d', '--differences'] }), stdin: false };
  if (u.program === 'knife' && args[0]?.value === 'ssh') {
    const rest = after(args.slice(1), { valued: ['-x', '--ssh-user', '-a', '--attribute', '-C', '--concurrency', '-i', '-p', '-G', '-P', '-e', '-E', '--environment'] });
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

const CLUSTER = /^-[AaEeHLnqSstXxz0bl1]*c$/;
const FILE = /^-[AaEeHLnqSstXxz0bl1]*f$/;

/**
 * Where psql reads SQL from in `script`: each -c argument, and its standard input when it has no
 * -c/-f (or `-f -`): a heredoc, a here-string, or what `echo`/`printf`/`cat <<EOF` pipe into it.
 * `unknown` lists commands piping something else into psql (its SQL is not known here).
 */
export function psqlInputs(script: ShellScript): { inputs: PsqlInput[]; unknown: ShellCommand[] } {
  const inputs: PsqlInput[] = [];
  const unknown: ShellCommand[] = [];
  for (const command of script.commands) {
    const u = unwrap(command.words);
    if (u.program !== 'psql') continue;
    let commands = 0;
    let stdin = true;
    const args = u.words.slice(1);
    for (let i = 0; i < args.length; i++) {
      const v = args[i]!.value;
      if ((v === '--command' || CLUSTER.test(v)) && args[i + 1]) {
        inputs.push({ via: 'command', word: args[++i]!, prefix: 0, command });
        commands++;
      } else if (v.startsWith('--command=')) {
        inputs.push({ via: 'command', word: args[i]!, prefix: '--command='.length, command });
        commands++;
      } else if (/^-c./.test(v) && !CLUSTER.test(v)) {
        inputs.push({ via: 'command', word: args[i]!, prefix: 2, command });
        commands++;
      } else if (v === '--file' || FILE.test(v)) stdin = args[++i]?.value === '-' && stdin;
      else if (v.startsWith('--file=') || /^-f./.test(v)) stdin = false;
    }
    if (commands > 0 || !stdin) continue;
    const redirect = command.redirects.find((r) => r.heredoc || r.op === '<<<' || r.op === '<');
    if (redirect?.heredoc) inputs.push({ via: 'heredoc', heredoc: redirect.heredoc, command });
    else if (redirect?.op === '<<<' && redirect.target) inputs.push({ via: 'here-string', word: redirect.target, command });
    else if (command.stdinFrom !== undefined) {
      const producer = script.commands[command.stdinFrom]!;
      const p = unwrap(producer.words);
      const own = producer.redirects.find((r) => r.heredoc || r.op === '<<<');
      if (p.program === 'echo') {
        const args = p.words.slice(1);
        let i = 0;
        let rewrites: 'backslashes' | undefined;
        while (i < args.length && /^-[neE]+$/.test(args[i]!.value)) {
          if (args[i]!.value.includes('e')) rewrites = 'backslashes';
          i++;
        }
        inputs.push(rewrites ? { via: 'pipe', words: args.slice(i), rewrites, command: producer } : { via: 'pipe', words: args.slice(i), command: producer });
      } else if (p.program === 'printf' && p.words.length >= 2) {
        const format = p.words[1]!;
        if (/^%s(\\n)?$/.test(format.value) && p.words.length === 3) inputs.push({ via: 'pipe', words: [p.words[2]!], command: producer });
        else if (p.words.length === 2) inputs.push({ via: 'pipe', words: [format], rewrites: 'format', command: producer });
        else unknown.push(producer);
      } else if (p.program === 'cat' && p.words.length === 1 && own?.heredoc) inputs.push({ via: 'pipe', heredoc: own.heredoc, command: producer });
      else if (p.program === 'cat' && p.words.length === 1 && own?.op === '<<<' && own.target) inputs.push({ via: 'pipe', words: [own.target], command: producer });
      else unknown.push(producer);
    }
  }
  return { inputs, unknown };
}
