// Driving the engine with no one to ask (`runbook exec`, `runbook resume --yes`): every runnable
// statement in order, parameters from --param / declared defaults / the target, the policy's asks
// answered by --yes, denials recorded as skips, and a stop at the first failure unless
// --continue-on-error. Ctrl-C cancels the running statement and ends the session as aborted.

import type { Procedure } from '../runbook/model.js';
import type { PolicyOptions, StatementState } from './types.js';
import type { SessionEngine } from './engine.js';
import { decide } from './policy.js';
import { statementsOf } from './plan.js';

export interface Problem {
  line: number;
  message: string;
}

/** Before anything runs: destructive statements the policy refuses, placeholders nobody can fill. */
export function preflight(
  procedure: Procedure,
  policy: PolicyOptions,
  has: (name: string) => boolean,
  done: (statementId: string) => boolean = () => false,
): { refused: Problem[]; missing: Problem[] } {
  const refused: Problem[] = [];
  const missing: Problem[] = [];
  const seen = new Set<string>();
  for (const { statement, block } of statementsOf(procedure)) {
    if (statement.kind === 'note' || done(statement.id)) continue;
    const d = decide({ kind: statement.kind, risk: statement.risk, confirmTarget: statement.confirmTarget, confirm: block.attributes.confirm }, policy);
    if (d.kind === 'deny' && statement.risk === 'destructive' && !policy.readOnly) {
      refused.push({ line: statement.line, message: `destructive statement (${statement.riskReasons.join(', ') || 'destructive'}) refused without --allow-destructive` });
    }
    for (const use of statement.placeholders) {
      if (seen.has(use.name) || has(use.name)) continue;
      seen.add(use.name);
      missing.push({ line: statement.line, message: `missing parameter [${use.name}]: give --param ${use.name}=VALUE` });
    }
  }
  return { refused, missing };
}

export interface StatementOutcome {
  statementId: string;
  stepIndex: number;
  stepTitle: string;
  state: StatementState;
  display: string;
}

export interface HeadlessOptions {
  continueOnError: boolean;
  onStep?(index: number, title: string): void;
  onStatement?(outcome: StatementOutcome): void;
}

export interface HeadlessResult {
  outcomes: StatementOutcome[];
  aborted: boolean;
  /** Stopped before the end (a failure without --continue-on-error, or Ctrl-C). */
  stopped: boolean;
  allSucceeded: boolean;
}

/** Runs what is left of the procedure. `abort()` on the returned handle cancels (Ctrl-C). */
export function runHeadless(engine: SessionEngine, procedure: Procedure, options: HeadlessOptions): { done: Promise<HeadlessResult>; abort(): void } {
  let aborted = false;
  const abort = () => {
    aborted = true;
    engine.cancel();
  };
  const done = (async (): Promise<HeadlessResult> => {
    const outcomes: StatementOutcome[] = [];
    let ok = true;
    let stopped = false;
    let enteredStep = -1;
    const dryRun = engine.getState().options.dryRun;
    for (const { statement, step, stepIndex } of statementsOf(procedure)) {
      if (aborted) break;
      if (statement.kind === 'note') continue;
      const current = engine.getState().statements.find((v) => v.id === statement.id)?.state;
      if (current && current.status !== 'pending' && current.status !== 'awaiting-confirmation') continue;
      if (enteredStep !== stepIndex) {
        enteredStep = stepIndex;
        await engine.enterStep(stepIndex);
        options.onStep?.(stepIndex, step.title);
      }
      const prepared = await engine.prepare(statement.id);
      if (prepared.missing.length > 0) {
        // preflight fills everything it can; what is left is the operator's to give.
        throw new Error(`line ${statement.line}: missing parameter ${prepared.missing.map((m) => `[${m.placeholder.name}]`).join(', ')}`);
      }
      const decision = prepared.decision!;
      const typed = decision.kind === 'ask-typed' ? decision.expected[0] : undefined;
      const state = await engine.confirm(statement.id, { yes: true, typed });
      const outcome = { statementId: statement.id, stepIndex, stepTitle: step.title, state, display: prepared.display ?? statement.text };
      outcomes.push(outcome);
      options.onStatement?.(outcome);
      const succeeded = state.status === 'succeeded' || (dryRun && state.status === 'skipped' && state.reason === 'dry-run');
      if (!succeeded) {
        ok = false;
        // A --read-only refusal is what the operator asked for: note it (exit non-zero) and go on.
        const refusedByReadOnly = state.status === 'skipped' && engine.getState().options.readOnly;
        if (aborted || (!options.continueOnError && !refusedByReadOnly)) {
          stopped = true;
          break;
        }
      }
    }
    return { outcomes, aborted, stopped: stopped || aborted, allSucceeded: ok && !aborted };
  })();
  return { done, abort };
}
