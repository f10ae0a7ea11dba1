// Runs the built `runbook` binary (dist/cli.js) as a real process, the way users run it.

import { execa, type Options } from 'execa';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export async function runCli(args: string[], options: Options = {}) {
  return execa('node', [CLI, ...args], { cwd: ROOT, reject: false, stdin: 'ignore', ...options });
}
