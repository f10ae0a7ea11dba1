// What the kill tests (crash, kill-signals) read of a session folder while and after killing the CLI:
// its events, the statements started and not yet finished, and how many lines the journal has so far.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJournal } from '../../src/session/journal.js';
import type { JournalEvent } from '../../src/session/types.js';

export function journalOf(dir: string): JournalEvent[] {
  const path = join(dir, 'journal.jsonl');
  return existsSync(path) ? readJournal(path).events : [];
}

/** Statements started (for real: a dry run only shows them) and neither finished nor skipped. */
export function inFlight(events: JournalEvent[]): string[] {
  const open = new Set<string>();
  for (const e of events) {
    if (e.type === 'statement-started' && !e.dryRun) open.add(e.statement);
    if (e.type === 'statement-finished' || e.type === 'statement-skipped') open.delete(e.statement);
  }
  return [...open];
}

/** Lines written so far (0 before the journal exists). */
export function journalLines(dir: string): number {
  try {
    return readFileSync(join(dir, 'journal.jsonl'), 'utf8').split('\n').length - 1;
  } catch {
    return 0;
  }
}
