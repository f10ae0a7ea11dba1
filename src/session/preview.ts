// Running a statement's blast-radius preview: the plan (runbook/preview-plan.ts, from the bound text's
// parse tree) is read-only probes; each runs through the session's own SQL executor as a probe (a
// transaction or savepoint rolled back, read-only, a short statement_timeout and lock_timeout: it sees
// what the statement will see, temp tables and the operator's open transaction included, and changes
// nothing), an estimate replaces a count that runs out of time, and the rows are read into one Preview
// (runbook/preview-read.ts). Bounded as a whole: a server that does not answer gives "no preview", never
// an exception and never a long wait.

import type { ExecRequest, ExecResult, Executor } from '../executors/types.js';
import type { PreviewPlan } from '../runbook/preview-plan.js';
import type { Preview, ProbeOutcome, ProbeResult } from '../runbook/preview-read.js';
import { callExecutor } from './executor-call.js';

export type { Preview } from '../runbook/preview-read.js';

/** A probe's statement_timeout: long enough to count a large table's rows, short enough to wait for. */
export const PREVIEW_TIMEOUT_MS = 2000;
/** A probe never queues behind other sessions' locks for longer than this (it then estimates). */
export const PREVIEW_LOCK_TIMEOUT_MS = 500;
/** The longest a whole preview may hold up the confirmation, connecting included. */
export const PREVIEW_WAIT_MS = 8000;
/** The real run of a DDL statement waits at most this long for its lock (lock_timeout), then fails. */
export const DDL_LOCK_TIMEOUT_MS = 5000;

/** The plan of a SQL statement's preview (parsers loaded on first use: only writes need them). */
export async function planFor(text: string): Promise<PreviewPlan> {
  const [{ ensureParsers }, { ensureDeparser }, { planPreview }] = await Promise.all([
    import('../runbook/parsers.js'),
    import('../runbook/sql-deparse.js'),
    import('../runbook/preview-plan.js'),
  ]);
  await Promise.all([ensureParsers(), ensureDeparser()]);
  return planPreview(text);
}

function probeRequest(text: string, sessionDir: string): ExecRequest {
  return {
    kind: 'sql',
    text,
    cwd: sessionDir,
    timeoutMs: PREVIEW_TIMEOUT_MS,
    lockTimeoutMs: PREVIEW_LOCK_TIMEOUT_MS,
    outputDir: `${sessionDir}/outputs`,
    outputName: 'preview',
    probe: true,
    readOnly: true,
    origin: { file: 'preview', line: 1, column: 1 },
  };
}

/** Ran out of time: statement_timeout (57014, timed-out) or lock_timeout (55P03). */
function outOfTime(r: ExecResult): boolean {
  return r.status === 'timed-out' || r.error?.code === '55P03' || r.error?.code === '57014';
}

function resultOf(r: ExecResult): ProbeResult {
  if (r.status === 'succeeded') return { ok: true, columns: (r.columns ?? []).map((c) => c.name), rows: r.rows ?? [] };
  if (r.error?.code === '55P03') return { ok: false, error: `another session holds a conflicting lock (the preview waits at most ${PREVIEW_LOCK_TIMEOUT_MS} ms)` };
  return { ok: false, error: r.error?.message ?? r.status, ...(r.error?.unreachable ? { unreachable: true } : {}) };
}

/** Runs the plan's probes (in order, stopping when the server cannot be reached) and reads them. */
export async function runPreview(sql: Executor, plan: PreviewPlan, sessionDir: string, waitMs = PREVIEW_WAIT_MS): Promise<Preview> {
  const { readPreview } = await import('../runbook/preview-read.js');
  const controller = new AbortController();
  const outcomes: ProbeOutcome[] = [];
  const run = async () => {
    for (const probe of plan.probes) {
      if (controller.signal.aborted) return;
      let r = await callExecutor(sql, probeRequest(probe.sql, sessionDir), controller.signal, () => undefined);
      let estimated = false;
      if (outOfTime(r) && probe.estimate && !controller.signal.aborted) {
        r = await callExecutor(sql, probeRequest(probe.estimate, sessionDir), controller.signal, () => undefined);
        estimated = true;
      }
      const result = resultOf(r);
      outcomes.push({ probe, result: result.ok && estimated ? { ...result, estimated: true } : result });
      if (!result.ok && result.unreachable) break;
    }
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), waitMs);
  });
  try {
    if ((await Promise.race([run().then(() => 'done' as const), late])) === 'late') {
      controller.abort();
      return { summary: `no preview: no answer within ${waitMs / 1000} s`, unavailable: `no answer within ${waitMs / 1000} s` };
    }
  } finally {
    clearTimeout(timer);
  }
  return readPreview(plan, outcomes);
}
