// What a drill's journal says, read once from the fold (state.ts) by whoever needs it: the verdict's
// facts (drill.ts), the drill report (report/drill.ts) and the finish screen. Nothing here asks the
// database; everything is the journal's.
//
// - The first diagnostic: the first statement run during the drill whose journaled result shows one of
//   the scenario's diagnosis values (the blocker's pid, ...); a scenario without a Diagnosis takes the
//   first read statement (its risk as run) that finished, succeeded or failed (a failed connectivity
//   check during an outage is the procedure diagnosing it); a write or destructive statement is acting,
//   not diagnosing (Data Corruption's REVOKE comes before its integrity check).
// - The resolution: the first journaled `resolved` answer that is true, and who did it: the last
//   statement that finished before it, the procedure's (planned) or the operator's own (ad hoc); when no
//   statement ran since the previous answer, something else did (the fault ended by itself, or from
//   outside the session).

import type { Derived, DrillFold } from './state.js';
import type { StatementView } from './types.js';

export interface DrillMoment {
  at: string;
  /** Milliseconds since the drill started. */
  afterMs: number;
  statement?: string;
  line?: number;
  text?: string;
}

export type ResolvedBy = 'procedure' | 'ad-hoc' | 'other';

export interface Resolution extends DrillMoment {
  by: ResolvedBy;
}

export interface DrillCounts {
  run: number;
  failed: number;
  skipped: number;
  /** Runs of statements whose risk as run was destructive (each confirmed: typed in the UI, --auto in a drill). */
  destructiveConfirmed: number;
}

const since = (drill: DrillFold, at: string) => Math.max(0, Date.parse(at) - Date.parse(drill.startedAt));

function moment(drill: DrillFold, at: string, view?: StatementView, statement?: string): DrillMoment {
  return { at, afterMs: since(drill, at), ...(statement ? { statement } : {}), ...(view ? { line: view.line, text: view.attempts.at(-1)?.text ?? view.source } : {}) };
}

export function firstDiagnostic(d: Derived): DrillMoment | undefined {
  const drill = d.drill;
  if (!drill) return undefined;
  const values = new Set(drill.info.diagnosis ?? []);
  const started = Date.parse(drill.startedAt);
  let best: { at: string; view: StatementView } | undefined;
  for (const view of d.state.statements) {
    for (const attempt of view.attempts) {
      const result = attempt.result;
      if (!result || Date.parse(attempt.startedAt) < started) continue;
      const shows = values.size > 0
        ? (result.rows ?? []).some((row) => row.some((cell) => cell !== null && values.has(String(cell))))
        : (result.status === 'succeeded' || result.status === 'failed') && (attempt.risk ?? view.risk) === 'read';
      if (!shows) continue;
      if (!best || Date.parse(result.endedAt) < Date.parse(best.at)) best = { at: result.endedAt, view };
      break;
    }
  }
  return best ? moment(drill, best.at, best.view, best.view.id) : undefined;
}

export function resolution(d: Derived): Resolution | undefined {
  const drill = d.drill;
  if (!drill) return undefined;
  const index = drill.checks.findIndex((c) => c.check === 'resolved' && c.value === true);
  if (index < 0) return undefined;
  const check = drill.checks[index]!;
  const previous = drill.checks.slice(0, index).reverse().find((c) => c.check === 'resolved');
  const after = previous ? Date.parse(previous.at) : Date.parse(drill.startedAt);
  const run = drill.runs.filter((r) => Date.parse(r.at) <= Date.parse(check.at) && Date.parse(r.at) >= after && r.status === 'succeeded').at(-1);
  if (!run) return { ...moment(drill, check.at), by: 'other' };
  const view = d.state.statements.find((v) => v.id === run.statement);
  return { ...moment(drill, check.at, view, run.statement), by: run.planned ? 'procedure' : 'ad-hoc' };
}

export function drillCounts(d: Derived): DrillCounts {
  const statements = d.state.statements.filter((v) => v.kind !== 'note');
  const adHoc = d.drill?.runs.filter((r) => !r.planned) ?? [];
  return {
    run: statements.reduce((n, v) => n + v.attempts.filter((a) => a.result).length, 0) + adHoc.length,
    failed: statements.filter((v) => v.state.status === 'failed').length + adHoc.filter((r) => r.status !== 'succeeded').length,
    skipped: statements.filter((v) => v.state.status === 'skipped').length,
    destructiveConfirmed: statements.reduce((n, v) => n + v.attempts.filter((a) => a.risk === 'destructive' || (a.risk === undefined && v.risk === 'destructive')).length, 0),
  };
}

/** The latest journaled answer of a check. */
export function lastCheck(drill: DrillFold, check: 'symptom' | 'resolved'): boolean | null | undefined {
  return drill.checks.filter((c) => c.check === check).at(-1)?.value;
}
