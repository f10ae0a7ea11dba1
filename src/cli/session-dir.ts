// The --session-dir flag of run and exec, checked before anything loads: a file is not a folder.

import { statSync } from 'node:fs';
import { UserError } from '../errors.js';

/** `--session-dir DIR` names a folder (new, or one holding no session yet): a file there is refused up front. */
export function checkSessionDir(dir: string | undefined): void {
  if (dir === undefined) return;
  let info;
  try {
    info = statSync(dir);
  } catch {
    return; // created when the session opens; a path that cannot be created fails there, naming it
  }
  if (!info.isDirectory()) throw new UserError(`--session-dir ${dir}: is a file, not a folder`);
}
