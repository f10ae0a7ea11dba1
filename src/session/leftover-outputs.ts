// Output files a dead process left behind: a statement that was running when the process died has a
// CSV or log that no finished event links and that was never redacted (the redaction runs when a
// statement finishes). Resume redacts them with what it knows (the target's password, PGPASSWORD, .pgpass,
// secret parameters given again, password-shaped parts of connection strings) before anything else runs.
// Shell logs are also masked as they are written (executors/masker.ts); this covers the rest.

import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Derived } from './state.js';
import type { Redactor } from './redact.js';

/** Output files of `dir` that no finished attempt of the fold links. */
export function unlinkedOutputs(dir: string, derived: Derived): string[] {
  const outputs = join(dir, 'outputs');
  let names: string[];
  try {
    names = readdirSync(outputs);
  } catch {
    return [];
  }
  const linked = new Set<string>();
  for (const v of derived.state.statements) for (const a of v.attempts) if (a.result?.outputFile) linked.add(a.result.outputFile);
  return names.map((n) => join(outputs, n)).filter((file) => !linked.has(relative(dir, file)) && !file.endsWith('.redacting'));
}

export async function redactLeftovers(dir: string, derived: Derived, redactor: Redactor): Promise<void> {
  for (const file of unlinkedOutputs(dir, derived)) await redactor.file(file).catch(() => undefined);
}
