// Builds the SQL executor's results: the success shape (columns, first rows, count, tag, CSV) and the
// failure shape, with PostgreSQL's error fields kept and its position mapped back to the runbook.

import type pg from 'pg';
import { mapPosition } from './position.js';
import type { RowSink } from './row-sink.js';
import type { StatementResult } from './statement-query.js';
import type { Column, ExecError, ExecRequest, ExecResult, ExecStatus } from './types.js';
import { endResult, type Clock } from './result.js';


interface Extra {
  notices?: string[];
  backendPid?: number;
  sink?: RowSink;
  columns?: Column[];
}

export function finish(request: ExecRequest, clock: Clock, result: StatementResult, extra: Extra): ExecResult {
  const out = endResult(request, clock, 'succeeded');
  if (result.tag) out.command = result.tag;
  if (extra.columns) {
    out.columns = extra.columns;
    out.rows = extra.sink?.rows ?? [];
    out.rowCount = extra.sink?.count ?? 0;
  } else if (typeof result.rowCount === 'number') {
    out.rowCount = result.rowCount;
  }
  if (extra.sink?.file) out.outputFile = extra.sink.file;
  if (extra.notices?.length) out.notices = extra.notices;
  if (extra.backendPid) out.backendPid = extra.backendPid;
  return out;
}

export function failure(request: ExecRequest, clock: Clock, status: ExecStatus, error: ExecError, extra: Extra = {}): ExecResult {
  const out = endResult(request, clock, status, { error });
  if (extra.sink?.count) {
    out.rows = extra.sink.rows;
    out.rowCount = extra.sink.count;
  }
  if (extra.sink?.file) out.outputFile = extra.sink.file;
  if (extra.notices?.length) out.notices = extra.notices;
  if (extra.backendPid) out.backendPid = extra.backendPid;
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
