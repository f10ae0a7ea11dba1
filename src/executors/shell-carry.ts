// What one shell statement leaves for the next, as one terminal would: the variables it exported (or
// changed, or unset) and the directory it ended in. Each statement still runs in its own `bash -c`
// (one request in, one result out); an EXIT trap added on the script's first line (so bash's "line N"
// messages keep their numbers) writes `env -0` and `$PWD` to a state file, and the difference from the
// environment the statement started with becomes the result's `carry`. A script that sets its own
// EXIT trap, or `exec`s, leaves no state: the carry stays as it was.
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { ShellCarry } from './types.js';
import { TOKEN_VARIABLE } from './leftovers.js';

/** Where the trap writes (`<file>.env`, `<file>.cwd`). */
export const STATE_VARIABLE = 'RUNBOOK_SHELL_STATE';

const PREFIX = `__runbook_state(){ { env -0 >"$${STATE_VARIABLE}.env"; printf '%s' "$PWD" >"$${STATE_VARIABLE}.cwd"; } 2>/dev/null; }; trap __runbook_state EXIT; `;

export function withStateCapture(text: string): string {
  return PREFIX + text;
}

/** Variables that change by themselves or are ours (BASH_ENV: shell-values.ts, unset by its own file): never carried. */
const VOLATILE = new Set(['_', 'SHLVL', 'BASH_ENV', 'PWD', 'OLDPWD', 'COLUMNS', 'LINES', STATE_VARIABLE, TOKEN_VARIABLE]);

/** The environment a statement starts with: the base (ours, the target's, its parameters), then the carry. */
export function carriedEnv(base: Record<string, string>, carry: ShellCarry | undefined): Record<string, string> {
  if (!carry) return base;
  const env = { ...base };
  for (const name of carry.unset ?? []) delete env[name];
  return Object.assign(env, carry.env);
}

/** The directory a statement starts in: where the last one ended, while it still exists. */
export function carriedCwd(cwd: string, carry: ShellCarry | undefined): string {
  if (!carry?.cwd) return cwd;
  try {
    return statSync(carry.cwd).isDirectory() ? carry.cwd : cwd;
  } catch {
    return cwd;
  }
}

/** The carry after the statement (undefined when it left no state and there was none), files removed. */
export function readCarry(stateFile: string, startEnv: Record<string, string>, startCwd: string, before: ShellCarry | undefined): ShellCarry | undefined {
  const envFile = `${stateFile}.env`;
  const cwdFile = `${stateFile}.cwd`;
  try {
    if (!existsSync(envFile)) return before;
    const finalEnv = new Map<string, string>();
    for (const entry of readFileSync(envFile, 'utf8').split('\0')) {
      const eq = entry.indexOf('=');
      if (eq > 0) finalEnv.set(entry.slice(0, eq), entry.slice(eq + 1));
    }
    const carry: ShellCarry = { env: { ...(before?.env ?? {}) }, unset: [...(before?.unset ?? [])] };
    for (const [name, value] of finalEnv) {
      if (VOLATILE.has(name) || name.startsWith('BASH_FUNC_')) continue;
      if (startEnv[name] !== value) {
        carry.env[name] = value;
        carry.unset = carry.unset!.filter((n) => n !== name);
      }
    }
    for (const name of Object.keys(startEnv)) {
      if (VOLATILE.has(name) || finalEnv.has(name)) continue;
      delete carry.env[name];
      if (!carry.unset!.includes(name)) carry.unset!.push(name);
    }
    const cwd = existsSync(cwdFile) ? readFileSync(cwdFile, 'utf8') : '';
    if (cwd !== '' && cwd !== startCwd) carry.cwd = cwd;
    else if (before?.cwd) carry.cwd = before.cwd;
    if (carry.unset!.length === 0) delete carry.unset;
    return Object.keys(carry.env).length === 0 && !carry.unset && !carry.cwd ? undefined : carry;
  } catch {
    return before;
  } finally {
    rmSync(envFile, { force: true });
    rmSync(cwdFile, { force: true });
  }
}
