// Risk of shell text: which programs run and with what. `psql -c "SQL"` takes the risk of its SQL
// (read with the real parser); `psql` with no -c/-f only opens a connection (read); a small list of
// programs that only look at things is read; everything else is write. Programs that remove what
// cannot be brought back (dropdb, dropuser, rm, kill, pg_ctl stop, pg_restore --clean) are destructive.
import type { Risk } from './model.js';
import { readShell, type ShellCommand } from './shell-words.js';
import { classifySqlText, summarize, type RiskResult } from './risk-sql.js';

interface Finding {
  risk: Risk;
  reason: string;
  target?: string;
}

const READ_ONLY = new Set([
  'echo', 'printf', 'cat', 'ls', 'grep', 'egrep', 'fgrep', 'date', 'head', 'tail', 'wc', 'sort', 'uniq',
  'which', 'whoami', 'hostname', 'pwd', 'true', 'false', 'test', '[', '[[', ']]', 'pg_isready', 'df',
  'du', 'ps', 'uptime', 'free', 'ping', 'dig', 'jq', 'less', 'more', 'pg_controldata', 'pg_lsclusters',
  'env', 'printenv', 'id', 'uname', 'stat', 'file', 'cut', 'tr', 'column', 'awk', 'sleep', 'exit',
  'pg_dump', 'pg_dumpall', 'for', 'case', 'esac', 'in', 'break', 'continue', 'return', 'local',
]);
const PREFIXES = new Set(['sudo', 'time', 'nohup', 'exec', 'command', 'nice', 'if', 'then', 'else', 'elif',
  'fi', 'do', 'done', 'while', 'until', '!', '{', '}']);
const HARMLESS_TARGETS = /^\/dev\/(null|stdout|stderr|tty)$/;

export function classifyShellText(text: string): RiskResult {
  const findings: Finding[] = [];
  collect(text, findings, 0);
  return summarize(findings);
}

function collect(text: string, findings: Finding[], depth: number): void {
  const script = readShell(text);
  for (const command of script.commands) findings.push(...classifyCommand(command));
  // Substitutions run too (`$(date +%Y%m%d)`); depth-limited against pathological nesting.
  if (depth < 8) for (const inner of script.substitutions) collect(inner, findings, depth + 1);
}

function classifyCommand(command: ShellCommand): Finding[] {
  const findings: Finding[] = [];
  for (const { op, target } of command.redirects) {
    // pg_dump's purpose is writing a dump somewhere; it stays read like its -f form.
    const dump = ['pg_dump', 'pg_dumpall'].includes(programOf(command.words));
    if (op.startsWith('>') && !HARMLESS_TARGETS.test(target) && !dump) findings.push({ risk: 'write', reason: `writes ${target}` });
    if (op === '<' && programOf(command.words) === 'psql') findings.push({ risk: 'write', reason: `psql runs SQL from ${target}` });
  }
  const words = skipPrefixes(command.words);
  const program = (words[0] ?? '').replace(/^.*\//, '');
  const args = words.slice(1);
  if (program === '') return findings;
  if (program === 'psql') findings.push(...classifyPsql(args));
  else if (program === 'curl') {
    const sends = args.some((a) => /^(-X|--request|-d|--data.*|-F|--form|-T|--upload-file|--json)(=|$)|^-[a-zA-Z]*[XdFT]/.test(a));
    findings.push(sends ? { risk: 'write', reason: 'curl sends data' } : { risk: 'read', reason: 'curl GET' });
  } else if (program === 'sed' && args.some((a) => /^-[a-zA-Z]*i/.test(a) || a.startsWith('--in-place'))) {
    findings.push({ risk: 'write', reason: 'sed -i edits files' });
  } else if (READ_ONLY.has(program)) findings.push({ risk: 'read', reason: program });
  else findings.push(classifyOther(program, args));
  return findings;
}

function classifyOther(program: string, args: string[]): Finding {
  const positional = args.filter((a) => !a.startsWith('-'));
  switch (program) {
    case 'dropdb':
      return { risk: 'destructive', reason: 'dropdb drops a database', ...target(positional.at(-1)) };
    case 'dropuser':
      return { risk: 'destructive', reason: 'dropuser drops a role', ...target(positional.at(-1)) };
    case 'rm':
    case 'shred':
      return { risk: 'destructive', reason: `${program} deletes files` };
    case 'kill':
    case 'pkill':
    case 'killall':
      return { risk: 'destructive', reason: `${program} ends processes` };
    case 'pg_ctl':
    case 'pg_ctlcluster':
      if (positional.some((a) => ['stop', 'restart', 'kill', 'promote'].includes(a))) {
        return { risk: 'destructive', reason: `${program} ${positional.find((a) => ['stop', 'restart', 'kill', 'promote'].includes(a))}` };
      }
      if (positional.includes('status')) return { risk: 'read', reason: `${program} status` };
      break;
    case 'pg_restore':
      if (args.some((a) => a === '--clean' || /^-[a-zA-Z]*c/.test(a))) {
        return { risk: 'destructive', reason: 'pg_restore --clean drops objects first' };
      }
      break;
  }
  return { risk: 'write', reason: `${program} (not known to be read-only)` };
}

function target(name: string | undefined): { target?: string } {
  return name === undefined ? {} : { target: name };
}

function programOf(words: string[]): string {
  return (skipPrefixes(words)[0] ?? '').replace(/^.*\//, '');
}

/** Drops `VAR=value`, `sudo -u x`, `time`, shell keywords: what is left starts with the program. */
function skipPrefixes(words: string[]): string[] {
  let i = 0;
  while (i < words.length) {
    const w = words[i]!;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w) || PREFIXES.has(w)) i++;
    else if (i > 0 && words[i - 1] === 'sudo' && w.startsWith('-')) i += w === '-u' ? 2 : 1;
    else break;
  }
  return words.slice(i);
}

/** `psql ... -c SQL` / `--command=SQL`: the SQL's risk; `-f file`: write; neither: a connection check. */
function classifyPsql(args: string[]): Finding[] {
  const sqls: string[] = [];
  let file: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    // `-c SQL`, and clusters of argument-less flags ending in c, like `-Atc SQL` / `-qXf file`.
    if (a === '--command' || /^-[AaEeHLnqSstXxz0]*c$/.test(a)) sqls.push(args[++i] ?? '');
    else if (a.startsWith('--command=')) sqls.push(a.slice('--command='.length));
    else if (/^-c./.test(a)) sqls.push(a.slice(2));
    else if (a === '--file' || /^-[AaEeHLnqSstXxz0]*f$/.test(a)) file = args[++i] ?? '';
    else if (a.startsWith('--file=')) file = a.slice('--file='.length);
    else if (/^-f./.test(a)) file = a.slice(2);
  }
  const findings: Finding[] = [];
  if (file !== undefined) findings.push({ risk: 'write', reason: `psql runs the SQL file ${file}` });
  for (const sql of sqls) {
    const result = classifySqlText(sql);
    if (result.syntaxError) {
      findings.push({ risk: 'write', reason: `psql -c SQL could not be read: ${result.syntaxError.message}` });
    } else {
      const reasons = result.reasons.length > 0 ? result.reasons : ['no statements'];
      for (const reason of reasons) {
        const finding: Finding = { risk: result.risk, reason: `psql -c: ${reason}` };
        if (result.confirmTarget !== undefined) finding.target = result.confirmTarget;
        findings.push(finding);
      }
    }
  }
  if (sqls.length === 0 && file === undefined) findings.push({ risk: 'read', reason: 'psql without -c/-f opens a connection' });
  return findings;
}
