// Bound values too large for the environment. Linux refuses to start a program whose one environment
// string is over 128 KiB (E2BIG), so a value larger than LARGE_ENV_VALUE does not travel in the
// environment: bash reads it from a file named by BASH_ENV (mode 0600 in a private temp folder, removed
// when the statement's bash has exited) as an unexported variable, which every expansion in the script
// sees as data. The file unsets BASH_ENV, so programs the script starts never read it.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const LARGE_ENV_VALUE = 32 * 1024;

export function largeValues(env: Record<string, string>): { env: Record<string, string>; cleanup: () => void } {
  const large = Object.entries(env).filter(([, v]) => v.length > LARGE_ENV_VALUE);
  if (large.length === 0) return { env, cleanup: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'rb-env-'));
  const file = join(dir, 'values.sh');
  // In '...' every character but ' stands for itself (NUL never reaches here: binding refuses it).
  const script = large.map(([k, v]) => `${k}='${v.replace(/'/g, `'\\''`)}'\n`).join('') + 'unset BASH_ENV\n';
  writeFileSync(file, script, { mode: 0o600 });
  const small = Object.fromEntries(Object.entries(env).filter(([, v]) => v.length <= LARGE_ENV_VALUE));
  return { env: { ...small, BASH_ENV: file }, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
