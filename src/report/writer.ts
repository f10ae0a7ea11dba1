// Keeps a session's `report.md` current: whoever opens a session (the terminal UI, `runbook exec`,
// `runbook resume`) subscribes a writer to the engine's events. The engine itself never calls its
// outputs. The report is rewritten after each event that changes what it says, so a crash still leaves
// a current one; each write is atomic (see render.ts).

import { join } from 'node:path';
import type { JournalEvent, SessionState } from '../session/types.js';
import type { Derived } from '../session/state.js';
import { REPORT_FILE } from '../session/list.js';
import { writeSessionReport } from './render.js';

/** What the writer needs of a session: its folder, the fold of its journal so far, and its events as they come. */
export interface ReportSource {
  readonly dir: string;
  readonly derived: Readonly<Derived>;
  subscribe(listener: (state: SessionState, event?: JournalEvent) => void): () => void;
}

/** Events after which the report reads differently (parameters and confirmations show with the run). */
const REWRITE_AFTER: ReadonlySet<JournalEvent['type']> = new Set([
  'session-started',
  'session-resumed',
  'target-unreachable',
  'statement-edited',
  'time-given',
  'server-snapshot',
  'step-entered',
  'statement-finished',
  'statement-skipped',
  'manual-ticked',
  'note',
  'session-ended',
]);

export interface ReportWriter {
  readonly path: string;
  /** Writes the report now (also done once when attached). */
  write(): string;
  detach(): void;
}

export function attachReportWriter(source: ReportSource): ReportWriter {
  const write = () => writeSessionReport(source.dir, source.derived);
  const unsubscribe = source.subscribe((_state, event) => {
    if (event && REWRITE_AFTER.has(event.type)) write();
  });
  write();
  return { path: join(source.dir, REPORT_FILE), write, detach: unsubscribe };
}
