// psql meta-commands that send the SQL before them (`SELECT ... \gexec`, `SELECT ... \gx`), split by
// runbook/psql-meta.ts as the splitter split them. \g and \gx run the query (expanded display is the
// UI's business). \gexec runs the query, then every non-NULL value of its result, row by row and left to
// right, as a statement of its own on the same session, as psql does; it stops at the first failure.
// That is how a runbook runs what a function cannot (VACUUM, CREATE INDEX CONCURRENTLY): the function
// lists the statements, \gexec runs each outside any transaction block. The other query-buffer commands
// (\gset, \gdesc, \crosstabview, \watch) and \g with a file or pipe fail as unsupported.

import { DEFAULT_TIMEOUT_MS, type ExecRequest, type ExecResult, type Executor, type RunOptions } from './types.js';

/** psql runs every value; the result keeps at most this many rows in memory, so more is refused unrun. */
const MAX_GEXEC = 1000;

export async function runQueryBuffer(
  sql: Executor,
  request: ExecRequest,
  options: RunOptions,
  split: { query: string; command: string; args: string },
  end: (status: ExecResult['status'], extra: Partial<ExecResult>) => ExecResult,
): Promise<ExecResult> {
  const at = { line: request.origin.line, column: request.origin.column };
  const { command, args } = split;
  if ((command !== 'g' && command !== 'gx' && command !== 'gexec') || (args !== '' && command !== 'gexec')) {
    const what = args !== '' && command !== 'gexec' ? `\\${command} ${args} (output to a file or pipe)` : `\\${command}`;
    return end('failed', { error: { message: `unsupported psql meta-command ${what} at line ${at.line}`, ...at } });
  }
  if (command === 'gexec' && args !== '') {
    return end('failed', { error: { message: `\\gexec takes no arguments (line ${at.line})`, ...at } });
  }
  const deadline = Date.now() + (request.timeoutMs > 0 ? request.timeoutMs : DEFAULT_TIMEOUT_MS);
  const query = await sql.run({ ...request, kind: 'sql', text: split.query }, options);
  if (command !== 'gexec' || query.status !== 'succeeded') {
    const { kind: _kind, text: _text, startedAt: _s, endedAt: _e, durationMs: _d, ...rest } = query;
    return end(query.status, rest);
  }
  const values = (query.rows ?? []).flatMap((row) => row.filter((value): value is string => value !== null));
  if ((query.rowCount ?? 0) > (query.rows?.length ?? 0)) {
    return end('failed', { children: [query], error: { message: `\\gexec: the query returned more than ${MAX_GEXEC} rows; nothing was run (line ${at.line})`, ...at } });
  }
  const children: ExecResult[] = [query];
  const rows: (string | null)[][] = [];
  const summary = (): Partial<ExecResult> => ({
    children,
    columns: [{ name: 'statement', type: 'text' }, { name: 'result', type: 'text' }],
    rows,
    rowCount: rows.length,
  });
  for (const [i, text] of values.entries()) {
    if (options.signal?.aborted) return end('cancelled', { ...summary(), error: { message: `cancelled before \\gexec statement ${i + 1}: ${text}`, ...at } });
    const result = await sql.run(
      { ...request, kind: 'sql', text, timeoutMs: Math.max(1, deadline - Date.now()), outputName: `${request.outputName}-${i + 1}` },
      options,
    );
    children.push(result);
    rows.push([text, result.status === 'succeeded' ? (result.command ?? 'OK') : `${result.status}: ${result.error?.message ?? ''}`]);
    if (result.status !== 'succeeded') {
      // The statement is not the runbook's text: its error position cannot point into the runbook.
      return end(result.status, { ...summary(), error: { message: `\\gexec statement ${i + 1} (${text}): ${result.error?.message ?? result.status}`, ...at } });
    }
  }
  const notices = children.flatMap((c) => c.notices ?? []);
  return end('succeeded', { ...summary(), ...(notices.length ? { notices } : {}) });
}
