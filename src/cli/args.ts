// A thin wrapper over node:util parseArgs that turns its exceptions into one-line usage errors.

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

/** `--param name=value` (repeatable) into a record. */
export function parseParams(values: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of values ?? []) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new UserError(`--param expects name=value, got "${entry}"`);
    out[entry.slice(0, eq).trim()] = entry.slice(eq + 1);
  }
  return out;
}
