// Driving the engine with no one to ask (`runbook exec`, `runbook resume --yes`): every runnable
// statement in order (an interactive one fails at once, naming why: no terminal to hand over), parameters from --param / declared defaults / the target, the policy's asks
// answered by --yes, denials recorded as skips, and a stop at the first failure unless
// --continue-on-error. Ctrl-C cancels the running statement and ends the session as aborted. Checklist
// items are handed back in their place (exec cannot tick them), and after a stop too: when a check fails
// during an outage, the manual recovery steps are what the operator needs next.

import type { ManualItem, Procedure, Risk, Statement, Step } from '../runbook/model.js';
import type { PolicyOptions, Preview, StatementState } from './types.js';
import type { SessionEngine } from './engine.js';
import { decide, subjectOf } from './policy.js';
import { isDone } from './outcome.js';
import type { BoundRisk } from './bound-risk.js';
import { statementsOf, type Located } from './plan.js';
import { branchesOf, chooseByFlags } from './branches.js';

export interface Problem {
  line: number;
  message: string;
  /** A missing parameter's name. */
  name?: string;
}

/** What exec was told about the runbook's choices: --when TEXT (repeatable), --all-branches. */
export interface BranchFlags {
  when: readonly string[];
  allBranches: boolean;
}

/** Whether the flags take every branch a statement depends on (a statement in a branch not taken never runs). */
export function chosenByFlags(procedure: Procedure, located: Located, flags: BranchFlags): boolean {
  return branchesOf(procedure, located.step, located.block).every((b) => chooseByFlags(b, flags.when, flags.allBranches).taken.includes(b.condition));
}

/**
 * Before anything runs: destructive statements the policy refuses, placeholders nobody can fill.
 * `judge` gives a statement's risk as bound with the values known now (the model's otherwise), so the
 * refusal is decided on what will run, by the same subject `show` and the engine use.
 */
export function preflight(
  procedure: Procedure,
  policy: PolicyOptions,
  has: (name: string) => boolean,
  done: (statementId: string) => boolean = () => false,
  branches: BranchFlags = { when: [], allBranches: false },
  judge?: (statement: Statement) => BoundRisk | undefined,
): { refused: Problem[]; missing: Problem[] } {
  const refused: Problem[] = [];
  const missing: Problem[] = [];
  const seen = new Set<string>();
  for (const located of statementsOf(procedure)) {
    const { statement, block } = located;
    if (statement.kind === 'note' || done(statement.id) || !chosenByFlags(procedure, located, branches)) continue;
    const risk = judge?.(statement);
    const subject = subjectOf(statement, block, risk);
    if (decide(subject, policy).kind === 'deny' && subject.risk === 'destructive' && !policy.readOnly) {
      const reasons = risk?.reasons ?? statement.riskReasons;
      refused.push({ line: statement.line, message: `destructive statement (${reasons.join(', ') || 'destructive'}) refused without --allow-destructive` });
    }
    for (const use of statement.placeholders) {
      if (seen.has(use.name) || has(use.name)) continue;
      seen.add(use.name);
      missing.push({ line: statement.line, name: use.name, message: `missing parameter [${use.name}]: give --param ${use.name}=VALUE` });
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
  /** Its risk as bound (the model's when it was never prepared). */
  risk?: Risk;
  /** What the preview said it would touch (write and destructive SQL). */
  preview?: Preview;
}

/** A checklist item: exec cannot do it, so it is handed to the operator in its place in the procedure. */
export interface ManualOutcome {
  item: ManualItem;
  stepIndex: number;
  stepTitle: string;
  /** Ticked in the journal (in the UI, before a `resume --yes`). */
  done: boolean;
  /** False when the run stopped (a failure, Ctrl-C) before its step: listed after the stop, still to do. */
  reached: boolean;
}

export interface HeadlessOptions {
  continueOnError: boolean;
  /** How exec answers the runbook's choices; without it, no conditional branch runs. */
  branches?: BranchFlags;
  onStep?(index: number, title: string): void;
  onStatement?(outcome: StatementOutcome): void;
  /** Awaited after each statement, before the next starts (a drill asks its resolved query here). */
  afterStatement?(outcome: StatementOutcome): Promise<void>;
  onManual?(outcome: ManualOutcome): void;
}

export interface HeadlessResult {
  outcomes: StatementOutcome[];
  /** Every checklist item of the procedure, once, in order. */
  manual: ManualOutcome[];
  aborted: boolean;
  /** Stopped before the end (a failure without --continue-on-error, or Ctrl-C). */
  stopped: boolean;
  allSucceeded: boolean;
}

type Entry = { line: number; statement: Located } | { line: number; manual: ManualItem };

/** A step's statements (notes left out) and checklist items in the order the runbook has them. */
function entriesOf(located: Located[], step: Step): Entry[] {
  const entries: Entry[] = [
    ...located.filter((l) => l.step === step && l.statement.kind !== 'note').map((l) => ({ line: l.statement.line, statement: l })),
    ...step.manual.map((m) => ({ line: m.line, manual: m })),
  ];
  return entries.sort((a, b) => a.line - b.line);
}

/** Runs what is left of the procedure. `abort()` on the returned handle cancels (Ctrl-C). */
export function runHeadless(engine: SessionEngine, procedure: Procedure, options: HeadlessOptions): { done: Promise<HeadlessResult>; abort(): void } {
  let aborted = false;
  const abort = () => {
    aborted = true;
    void engine.halt();
  };
  const done = (async (): Promise<HeadlessResult> => {
    const outcomes: StatementOutcome[] = [];
    const manual: ManualOutcome[] = [];
    let ok = true;
    let stopped = false;
    let enteredStep = -1;
    const dryRun = engine.getState().options.dryRun;
    const located = statementsOf(procedure);
    const enter = async (stepIndex: number, step: Step) => {
      if (enteredStep === stepIndex) return;
      enteredStep = stepIndex;
      await engine.enterStep(stepIndex);
      options.onStep?.(stepIndex, step.title);
    };
    for (const [stepIndex, step] of procedure.steps.entries()) {
      for (const entry of entriesOf(located, step)) {
        if (aborted) stopped = true;
        if ('manual' in entry) {
          // Checklist items are listed even after a stop: during an outage they are what is left to do.
          const ticked = engine.getState().manual.find((m) => m.id === entry.manual.id)?.done ?? false;
          if (!stopped) await enter(stepIndex, step);
          const outcome = { item: entry.manual, stepIndex, stepTitle: step.title, done: ticked, reached: !stopped };
          manual.push(outcome);
          options.onManual?.(outcome);
          continue;
        }
        if (stopped) continue;
        const { statement } = entry.statement;
        // Done statements never run again; failed, cancelled and cut-off ones are unfinished work (resume).
        const current = engine.getState().statements.find((v) => v.id === statement.id)?.state;
        if (current && isDone(current, dryRun)) continue;
        await enter(stepIndex, step);
        // A choice nobody made yet is answered from --when / --all-branches (journaled); a statement in a
        // branch not taken is skipped with the reason, which is no failure.
        for (const branch of engine.openChoices(statement.id)) {
          const flags = options.branches ?? { when: [], allBranches: false };
          const choice = chooseByFlags(branch, flags.when, flags.allBranches);
          await engine.choose(branch, choice.taken, choice.by);
        }
        const notChosen = engine.notChosen(statement.id);
        if (notChosen !== undefined) {
          await engine.skip(statement.id, notChosen);
          const outcome = { statementId: statement.id, stepIndex, stepTitle: step.title, state: engine.getState().statements.find((v) => v.id === statement.id)!.state, display: statement.text };
          outcomes.push(outcome);
          options.onStatement?.(outcome);
          continue;
        }
        const prepared = await engine.prepare(statement.id);
        if (prepared.missing.length > 0) {
          // preflight fills everything it can; what is left is the operator's to give.
          throw new Error(`line ${statement.line}: missing parameter ${prepared.missing.map((m) => `[${m.placeholder.name}]`).join(', ')}`);
        }
        const decision = prepared.decision!;
        const typed = decision.kind === 'ask-typed' ? decision.expected[0] : undefined;
        // A statement that needs a person at the terminal fails at once, saying why (a dry run only shows it).
        const needsTerminal = statement.interactive !== undefined && statement.interactive.withoutTerminal === undefined && !dryRun;
        const state = needsTerminal && decision.kind !== 'deny'
          ? await engine.refuseInteractive(statement.id, prepared.display ?? statement.text)
          : await engine.confirm(statement.id, { yes: true, typed });
        // Halted before it could start: it did not run, and nothing after it will.
        if (aborted && state.status === 'pending') {
          stopped = true;
          continue;
        }
        const outcome: StatementOutcome = {
          statementId: statement.id,
          stepIndex,
          stepTitle: step.title,
          state,
          display: prepared.display ?? statement.text,
          ...(prepared.risk ? { risk: prepared.risk.risk } : {}),
          ...(prepared.preview ? { preview: prepared.preview } : {}),
        };
        outcomes.push(outcome);
        options.onStatement?.(outcome);
        await options.afterStatement?.(outcome);
        const succeeded = state.status === 'succeeded' || (dryRun && state.status === 'skipped' && state.reason === 'dry-run');
        if (!succeeded) {
          ok = false;
          // A --read-only refusal is what the operator asked for: note it (exit non-zero) and go on.
          const refusedByReadOnly = state.status === 'skipped' && engine.getState().options.readOnly;
          if (aborted || (!options.continueOnError && !refusedByReadOnly)) stopped = true;
        }
      }
    }
    return { outcomes, manual, aborted, stopped: stopped || aborted, allSucceeded: ok && !aborted };
  })();
  return { done, abort };
}
