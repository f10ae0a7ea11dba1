// The session engine's public shape: state as discriminated unions, the journal's event types, and the
// controller that both the Ink UI and `runbook exec` drive. No React here, no Markdown: the engine works
// on the runbook model and executor results.

import type { ExecKind, ExecResult, OutputEvent, ShellCarry } from '../executors/types.js';
import type { TargetDescription } from '../database/target.js';
import type { Block, ContactMatch, Placeholder, Risk, RiskTarget, Statement, StatementKind } from '../runbook/model.js';
import type { Preview } from '../runbook/preview-read.js';

export type { Preview } from '../runbook/preview-read.js';
import type { Branch, Choice, ChoiceSource } from './branches.js';
import type { BoundRisk } from './bound-risk.js';
import type { Expected } from '../drill/scenario.js';
import type { Outcome } from '../drill/verdict.js';

// ---------------------------------------------------------------------------------------------------
// Policy

/** allow: run without asking; ask: yes/no; ask-typed: operator types `expected`; deny: refused. */
export type Decision =
  | { kind: 'allow' }
  | { kind: 'ask'; prompt: string }
  /** `shown`: what to type, in words (`the role "eve"`; never a secret value). */
  | { kind: 'ask-typed'; prompt: string; expected: string[]; shown?: string }
  | { kind: 'deny'; reason: string };

export interface PolicyOptions {
  /** Confirm every statement (interactive default). exec --yes turns this off. */
  confirmEach: boolean;
  /** exec: destructive statements refused unless this is set. */
  allowDestructive: boolean;
  readOnly: boolean;
  dryRun: boolean;
}

// ---------------------------------------------------------------------------------------------------
// State

/**
 * An executor's result as the session keeps it: `text` as run with parameters bound and secrets masked,
 * `rows` the first rows (up to 1,000 in memory; the journal keeps at most 20), `outputFile` relative to
 * the session folder. The kind is the statement's, and `\i` children are not kept.
 */
export type ResultSummary = Omit<ExecResult, 'kind' | 'children'>;

export type StatementState =
  /** `interrupted`: started by a process that died and never finished (resume asks it again, saying so). */
  | { status: 'pending'; interrupted?: true }
  /** `risk`: the statement's risk as bound (what the badge shows while it is asked). */
  | { status: 'awaiting-confirmation'; text: string; decision: Decision; risk?: Risk }
  | { status: 'running'; text: string; startedAt: string }
  | { status: 'succeeded'; result: ResultSummary }
  | { status: 'failed'; result: ResultSummary }
  | { status: 'cancelled'; result?: ResultSummary }
  | { status: 'skipped'; reason?: string };

export type StatementStatus = StatementState['status'];
export const FINAL_STATUSES: readonly StatementStatus[] = ['succeeded', 'failed', 'cancelled', 'skipped'];

/** One run of a statement (dry runs are not runs), as the journal recorded it. */
export interface Attempt {
  /** As run: parameters bound, secrets masked. */
  text: string;
  startedAt: string;
  /** Who ran it: the operator of the process that started it (the finishing event names them too). */
  operator: string;
  /** The journaled result (at most 20 rows); absent while it runs, or when it never finished. */
  result?: ResultSummary;
  /** Started again before this run finished: the process running it died (then resumed). */
  interrupted?: true;
  /** The risk of the statement as bound and run, when the engine journaled it (else the planned risk holds). */
  risk?: Risk;
  /** Why, and the objects it acted on (values bound), when the engine journaled them. */
  riskReasons?: string[];
  riskTargets?: RiskTarget[];
  /** What the preview said it would touch, shown before it was confirmed. */
  preview?: Preview;
  /** The operator's text it ran from (unbound), when it ran an edit rather than the runbook's text. */
  edited?: string;
}

/** An operator's edit of a statement's text (unbound), in the order made. */
export interface Edit {
  at: string;
  text: string;
  operator: string;
}

/** A checklist item ticked or unticked. */
export interface Tick {
  at: string;
  done: boolean;
  note?: string;
  operator: string;
}

export interface StatementView {
  id: string;
  stepId: string;
  blockId: string;
  kind: StatementKind;
  risk: Risk;
  line: number;
  description?: string;
  /** Source text (unbound). */
  source: string;
  /** Text as edited by the operator, if edited (the latest of `edits`). */
  edited?: string;
  /** Every edit, oldest first. */
  edits: Edit[];
  state: StatementState;
  /** When it was skipped, while its state is `skipped`. */
  skippedAt?: string;
  /** Every run, oldest first (a deliberate re-run and an interrupted run run again each add one). */
  attempts: Attempt[];
  /** The latest preview of it (statement-previewed): its next start's attempt takes it. */
  preview?: Preview;
  /** Its latest start was a dry run (--dry-run or a note): it was shown, not executed. */
  dryRun?: true;
  /** The operator's own statement (typed after `:`), not the runbook's (`statement-added`). */
  adHoc?: true;
}

export interface ManualState {
  id: string;
  stepId: string;
  text: string;
  done: boolean;
  note?: string;
  /** Every tick and untick, oldest first (the latest gives `done` and `note`). */
  ticks: Tick[];
}

export interface NoteEntry {
  at: string;
  text: string;
  stepId?: string;
  /** Closing notes asked at the end. */
  field?: 'impact' | 'root-cause' | 'lessons' | 'prevention';
}

export interface SessionState {
  id: string;
  dir: string;
  status: 'active' | 'completed' | 'aborted';
  runbookPath: string;
  runbookTitle: string;
  procedureId: string;
  procedureTitle: string;
  target: TargetDescription;
  startedAt: string;
  endedAt?: string;
  currentStep: number;
  statements: StatementView[];
  manual: ManualState[];
  notes: NoteEntry[];
  /** Parameter values given (secret ones masked as `****`). */
  params: Record<string, string>;
  /** Each time a process (exec, resume) found the target unreachable when it took the session up. */
  outages: { at: string; message: string }[];
  /** Defaults offered for placeholders from earlier results (e.g. a `blocking_pid` column for `[pid]`). */
  suggestions: Record<string, string>;
  /** Answers to the runbook's choices (conditional steps and blocks, alternatives), by choice key. */
  branches: Record<string, Choice>;
  /** What the shell statements so far exported and where they cd'ed to (secret values masked). */
  shell?: ShellCarry;
  options: PolicyOptions;
  /** Times the operator gave (`time-given`): never guessed. */
  times: GivenTimes;
  /** The drill this session runs (`runbook drill`): the header says so. */
  drill?: { name: string; title: string };
}

/** What the operator says about when the incident was detected and resolved. */
export type TimeMark = 'detected' | 'resolved';

export interface GivenTime {
  /** The time given (ISO 8601, UTC). */
  at: string;
  /** When it was given (the event's time). */
  givenAt: string;
  operator: string;
}

export type GivenTimes = Partial<Record<TimeMark, GivenTime>>;

/**
 * A short look at the server, taken read-only with a short statement_timeout at the start, on resume and
 * at the end of a session. Counts are of client backends, this session's own connection included.
 */
export interface ServerSnapshot {
  /** Client connections by state (`active`, `idle`, `idle in transaction`, ...). */
  connections: Record<string, number>;
  maxConnections?: number;
  /** The longest-running statement of another session, when one is running. */
  longest?: { pid: number; user?: string; state: string; seconds: number; query: string };
  /** Sessions waiting on a lock. */
  waitingOnLocks: number;
  /** pg_database_size of the target database. */
  databaseBytes?: number;
  serverVersion?: string;
}

export type SnapshotPhase = 'start' | 'resume' | 'end';

// ---------------------------------------------------------------------------------------------------
// Journal: one JSON object per line, appended and fsynced before the engine moves on.

/** A statement as planned at session start, so state and report can be rebuilt from the journal alone. */
export interface PlannedStatement {
  id: string;
  step: string;
  block: string;
  kind: StatementKind;
  risk: Risk;
  line: number;
  source: string;
  description?: string;
  placeholders: { name: string; context: Placeholder['context']; secret: boolean }[];
  /** The conditions it runs under (its step's, its block's), as written. */
  conditions?: string[];
}

export interface PlannedManual {
  id: string;
  step: string;
  text: string;
}

/** Everything of the procedure the journal needs to stand alone (stored in session-started). */
export interface SessionPlan {
  statements: PlannedStatement[];
  manual: PlannedManual[];
  /** The runbook's post-incident template (heading + Markdown), if it has one. */
  template?: { heading: string; markdown: string };
  /** The runbook's contacts table and the rows matched to this procedure (with reasons), if it has one. */
  contacts?: PlannedContacts;
}

export interface PlannedContacts {
  heading: string;
  headers: string[];
  rows: string[][];
  matched: ContactMatch[];
}

interface EventBase {
  seq: number;
  at: string;
}

export type JournalEvent = EventBase &
  (
    | {
        type: 'session-started';
        /** The journal's format version (journal.ts JOURNAL_FORMAT); absent in journals written before it existed (= 1). */
        format?: number;
        sessionId: string;
        operator: string;
        hostname: string;
        runbook: { path: string; title: string; hash: string };
        procedure: { id: string; title: string };
        /** Hash of each step's content, to tell which steps changed on resume. */
        steps: { id: string; title: string; hash: string }[];
        target: TargetDescription;
        options: PolicyOptions;
        /** Optional for journals written before plans existed; always written by the engine. */
        plan?: SessionPlan;
      }
    | {
        type: 'session-resumed';
        operator: string;
        acceptedChanges?: string[];
        /** New runbook hash and plan when changed steps were accepted. */
        runbookHash?: string;
        plan?: SessionPlan;
        steps?: { id: string; title: string; hash: string }[];
        options?: PolicyOptions;
      }
    | { type: 'target-unreachable'; message: string }
    | { type: 'step-entered'; step: string }
    | { type: 'branch-chosen'; branch: string; options: string[]; taken: string[]; by: ChoiceSource }
    | { type: 'param-set'; name: string; value: string; secret: boolean }
    | { type: 'statement-edited'; statement: string; text: string }
    /** The operator's own statement (typed after `:`), added to the step they were on; it then runs like any other. */
    | { type: 'statement-added'; statement: PlannedStatement; adHoc: true }
    | { type: 'statement-confirmed'; statement: string; answer: 'yes' | 'typed' | 'auto' }
    | {
        type: 'statement-started';
        statement: string;
        step: string;
        kind: ExecKind | 'note';
        line: number;
        text: string;
        dryRun?: boolean;
        /** The risk of the statement as bound (absent in older journals: the planned risk holds). */
        risk?: Risk;
        /** Why, as bound (bound-risk.ts). */
        riskReasons?: string[];
        /** The objects it acts on, values bound. */
        riskTargets?: RiskTarget[];
      }
    /** What the statement would touch (preview.ts), shown before it was confirmed; journaled just before it. */
    | { type: 'statement-previewed'; statement: string; preview: Preview }
    | ({ type: 'statement-finished'; statement: string; step: string; line: number; operator: string } & ResultSummary)
    | { type: 'statement-skipped'; statement: string; step: string; reason?: string }
    | { type: 'manual-ticked'; item: string; step: string; done: boolean; note?: string }
    | { type: 'note'; text: string; step?: string; field?: NoteEntry['field'] }
    | { type: 'session-ended'; status: 'completed' | 'aborted' }
    /** The operator's word for when the incident was detected or resolved (`time`: ISO 8601, UTC). */
    | { type: 'time-given'; mark: TimeMark; time: string }
    /** The server as it looked (`snapshot`), or why it could not be looked at (`error`). */
    | { type: 'server-snapshot'; phase: SnapshotPhase; snapshot?: ServerSnapshot; error?: string }
    /** A drill: the scenario whose fault is in place in a disposable database (`runbook drill`). */
    | { type: 'drill-started'; drill: DrillInfo }
    /** The drill asked the scenario's symptom or resolved query (journaled when its answer changes). */
    | { type: 'drill-check'; check: DrillCheckKind; value: boolean | null; error?: string }
    /** The drill's verdict (drill/verdict.ts). */
    | { type: 'drill-judged'; outcome: Outcome; expected: Expected; reason: string; symptomAfter: boolean | null; resolvedAfter: boolean | null }
  );

export type DrillCheckKind = 'symptom' | 'resolved';

/** What a session's journal keeps of the drill it ran (the scenario file has the rest). */
export interface DrillInfo {
  /** The scenario's name (its file name) and title. */
  name: string;
  title: string;
  /** The scenario file. */
  path: string;
  /** What breaks, in the scenario's words. */
  summary: string;
  expected: Expected;
  timeLimitMs: number;
  /** The fault stopped the drill's server: failed checks are the procedure diagnosing the outage. */
  serverStopped: boolean;
  /** The disposable database, `host:port/database`. */
  database: string;
  /** From the start of the set-up (copy, clone, fault) until the fault was in place. */
  setupMs: number;
  /** Values a diagnostic statement shows (the scenario's Diagnosis query, run once the fault was in place). */
  diagnosis?: string[];
  /** Interactive (`runbook drill`) or headless (`--auto`). */
  mode: 'interactive' | 'auto';
}

// ---------------------------------------------------------------------------------------------------
// The controller the UI and exec drive.

export interface ParamRequest {
  placeholder: Placeholder;
  /** Suggested value: flag, environment, earlier result, or declared default. */
  suggestion?: string;
  suggestionSource?: 'flag' | 'env' | 'result' | 'default' | 'target' | 'current';
}

export interface Prepared {
  statementId: string;
  /** Placeholders still without a value; the UI asks for them, then calls prepare again. */
  missing: ParamRequest[];
  /** Text with parameters bound (secrets masked), shown before confirmation. */
  display?: string;
  decision?: Decision;
  /** A sql-fragment placeholder is raw SQL: it needs its own confirmation. */
  rawFragment?: boolean;
  /** Binding refused a value (`missing` then holds that placeholder, to be given again): why. */
  refused?: string;
  /** The statement's risk as bound, with its reasons and the objects it acts on (secrets masked). */
  risk?: BoundRisk;
  /** What it would touch (write and destructive SQL). */
  preview?: Preview;
  /** A dead process started it and never finished (interrupted.ts interruptedLine): shown with the question. */
  interrupted?: string;
}

export interface FinishNotes {
  impact?: string;
  rootCause?: string;
  lessons?: string;
  prevention?: string;
  /** When the incident was detected / resolved, as the operator says (ISO 8601); journaled as `time-given`. */
  detectedAt?: string;
  resolvedAt?: string;
}

export interface FinishSummary {
  reportPath: string;
  /** Lines the finish screen and the farewell add (a drill's outcome and times). */
  extra?: string[];
  run: number;
  succeeded: number;
  failed: number;
  skipped: number;
  cancelled: number;
  /** Statements not done (outcome.ts isDone): failed, cancelled, refused, never run. 0 only when the session's work is all done. */
  unfinished: number;
  durationMs: number;
}

/** The operator's own statement (typed after `:`), modelled as the runbook's are, in the step it was typed in. */
export interface AdHocStatement {
  stepId: string;
  block: Block;
  statement: Statement;
}

export interface SessionController {
  getState(): SessionState;
  /** Called after every change (the journal line is already on disk). Returns an unsubscribe. */
  subscribe(listener: (state: SessionState, event?: JournalEvent) => void): () => void;
  enterStep(index: number): Promise<void>;
  setParam(name: string, value: string): Promise<void>;
  /** Bind parameters and ask the policy; moves the statement to awaiting-confirmation when all is known. */
  prepare(statementId: string, options?: { editedText?: string }): Promise<Prepared>;
  /** Every placeholder the statement uses, with its current value, so the operator can change them. */
  parameters?(statementId: string): ParamRequest[];
  /** Answer the confirmation: `yes`, the typed word for ask-typed, or `no` (back to pending). */
  /** `terminal`: the operator has the terminal for it (an interactive statement; the UI handed it over). */
  confirm(statementId: string, answer: { yes: boolean; typed?: string }, options?: { terminal?: boolean }): Promise<StatementState>;
  skip(statementId: string, reason?: string): Promise<void>;
  /**
   * Adds the operator's own SQL or shell text to the current step (journaled `statement-added`, marked
   * ad hoc): one statement per statement the text holds, modelled (kind, risk, placeholders) as a runbook
   * block's would be. They run like the runbook's: prepare (binding), confirm (policy), journal.
   */
  adHoc?(text: string, kind: 'sql' | 'shell'): Promise<AdHocStatement[]>;
  /** The operator's own statements so far (resumed ones included), for the screen. */
  adHocStatements?(): readonly AdHocStatement[];
  /** The choices a statement depends on that nobody made yet (the UI asks before preparing it). */
  openChoices?(statementId: string): Branch[];
  /** Records the answer to a choice (journaled); statements of branches not taken are then skipped. */
  choose?(branch: Branch, taken: string[], by: ChoiceSource): Promise<void>;
  /** When a statement's branch was not taken: why (it is then skipped, not run). */
  notChosen?(statementId: string): string | undefined;
  /** Cancel what is running (the query is cancelled, the process group killed). */
  cancel(): void;
  /**
   * Live output of the running statement (shell stdout/stderr, notices, row counts) as the executor
   * reports it (already redacted), for the UI to stream. Optional: without it the UI shows output only when
   * a statement ends. Returns an unsubscribe.
   */
  onOutput?(listener: (statementId: string, event: OutputEvent) => void): () => void;
  tickManual(itemId: string, done: boolean, note?: string): Promise<void>;
  addNote(text: string, field?: NoteEntry['field']): Promise<void>;
  /**
   * Records when the incident was detected or resolved, as the operator says (`at`: ISO 8601, see
   * given-time.ts parseGivenTime for what an operator may type). Throws a plain Error naming the problem
   * for a time that cannot be (unparseable, in the future, a resolution before the detection).
   */
  giveTime(mark: TimeMark, at: string): Promise<void>;
  /** Ends the session (journal `session-ended`) and writes the final report; `aborted` after Ctrl-C. */
  finish(notes?: FinishNotes, options?: { aborted?: boolean }): Promise<FinishSummary>;
  close(): Promise<void>;
}
