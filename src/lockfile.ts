// Lock files held by a process, and how to tell that the process holding one is gone. Used for the
// session's one writer (session/open.ts), the embedded server's setup lock and the register of processes
// using it (database/embedded-users.ts). Every layer may import it, like errors.ts.
//
// A holder is named by pid, host and its start time (boot id + the kernel's start tick from
// /proc/<pid>/stat), so a pid reused after a crash is not mistaken for the holder. On another host (a
// session folder on a shared disk) nothing can be checked: the lock is taken as held (fail safe).
//
// The lock file is created whole (written to a private file, then hard-linked into place, which fails if
// the lock exists), so a reader never sees half a holder. A stale lock is removed only under a short
// second lock (`<file>.takeover`), so two processes that both find it stale cannot both take it.

import { linkSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';

export interface Holder {
  pid: number;
  host: string;
  /** ISO time the lock was taken. */
  since: string;
  /** Boot id and kernel start tick of the holding process; absent where /proc is not available. */
  start?: string;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

let bootId: string | undefined;

/** `<boot id>:<start tick>` of a process, or undefined when it does not exist (or there is no /proc). */
export function processStart(pid: number): string | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // `pid (comm) state ppid ...`: comm may hold spaces and parentheses, so count fields after the last `)`.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  bootId ??= readText('/proc/sys/kernel/random/boot_id')?.trim() ?? '';
  return `${bootId}:${fields[19]}`;
}

/** Whether a process with this pid exists (one of another user's counts: EPERM). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** This process as a holder. */
export function self(): Holder {
  return { pid: process.pid, host: hostname(), since: new Date().toISOString(), start: processStart(process.pid) };
}

/** Whether the holder still runs. Another host's process cannot be checked and counts as alive. */
export function holderAlive(h: Holder): boolean {
  if (h.host !== hostname()) return true;
  if (!Number.isInteger(h.pid) || h.pid <= 0 || !pidAlive(h.pid)) return false;
  const start = processStart(h.pid);
  // Where both are known they must match; a zombie's stat still exists and counts as alive until reaped.
  return h.start === undefined || start === undefined || start === h.start;
}

export function readHolder(file: string): Holder | undefined {
  const text = readText(file);
  if (text === undefined) return undefined;
  try {
    const h = JSON.parse(text) as Holder;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? h : { pid: 0, host: hostname(), since: '' };
  } catch {
    // Damaged (locks are linked into place whole, so no writer leaves half of one): nobody to name, stale.
    return { pid: 0, host: hostname(), since: '' };
  }
}

/** Writes `holder` to `file` whole, or returns false when `file` exists. */
function createWhole(file: string, holder: Holder): boolean {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(tmp, `${JSON.stringify(holder)}\n`, { mode: 0o600 });
  try {
    linkSync(tmp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** Removes `file` if it still names the same dead holder; false when someone else is doing it right now. */
function removeStale(file: string, seen: Holder): boolean {
  const guard = `${file}.takeover`;
  if (!createWhole(guard, self())) {
    // A takeover lasts microseconds; one older than 10 s belongs to a process that died in it.
    try {
      if (Date.now() - statSync(guard).mtimeMs > 10_000) rmSync(guard, { force: true });
    } catch {
      // gone already
    }
    return false;
  }
  try {
    const now = readHolder(file);
    if (now && now.pid === seen.pid && now.start === seen.start && now.since === seen.since) rmSync(file, { force: true });
    return true;
  } finally {
    rmSync(guard, { force: true });
  }
}

export type TryLock = { acquired: true; release(): void } | { acquired: false; holder: Holder };

/** Takes `file` for this process, replacing a dead holder's; or names the live holder. */
export function tryLock(file: string): TryLock {
  for (let attempt = 0; attempt < 100; attempt++) {
    const me = self();
    if (createWhole(file, me)) {
      let released = false;
      return {
        acquired: true,
        release() {
          if (released) return;
          released = true;
          // Only our own lock: never one a later holder took after ours was (wrongly) found stale.
          const h = readHolder(file);
          if (h && h.pid === me.pid && h.since === me.since) rmSync(file, { force: true });
        },
      };
    }
    const holder = readHolder(file);
    if (!holder) continue; // released between our attempt and the read
    if (holderAlive(holder)) return { acquired: false, holder };
    removeStale(file, holder);
  }
  const holder = readHolder(file) ?? { pid: 0, host: hostname(), since: '' };
  return { acquired: false, holder };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits (polling) up to `waitMs` for `file`; returns the release, or the holder still holding it. */
export async function waitLock(file: string, waitMs: number): Promise<TryLock> {
  const until = Date.now() + waitMs;
  for (;;) {
    const got = tryLock(file);
    if (got.acquired || Date.now() > until) return got;
    await sleep(25);
  }
}

/** `pid 4242 on ops-1 since 2025-03-14T09:26:54Z`, for messages. */
export function describeHolder(h: Holder): string {
  return `pid ${h.pid} on ${h.host}${h.since ? ` since ${h.since.replace(/\.\d+Z$/, 'Z')}` : ''}`;
}
