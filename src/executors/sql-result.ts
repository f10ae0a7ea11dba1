// Builds the SQL executor's results: the success shape (columns, first rows, count, tag, CSV) and the
// failure shape, with PostgreSQL's error fields kept and its position mapped back to the runbook.

import type pg from 'pg';
import { mapPosition } from './position.js';
import type { RowSink } from './row-sink.js';
import type { Column, ExecError, ExecRequest, ExecResult, ExecStatus } from './types.js';

export interface Clock {
  startedAt: Date;
  t0: number;
}

function times(clock: Clock) {
  const durationMs = Math.round((performance.now() - clock.t0) * 1000) / 1000;
  return { startedAt: clock.startedAt.toISOString(), endedAt: new Date().toISOString(), durationMs };
}

interface Extra {
  notices?: string[];
  sink?: RowSink;
  columns?: Column[];
}

export function finish(request: ExecRequest, clock: Clock, result: pg.QueryResult & { tag?: string }, extra: Extra): ExecResult {
  const out: ExecResult = { kind: 'sql', status: 'succeeded', text: request.text, ...times(clock) };
  const command = result.tag ?? (result.command ? `${result.command}${result.rowCount !== null && result.rowCount !== undefined ? ` ${result.rowCount}` : ''}` : undefined);
  if (command) out.command = command;
  if (extra.columns) {
    out.columns = extra.columns;
    out.rows = extra.sink?.rows ?? [];
    out.rowCount = extra.sink?.count ?? 0;
  } else if (typeof result.rowCount === 'number') {
    out.rowCount = result.rowCount;
  }
  if (extra.sink?.file) out.outputFile = extra.sink.file;
  if (extra.notices?.length) out.notices = extra.notices;
  return out;
}

export function failure(request: ExecRequest, clock: Clock, status: ExecStatus, error: ExecError, extra: Extra = {}): ExecResult {
  const out: ExecResult = { kind: 'sql', status, text: request.text, ...times(clock), error };
  if (extra.sink?.count) {
    out.rows = extra.sink.rows;
    out.rowCount = extra.sink.count;
  }
  if (extra.sink?.file) out.outputFile = extra.sink.file;
  if (extra.notices?.length) out.notices = extra.notices;
  return out;
}

export function sqlError(error: unknown, request: ExecRequest): ExecError {
  const e = error as Partial<pg.DatabaseError> & { message?: string };
  const out: ExecError = { message: String(e.message ?? error) };
  if (e.code && /^[0-9A-Z]{5}$/.test(e.code)) out.code = e.code;
  if (e.detail) out.detail = e.detail;
  if (e.hint) out.hint = e.hint;
  const position = Number(e.position);
  if (Number.isInteger(position) && position > 0) {
    out.position = position;
    Object.assign(out, mapPosition(request.text, position, request.origin));
  } else {
    out.line = request.origin.line;
    out.column = request.origin.column;
  }
  return out;
}
