// Shell statements that need a person at a terminal: `psql` without -c/-f (a session), `read -p`
// (an answer), `sudo -i` / `su` (a shell), `patronictl switchover` (its own questions), editors,
// full-screen programs, `kubectl exec -it`, `tail -f` (runs until stopped). The model names the reason;
// the UI hands the operator the terminal for them, `exec` refuses them at once with that reason
// instead of letting them hang on a closed stdin or fail obscurely. One exception is said in the model:
// `psql` alone with no terminal reads end-of-input at once, so it only checks that it can connect (a
// runbook's "check the connection" step); exec runs it as that check.
//
// Read from the typed view of the script (shell-syntax.ts: every simple command, its words, its
// redirects and what feeds its stdin, shell-input.ts; psql's arguments, shell-psql.ts); when unsure a
// command is left as not interactive, since it still runs with stdin closed and fails on its own.
import { parseShell, type ShellCommand, type ShellScript } from './shell-syntax.js';
import { stdinOf } from './shell-input.js';
import { readPsqlArgs } from './shell-psql.js';

const EDITORS = new Set(['vim', 'vi', 'nano', 'emacs', 'sudoedit', 'visudo', 'vipw']);
const FULL_SCREEN = new Set(['less', 'more', 'top', 'htop', 'tmux', 'screen', 'watch', 'k9s', 'mc', 'pg_activity', 'pgcenter']);
const CONSOLES = new Set(['mysql', 'redis-cli', 'mongo', 'mongosh', 'python', 'python3', 'node', 'irb', 'bash', 'sh', 'zsh', 'pgcli']);
const PG_CLIENTS = new Set(['psql', 'gitlab-psql', 'pg_dump', 'pg_dumpall', 'pg_restore', 'pg_basebackup', 'createdb', 'dropdb', 'createuser', 'dropuser', 'vacuumdb', 'reindexdb', 'clusterdb', 'pgbench', 'pg_isready']);
const RSH_VALUED = new Set(['-c', '--container', '-n', '--namespace', '--shell', '--context', '--kubeconfig', '--as', '-f', '--filename']);
const PREFIXES = new Set(['sudo', 'env', 'time', 'nohup', 'exec', 'command', 'nice', 'ionice', 'doas']);

export interface Interactive {
  /** Why it needs a person at the terminal. */
  reason: string;
  /** What it does with no terminal (stdin closed) when that is harmless and useful: exec runs it then. */
  withoutTerminal?: string;
}

/** Why a shell statement needs the terminal, or undefined. */
export function interactiveReason(text: string): Interactive | undefined {
  const script = parseShell(text);
  const found = script.commands.map((command) => commandReason(command, script)).filter((r): r is string => r !== undefined);
  if (found.length === 0) return undefined;
  const reason = found.join('; ');
  // Every interactive part is a bare psql: with stdin closed it connects and exits, a connection check.
  const onlyPsql = found.every((r) => PSQL_SESSION.test(r));
  return onlyPsql ? { reason, withoutTerminal: 'with no terminal it only checks that it can connect' } : { reason };
}

const PSQL_SESSION = /^(?:psql|gitlab-psql) without -c or -f opens an interactive session$/;

function commandReason(command: ShellCommand, script: ShellScript): string | undefined {
  const words = command.words.map((w) => w.value);
  const { program, args, sudoShell, at } = unwrap(words);
  if (sudoShell) return `${sudoShell} opens a shell as another user`;
  if (program === '') return undefined;
  const has = (...flags: string[]) => args.some((a) => flags.includes(a) || flags.some((f) => f.startsWith('--') && a.startsWith(`${f}=`)));
  const clustered = (letter: string) => args.some((a) => /^-[A-Za-z]+$/.test(a) && a.includes(letter));
  const stdinGiven = stdinOf(command, script) !== undefined;
  // -W/--password makes a PostgreSQL client ask for the password at the terminal, whatever else it does.
  if (PG_CLIENTS.has(program) && has('-W', '--password')) return `${program} --password asks for the password at the terminal`;
  switch (program) {
    case 'psql':
    case 'gitlab-psql': {
      const psql = readPsqlArgs(command.words.slice(at + 1));
      if (!psql.readsStdin || psql.list || stdinGiven || has('-V', '--version', '--help', '-?')) return undefined;
      return `${program} without -c or -f opens an interactive session`;
    }
    case 'pgcli':
      return stdinGiven ? undefined : 'pgcli opens an interactive session';
    case 'read':
      return stdinGiven ? undefined : 'read waits for an answer typed at the terminal';
    case 'su':
      return has('-c', '--command') ? undefined : 'su opens a shell as another user';
    case 'ssh':
      // `ssh host` with no remote command is a login shell.
      return positional(args, new Set(['-p', '-i', '-l', '-o', '-F', '-J', '-L', '-R', '-D', '-E', '-b', '-c', '-m', '-S', '-W'])).length <= 1 && !stdinGiven ? 'ssh without a command opens a remote shell' : undefined;
    case 'passwd':
      return 'passwd asks for a password';
    case 'patronictl':
    case 'gitlab-patronictl': {
      const sub = positional(args, new Set(['-c', '--config-file', '-k', '--dcs-url'])).find((a) => ['switchover', 'failover', 'restart', 'reinit', 'remove', 'edit-config'].includes(a));
      if (sub === 'edit-config') return `${program} edit-config opens an editor`;
      return sub && !has('--force') ? `${program} ${sub} asks for confirmation (add --force to answer it)` : undefined;
    }
    case 'kubectl':
    case 'oc':
    case 'docker':
    case 'podman': {
      if ((args.includes('exec') || args.includes('run') || args.includes('attach')) && (has('-it', '-ti', '--tty', '-t') || clustered('t'))) return `${program} ${args.includes('exec') ? 'exec' : 'run'} -it opens an interactive terminal in the container`;
      if (args.includes('edit')) return `${program} edit opens an editor`;
      // `oc rsh <pod>` with no command after the pod is a shell in it.
      if (args[0] === 'rsh' && positional(args.slice(1), RSH_VALUED).length <= 1) return `${program} rsh without a command opens a shell in the pod`;
      if (args[0] === 'cnpg' && args[1] === 'psql' && !has('-c', '--command', '-f', '--file')) return 'kubectl cnpg psql opens an interactive session';
      if (args.includes('logs') && (has('-f', '--follow') || clustered('f'))) return `${program} logs -f follows the log until it is stopped`;
      return undefined;
    }
    case 'knife':
      // `knife node delete x`, `knife client bulk delete <regex>` ask "(Y/N)" unless told --yes.
      return args.includes('delete') && !has('-y', '--yes') ? `knife ${args.slice(0, args.indexOf('delete') + 1).join(' ')} asks for confirmation (add --yes to answer it)` : undefined;
    case 'tail':
    case 'journalctl':
      return has('-f', '--follow', '-F') || clustered('f') ? `${program} -f follows the log until it is stopped` : undefined;
    case 'crontab':
      return has('-e') ? 'crontab -e opens an editor' : undefined;
    case 'gitlab-rails':
    case 'rails':
      return args[0] === 'console' || args[0] === 'c' ? `${program} console is an interactive console` : undefined;
  }
  if (EDITORS.has(program)) return `${program} is an editor`;
  if (FULL_SCREEN.has(program)) return `${program} takes over the terminal`;
  if (CONSOLES.has(program) && args.filter((a) => !a.startsWith('-')).length === 0 && !has('-c', '-e', '--eval') && !stdinGiven) return `${program} alone opens an interactive console`;
  if (/-edit$/.test(program)) return `${program} opens an editor`;
  return undefined;
}

/** The program and its arguments past `sudo -u x`, `env A=b`, `VAR=value`; a shell opened by sudo. */
function unwrap(words: string[]): { program: string; args: string[]; sudoShell?: string; at: number } {
  let i = 0;
  while (i < words.length) {
    const w = words[i]!;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) i++;
    else if (PREFIXES.has(w)) {
      if (w === 'sudo' || w === 'doas') {
        i++;
        while (i < words.length && words[i]!.startsWith('-')) {
          const flag = words[i]!;
          if (flag === '-i' || flag === '-s' || flag === '--login' || flag === '--shell') {
            if (i + 1 >= words.length) return { program: '', args: [], sudoShell: `${w} ${flag}`, at: i };
          }
          i += ['-u', '-g', '-U', '-C', '-h', '-p', '-r', '-t', '--user', '--group'].includes(flag) ? 2 : 1;
        }
        if (i >= words.length) return { program: '', args: [], at: i };
        const next = words[i]!;
        if (next === 'su' && !words.slice(i + 1).some((a) => a === '-c' || a === '--command')) return { program: '', args: [], sudoShell: `${w} su`, at: i };
        continue;
      }
      i++;
    } else break;
  }
  const program = (words[i] ?? '').replace(/^.*\//, '');
  return { program, args: words.slice(i + 1), at: i };
}

/** Arguments that are not options (nor an option's value). */
function positional(args: string[], withValue: Set<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (withValue.has(a)) i++;
    else if (!a.startsWith('-')) out.push(a);
  }
  return out;
}
