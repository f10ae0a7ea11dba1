// psql meta-commands: `\i FILE` / `\include` (relative to the working directory, request.cwd) and
// `\ir FILE` / `\include_relative` (relative to the folder of the file containing the command,
// origin.file) run the file's statements one by one through the SQL executor, stopping at the first
// failure. `SELECT ... \gexec`, `\g` and `\gx` send the SQL before them (query-buffer.ts). `\set` and
// `\unset` succeed without effect: psql variables are runbook parameters (`:name` is asked and bound;
// `\set` gave the default). Any other
// meta-command fails with its line: silently skipping `\c otherdb` or `\set ON_ERROR_STOP` would run the
// rest somewhere else or differently.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { splitSql } from '../runbook/sql-split.js';
import { splitQueryBuffer } from '../runbook/psql-meta.js';
import { runQueryBuffer } from './query-buffer.js';
import { endResult, startClock } from './result.js';
import { DEFAULT_TIMEOUT_MS, type ExecRequest, type ExecResult, type ExecStatus, type Executor, type RunOptions } from './types.js';

const MAX_DEPTH = 16;

export class PsqlMetaExecutor implements Executor {
  constructor(private readonly sql: Executor) {}

  run(request: ExecRequest, options: RunOptions = {}): Promise<ExecResult> {
    return this.runMeta(request, options, 0);
  }

  private async runMeta(request: ExecRequest, options: RunOptions, depth: number): Promise<ExecResult> {
    const clock = startClock();
    const end = (status: ExecStatus, extra: Partial<ExecResult>): ExecResult => endResult(request, clock, status, extra);
    const at = { line: request.origin.line, column: request.origin.column };
    const where = `${request.origin.file}:${at.line}`;
    const buffered = splitQueryBuffer(request.text);
    if (buffered) return runQueryBuffer(this.sql, request, options, buffered, end);
    const match = /^\\(\S+)\s*(.*)$/s.exec(request.text.trim());
    const command = match?.[1] ?? request.text.trim();
    if (command === 'set' || command === 'unset') {
      // psql variables are runbook parameters: `:name` is asked and bound, and `\set` gave its default.
      return end('succeeded', { notices: [`\\${command}: psql variables are parameters here (asked, with this line's value as the default)`] });
    }
    if (command !== 'i' && command !== 'include' && command !== 'ir' && command !== 'include_relative') {
      return end('failed', { error: { message: `unsupported psql meta-command \\${command.replace(/^\\/, '')} at line ${at.line}`, ...at } });
    }
    const arg = unquote(match![2]!.trim());
    if (!arg) return end('failed', { error: { message: `\\${command} needs a file name (line ${at.line})`, ...at } });
    if (depth >= MAX_DEPTH) return end('failed', { error: { message: `\\${command} nested more than ${MAX_DEPTH} deep at ${where}`, ...at } });
    const relative = command === 'ir' || command === 'include_relative';
    const base = relative ? dirname(resolve(request.cwd, request.origin.file)) : request.cwd;
    const file = isAbsolute(arg) ? arg : resolve(base, arg);
    if (!existsSync(file) || !statSync(file).isFile()) {
      return end('failed', { error: { message: `no such file: ${file} (line ${at.line})`, ...at } });
    }

    const deadline = Date.now() + (request.timeoutMs > 0 ? request.timeoutMs : DEFAULT_TIMEOUT_MS);
    const children: ExecResult[] = [];
    let index = 0;
    for (const statement of splitSql(readFileSync(file, 'utf8'))) {
      if (statement.kind === 'note') continue;
      if (options.signal?.aborted) return end('cancelled', { children, error: { message: `cancelled while running ${file}`, ...at } });
      const child: ExecRequest = {
        ...request,
        kind: statement.kind === 'psql-meta' ? 'psql-meta' : 'sql',
        text: statement.text,
        timeoutMs: Math.max(1, deadline - Date.now()),
        outputName: `${request.outputName}-${++index}`,
        origin: { file, line: statement.line, column: statement.column },
      };
      let result: ExecResult;
      if (statement.kind === 'shell') {
        const error = { message: `shell command in an SQL file (${file}:${statement.line}); psql would reject it too`, line: statement.line, column: statement.column };
        result = endResult({ kind: 'sql', text: statement.text }, startClock(), 'failed', { error });
      } else if (child.kind === 'psql-meta') {
        result = await this.runMeta(child, options, depth + 1);
      } else {
        result = await this.sql.run(child, options);
      }
      children.push(result);
      if (result.status !== 'succeeded') {
        const e = result.error;
        const place = e?.line ? `${file}:${e.line}:${e.column ?? 1}` : file;
        return end(result.status, { children, error: { ...(e ?? { message: result.status }), message: `${place}: ${e?.message ?? result.status}`, ...at } });
      }
    }
    const last = [...children].reverse().find((c) => c.columns) ?? children[children.length - 1];
    const summary: Partial<ExecResult> = { children };
    if (last) {
      for (const key of ['columns', 'rows', 'rowCount', 'command', 'outputFile', 'backendPid'] as const) {
        if (last[key] !== undefined) (summary as Record<string, unknown>)[key] = last[key];
      }
    }
    const notices = children.flatMap((c) => c.notices ?? []);
    if (notices.length) summary.notices = notices;
    return end('succeeded', summary);
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', b: '\b', r: '\r', f: '\f' };

/**
 * The first argument as psql reads it: in '...', `''` is a quote and backslash escapes are processed
 * (\n \t \b \r \f, octal \digits, hex \xHH, any other character as itself), so a file name bound by
 * runbook (session/bind.ts psqlQuote) reads back exactly.
 */
export function unquote(arg: string): string {
  const quoted = /^'((?:[^'\\]|''|\\[\s\S])*)'/.exec(arg);
  if (!quoted) return arg.split(/\s+/)[0] ?? '';
  return quoted[1]!.replace(/''|\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|[\s\S])/g, (whole, e: string | undefined) => {
    if (e === undefined) return "'";
    if (e.startsWith('x') && e.length > 1) return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ESCAPES[e] ?? e;
  });
}
