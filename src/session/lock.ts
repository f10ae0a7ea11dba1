// One writer per session: a process that writes a session's journal (exec, run, resume) holds
// `<session>/lock` for as long as it has the session open. A second process is refused in one line naming
// the holder (pid, host, since); a lock whose process is gone (killed, crashed) is recognised by its pid
// and process start time and taken over (lockfile.ts).

import { join } from 'node:path';
import { describeHolder, tryLock } from '../lockfile.js';
import { SessionBusy } from '../errors.js';

export const LOCK_FILE = 'lock';

export interface SessionLock {
  release(): void;
}

/** Takes the session folder's lock, or throws SessionBusy naming the process that holds it. */
export function lockSession(dir: string): SessionLock {
  const got = tryLock(join(dir, LOCK_FILE));
  if (!got.acquired) throw new SessionBusy(dir, describeHolder(got.holder));
  return { release: got.release };
}
