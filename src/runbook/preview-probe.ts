// The shapes a blast-radius preview is planned in (preview-plan.ts) and read from (preview-read.ts):
// a probe is one read-only query with what it is about, a plan the probes of one statement. Kept apart
// so the planners of each kind (preview-rewrite, -catalog, -locks, toolkit-preview) share them without
// importing the plan that imports them.

export type LockMode =
  | 'ACCESS SHARE' | 'ROW SHARE' | 'ROW EXCLUSIVE' | 'SHARE UPDATE EXCLUSIVE' | 'SHARE' | 'SHARE ROW EXCLUSIVE' | 'EXCLUSIVE' | 'ACCESS EXCLUSIVE';

export type ProbeKind = 'count' | 'tables' | 'sessions' | 'grants' | 'settings' | 'database' | 'locks' | 'backups' | 'restore';

export interface Probe {
  kind: ProbeKind;
  /** Read-only SQL returning the rows preview-read.ts expects of its kind. */
  sql: string;
  /** Run instead when `sql` runs out of time (statement or lock timeout): an estimate that reads no rows. */
  estimate?: string;
  /** What it is about, for the summary (`DELETE from animals`, `sessions kill_long_queries(30) ends`). */
  label: string;
}

export interface PreviewPlan {
  /** What the statement is (`DELETE`, `REVOKE`, `restore_table()`), for "no preview available for ...". */
  what: string;
  probes: Probe[];
  /** Why (part of) it cannot be previewed, said plainly. */
  unavailable?: string;
  /** The lock a DDL statement takes: its real run gets a lock_timeout so it cannot queue silently. */
  lock?: { mode: LockMode; tables: string[] };
}
