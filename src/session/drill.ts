// Running a procedure as a drill: the session is a normal one (journal, report) on the drill's disposable
// database, with the drill's facts journaled beside the statements: `drill-started` (the scenario, its
// set-up time, its diagnosis), `drill-check` (the symptom and resolved queries' answers, whenever they
// change), `drill-judged` (the verdict, drill/verdict.ts). Headless (`--auto`), every statement runs in
// order with the scenario's parameters and choices, destructive ones allowed (the database is
// disposable), going on after a failure so every check is recorded, the resolved query asked after each
// statement, within the scenario's time limit. Interactive, a watch asks the queries every few seconds and
// after each statement while the operator works; the verdict is taken when the session finishes.

import type { Procedure } from '../runbook/model.js';
import type { Scenario, ScenarioCode } from '../drill/scenario.js';
import { judge, type DrillFacts, type FailedStatement, type Verdict } from '../drill/verdict.js';
import type { CheckResult } from '../database/drill-fault.js';
import type { SessionEngine } from './engine.js';
import type { DrillCheckKind, DrillInfo, FinishSummary, JournalEvent } from './types.js';
import { runHeadless, type BranchFlags } from './headless.js';
import { drillCounts, firstDiagnostic, lastCheck, resolution, type DrillCounts } from './drill-facts.js';
import { formatDuration } from '../duration.js';

/** Asks one of the scenario's checks on the drill database (database/drill-fault.ts askCheck, bound). */
export type Ask = (code: ScenarioCode) => Promise<CheckResult>;

/** How long after the last statement a resolved query may take to turn true (statistics are flushed late). */
const SETTLE_MS = 5_000;
const WATCH_EVERY_MS = 2_000;

export class Drill {
  private asking = Promise.resolve();

  constructor(
    readonly engine: SessionEngine,
    readonly scenario: Scenario,
    private readonly ask: Ask,
  ) {}

  /** Journals the drill and the symptom's first answer. */
  async start(info: Omit<DrillInfo, 'name' | 'title' | 'path' | 'summary' | 'expected' | 'timeLimitMs' | 'serverStopped'>): Promise<boolean | null> {
    const s = this.scenario;
    this.engine.record({
      type: 'drill-started',
      drill: { name: s.name, title: s.title, path: s.path, summary: s.summary, expected: s.expected, timeLimitMs: s.timeLimitMs, serverStopped: s.serverStopped, ...info },
    });
    return this.check('symptom', true);
  }

  /** Asks a check and journals the answer when it differs from the last one (or `always`). One at a time. */
  check(kind: DrillCheckKind, always = false): Promise<boolean | null> {
    const run = this.asking.then(async () => {
      const drill = this.engine.derived.drill;
      if (!drill || drill.verdict) return null;
      const answer = await this.ask(kind === 'symptom' ? this.scenario.symptom : this.scenario.resolved);
      const last = drill.checks.filter((c) => c.check === kind).at(-1);
      if (always || !last || last.value !== answer.value) {
        this.engine.record({ type: 'drill-check', check: kind, value: answer.value, ...(answer.error ? { error: answer.error } : {}) });
      }
      return answer.value;
    });
    this.asking = run.then(() => undefined, () => undefined);
    return run;
  }

  /** Asks the resolved query until it is true or `ms` have passed. */
  async settle(ms: number): Promise<boolean | null> {
    const until = Date.now() + ms;
    for (;;) {
      const value = await this.check('resolved');
      if (value === true || Date.now() >= until) return value;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** The facts the verdict needs, from the journal (drill-facts.ts) and the last answers. */
  facts(procedure: Procedure, extra: Pick<DrillFacts, 'timedOut' | 'setupError'> = {}): DrillFacts {
    const d = this.engine.derived;
    const drill = d.drill!;
    const failures: FailedStatement[] = [];
    // During an outage the procedure's checks are meant to fail: that is how it diagnoses it.
    if (!this.scenario.serverStopped) {
      for (const view of d.state.statements) {
        if (view.state.status !== 'failed') continue;
        const result = view.state.result;
        const error = result.status === 'timed-out' ? 'timed out' : (result.error?.message ?? (result.exitCode !== undefined ? `exit ${result.exitCode}` : 'failed'));
        failures.push({ line: view.line, text: result.text || view.source, error: error.split('\n')[0]! });
      }
    }
    const resolvedError = drill.checks.filter((c) => c.check === 'resolved').at(-1)?.error;
    const values = drill.info.diagnosis;
    return {
      ...extra,
      symptomBefore: drill.checks.find((c) => c.check === 'symptom')?.value ?? null,
      failures,
      resolvedAfter: lastCheck(drill, 'resolved') ?? null,
      ...(resolvedError ? { resolvedError } : {}),
      manualSteps: procedure.steps.reduce((n, step) => n + step.manual.length, 0),
      ...(values ? { diagnosis: { values, seen: firstDiagnostic(d) !== undefined } } : {}),
    };
  }

  /** Takes the verdict (after a last look at the symptom) and journals it. */
  async conclude(procedure: Procedure, extra: Pick<DrillFacts, 'timedOut' | 'setupError'> = {}): Promise<Verdict> {
    const symptomAfter = await this.check('symptom');
    await this.check('resolved');
    const verdict = judge(this.facts(procedure, extra));
    this.engine.record({
      type: 'drill-judged',
      outcome: verdict.outcome,
      expected: this.scenario.expected,
      reason: verdict.reason,
      symptomAfter,
      resolvedAfter: lastCheck(this.engine.derived.drill!, 'resolved') ?? null,
    });
    return verdict;
  }

  /** Interactive: asks resolved (and symptom) every few seconds and after each statement, until stopped. */
  watch(): () => void {
    let stopped = false;
    const tick = () => {
      if (stopped) return;
      void this.check('resolved').then(() => this.check('symptom')).catch(() => undefined);
    };
    const timer = setInterval(tick, WATCH_EVERY_MS);
    timer.unref?.();
    const unsubscribe = this.engine.subscribe((_state, event?: JournalEvent) => {
      if (event?.type === 'statement-finished') tick();
    });
    return () => {
      stopped = true;
      clearInterval(timer);
      unsubscribe();
    };
  }

  /** The lines the finish screen and the farewell add. */
  summaryLines(): string[] {
    return drillSummaryLines(this.engine.derived);
  }
}

export interface DrillRun {
  verdict: Verdict;
  symptomBefore: boolean | null;
  symptomAfter: boolean | null;
  timeToResolveMs: number | null;
  counts: DrillCounts;
  summary: FinishSummary;
}

/**
 * `--auto`: runs every statement of the procedure with the scenario's choices, asking the resolved query
 * after each, stopped by the scenario's time limit; then judges and ends the session.
 */
export async function runDrillHeadless(drill: Drill, procedure: Procedure, branches: BranchFlags): Promise<DrillRun> {
  const { engine, scenario } = drill;
  const began = Date.now();
  let timedOut: DrillFacts['timedOut'];
  const run = runHeadless(engine, procedure, {
    continueOnError: true,
    branches,
    afterStatement: async () => {
      await drill.check('resolved');
    },
  });
  const limit = setTimeout(() => {
    const running = engine.runningStatement;
    const line = running ? engine.getState().statements.find((v) => v.id === running)?.line : undefined;
    timedOut = { limitMs: scenario.timeLimitMs, ...(line !== undefined ? { line } : {}) };
    run.abort();
  }, scenario.timeLimitMs);
  let result;
  try {
    result = await run.done;
  } finally {
    clearTimeout(limit);
  }
  if (!timedOut) await drill.settle(Math.max(0, Math.min(SETTLE_MS, scenario.timeLimitMs - (Date.now() - began))));
  const verdict = await drill.conclude(procedure, timedOut ? { timedOut } : {});
  const summary = await engine.finish(undefined, { aborted: result.aborted });
  const d = engine.derived;
  const resolved = resolution(d);
  return {
    verdict,
    symptomBefore: d.drill!.checks.find((c) => c.check === 'symptom')?.value ?? null,
    symptomAfter: d.drill!.verdict?.symptomAfter ?? null,
    timeToResolveMs: resolved ? resolved.afterMs : null,
    counts: drillCounts(d),
    summary,
  };
}

/** The drill's outcome and times in a few lines (the UI's finish box and what stays in the terminal). */
export function drillSummaryLines(d: SessionEngine['derived']): string[] {
  const drill = d.drill;
  if (!drill) return [];
  const lines: string[] = [];
  if (drill.verdict) lines.push(`Drill ${drill.info.name}: ${drill.verdict.outcome} (expected ${drill.verdict.expected}): ${drill.verdict.reason}`);
  const diagnostic = firstDiagnostic(d);
  const resolved = resolution(d);
  lines.push(`First diagnostic: ${diagnostic ? `${formatDuration(diagnostic.afterMs)}${diagnostic.line ? ` (line ${diagnostic.line})` : ''}` : 'none'} · resolution: ${resolved ? `${formatDuration(resolved.afterMs)}, by ${BY[resolved.by]}${resolved.line ? ` (line ${resolved.line})` : ''}` : 'not resolved'}`);
  return lines;
}

export const BY: Record<'procedure' | 'ad-hoc' | 'other', string> = {
  procedure: "the procedure's statements",
  'ad-hoc': 'ad-hoc statements',
  other: 'no statement of this session',
};
