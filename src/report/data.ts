// The report's data, built from the session's fold (session/state.ts) alone: this is also the
// `runbook report --format json` contract (documented in the README). Each planned statement is listed
// once, in order, with its final status (after a deliberate re-run, the latest run's result); a statement
// that started but never finished (the process died) and was not re-run is `interrupted`; one never
// reached is `pending`. Every attempt is in the fold (`StatementView.attempts`) for a fuller listing.

import type { TargetDescription } from '../database/target.js';
import type { NoteEntry, PlannedContacts, PolicyOptions, ResultSummary } from '../session/types.js';
import type { Derived } from '../session/state.js';

export type ReportStatus = 'succeeded' | 'failed' | 'timed-out' | 'cancelled' | 'skipped' | 'pending' | 'interrupted';

/** What a statement's last run journaled (rows: at most the first 20; outputFile relative to the session). */
type RunFields = Partial<
  Pick<ResultSummary, 'startedAt' | 'endedAt' | 'durationMs' | 'command' | 'columns' | 'rows' | 'rowCount' | 'exitCode' | 'stdoutTail' | 'stderrTail' | 'outputFile' | 'notices' | 'error' | 'backendPid'>
>;

export interface ReportStatement extends RunFields {
  id: string;
  step: string;
  stepTitle: string;
  line: number;
  kind: string;
  risk: string;
  description?: string;
  /** As run (bound, secrets masked); the source text when it never ran. */
  text: string;
  status: ReportStatus;
  reason?: string;
  operator?: string;
  /** How many times it was started: more than 1 after a deliberate re-run or an interrupted run run again. */
  attempts: number;
  /** How many of those runs were cut off (started, never finished, then started again); absent when none. */
  interruptedRuns?: number;
  dryRun?: boolean;
}

export interface ReportData {
  session: {
    id: string;
    runbook: string;
    runbookTitle: string;
    runbookHash: string;
    procedure: string;
    procedureId: string;
    operator: string;
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
  manual: { id: string; step: string; text: string; done: boolean; note?: string }[];
  notes: NoteEntry[];
  /** Each time the target did not answer when a process took the session up (exec, resume); absent when never. */
  outages?: { at: string; message: string }[];
  params: Record<string, string>;
  template?: { heading: string; markdown: string };
  /** The runbook's contacts table and the rows matched to this procedure (`row`, `rule`, `reason`). */
  contacts?: PlannedContacts;
}

/** The report of a session's fold (state.ts): every fact comes from the fold, nothing re-reads the events. */
export function buildReport(d: Derived): ReportData {
  const s = d.state;
  const stepTitle = new Map(d.steps.map((st) => [st.id, st.title]));
  const statements: ReportStatement[] = s.statements
    .filter((v) => v.kind !== 'note')
    .map((v) => {
      const interruptedRuns = v.attempts.filter((a) => a.interrupted).length;
      const base = {
        id: v.id,
        step: v.stepId,
        stepTitle: stepTitle.get(v.stepId) ?? v.stepId,
        line: v.line,
        kind: v.kind,
        risk: v.risk,
        description: v.description,
        attempts: v.attempts.length,
        ...(interruptedRuns ? { interruptedRuns } : {}),
        operator: v.attempts.findLast((a) => a.result)?.operator,
      };
      const st = v.state;
      switch (st.status) {
        case 'pending':
        case 'awaiting-confirmation':
          return { ...base, text: v.edited ?? v.source, status: 'pending' as const };
        case 'running':
          return { ...base, text: st.text, status: 'interrupted' as const, startedAt: st.startedAt };
        case 'skipped':
          return { ...base, text: v.edited ?? v.source, status: 'skipped' as const, reason: st.reason, dryRun: v.dryRun };
        default: {
          const r = st.result;
          if (!r) return { ...base, text: v.edited ?? v.source, status: 'cancelled' as const };
          return {
            ...base,
            text: r.text,
            status: r.status,
            startedAt: r.startedAt,
            endedAt: r.endedAt,
            durationMs: r.durationMs,
            command: r.command,
            columns: r.columns,
            rows: r.rows,
            rowCount: r.rowCount,
            exitCode: r.exitCode,
            stdoutTail: r.stdoutTail,
            stderrTail: r.stderrTail,
            outputFile: r.outputFile,
            notices: r.notices,
            backendPid: r.backendPid,
            error: r.error,
          };
        }
      }
    });
  const endedAt = s.endedAt;
  return {
    session: {
      id: s.id,
      runbook: s.runbookPath,
      runbookTitle: s.runbookTitle,
      runbookHash: d.runbookHash,
      procedure: s.procedureTitle,
      procedureId: s.procedureId,
      operator: d.operator,
      hostname: d.hostname,
      target: s.target,
      startedAt: s.startedAt,
      endedAt,
      durationMs: endedAt ? Date.parse(endedAt) - Date.parse(s.startedAt) : undefined,
      status: s.status,
      options: s.options,
      resumed: d.resumed,
    },
    steps: d.steps.map((st) => ({ id: st.id, title: st.title })),
    statements,
    manual: s.manual.map((m) => ({ id: m.id, step: m.stepId, text: m.text, done: m.done, note: m.note })),
    notes: s.notes,
    ...(s.outages.length ? { outages: s.outages } : {}),
    params: s.params,
    template: d.plan.template,
    ...(d.plan.contacts ? { contacts: d.plan.contacts } : {}),
  };
}
