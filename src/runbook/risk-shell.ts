// Risk of shell text, read from the whole command with the bash grammar (shell-syntax.ts): every
// simple command bash may run (in pipelines, lists, subshells, substitutions, loops, function bodies)
// is judged, and the statement takes the highest risk among them.
//
//   what                                            risk
//   a wrapper (sudo, env, nohup, timeout, nice,     the risk of the command it runs (risk-shell-wrappers.ts)
//   xargs, watch, bash -c, eval, ssh host '...',
//   knife ssh, kubectl/oc exec --, docker exec)
//   psql with SQL from -c, a heredoc, a here-string the SQL's risk (risk-sql.ts), through psql's own split
//   or a pipe from echo/printf/cat <<EOF
//   psql with SQL from a file or another program   write at least: the SQL is not known here
//   psql with none of those                        read: an interactive session runs nothing by itself
//   an operations CLI verb or flag                 as risk-shell-programs.ts declares
//   a program that always destroys (rm, dd of=...) destructive, naming its targets
//   a read-only program (ls, grep, pg_isready)     read
//   `> file`, `>> file`, `tee file`                write, naming the file (not /dev/null)
//   an unknown program whose arguments ask to drop,  destructive (taken at its word)
//   delete, destroy, truncate, purge, wipe, kill...
//   anything else, or a program named by a variable write: not known to be read-only
//   text bash cannot read whole                     what could be read, at least write; destructive when
//                                                  the unreadable text names a destructive program or SQL
import type { Risk } from './model.js';
import { finding, summarize, target, type Finding, type RiskResult } from './risk-result.js';
import type { ShellCommand, ShellScript, ShellWord } from './shell-syntax.js';
import { DESTRUCTIVE, PROGRAMS, READ_ONLY, type Effect, type ProgramRule } from './risk-shell-programs.js';
import { wrapperFindings, type Io, type Reader } from './risk-shell-wrappers.js';
import { psqlFindings } from './risk-shell-psql.js';
import { parseShellWithFillIns } from './fill-ins-shell.js';
import { specialFindings } from './risk-shell-special.js';

/** Shell inside shell (bash -c, ssh, eval) is followed this many levels, then judged unreadable. */
const MAX_DEPTH = 6;
const HARMLESS_FILE = /^\/dev\/(null|stdout|stderr|tty|fd\/\d+)$/;

export function classifyShellText(text: string, depth = 0): RiskResult {
  // Fill-ins (`<NAMESPACE>`, `[host]`) are words, not redirections or tests (fill-ins-shell.ts).
  const script = parseShellWithFillIns(text);
  const findings: Finding[] = [];
  for (const command of script.commands) findings.push(...commandFindings(command, script, depth));
  if (script.errors.length > 0) findings.push(...unreadable(text, script));
  const result = summarize(findings);
  if (script.errors.length > 0) {
    const first = script.errors[0]!;
    result.syntaxError = { message: first.message, offset: first.offset };
    result.syntaxErrors = script.errors.map((e) => ({ language: 'bash', message: e.message, offset: e.offset }));
  }
  return result;
}

/** Shell text found inside a command (`bash -c '...'`, `ssh host '...'`): its findings. */
export function nestedShell(text: string, depth: number): Finding[] {
  if (depth >= MAX_DEPTH) return [finding('write', 'shell nested too deep to follow')];
  const inner = classifyShellText(text, depth + 1);
  if (inner.reasons.length === 0) return [];
  return inner.reasons.map((reason, i) => (i === 0 && inner.targets ? { risk: inner.risk, reason, targets: inner.targets } : { risk: inner.risk, reason }));
}

const READER: Reader = { argv: argvFindings, shell: nestedShell };

function commandFindings(command: ShellCommand, script: ShellScript, depth: number): Finding[] {
  const findings: Finding[] = [];
  const program = base(command.words[0]?.value ?? '');
  for (const r of command.redirects) {
    const file = r.target?.value ?? '';
    const writes = ['>', '>>', '>|', '&>', '&>>'].includes(r.op) || (r.op === '>&' && !/^\d+$|^-$/.test(file));
    if (!writes || HARMLESS_FILE.test(file)) continue;
    const verb = r.op.includes('>>') ? 'appends to' : 'writes';
    // A dump redirected to a file stays a read of the database.
    if (program === 'pg_dump' || program === 'pg_dumpall') findings.push(finding('read', `${program} writes its dump to ${file}`, target('file', file)));
    else findings.push(finding('write', `${verb} ${file}`, target('file', file)));
  }
  if (command.words.length === 0) {
    if (command.assignments.length > 0) findings.push(finding('read', `sets ${command.assignments.map((a) => a.name).join(', ')} in this shell`));
    return findings;
  }
  findings.push(...argvFindings(command.words, { command, script }, depth));
  return findings;
}

/** The findings of one program and its arguments (also called for the command a wrapper runs). */
export function argvFindings(argv: ShellWord[], io: Io, depth: number): Finding[] {
  const first = argv[0];
  if (!first) return [];
  if (!first.literal) return [finding('write', `runs a program named at run time (${first.raw}): not known before it runs`)];
  const program = base(first.value);
  const args = argv.slice(1);
  const wrapped = wrapperFindings(program, args, io, depth, READER);
  if (wrapped) return wrapped;
  if (program === 'psql' || program === 'gitlab-psql') return psqlFindings(program, args, io, depth);
  const special = specialFindings(program, args, io, depth, READER);
  if (special) return special;
  const rule = PROGRAMS[program];
  if (rule) return [ruleFinding(program, rule, args)];
  const destructive = DESTRUCTIVE[program] ?? (program.startsWith('mkfs.') ? DESTRUCTIVE.mkfs : undefined);
  if (destructive) {
    const names = positionals(args, destructive.valued ?? []);
    const targets = (program === 'dropdb' || program === 'dropuser' ? names.slice(-1) : names).map((n) => target(destructive.kind, n));
    return [finding('destructive', `${program} ${destructive.does}`, ...targets)];
  }
  if (program in READ_ONLY) return [finding('read', `${program} ${READ_ONLY[program]}`)];
  // An unknown program asked to do something destructive (`mongo --eval 'db.dropDatabase()'`,
  // `tootctl accounts delete`) is taken at its word.
  for (const arg of args) {
    const action = destructiveAction(arg.value);
    if (action) return [finding('destructive', `${program} is not known, and its arguments ask to ${action} (${arg.value.length > 40 ? `${arg.value.slice(0, 37)}...` : arg.value})`)];
  }
  return [finding('write', `${program} is not known to be read-only`)];
}

function ruleFinding(program: string, rule: ProgramRule, args: ShellWord[]): Finding {
  const values = args.map((a) => a.value);
  const extra = rule.namespaced ? target('namespace', optionValue(values, ['-n', '--namespace'])) : undefined;
  const named = rule.targetOption ? optionValue(values, rule.targetOption) : undefined;
  for (const f of rule.flags ?? []) {
    const hit = typeof f.match === 'function' ? values.some(f.match) : values.some((v) => (f.match as RegExp).test(v));
    if (hit) return effect(program, f, named !== undefined ? [named] : positionals(args, rule.valued ?? []), rule, extra);
  }
  const words = positionals(args, rule.valued ?? []);
  if (rule.verbAt === 'path') {
    // Cloud CLIs: the command path is the words before the first option; its verb is matched by prefix.
    const path = leading(args);
    for (let i = path.length - 1; i >= 0; i--) {
      const word = path[i]!.toLowerCase();
      const hit = rule.verbs?.find((v) => v.verbs.some((prefix) => word === prefix || word.startsWith(`${prefix}-`)));
      if (hit) return effect(`${program} ${path.slice(0, i + 1).join(' ')}`, hit, path.slice(i + 1), rule, extra);
    }
    return effect(`${program} ${path.join(' ')}`.trim(), rule.otherwise, [], rule, extra);
  }
  const lower = words.map((w) => w.toLowerCase());
  for (const v of rule.verbs ?? []) {
    for (const verb of v.verbs) {
      const parts = verb.split(' ');
      const at = rule.verbAt === 'any' ? indexOfRun(lower, parts) : lower.slice(0, parts.length).join(' ') === verb ? 0 : -1;
      if (at < 0) continue;
      const rest = [...words.slice(0, at), ...words.slice(at + parts.length)];
      return effect(`${program} ${verb}`, v, rule.verbAt === 'any' ? rest : words.slice(parts.length), rule, extra);
    }
  }
  if (words.length === 0 && rule.none) return effect(program, rule.none, [], rule, extra);
  if (!rule.verbs || rule.verbAt === 'any' || !words[0]) return effect(program, rule.otherwise, named !== undefined ? [named] : words, rule, extra);
  return effect(`${program} ${words[0]}`, rule.otherwise, words.slice(1), rule, extra);
}

function effect(display: string, e: Effect, targets: string[], rule: ProgramRule, extra?: ReturnType<typeof target>): Finding {
  // `kubectl delete pod web-1`: the name comes last, the resource type before it.
  const names = rule.kind === 'resource' || rule.kind === 'container' || rule.kind === 'member' ? [...targets].reverse() : targets;
  return finding(e.risk as Risk, `${display} ${e.does}`, ...names.map((n) => target(rule.kind, n)), extra);
}

function indexOfRun(words: string[], parts: string[]): number {
  for (let i = 0; i + parts.length <= words.length; i++) if (parts.every((p, k) => words[i + k] === p)) return i;
  return -1;
}

/** Positional words: not options and not the values of options that take one. */
export function positionals(args: ShellWord[], valued: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value;
    if (v === '--') {
      out.push(...args.slice(i + 1).map((a) => a.value));
      break;
    }
    if (v.startsWith('-') && v.length > 1) {
      if (valued.includes(v)) i++;
      continue;
    }
    out.push(v);
  }
  return out;
}

/** The value of the first of `names` (`-n ns`, `-nns`, `--namespace=ns`). */
export function optionValue(values: string[], names: string[]): string | undefined {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    for (const name of names) {
      if (v === name) return values[i + 1];
      if (name.startsWith('--') && v.startsWith(`${name}=`)) return v.slice(name.length + 1);
      if (!name.startsWith('--') && v.startsWith(name) && v.length > name.length) return v.slice(name.length);
    }
  }
  return undefined;
}

function leading(args: ShellWord[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    if (a.value.startsWith('-')) break;
    out.push(a.value);
  }
  return out;
}

export function base(program: string): string {
  return program.slice(program.lastIndexOf('/') + 1);
}

const ACTIONS = ['drop', 'delete', 'destroy', 'truncate', 'purge', 'wipe', 'flushall', 'flushdb', 'kill', 'uninstall', 'erase'];

/** An action word, also in camelCase or snake_case (`dropDatabase`, `drop_tables`), not inside a longer word. */
function destructiveAction(text: string): string | undefined {
  const lower = text.toLowerCase();
  for (const word of ACTIONS) {
    for (let at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + 1)) {
      const before = text[at - 1] ?? '';
      const after = text[at + word.length] ?? '';
      if (!/[A-Za-z]/.test(before) && !/[a-z]/.test(after)) return word;
    }
  }
  return undefined;
}
const LEXICAL_PROGRAMS = /(?:^|[\s;|&(`'"])(rm|dd|mkfs[.\w]*|shred|wipefs|dropdb|dropuser|kill|pkill|killall|shutdown|reboot|poweroff|halt|truncate)(?=\s|$)/;
const LEXICAL_VERBS = /\b(drop|truncate|delete|destroy|flushall|flushdb|uninstall|failover|switchover|reinit|--force)\b/i;

/** The text bash could not read whole: at least write, destructive when it names something destructive. */
function unreadable(text: string, script: ShellScript): Finding[] {
  const first = script.errors[0]!;
  const why = `bash cannot read it whole (${first.message} at line ${first.line})`;
  const program = LEXICAL_PROGRAMS.exec(text);
  if (program) return [finding('destructive', `${why}, and it mentions ${program[1]}`)];
  const verb = LEXICAL_VERBS.exec(text);
  if (verb) return [finding('destructive', `${why}, and it mentions ${verb[1]}`)];
  return [finding('write', `${why}: what it runs is not known`)];
}

