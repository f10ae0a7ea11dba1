// Commands that run another command: the risk is the inner command's. Two shapes:
// - argv wrappers run their remaining words as a command (sudo, doas, env, nohup, time, command, exec,
//   nice, ionice, timeout, stdbuf, setsid, flock, gosu, chroot, xargs, kubectl/oc exec --, oc rsh,
//   docker/podman exec, docker run);
// - shell wrappers run text through a shell (bash/sh -c, eval, su -c, watch, ssh host '...',
//   knife ssh QUERY '...', a shell reading a heredoc or a pipe).
// Findings of what runs remotely or in a container say where (`on db-3: rm deletes files`) and name the
// host, pod or container as a target too.
import type { ShellCommand, ShellScript, ShellWord } from './shell-syntax.js';
import { staticText, stdinOf } from './shell-input.js';
import { finding, target, within, type Finding } from './risk-result.js';
import { EXEC_VALUED, KNIFE_VALUED, SHELLS, SSH_VALUED, WATCH_VALUED, WRAPPERS, innerCommand, takesValue, type Wrapper } from './shell-wrappers.js';

/** The command being judged, so a wrapper can see its standard input (heredoc, pipe, file). */
export interface Io {
  command: ShellCommand;
  script: ShellScript;
}

/** Callbacks into risk-shell.ts, which reads commands and shell text. */
export interface Reader {
  argv(argv: ShellWord[], io: Io, depth: number): Finding[];
  shell(text: string, depth: number): Finding[];
}

/** What risk adds to a wrapper of shell-wrappers.ts: what it does alone, and how its inner reason reads. */
interface ArgvWrapper extends Wrapper {
  /** What runs when no command is given. */
  alone?: Finding;
  /** Said before each inner reason. */
  prefix?: string;
}

const EXTRAS: Record<string, Pick<ArgvWrapper, 'alone' | 'prefix'>> = {
  sudo: { alone: finding('read', 'sudo without a command only lists or validates privileges') },
  env: { alone: finding('read', 'env prints the environment') },
  flock: { alone: finding('read', 'flock takes a lock') },
  xargs: { alone: finding('read', 'xargs echoes its input'), prefix: 'xargs runs, with arguments from its input: ' },
};
const ARGV: Record<string, ArgvWrapper> = Object.fromEntries(Object.entries(WRAPPERS).map(([name, w]) => [name, { ...w, ...EXTRAS[name] }]));

export function wrapperFindings(program: string, args: ShellWord[], io: Io, depth: number, read: Reader): Finding[] | undefined {
  if (program === 'command' && args[0] && /^-[vV]$/.test(args[0].value)) return [finding('read', 'command -v only looks a program up')];
  if (program === 'sudo' && loginShell(args)) return sudoShell(args, depth, read);
  if (program === 'su' || program === 'runuser') return suFindings(program, args, io, depth, read);
  const wrapper = ARGV[program];
  if (wrapper) {
    const inner = innerCommand(args, wrapper);
    if (inner.length === 0) return wrapper.alone ? [wrapper.alone] : [finding('read', `${program} alone runs nothing`)];
    return within(read.argv(inner, io, depth), wrapper.prefix ?? '');
  }
  if (SHELLS.has(program)) return shellFindings(program, args, io, depth, read);
  if (program === 'eval') return within(read.shell(args.map(staticText).join(' '), depth), 'eval runs: ');
  if (program === 'watch') return watchFindings(args, io, depth, read);
  if (program === 'ssh') return sshFindings(args, io, depth, read);
  if (program === 'knife' && args[0]?.value === 'ssh') return knifeSsh(args.slice(1), depth, read);
  if (program === 'kubectl' || program === 'oc') {
    // `kubectl -n ns exec pod -- cmd`: global options may come before the verb.
    const verb = innerCommand(args, { valued: EXEC_VALUED });
    if (verb[0]?.value === 'exec' || verb[0]?.value === 'rsh') return execIn(program, [...args.slice(0, args.length - verb.length), ...verb.slice(1)], io, depth, read, 'pod');
  }
  if ((program === 'docker' || program === 'podman') && args[0]?.value === 'exec') return execIn(program, args.slice(1), io, depth, read, 'container');
  if ((program === 'docker' || program === 'podman') && args[0]?.value === 'compose' && args[1]?.value === 'exec') return execIn(program, args.slice(2), io, depth, read, 'container');
  if ((program === 'docker' || program === 'podman') && args[0]?.value === 'run') {
    const [image, ...inner] = afterOptions(args.slice(1), EXEC_VALUED);
    const started = finding('write', `${program} run starts a container from ${image?.value ?? 'an image'}`, target('container', image?.value));
    return inner.length > 0 ? [started, ...within(read.argv(inner, io, depth), 'in a new container: ')] : [started];
  }
  return undefined;
}

function afterOptions(args: ShellWord[], valued: string[]): ShellWord[] {
  return innerCommand(args, { valued });
}

/** `sudo -i ...` / `sudo -s ...`: sudo's own options (before the command) ask for a shell. */
function loginShell(args: ShellWord[]): boolean {
  const command = innerCommand(args, ARGV.sudo!);
  const own = args.slice(0, args.length - command.length);
  return own.some((a) => /^(-[a-zA-Z]*[is][a-zA-Z]*|--login|--shell)$/.test(a.value) && !ARGV.sudo!.valued.includes(a.value));
}

/** `sudo -i cmd` runs cmd through the target user's shell; `sudo -i` alone opens that shell. */
function sudoShell(args: ShellWord[], depth: number, read: Reader): Finding[] {
  const command = innerCommand(args, ARGV.sudo!);
  if (command.length > 0) return read.shell(command.map((a) => a.value).join(' '), depth);
  return [finding('write', 'sudo opens a root shell; what runs there is typed by the operator')];
}

/** `su - postgres -c '...'`, `runuser -l u -c '...'`, `runuser -u u -- cmd`; otherwise a shell. */
function suFindings(program: string, args: ShellWord[], io: Io, depth: number, read: Reader): Finding[] {
  const c = args.findIndex((a) => a.value === '-c' || a.value === '--command');
  if (c >= 0 && args[c + 1]) return within(read.shell(args[c + 1]!.value, depth), `${program} -c runs: `);
  const dash = args.findIndex((a) => a.value === '--');
  if (dash >= 0 && args[dash + 1]) return read.argv(args.slice(dash + 1), io, depth);
  return [finding('write', `${program} opens a shell as another user; what runs there is typed by the operator`)];
}

function shellFindings(program: string, args: ShellWord[], io: Io, depth: number, read: Reader): Finding[] {
  const c = args.findIndex((a) => /^-[a-zA-Z]*c[a-zA-Z]*$/.test(a.value));
  if (c >= 0) {
    const text = args[c + 1];
    if (!text) return [finding('write', `${program} -c without a command`)];
    return within(read.shell(staticText(text), depth), `${program} -c runs: `);
  }
  if (args.some((a) => a.value === '-n')) return [finding('read', `${program} -n only checks syntax`)];
  const script = args.find((a) => !a.value.startsWith('-'));
  if (script) return [finding('write', `${program} runs the script ${script.value} (its content is not read here)`, target('file', script.value))];
  const input = stdinOf(io.command, io.script);
  if (input && 'text' in input) return within(read.shell(input.text, depth), `${program} runs from ${input.how}: `);
  if (input?.kind === 'file') return [finding('write', `${program} runs the script ${input.file} (its content is not read here)`, target('file', input.file))];
  if (input?.kind === 'program') return [finding('write', `${program} runs a script produced by \`${input.from}\`, which is not known here`)];
  return [finding('write', `${program} opens an interactive shell; what runs there is typed by the operator`)];
}

function watchFindings(args: ShellWord[], io: Io, depth: number, read: Reader): Finding[] {
  const exec = args.some((a) => a.value === '-x' || a.value === '--exec');
  const inner = innerCommand(args, { valued: WATCH_VALUED });
  if (inner.length === 0) return [finding('read', 'watch without a command')];
  return within(exec ? read.argv(inner, io, depth) : read.shell(inner.map((a) => a.value).join(' '), depth), 'watch repeatedly runs: ');
}

function sshFindings(args: ShellWord[], io: Io, depth: number, read: Reader): Finding[] {
  const [hostWord, ...command] = innerCommand(args, { valued: SSH_VALUED });
  const host = hostWord?.value ?? 'the remote host';
  const where = target('host', hostWord?.value.replace(/^.*@/, ''));
  if (command.length > 0) return within(read.shell(command.map(staticText).join(' '), depth), `on ${host}: `, where);
  const input = stdinOf(io.command, io.script);
  if (input && 'text' in input) return within(read.shell(input.text, depth), `on ${host}, from ${input.how}: `, where);
  if (input) return [finding('write', `ssh runs commands on ${host} that are not known here`, where)];
  return [finding('write', `ssh opens a shell on ${host}; what runs there is typed by the operator`, where)];
}

function knifeSsh(args: ShellWord[], depth: number, read: Reader): Finding[] {
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value;
    if (v.startsWith('-') && v.length > 1) i += takesValue(v, KNIFE_VALUED) ? 1 : 0;
    else words.push(v);
  }
  const [query, command] = words;
  const where = target('host', query);
  if (command === undefined) return [finding('write', `knife ssh opens sessions on the nodes matching ${query ?? 'a query'}`, where)];
  return within(read.shell(command, depth), `on the nodes matching ${query}: `, where);
}

function execIn(program: string, args: ShellWord[], io: Io, depth: number, read: Reader, kind: 'pod' | 'container'): Finding[] {
  const values = args.map((a) => a.value);
  const ns = values.findIndex((v) => v === '-n' || v === '--namespace');
  const namespace = target('namespace', ns >= 0 ? values[ns + 1] : undefined);
  const [where, ...inner] = innerCommand(args, { valued: EXEC_VALUED });
  const dash = values.indexOf('--');
  const command = dash >= 0 ? args.slice(dash + 1) : inner;
  const name = where?.value;
  if (command.length === 0) return [finding('write', `${program} opens a shell in ${kind} ${name ?? ''}; what runs there is typed by the operator`.replace(/ ;/, ';'), target(kind, name), namespace)];
  return within(read.argv(command, io, depth), `in ${kind} ${name}: `, target(kind, name), namespace);
}
