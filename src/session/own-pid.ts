// Runbook's own backend in results: a procedure that lists backends (pg_stat_activity, blocking locks)
// shows the session's own connection among them, and an operator at 3 AM must not take it for the
// culprit. The SQL executor carries the pid in the result (ResultSummary.backendPid); this says which
// cells show it, for every place a result table is drawn (UI, exec, report). The values themselves are
// never changed: CSV files, the journal and JSON keep PostgreSQL's text.

import { columnFeeds } from './state.js';

export const OWN_PID_MARK = ' (this session)';

/** A column that shows backend pids: `pid`, or a name ending in `_pid` (blocking_pid, blocked_pid). */
export function isPidColumn(name: string): boolean {
  return columnFeeds(name, 'pid');
}

/** For each column, whether its cells can show the session's own backend; undefined when none can. */
export function ownPidColumns(columns: readonly { name: string }[], backendPid: number | undefined): boolean[] | undefined {
  if (!backendPid) return undefined;
  const pid = columns.map((c) => isPidColumn(c.name));
  return pid.some(Boolean) ? pid : undefined;
}

/** The cell's text as shown: marked when it is the session's own backend pid. */
export function markOwnPid(value: string | null, isPid: boolean | undefined, backendPid: number | undefined): string | null {
  return isPid && value !== null && value === String(backendPid) ? `${value}${OWN_PID_MARK}` : value;
}

/** Rows as shown: every cell of a pid column holding the own backend pid marked. */
export function markOwnPidRows(columns: readonly { name: string }[], rows: readonly (string | null)[][], backendPid: number | undefined): (string | null)[][] {
  const pid = ownPidColumns(columns, backendPid);
  if (!pid) return rows as (string | null)[][];
  return rows.map((row) => row.map((v, i) => markOwnPid(v, pid[i], backendPid)));
}
