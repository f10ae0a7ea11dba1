// The embedded server as an OS process: who runs it (PostgreSQL refuses to run as root, so as root we run
// it as the `postgres` user, creating that user when missing), how to tell from postmaster.pid whether it
// runs, and how to stop it without hanging (fast shutdown, then immediate, then SIGKILL).

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UserError, EXIT } from '../errors.js';
import { pidAlive } from '../lockfile.js';

export interface RunAs {
  uid?: number;
  gid?: number;
}

/** As root: the uid/gid of the `postgres` OS user, created when missing. Otherwise: the current user. */
export function serverUser(): RunAs {
  if (process.getuid?.() !== 0) return {};
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()),
  });
  try {
    return ids();
  } catch {
    try {
      execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
    } catch {
      // The group may exist without the user.
    }
    try {
      execFileSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres'], { stdio: 'ignore' });
      return ids();
    } catch {
      throw new UserError('PostgreSQL cannot run as root and no `postgres` OS user exists (creating it failed): create one with `useradd postgres`, or run as a normal user', EXIT.database);
    }
  }
}

export interface PidInfo {
  pid: number;
  port: number;
  /** `ready`, `starting`, `stopping` or `standby`, as the postmaster writes it. */
  status: string;
}

export function readPidFile(dataDir: string): PidInfo | undefined {
  try {
    const lines = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number(lines[0]);
    if (!Number.isInteger(pid) || pid <= 0) return undefined;
    return { pid, port: Number(lines[3]), status: (lines[7] ?? '').trim() };
  } catch {
    return undefined;
  }
}

/** Alive and still a postgres process (a pid can be reused after a crash). */
export function isPostgresAlive(pid: number): boolean {
  if (!pidAlive(pid)) return false;
  try {
    // `/proc/<pid>/stat` is `pid (comm) state ...`; a zombie (Z) is dead but not yet reaped by its parent.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const match = /^\d+ \((.*)\) (\S)/.exec(stat);
    return Boolean(match && (match[1] === 'postgres' || match[1] === 'postmaster') && match[2] !== 'Z');
  } catch {
    return true; // no /proc (macOS): trust kill(0)
  }
}

/** A postmaster.pid whose process is gone is left by a crash; PostgreSQL then may refuse to start. */
export function removeStalePidFile(dataDir: string): boolean {
  const info = readPidFile(dataDir);
  if (!info || isPostgresAlive(info.pid)) return false;
  rmSync(join(dataDir, 'postmaster.pid'), { force: true });
  return true;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!isPostgresAlive(pid)) return true;
    await sleep(20);
  }
  return !isPostgresAlive(pid);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

/**
 * Stops the postmaster: SIGINT (fast shutdown: disconnects sessions, clean checkpoint), then SIGQUIT
 * (immediate) after `timeoutMs`, then SIGKILL, so a wedged server can never hang the tool.
 */
export async function stopPostmaster(dataDir: string, timeoutMs = 10_000): Promise<'stopped' | 'killed' | 'not-running'> {
  const info = readPidFile(dataDir);
  if (!info || !isPostgresAlive(info.pid)) {
    removeStalePidFile(dataDir);
    return 'not-running';
  }
  signal(info.pid, 'SIGINT');
  if (await waitGone(info.pid, timeoutMs)) return 'stopped';
  signal(info.pid, 'SIGQUIT');
  if (await waitGone(info.pid, 2_000)) return 'killed';
  signal(info.pid, 'SIGKILL');
  await waitGone(info.pid, 2_000);
  removeStalePidFile(dataDir);
  return 'killed';
}

/**
 * The environment of initdb and pg_ctl: ours without the libpq PG* variables, which the server reads as
 * its own settings (an empty PGPORT fails initdb; PGDATA or PGPORT would aim it at someone else's).
 */
function toolEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { LC_ALL: 'C', LANG: 'C' };
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PG') && !(k in env)) env[k] = v;
  return env;
}

/** Runs a PostgreSQL binary (as the server user when root) and resolves with its output, or rejects with it. */
export function runTool(file: string, args: string[], runAs: RunAs, cwd: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, {
      ...runAs,
      cwd,
      env: toolEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePromise(output) : reject(new Error(output.trim() || `${file} exited with ${code}`))));
  });
}

/** Creates the server's directory, owned by the user the server runs as, and checks that user can write it. */
export function prepareServerDir(dir: string, runAs: RunAs): void {
  // Parents stay traversable (0755): as root the server runs as postgres, which must reach the leaf.
  mkdirSync(dirname(dir), { recursive: true, mode: 0o755 });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (runAs.uid === undefined) return;
  chownSync(dir, runAs.uid, runAs.gid!);
  const probe = spawnSync('test', ['-w', dir], { uid: runAs.uid, gid: runAs.gid });
  if (probe.status !== 0) {
    throw new UserError(`the postgres OS user cannot write ${dir} (PostgreSQL cannot run as root, so it runs as postgres): set RUNBOOK_EMBEDDED_DIR to a directory it can reach`, EXIT.database);
  }
}
