// A thin wrapper over node:util parseArgs that turns its exceptions into one-line usage errors, and the
// parameter flags every running command shares.

import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../errors.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

export function parse<O extends Options>(argv: string[], options: O, command: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UserError(`runbook ${command}: ${message} (see runbook ${command} --help)`);
  }
}

/**
 * `--param name=value` and `--param-env name=VAR` (both repeatable) into a record. A value that would be
 * visible to every local user in `ps` can come from a file (`--param name=@FILE`, one trailing newline
 * dropped; `@@` starts a value that really begins with `@`) or from an environment variable.
 */
export function parseParams(values: string[] | undefined, fromEnv: string[] = [], env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of values ?? []) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new UserError(`--param expects name=value, got "${entry}"`);
    const name = entry.slice(0, eq).trim();
    out[name] = paramValue(name, entry.slice(eq + 1));
  }
  for (const entry of fromEnv) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new UserError(`--param-env expects name=VARIABLE, got "${entry}"`);
    const name = entry.slice(0, eq).trim();
    const variable = entry.slice(eq + 1);
    const value = env[variable];
    if (value === undefined) throw new UserError(`--param-env ${name}=${variable}: the environment variable ${variable} is not set`);
    out[name] = value;
  }
  return out;
}

function paramValue(name: string, raw: string): string {
  if (raw.startsWith('@@')) return raw.slice(1);
  if (!raw.startsWith('@')) return raw;
  const file = raw.slice(1);
  try {
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new UserError(`--param ${name}=@${file}: cannot read ${file} (${code})`);
  }
}
