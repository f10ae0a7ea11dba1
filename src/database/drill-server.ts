// Disposable databases for drills. A drill never touches a database the user named, nor the embedded demo
// database they work in: it runs on a copy.
//
// - The template: a stopped embedded cluster made once (initdb, the toolkit and its demo data, fsync off)
//   in `<embedded dir>/drills/template-<key>/`, keyed by the toolkit's SQL, the bundled runbook, the
//   PostgreSQL binaries and this version, so an edited toolkit (RUNBOOK_TOOLKIT_DIR) gets its own.
// - A drill server: a copy of the template's data directory started on a free port, owned by one
//   process (`owner.json`), used by that process's drills one after the other and deleted when it is
//   done. Its own cluster, so what a procedure does to the whole server (terminating every idle session,
//   roles, stopping it) reaches no one else; a process that died leaves one that the next drill removes.
// - Per drill, a database cloned from the template's `showtrack` (CREATE DATABASE ... TEMPLATE, a file
//   copy: ~0.1 s where copying a cluster takes ~1 s), dropped afterwards with the roles its fault made.
//   A scenario that stops the server gets a drill server of its own.
//
// Measured (2 cores, load ~14): clone 60-140 ms; cluster copy 0.8-2.3 s (35-64 MB) plus a 0.1-0.4 s start.

import { createHash, randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { embeddedDir, openEmbedded, startEmbedded, stopEmbedded, type EmbeddedHandle } from './embedded.js';
import { findBinaries } from './embedded-binaries.js';
import { connectClient } from './connect.js';
import { connectionUrl } from './resolve.js';
import { toolkitDir } from './toolkit.js';
import { holderAlive, readHolder, self, waitLock, describeHolder } from '../lockfile.js';
import { UserError, EXIT } from '../errors.js';
import type { Target } from './target.js';

const run = promisify(execFile);

/** The database the template holds (the embedded demo database's name) and every drill clones. */
export const TEMPLATE_DATABASE = 'showtrack';

/** A disposable cluster needs no durability; a pool-exhaustion drill needs room for its sessions. */
const SETTINGS = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300', min_wal_size: '2MB', max_wal_size: '64MB', wal_recycle: 'off' };
/** Templates kept, the newest first (an edited toolkit and the shipped one both stay ready). */
const KEEP_TEMPLATES = 3;
/** 1 MB WAL segments: a stopped template keeps ~2 MB of WAL instead of two 16 MB segments to copy. */
const INITDB_ARGS = ['--wal-segsize=1'];

export function drillsRoot(env: NodeJS.ProcessEnv = process.env): string {
  return join(embeddedDir(env), 'drills');
}

export interface DrillServer {
  /** The copy's directory (an embedded directory: `RUNBOOK_EMBEDDED_DIR=<dir> runbook db start` opens it). */
  dir: string;
  /** The superuser on the template database (never connect to it while cloning: use `admin`). */
  target: Target;
  /** Stops it (if running) and deletes it, unless `keep`: then it stays, stopped, for inspection. */
  release(keep?: boolean): Promise<void>;
  /** Stops the server (the `server: stopped` fault). */
  stop(): Promise<void>;
}

/** What the template depends on: when any of it changes, a new template is made. */
function templateKey(version: string): string {
  const hash = createHash('sha256').update(version).update(JSON.stringify([SETTINGS, INITDB_ARGS]));
  const dir = toolkitDir();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.sql')).sort()) hash.update(name).update(readFileSync(join(dir, name)));
  const binaries = findBinaries();
  hash.update(binaries.root).update(String(statSync(binaries.postgres).mtimeMs));
  const bundled = join(toolkitDir({}), '..', 'database-operations.md');
  if (existsSync(bundled)) hash.update(readFileSync(bundled));
  return hash.digest('hex').slice(0, 16);
}

/** The template's directory, made first when missing (under a lock: two drills at once make it once). */
export async function ensureTemplate(options: { version: string; env?: NodeJS.ProcessEnv; onProgress?: (m: string) => void }): Promise<string> {
  const root = drillsRoot(options.env);
  mkdirSync(root, { recursive: true, mode: 0o755 });
  const key = templateKey(options.version);
  const dir = join(root, `template-${key}`);
  if (existsSync(join(dir, 'ready'))) return dir;
  const lock = await waitLock(join(root, 'template.lock'), 300_000);
  if (!lock.acquired) throw new UserError(`the drill template is being made by ${describeHolder(lock.holder)}`, EXIT.database);
  try {
    if (existsSync(join(dir, 'ready'))) return dir;
    options.onProgress?.('making the drill template (the demo database with the toolkit, once)');
    const building = join(root, `building-${key}`);
    rmSync(building, { recursive: true, force: true });
    try {
      await startEmbedded({ dir: building, database: TEMPLATE_DATABASE, settings: SETTINGS, initdbArgs: INITDB_ARGS });
    } finally {
      await stopEmbedded({ dir: building });
    }
    for (const transient of ['users', 'on-demand', 'postgres.log', '.lock']) rmSync(join(building, transient), { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
    renameSync(building, dir);
    writeFileSync(join(dir, 'ready'), `${new Date().toISOString()}\n`);
    // Templates of other toolkits or versions: the newest few stay (switching back costs nothing), the rest go.
    const others = readdirSync(root)
      .filter((name) => name.startsWith('template-') && name !== `template-${key}` && existsSync(join(root, name, 'ready')))
      .sort((a, b) => statSync(join(root, b, 'ready')).mtimeMs - statSync(join(root, a, 'ready')).mtimeMs);
    for (const name of others.slice(KEEP_TEMPLATES - 1)) rmSync(join(root, name), { recursive: true, force: true });
    return dir;
  } finally {
    lock.release();
  }
}

/** Drill servers whose process died (SIGKILL, a crash): stopped and deleted, unless kept. */
export async function pruneDeadServers(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const root = drillsRoot(env);
  let names: string[];
  try {
    names = readdirSync(root).filter((n) => n.startsWith('run-'));
  } catch {
    return;
  }
  for (const name of names) {
    const dir = join(root, name);
    if (existsSync(join(dir, 'kept'))) continue;
    const owner = readHolder(join(dir, 'owner.json'));
    if (owner && holderAlive(owner)) continue;
    await stopEmbedded({ dir }).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A copy of the template, started on a free port, owned by this process. */
export async function startDrillServer(options: { version: string; env?: NodeJS.ProcessEnv; onProgress?: (m: string) => void }): Promise<DrillServer> {
  const template = await ensureTemplate(options);
  await pruneDeadServers(options.env);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const dir = join(drillsRoot(options.env), `run-${stamp}-${process.pid}-${randomBytes(3).toString('hex')}`);
  mkdirSync(dir, { mode: 0o700 });
  writeFileSync(join(dir, 'owner.json'), `${JSON.stringify(self())}\n`, { mode: 0o600 });
  let handle: EmbeddedHandle | undefined;
  try {
    // cp -a keeps the owner: as root the files belong to the postgres user the server runs as.
    await run('cp', ['-a', join(template, 'data'), join(dir, 'data')]);
    for (const file of ['password']) await run('cp', ['-a', join(template, file), join(dir, file)]);
    const meta = JSON.parse(readFileSync(join(template, 'embedded.json'), 'utf8')) as Record<string, unknown>;
    delete meta.port;
    writeFileSync(join(dir, 'embedded.json'), `${JSON.stringify(meta, null, 2)}\n`, { mode: 0o600 });
    handle = await openEmbedded({ dir });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const opened = handle;
  return {
    dir,
    target: opened.target,
    async stop() {
      await stopEmbedded({ dir });
    },
    async release(keep = false) {
      await opened.release().catch(() => undefined);
      await stopEmbedded({ dir }).catch(() => undefined);
      if (keep) writeFileSync(join(dir, 'kept'), `${new Date().toISOString()}\n`);
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `target` pointed at another database of the same server. */
export function onDatabase(target: Target, database: string): Target {
  return { ...target, database, connectionString: connectionUrl({ ...target, database }) };
}

/** A database cloned from the template for one drill; returns its target (the server's superuser). */
export async function cloneDatabase(server: DrillServer, name: string): Promise<Target> {
  const admin = await connectClient(onDatabase(server.target, 'template1'));
  try {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)} TEMPLATE ${admin.escapeIdentifier(TEMPLATE_DATABASE)} STRATEGY FILE_COPY`);
  } finally {
    await admin.end().catch(() => undefined);
  }
  return onDatabase(server.target, name);
}

/** The server's roles now: a drill drops those its fault added once its database is gone. */
export async function rolesOf(server: DrillServer): Promise<Set<string>> {
  const admin = await connectClient(onDatabase(server.target, 'template1'));
  try {
    return new Set((await admin.query<{ rolname: string }>('SELECT rolname FROM pg_roles')).rows.map((r) => r.rolname));
  } finally {
    await admin.end().catch(() => undefined);
  }
}

/** Drops a drill's database (its sessions first) and the roles it created, so the next drill starts clean. */
export async function dropDatabase(server: DrillServer, name: string, rolesBefore: ReadonlySet<string>): Promise<void> {
  const admin = await connectClient(onDatabase(server.target, 'template1'));
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
    const roles = (await admin.query<{ rolname: string }>('SELECT rolname FROM pg_roles')).rows.map((r) => r.rolname).filter((r) => !rolesBefore.has(r));
    for (const role of roles) await admin.query(`DROP ROLE IF EXISTS ${admin.escapeIdentifier(role)}`).catch(() => undefined);
  } finally {
    await admin.end().catch(() => undefined);
  }
}
