// The report's data types: the `runbook report --format json` contract (documented in the README, "Reports").
// Built by data.ts from the session's fold; every section (changes left in place, timeline) has its
// entry type here so the builders and the renderers share one definition.

import type { TargetDescription } from '../database/target.js';
import type { Edit, GivenTimes, Preview, NoteEntry, PlannedContacts, PolicyOptions, ResultSummary, Tick } from '../session/types.js';
import type { SnapshotEntry } from '../session/state.js';

export type ReportStatus = 'succeeded' | 'failed' | 'timed-out' | 'cancelled' | 'skipped' | 'pending' | 'interrupted';

/** What a run journaled (rows: at most the first 20; outputFile relative to the session). */
export type RunFields = Partial<
  Pick<ResultSummary, 'startedAt' | 'endedAt' | 'durationMs' | 'command' | 'columns' | 'rows' | 'rowCount' | 'exitCode' | 'stdoutTail' | 'stderrTail' | 'outputFile' | 'notices' | 'error' | 'backendPid'>
>;

/** One run of a statement, oldest first. */
export interface ReportRun extends RunFields {
  /** 1-based. */
  run: number;
  status: Exclude<ReportStatus, 'skipped' | 'pending'>;
  /** As run (bound, secrets masked). */
  text: string;
  startedAt: string;
  operator: string;
  /** The risk of the text as bound and run, when the journal holds it. */
  risk?: string;
  /** It ran the operator's edit, not the runbook's text. */
  edited?: boolean;
  /** What the preview said it would touch, shown before it was confirmed (statement-previewed). */
  preview?: Preview;
}

export interface ReportStatement extends RunFields {
  id: string;
  step: string;
  stepTitle: string;
  line: number;
  kind: string;
  /** The risk as run (the latest run's, when the journal holds it), else as planned. */
  risk: string;
  /** The risk the runbook's text was given, when the risk as run differs from it. */
  plannedRisk?: string;
  description?: string;
  /** As run (bound, secrets masked); the source text when it never ran. */
  text: string;
  /** The runbook's text (unbound): edits are shown against it. */
  source: string;
  status: ReportStatus;
  reason?: string;
  skippedAt?: string;
  operator?: string;
  /** How many times it was started: more than 1 after a deliberate re-run or an interrupted run run again. */
  attempts: number;
  /** How many of those runs were cut off (started, never finished). */
  interruptedRuns: number;
  runs: ReportRun[];
  /** The operator's edits of its text (unbound), oldest first. */
  edits: Edit[];
  dryRun?: boolean;
  /** The operator's own statement (typed in the UI after `:`), not the runbook's; `line` is then within what was typed. */
  adHoc?: true;
}

export interface ReportManual {
  id: string;
  step: string;
  text: string;
  done: boolean;
  note?: string;
  /** When it was last ticked or unticked. */
  at?: string;
  ticks: Tick[];
}

export interface ReportData {
  session: {
    id: string;
    runbook: string;
    runbookTitle: string;
    runbookHash: string;
    procedure: string;
    procedureId: string;
    /** The operator of the latest process (the one who last resumed it). */
    operator: string;
    /** The operator who started the session. */
    startedBy: string;
    hostname: string;
    target: TargetDescription;
    startedAt: string;
    endedAt?: string;
    durationMs?: number;
    status: 'active' | 'completed' | 'aborted';
    options: PolicyOptions;
    resumed: number;
  };
  steps: { id: string; title: string }[];
  statements: ReportStatement[];
  manual: ReportManual[];
  notes: NoteEntry[];
  /** Each time the target did not answer when a process took the session up (exec, resume); absent when never. */
  outages?: { at: string; message: string }[];
  params: Record<string, string>;
  /** When the incident was detected and resolved, as the operator gave them; absent when not given. */
  times: GivenTimes;
  /** The server at the start, on each resume and at the end (or why it could not be looked at). */
  snapshots: SnapshotEntry[];
  /** What the session's statements left changed, oldest first, with the undo where it is plain. */
  changes: ChangeEntry[];
  /** What happened, in time order. */
  timeline: TimelineEntry[];
  template?: { heading: string; markdown: string };
  /** The runbook's contacts table and the rows matched to this procedure (`row`, `rule`, `reason`). */
  contacts?: PlannedContacts;
}

export interface ChangeEntry {
  /** When the run that made it started. */
  at: string;
  statement: string;
  step: string;
  line: number;
  run: number;
  /** What it left changed (or, for review, what the report could not read). */
  what: string;
  /** The statement that puts it back, when the parse tree makes it plain. */
  undo?: string;
  note?: string;
  /** Rows the statement reported (for data changes and terminations selected by a query). */
  rows?: number;
  /** Not read from the parse tree: someone has to look. */
  review?: true;
}

export type TimelineKind = 'detected' | 'started' | 'snapshot' | 'unreachable' | 'step' | 'run' | 'edit' | 'skip' | 'tick' | 'note' | 'resumed' | 'resolved' | 'ended';

export interface TimelineEntry {
  at: string;
  kind: TimelineKind;
  text: string;
  /** The step it happened in, when it belongs to one. */
  step?: string;
  statement?: string;
  /** A time the operator gave rather than one the journal recorded as it happened. */
  given?: true;
}
