// The drill's verdict: what a run of a procedure against an injected fault showed, as one outcome and a
// sentence saying why. Pure: the facts are gathered once by whoever ran the drill (the session layer) and
// passed in. First matching row wins:
//
//   the fault could not be set up                         -> error         (nothing was proven)
//   the symptom was not true once the fault was in place  -> error         (the scenario proves nothing)
//   a statement failed for a reason of its own            -> error         naming the first one (a failed
//                                                                          check while the server was down
//                                                                          is the procedure diagnosing it,
//                                                                          not a failure of its own)
//   the resolved query is true                            -> resolved
//   the time limit ran out                                -> not-resolved  (at the statement it reached)
//   the resolved query is false or cannot be asked, the procedure left steps to do by hand,
//     and it showed the diagnosis (when the scenario names one)          -> manual
//   otherwise                                             -> not-resolved
//
// A resolved query that cannot be asked (the server does not answer) counts as not resolved: fail safe.

export type Outcome = 'resolved' | 'manual' | 'not-resolved' | 'error';

export interface FailedStatement {
  line: number;
  text: string;
  error: string;
}

export interface DrillFacts {
  setupError?: string;
  symptomBefore: boolean | null;
  /** Statements that failed on their own account (not because the drill's server was down). */
  failures: FailedStatement[];
  /** The run was stopped by the scenario's time limit, at this statement's line if one was running. */
  timedOut?: { limitMs: number; line?: number };
  resolvedAfter: boolean | null;
  /** Why the resolved query could not be asked, when it could not. */
  resolvedError?: string;
  /** Checklist items the procedure shows (steps to do by hand). */
  manualSteps: number;
  /** The scenario's diagnosis values, and whether a statement's result showed one. */
  diagnosis?: { values: string[]; seen: boolean };
}

export interface Verdict {
  outcome: Outcome;
  reason: string;
}

/** The first line of a statement, shortened, as a reason names it. */
export function statementLabel(text: string): string {
  const first = text.trim().split('\n')[0]!.trim();
  return first.length > 80 ? `${first.slice(0, 77)}...` : first;
}

export function judge(f: DrillFacts): Verdict {
  if (f.setupError) return { outcome: 'error', reason: `the fault could not be set up: ${f.setupError}` };
  if (f.symptomBefore !== true) {
    const why = f.symptomBefore === null ? 'could not be asked' : 'was false';
    return { outcome: 'error', reason: `the symptom query ${why} once the fault was in place, so the drill proves nothing` };
  }
  const failed = f.failures[0];
  if (failed) {
    const more = f.failures.length > 1 ? ` (and ${f.failures.length - 1} more failed)` : '';
    return { outcome: 'error', reason: `line ${failed.line}: ${statementLabel(failed.text)} failed: ${failed.error}${more}` };
  }
  if (f.resolvedAfter === true) return { outcome: 'resolved', reason: "the resolved query is true after the procedure's statements" };
  if (f.timedOut) {
    const at = f.timedOut.line !== undefined ? ` at line ${f.timedOut.line}` : '';
    return { outcome: 'not-resolved', reason: `the time limit (${seconds(f.timedOut.limitMs)}) ran out${at} and the fault is still there` };
  }
  const still = f.resolvedAfter === null ? `the resolved query could not be asked${f.resolvedError ? ` (${f.resolvedError})` : ''}` : 'the resolved query is still false';
  if (f.manualSteps > 0) {
    if (f.diagnosis && !f.diagnosis.seen) {
      return { outcome: 'not-resolved', reason: `${still}, and no statement showed the diagnosis (${f.diagnosis.values.join(', ') || 'nothing to look for'})` };
    }
    const shown = f.diagnosis ? ` after a statement showed the diagnosis (${f.diagnosis.values.join(', ')})` : '';
    return { outcome: 'manual', reason: `${still}: the fix is by hand, ${f.manualSteps} step${f.manualSteps === 1 ? '' : 's'} listed${shown}` };
  }
  return { outcome: 'not-resolved', reason: `${still} after every statement of the procedure ran` };
}

function seconds(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 1000)} s`;
}
