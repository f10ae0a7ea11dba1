// What the engine works out before a bound statement is confirmed: its risk as bound (bound-risk.ts),
// the policy's question for that risk and the object it acts on (policy.ts), and, for write and
// destructive SQL the policy does not refuse, the blast-radius preview (preview.ts) and, for DDL, the
// lock_timeout its run gets. Kept beside the engine so the engine stays the journal's bookkeeper.

import type { Block, Statement } from '../runbook/model.js';
import type { Executor } from '../executors/types.js';
import type { Decision, PolicyOptions } from './types.js';
import type { Bound } from './bind.js';
import type { Redactor } from './redact.js';
import { decide, subjectOf } from './policy.js';
import { judgeBound, type BoundRisk, type ClassifyFn } from './bound-risk.js';
import { DDL_LOCK_TIMEOUT_MS, planFor, runPreview, type Preview } from './preview.js';

export interface PreparedRun {
  bound: Bound;
  decision: Decision;
  statement: Statement;
  /** The risk as bound: what the badge shows and the journal records with the start. */
  risk: BoundRisk;
  /** What it would touch (write or destructive SQL), secrets masked. */
  preview?: Preview;
  /** DDL: its run waits at most this long for its lock. */
  lockTimeoutMs?: number;
}

export interface PrepareContext {
  options: PolicyOptions;
  classify?: ClassifyFn;
  redactor: Redactor;
  /** The session's SQL executor, which runs the preview's probes. */
  sql?: Executor;
  dir: string;
}

/** `label` names it in the questions (`line 42`, or `your own statement` for one typed after `:`). */
export async function prepareRun(ctx: PrepareContext, statement: Statement, block: Block, bound: Bound, label = `line ${statement.line}`): Promise<PreparedRun> {
  const risk = judgeBound(statement, bound, ctx.classify);
  // A destructive statement's object that is (part of) a secret value is asked for without being shown.
  const secret = risk.confirmTarget !== undefined && ctx.redactor.text(risk.confirmTarget) !== risk.confirmTarget;
  const subject = subjectOf(statement, block, risk, { fragments: bound.fragments, label, ...(secret ? { confirmSecret: true } : {}) });
  const decision = decide(subject, ctx.options);
  const run: PreparedRun = { bound, decision, statement, risk };
  if (statement.kind !== 'sql' || risk.risk === 'read' || decision.kind === 'deny') return run;
  let plan: Awaited<ReturnType<typeof planFor>>;
  try {
    plan = await planFor(bound.text);
  } catch (error) {
    // No preview is never a reason not to ask: the question is asked, saying why there is none.
    const why = error instanceof Error ? error.message : String(error);
    run.preview = { summary: `no preview: ${why}`, unavailable: why };
    return run;
  }
  if (plan.lock) run.lockTimeoutMs = DDL_LOCK_TIMEOUT_MS;
  run.preview = ctx.sql ? ctx.redactor.deep(await runPreview(ctx.sql, plan, ctx.dir)) : { summary: 'no preview: no SQL executor', unavailable: 'no SQL executor' };
  return run;
}
