// Who is using the embedded server. Every `run`/`exec`/`resume` (anything that opens it through
// openEmbedded) registers in `<dir>/users/` while it runs; a server that one of them started on demand is
// marked in `<dir>/on-demand` (with the postmaster's pid). It is stopped when the last registered process
// leaves and the mark still names the running postmaster; a server found running without the mark
// (`runbook db start`) is left running. Registrations of dead processes (SIGKILL, a crash) are pruned, so
// they never keep a server up for long: the next process to leave finds them gone.
//
// All of it is read and changed under the directory's setup lock (embedded.ts), so a process that leaves
// cannot stop the server under one that is registering.

import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { holderAlive, readHolder, self, type Holder } from '../lockfile.js';

const usersDir = (dir: string) => join(dir, 'users');
const markFile = (dir: string) => join(dir, 'on-demand');

let handles = 0;

/** Registers this process (once per handle: one process may open the server twice); returns the file. */
export function register(dir: string): string {
  mkdirSync(usersDir(dir), { recursive: true, mode: 0o700 });
  const file = join(usersDir(dir), `${process.pid}-${++handles}.json`);
  writeFileSync(file, `${JSON.stringify(self())}\n`, { mode: 0o600 });
  return file;
}

export function unregister(file: string): void {
  rmSync(file, { force: true });
}

/** Live registrations (this process's other handles included); dead processes' files are removed on the way. */
export function liveUsers(dir: string): Holder[] {
  let names: string[];
  try {
    names = readdirSync(usersDir(dir));
  } catch {
    return [];
  }
  const out: Holder[] = [];
  for (const name of names) {
    const file = join(usersDir(dir), name);
    const h = readHolder(file);
    if (!h) continue;
    if (!holderAlive(h)) rmSync(file, { force: true });
    else out.push(h);
  }
  return out;
}

/** Marks the running postmaster `pid` as started on demand (stopped when its last user leaves). */
export function markOnDemand(dir: string, pid: number): void {
  writeFileSync(markFile(dir), `${pid}\n`, { mode: 0o600 });
}

/** Takes the mark away: the server stays running after its users leave (`runbook db start`). */
export function keepRunning(dir: string): void {
  rmSync(markFile(dir), { force: true });
}

/** Whether the running postmaster `pid` is the one started on demand. */
export function startedOnDemand(dir: string, pid: number): boolean {
  try {
    return Number(readFileSync(markFile(dir), 'utf8').trim()) === pid;
  } catch {
    return false;
  }
}
