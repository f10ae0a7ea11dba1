// One statement's trip through an executor: the serializable request built from where the statement sits
// in the runbook, the call itself (a thrown error or an abort becomes a failed or cancelled result), and
// the result as the journal keeps it (secrets masked, the output file relative to the session folder).

import { rmSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { DEFAULT_TIMEOUT_MS, type ExecKind, type ExecRequest, type ExecResult, type Executor, type OutputEvent, type ShellCarry } from '../executors/types.js';
import { isSecretName } from '../runbook/placeholders.js';
import { MASK } from './redact.js';
import type { ResultSummary } from './types.js';
import { endResult, startClock } from '../executors/result.js';
import type { Redactor } from './redact.js';
import type { Located } from './plan.js';

/** Rows kept per statement in the journal (the report shows 20; the CSV has them all). */
export const JOURNAL_ROWS = 20;

export interface RequestContext {
  /** 1-based place of the statement in the procedure, for a stable output file name. */
  index: number;
  /** How many times the statement has started (this run included). */
  attempts: number;
  sessionDir: string;
  runbookPath: string;
  readOnly: boolean;
  /** The session's secret values (the redactor's), masked in output files as they are written. */
  secrets: readonly string[];
  /** DDL: lock_timeout for its run (prepare.ts). */
  lockTimeoutMs?: number;
}

export function execRequest(l: Located, text: string, env: Record<string, string>, kind: ExecKind, c: RequestContext): ExecRequest {
  const name = `${String(c.index).padStart(3, '0')}-${l.statement.id.replace(/[^A-Za-z0-9]+/g, '-')}${c.attempts > 1 ? `-run${c.attempts}` : ''}`;
  return {
    kind,
    text,
    env,
    // The directory runbook was started in, as a terminal's: shell statements run there and `\i` resolves
    // against it, as psql's would; `\ir` resolves against the runbook's folder (origin.file, relative to it).
    cwd: process.cwd(),
    timeoutMs: l.block.attributes.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    outputDir: `${c.sessionDir}/outputs`,
    outputName: name,
    // Every result gets its full CSV: the journal and report keep 20 rows and link the rest.
    csv: 'always',
    readOnly: c.readOnly || l.block.attributes.readonly || undefined,
    ...(c.secrets.length ? { redact: [...c.secrets] } : {}),
    ...(c.lockTimeoutMs ? { lockTimeoutMs: c.lockTimeoutMs } : {}),
    origin: { file: c.runbookPath, line: l.statement.line, column: l.statement.column },
  };
}

/** Runs the request; never throws (what the executor throws becomes the result's error). */
export async function callExecutor(executor: Executor, request: ExecRequest, signal: AbortSignal, onOutput: (event: OutputEvent) => void): Promise<ExecResult> {
  const clock = startClock();
  try {
    const result = await executor.run(request, { signal, onOutput });
    // The SQL executor writes small CSVs in the background: wait, so the file is whole before it is
    // redacted and linked from the report.
    await (executor as { flush?: () => Promise<void> }).flush?.();
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return endResult(request, clock, signal.aborted ? 'cancelled' : 'failed', { error: { message } });
  }
}

/**
 * Masks secrets in the result and in its output file; output paths become relative to the session. An
 * output file whose secrets could not be masked is deleted rather than kept (fail safe), and the
 * result's notices say why.
 */
export async function summarize(r: ExecResult, display: string, sessionDir: string, redactor: Redactor): Promise<ResultSummary> {
  let notices = r.notices;
  let kept = r.outputFile;
  if (r.outputFile && redactor.values.length > 0) {
    try {
      await redactor.file(r.outputFile);
    } catch (error) {
      rmSync(r.outputFile, { force: true });
      kept = undefined;
      notices = [...(notices ?? []), `output file ${r.outputFile} deleted: its secrets could not be masked (${error instanceof Error ? error.message : String(error)})`];
    }
  }
  const outputFile = kept ? (isAbsolute(kept) ? relative(sessionDir, kept) : kept) : undefined;
  const summary: ResultSummary = {
    status: r.status,
    text: display,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    durationMs: Math.round(r.durationMs * 10) / 10,
    columns: r.columns,
    rows: r.rows,
    rowCount: r.rowCount,
    command: r.command,
    notices,
    backendPid: r.backendPid,
    exitCode: r.exitCode,
    stdoutTail: r.stdoutTail,
    stderrTail: r.stderrTail,
    leftRunning: r.leftRunning,
    carry: maskCarry(r.carry),
    outputFile,
    error: r.error,
  };
  for (const k of Object.keys(summary) as (keyof ResultSummary)[]) if (summary[k] === undefined) delete summary[k];
  return redactor.deep(summary);
}

/** Exported variables whose names say secret (PGPASSWORD, API_TOKEN, ...) are journaled as ****. */
function maskCarry(carry: ShellCarry | undefined): ShellCarry | undefined {
  if (!carry) return undefined;
  const env = Object.fromEntries(Object.entries(carry.env).map(([name, value]) => [name, isSecretName(name) ? MASK : value]));
  return { ...carry, env };
}

/** The result as the journal records it: the first JOURNAL_ROWS rows only. */
export function journaled(summary: ResultSummary): ResultSummary {
  const { rows, ...rest } = summary;
  return { ...rest, ...(rows ? { rows: rows.slice(0, JOURNAL_ROWS) } : {}) };
}
