// One way to build an executor's result: every executor (sql, shell, psql-meta, scripted) and the
// session's fallback for a thrown error start a clock when a request starts and end it with a status
// and the kind's own fields, so `startedAt`, `endedAt` and `durationMs` mean the same for every kind.

import type { ExecRequest, ExecResult, ExecStatus } from './types.js';

export interface Clock {
  /** Wall clock at the start, ms since the epoch. */
  startedAt: number;
  /** performance.now() at the start, for the duration. */
  t0: number;
}

export function startClock(): Clock {
  return { startedAt: Date.now(), t0: performance.now() };
}

// Date#toISOString costs about as much as a quarter of a `SELECT 1` round trip; statements finish many
// times per millisecond, so the last millisecond's text is kept.
let lastMs = NaN;
let lastIso = '';
function iso(ms: number): string {
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

/** The result of `request` ending now with `status`; `fields` adds the kind's own (rows, exit code, error...). */
export function endResult(request: Pick<ExecRequest, 'kind' | 'text'>, clock: Clock, status: ExecStatus, fields: Partial<ExecResult> = {}): ExecResult {
  const durationMs = Math.round((performance.now() - clock.t0) * 1000) / 1000;
  return { kind: request.kind, status, text: request.text, startedAt: iso(clock.startedAt), endedAt: iso(Date.now()), durationMs, ...fields };
}
