// Closing a session: which closing notes become which journal note fields, and the counts the finish
// screen and `runbook exec` print.

import type { FinishNotes, FinishSummary, NoteEntry, SessionState } from './types.js';
import { isDone } from './outcome.js';

export const CLOSING_FIELDS: readonly [keyof FinishNotes, NonNullable<NoteEntry['field']>][] = [
  ['impact', 'impact'],
  ['rootCause', 'root-cause'],
  ['lessons', 'lessons'],
  ['prevention', 'prevention'],
];

export function finishSummary(s: SessionState, reportPath: string): FinishSummary {
  // A note is read, not run or skipped: like the report, the summary leaves notes out.
  const statements = s.statements.filter((v) => v.kind !== 'note');
  const count = (status: string) => statements.filter((v) => v.state.status === status).length;
  return {
    reportPath,
    run: statements.filter((v) => ['succeeded', 'failed', 'cancelled'].includes(v.state.status) && 'result' in v.state).length,
    succeeded: count('succeeded'),
    failed: count('failed'),
    skipped: count('skipped'),
    cancelled: count('cancelled'),
    unfinished: statements.filter((v) => !isDone(v.state, s.options.dryRun)).length,
    durationMs: Date.parse(s.endedAt ?? new Date().toISOString()) - Date.parse(s.startedAt),
  };
}
