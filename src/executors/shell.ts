// The shell executor: `bash -c TEXT` through execa, stdin closed, stdout/stderr streamed as output events
// and into one log file (memory holds only a bounded tail; the request's secret values masked as it is
// written), in its own process group so a timeout or a
// cancel ends everything it started (SIGTERM to the group, SIGKILL after 5 s). The environment carries the
// current target (DATABASE_URL, PG*) and bound `shell` placeholders (RB_<NAME>; very large ones through
// BASH_ENV, shell-values.ts).
//
// The statement ends when its main process (bash) exits or at its timeout, whichever is first, even when
// something it started keeps stdout open (`sleep 20 & echo started`, `setsid ...`, `pg_ctl start`
// without -l): output is taken for OUTPUT_GRACE_MS more, then the pipes are let go. What it left running
// is named in the result (leftovers.ts).
//
// Exports and the working directory carry from one statement to the next (shell-carry.ts: the request's
// `carry` in, the result's `carry` out). An interactive statement (`terminal`) runs with the operator at
// the terminal instead: inherited stdio, no capture, no timeout.

import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { execa } from 'execa';
import type { Target } from '../database/target.js';
import { Tail } from './tail.js';
import { Masker } from './masker.js';
import { TOKEN_VARIABLE, describeLeftovers, findLeftovers } from './leftovers.js';
import { endResult, startClock } from './result.js';
import { largeValues } from './shell-values.js';
import { DEFAULT_TIMEOUT_MS, type ExecRequest, type ExecResult, type ExecStatus, type Executor, type RunOptions } from './types.js';
import { STATE_VARIABLE, carriedCwd, carriedEnv, readCarry, withStateCapture } from './shell-carry.js';

export const KILL_GRACE_MS = 5000;
/** After the main process exits, how long output is still taken from what it left holding the pipes. */
export const OUTPUT_GRACE_MS = 500;

/** What libpq programs read before connecting: with it, every transaction they open is read-only. */
export const READ_ONLY_PGOPTION = '-c default_transaction_read_only=on';

/**
 * Read-only (--read-only, a `readonly` block): every libpq program (psql, pg_dump, ...) a shell
 * statement starts opens read-only transactions, whatever PGOPTIONS already said (ours, or exported by
 * an earlier statement): the option comes last, and the last -c of a setting wins.
 */
export function withReadOnlyPgOptions(env: Record<string, string>): Record<string, string> {
  return { ...env, PGOPTIONS: [env.PGOPTIONS?.trim(), READ_ONLY_PGOPTION].filter(Boolean).join(' ') };
}

/** The environment a shell statement sees: ours, the target's connection, then the request's RB_ variables. */
export function shellEnv(target: Target | undefined, extra: Record<string, string> = {}, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  if (target) {
    // A stale PGPASSWORD or PGSSLMODE from the caller's environment must not leak onto another target.
    delete env.PGPASSWORD;
    delete env.PGSSLMODE;
    Object.assign(env, {
      DATABASE_URL: target.connectionString,
      PGHOST: target.host,
      PGPORT: String(target.port),
      PGUSER: target.user,
      PGDATABASE: target.database,
    });
    if (target.password !== undefined) env.PGPASSWORD = target.password;
    if (target.sslmode) env.PGSSLMODE = target.sslmode;
  }
  return Object.assign(env, extra);
}

export class ShellExecutor implements Executor {
  constructor(private readonly target?: Target) {}

  async run(request: ExecRequest, options: RunOptions = {}): Promise<ExecResult> {
    const clock = startClock();
    const done = (status: ExecStatus, extra: Partial<ExecResult>): ExecResult => endResult(request, clock, status, extra);
    if (options.signal?.aborted) return done('cancelled', { error: { message: 'cancelled before it started' } });

    mkdirSync(request.outputDir, { recursive: true });
    const logFile = join(request.outputDir, `${request.outputName}.log`);
    // Exports and `cd` of earlier statements, as in one terminal; what this one leaves is read back after.
    const stateFile = join(request.outputDir, `${request.outputName}.state`);
    // Values too large for the environment travel through BASH_ENV (removed once bash has exited).
    const values = largeValues(request.env ?? {});
    const carried = carriedEnv(shellEnv(this.target, values.env), request.carry);
    const startEnv = request.readOnly ? withReadOnlyPgOptions(carried) : carried;
    const startCwd = carriedCwd(request.cwd, request.carry);
    const carryBack = () => readCarry(stateFile, startEnv, startCwd, request.carry);
    if (request.terminal) {
      try {
        return await runInTerminal(request, { env: startEnv, cwd: startCwd, stateFile, logFile, carryBack, done, signal: options.signal, onOutput: options.onOutput });
      } finally {
        values.cleanup();
      }
    }
    const log = createWriteStream(logFile, { highWaterMark: 1 << 20 });
    const masker = new Masker(request.redact ?? []);
    const token = randomBytes(9).toString('base64url');
    const child = execa('bash', ['-c', withStateCapture(request.text)], {
      cwd: startCwd,
      env: { ...startEnv, [TOKEN_VARIABLE]: token, [STATE_VARIABLE]: stateFile },
      extendEnv: false,
      stdin: 'ignore',
      buffer: false,
      detached: true,
      reject: false,
      stripFinalNewline: false,
    });
    const group = child.pid;
    if (group) liveGroups.add(group);
    const streams = [child.stdout, child.stderr].filter(Boolean) as Readable[];
    const tails = { stdout: new Tail(), stderr: new Tail() };
    // A full log file buffer pauses the child's pipes; the child then blocks on write, not our memory.
    log.on('drain', () => streams.forEach((s) => s.resume()));
    const pipe = (stream: Readable | null, name: 'stdout' | 'stderr') => {
      if (!stream) return;
      const decoder = new StringDecoder('utf8');
      stream.on('data', (chunk: Buffer) => {
        if (!log.write(masker.active ? masker.push(chunk) : chunk)) streams.forEach((s) => s.pause());
        const text = decoder.write(chunk);
        if (!text) return;
        tails[name].push(text);
        options.onOutput?.({ type: 'data', stream: name, text });
      });
    };
    pipe(child.stdout, 'stdout');
    pipe(child.stderr, 'stderr');
    // execa settles once the pipes close, which a child that keeps them open (`sleep 20 &`, `setsid ...`)
    // delays past the main process's exit: the statement ends when the main process does.
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      child.once('error', () => resolve({ code: null, signal: null }));
    });
    const streamsClosed = Promise.all(streams.map((s) => new Promise<void>((resolve) => (s.readableEnded || s.destroyed ? resolve() : s.once('close', () => resolve())))));

    let ending: 'cancelled' | 'timed-out' | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    const killGroup = (why: 'cancelled' | 'timed-out') => {
      if (ending) return;
      ending = why;
      signalGroup(child.pid, 'SIGTERM');
      streams.forEach((s) => s.resume());
      killTimer = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), KILL_GRACE_MS);
    };
    const onAbort = () => killGroup('cancelled');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => killGroup('timed-out'), request.timeoutMs > 0 ? request.timeoutMs : DEFAULT_TIMEOUT_MS);

    const exit = await exited;
    if (group) liveGroups.delete(group);
    values.cleanup();
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    if (killTimer) {
      // The leader is gone; finish off anything it left in its group now rather than in 5 s.
      clearTimeout(killTimer);
      signalGroup(child.pid, 'SIGKILL');
    }
    // Output written just before the exit (or by what it left running) is still taken for a moment.
    streams.forEach((s) => s.resume());
    let held = false;
    await Promise.race([streamsClosed, sleep(OUTPUT_GRACE_MS).then(() => (held = true))]);
    const groupAlive = !ending && signalGroup(child.pid, 0);
    // Still open after the grace: something the statement started holds them. Stop reading; it runs on.
    if (held) streams.forEach((s) => s.destroy());
    await child.catch(() => undefined);
    await new Promise<void>((resolve) => log.end(masker.end(), resolve));
    // Named only when something may have been left (the pipes stayed open, the group has members, or
    // the group was killed and something may have escaped it): reading /proc costs a few milliseconds.
    const left = held || groupAlive || ending ? findLeftovers(token).filter((l) => !(ending && l.pgid === child.pid)) : [];

    const exitCode = exit.code;
    const signal = exit.signal;
    options.onOutput?.({ type: 'exit', code: exitCode, signal });
    const carry = carryBack();
    const extra: Partial<ExecResult> = { exitCode, stdoutTail: tails.stdout.text(), stderrTail: tails.stderr.text(), outputFile: logFile, ...(carry ? { carry } : {}) };
    if (left.length) {
      extra.leftRunning = left.map(({ pid, command }) => ({ pid, command }));
      extra.notices = [`left running after the statement ended: ${describeLeftovers(left)}`];
    }
    const escaped = ending && left.length ? `; still running outside it: ${describeLeftovers(left)}` : '';
    if (ending === 'timed-out') return done('timed-out', { ...extra, error: { message: `timed out after ${request.timeoutMs} ms; process group killed${escaped}` } });
    if (ending === 'cancelled') return done('cancelled', { ...extra, error: { message: `cancelled; process group killed${escaped}` } });
    if (exitCode === 0) return done('succeeded', extra);
    const why = exitCode === null ? `killed by ${signal ?? 'a signal'}` : `exit code ${exitCode}`;
    const result = await child.catch((e: unknown) => e as { failed?: boolean; shortMessage?: string });
    const failedToStart = (result as { failed?: boolean }).failed && child.pid === undefined ? (result as { shortMessage?: string }).shortMessage : undefined;
    return done('failed', { ...extra, error: { message: failedToStart ?? why, line: request.origin.line, column: request.origin.column } });
  }
}

interface TerminalRun {
  env: Record<string, string>;
  cwd: string;
  stateFile: string;
  logFile: string;
  carryBack: () => ExecResult['carry'];
  done: (status: ExecStatus, extra: Partial<ExecResult>) => ExecResult;
  signal?: AbortSignal;
  onOutput?: RunOptions['onOutput'];
}

/**
 * An interactive statement with the operator at the terminal: bash gets the terminal's stdin, stdout and
 * stderr (nothing is captured, so the log only says so), runs in our process group so the terminal's
 * Ctrl-C reaches it, and has no timeout: it ends when the operator ends it. Its exit status is the result.
 */
async function runInTerminal(request: ExecRequest, run: TerminalRun): Promise<ExecResult> {
  writeFileSync(run.logFile, `(ran with the operator at the terminal; its output was not captured)\n$ ${request.text}\n`);
  const child = execa('bash', ['-c', withStateCapture(request.text)], {
    cwd: run.cwd,
    env: { ...run.env, [STATE_VARIABLE]: run.stateFile },
    extendEnv: false,
    stdio: 'inherit',
    reject: false,
  });
  const onAbort = () => child.kill('SIGTERM');
  run.signal?.addEventListener('abort', onAbort, { once: true });
  const result = await child;
  run.signal?.removeEventListener('abort', onAbort);
  const exitCode = result.exitCode ?? null;
  run.onOutput?.({ type: 'exit', code: exitCode, signal: result.signal ?? null });
  const carry = run.carryBack();
  const extra: Partial<ExecResult> = { exitCode, stdoutTail: '', stderrTail: '', outputFile: run.logFile, ...(carry ? { carry } : {}) };
  if (run.signal?.aborted) return run.done('cancelled', { ...extra, error: { message: 'cancelled' } });
  if (exitCode === 0) return run.done('succeeded', extra);
  const why = exitCode === undefined || exitCode === null ? `killed by ${result.signal ?? 'a signal'}` : `exit code ${exitCode}`;
  return run.done('failed', { ...extra, error: { message: why, line: request.origin.line, column: request.origin.column } });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Process groups of statements still running. If the process exits before they end (a second Ctrl-C
 * gave up waiting for a cancel), they are killed on the way out rather than left running unwatched.
 */
const liveGroups = new Set<number>();
process.once('exit', () => {
  for (const group of liveGroups) signalGroup(group, 'SIGKILL');
});

/** Signals the statement's process group; with 0, tells whether it still has members. */
function signalGroup(pid: number | undefined, signal: NodeJS.Signals | 0): boolean {
  if (!pid) return false;
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // The group is already gone.
  }
}
