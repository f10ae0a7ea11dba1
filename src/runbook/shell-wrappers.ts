// The programs that run another command (sudo, env, timeout, xargs, ...) and the options that take a value
// for the programs that carry commands to elsewhere (ssh, kubectl/docker exec, watch, knife ssh): one
// table, read both by the placeholder finder (which command a fill-in reaches: shell-commands.ts) and by
// risk (what a command line really runs: risk-shell-wrappers.ts), so the two never disagree on where a
// wrapped command starts.
import type { ShellWord } from './shell-syntax.js';

export interface Wrapper {
  /** Options that take a separate value. */
  valued: string[];
  /** Positional words to skip before the command (timeout's DURATION, flock's FILE). */
  skip?: number;
  /** Skips leading NAME=value words (env). */
  assignments?: boolean;
}

export const WRAPPERS: Record<string, Wrapper> = {
  sudo: { valued: ['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U', '-T', '--user', '--group', '--host', '--prompt'] },
  doas: { valued: ['-u', '-C'] },
  env: { valued: ['-u', '--unset', '-C', '--chdir'], assignments: true },
  nohup: { valued: [] },
  time: { valued: ['-f', '--format', '-o', '--output'] },
  command: { valued: [] },
  exec: { valued: ['-a'] },
  builtin: { valued: [] },
  nice: { valued: ['-n', '--adjustment'] },
  ionice: { valued: ['-c', '--class', '-n', '--classdata'] },
  timeout: { valued: ['-s', '--signal', '-k', '--kill-after'], skip: 1 },
  stdbuf: { valued: ['-i', '-o', '-e'] },
  setsid: { valued: [] },
  chronic: { valued: [] },
  unbuffer: { valued: [] },
  flock: { valued: ['-w', '--timeout', '-E', '--conflict-exit-code'], skip: 1 },
  gosu: { valued: [], skip: 1 },
  envdir: { valued: [], skip: 1 },
  chroot: { valued: ['--userspec', '--groups'], skip: 1 },
  xargs: { valued: ['-a', '--arg-file', '-d', '--delimiter', '-E', '-e', '-I', '-i', '-L', '-l', '-n', '--max-args', '-P', '--max-procs', '-s', '--max-chars'] },
};

export const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh']);
export const SSH_VALUED = ['-b', '-c', '-D', '-E', '-e', '-F', '-I', '-i', '-J', '-L', '-l', '-m', '-O', '-o', '-p', '-Q', '-R', '-S', '-W', '-w', '-B'];
/** kubectl/oc and docker/podman exec (and docker run) options that take a value. */
export const EXEC_VALUED = ['-n', '--namespace', '-c', '--container', '--context', '-f', '--filename', '-e', '--env', '-u', '--user', '-w', '--workdir', '--env-file', '--detach-keys', '--pod-running-timeout', '-v', '--volume', '--name', '--network', '--entrypoint', '-p', '--publish', '--mount', '--platform'];
/** watch's options with a value (`-d`/`--differences` takes none: `watch -d psql ...` runs psql). */
export const WATCH_VALUED = ['-n', '--interval'];
export const KNIFE_VALUED = ['-x', '--ssh-user', '-a', '--attribute', '-C', '--concurrency', '-i', '--ssh-identity-file', '-p', '--ssh-port', '-G', '--ssh-gateway', '-P', '--ssh-password', '-e', '-E', '--environment', '-u', '--user'];

/**
 * Whether option word `word` takes the next word as its value: a valued option written alone (`-u`,
 * `--user`), or a cluster of short options whose last letter takes one (`sudo -iu postgres`: -i, then
 * -u postgres). In `-upostgres` the value is attached, so the next word is not taken.
 */
export function takesValue(word: string, valued: readonly string[]): boolean {
  if (valued.includes(word)) return true;
  if (!/^-[a-zA-Z]{2,}$/.test(word)) return false;
  for (let i = 1; i < word.length; i++) if (valued.includes(`-${word[i]}`)) return i === word.length - 1;
  return false;
}

/** The words after a wrapper's own options, skipped positionals and assignments. */
export function innerCommand(args: ShellWord[], wrapper: Wrapper): ShellWord[] {
  let i = 0;
  let skip = wrapper.skip ?? 0;
  while (i < args.length) {
    const v = args[i]!.value;
    if (v === '--') return args.slice(i + 1 + skip);
    if (v.startsWith('-') && v.length > 1) i += takesValue(v, wrapper.valued) ? 2 : 1;
    else if (wrapper.assignments && /^[A-Za-z_][A-Za-z0-9_]*=/.test(v)) i++;
    else if (skip > 0) {
      skip--;
      i++;
    } else break;
  }
  return args.slice(i);
}
