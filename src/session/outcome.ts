// What counts as done. A statement is done when it succeeded, or when the operator chose not to run it
// (a skip, a branch not taken, a note); a dry run's "skipped: dry-run" is done only for a dry run (a real
// resume after it runs what the dry run only showed). Everything else is unfinished work that resume offers
// to run again: failed, timed out, cancelled, cut off by a dead process, refused by the policy
// (`--read-only`), never reached. exec and resume exit 0 only when every statement is done.

import type { SessionState, StatementState } from './types.js';

/** Skip reasons that are the operator's choice (branches.ts `not chosen: ...`, the UI's skip, dry runs, notes). */
export function skippedByChoice(reason: string | undefined, dryRun = false): boolean {
  if (reason === 'dry-run') return dryRun;
  return reason === undefined || reason === 'by the operator' || reason === 'note' || reason.startsWith('not chosen');
}

/** `dryRun`: whether the run asking is a dry run. */
export function isDone(state: StatementState, dryRun = false): boolean {
  return state.status === 'succeeded' || (state.status === 'skipped' && skippedByChoice(state.reason, dryRun));
}

/** Every statement of the session done (notes are read, not run). */
export function allDone(state: SessionState, dryRun = state.options.dryRun): boolean {
  return state.statements.every((v) => v.kind === 'note' || isDone(v.state, dryRun));
}
