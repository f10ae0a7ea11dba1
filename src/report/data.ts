// The report's data, built from the session's fold (session/state.ts) alone: this is also the
// `runbook report --format json` contract (documented in the README). Each planned statement is listed
// once, in order, with its final status and, at the top level, its latest run's result (as before); every
// run is in `runs` with its own result, error and duration, so a re-run never hides the first, and a
// statement failed and then skipped keeps its failure. A statement that started but never finished (the
// process died) and was not re-run is `interrupted`; one never reached is `pending`. Edits, the times the
// operator gave, server snapshots, the changes left in place and the timeline sit beside them.

import type { Attempt, ResultSummary, StatementView } from '../session/types.js';
import type { Derived } from '../session/state.js';
import type { ReportData, ReportRun, ReportStatement, RunFields } from './types.js';
import { changesLeft } from './changes.js';
import { timelineOf } from './timeline.js';

export type { ReportData, ReportRun, ReportStatement, ReportStatus, RunFields } from './types.js';

/** The report of a session's fold (state.ts): every fact comes from the fold, nothing re-reads the events. */
export function buildReport(d: Derived): ReportData {
  const s = d.state;
  const stepTitle = new Map(d.steps.map((st) => [st.id, st.title]));
  const statements = s.statements.filter((v) => v.kind !== 'note').map((v) => statementOf(v, stepTitle.get(v.stepId) ?? v.stepId));
  const endedAt = s.endedAt;
  const report: ReportData = {
    session: {
      id: s.id,
      runbook: s.runbookPath,
      runbookTitle: s.runbookTitle,
      runbookHash: d.runbookHash,
      procedure: s.procedureTitle,
      procedureId: s.procedureId,
      operator: d.operator,
      startedBy: d.startedBy,
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
    manual: s.manual.map((m) => ({ id: m.id, step: m.stepId, text: m.text, done: m.done, note: m.note, at: m.ticks.at(-1)?.at, ticks: m.ticks })),
    notes: s.notes,
    ...(s.outages.length ? { outages: s.outages } : {}),
    params: s.params,
    times: s.times,
    snapshots: d.snapshots,
    changes: changesLeft(statements),
    timeline: [],
    template: d.plan.template,
    ...(d.plan.contacts ? { contacts: d.plan.contacts } : {}),
  };
  report.timeline = timelineOf(d, report);
  return report;
}

function statementOf(v: StatementView, stepTitle: string): ReportStatement {
  const runs = v.attempts.map(runOf);
  const latest = runs.at(-1);
  const riskAsRun = latest ? (latest.risk ?? (latest.edited ? undefined : v.risk)) : v.risk;
  const base = {
    id: v.id,
    step: v.stepId,
    stepTitle,
    line: v.line,
    kind: v.kind,
    risk: riskAsRun ?? v.risk,
    ...(riskAsRun && riskAsRun !== v.risk ? { plannedRisk: v.risk } : {}),
    description: v.description,
    source: v.source,
    attempts: v.attempts.length,
    interruptedRuns: runs.filter((r) => r.status === 'interrupted').length,
    operator: v.attempts.findLast((a) => a.result)?.operator,
    runs,
    edits: v.edits,
    ...(v.adHoc ? { adHoc: true as const } : {}),
  };
  const lastResult = v.attempts.findLast((a) => a.result)?.result;
  const st = v.state;
  switch (st.status) {
    case 'pending':
    case 'awaiting-confirmation':
      return { ...base, text: v.edited ?? v.source, status: 'pending' };
    case 'running':
      return { ...base, text: st.text, status: 'interrupted', startedAt: st.startedAt };
    case 'skipped':
      // Skipped after a run (a failure, say): the run and its error stay on record.
      return { ...base, text: lastResult?.text ?? v.edited ?? v.source, status: 'skipped', reason: st.reason, skippedAt: v.skippedAt, dryRun: v.dryRun, ...(lastResult ? runFields(lastResult) : {}) };
    default: {
      const r = st.result;
      if (!r) return { ...base, text: v.edited ?? v.source, status: 'cancelled' };
      return { ...base, text: r.text, status: r.status, ...runFields(r) };
    }
  }
}

/** A run without a result never finished: cut off by a dead process (or, in a live report, still running). */
function runOf(a: Attempt, index: number): ReportRun {
  return {
    run: index + 1,
    status: a.result ? a.result.status : 'interrupted',
    text: a.text,
    startedAt: a.startedAt,
    operator: a.operator,
    ...(a.risk ? { risk: a.risk } : {}),
    ...(a.edited !== undefined ? { edited: true } : {}),
    ...(a.preview ? { preview: a.preview } : {}),
    ...(a.result ? runFields(a.result) : {}),
  };
}

function runFields(r: ResultSummary): RunFields {
  const fields: RunFields = {
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
  for (const k of Object.keys(fields) as (keyof RunFields)[]) if (fields[k] === undefined) delete fields[k];
  return fields;
}
