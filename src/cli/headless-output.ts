// What `runbook exec` / `runbook resume --yes` print for each statement and checklist item: one JSON
// object per line with --json (a documented contract, see the README), otherwise a compact human line with
// a short result. Everything printed is already redacted by the engine.

import { join, relative } from 'node:path';
import type { Procedure, Table } from '../runbook/model.js';
import { targetOrigin, type TargetDescription } from '../database/target.js';
import type { ManualOutcome, StatementOutcome } from '../session/headless.js';
import type { Preview } from '../session/types.js';
import { previewItems } from '../runbook/preview-items.js';
import { statementsOf } from '../session/plan.js';
import { formatDuration } from '../duration.js';
import { markOwnPidRows } from '../session/own-pid.js';

export interface ExecJsonLine {
  procedure: string;
  step: string;
  stepIndex: number;
  statement: string;
  line: number;
  kind: string;
  risk: string;
  text: string;
  status: 'succeeded' | 'failed' | 'skipped' | 'cancelled' | 'timed-out';
  reason?: string;
  dryRun?: boolean;
  durationMs: number;
  command?: string;
  columns?: { name: string; type: string }[];
  rows?: (string | null)[][];
  rowCount?: number;
  outputFile?: string;
  stdoutTail?: string;
  stderrTail?: string;
  exitCode?: number | null;
  leftRunning?: { pid: number; command: string }[];
  notices?: string[];
  backendPid?: number;
  error?: { message: string; code?: string; hint?: string; line?: number; column?: number; unreachable?: true };
  /** What it would touch, computed before it ran (write and destructive SQL). */
  preview?: Preview;
}

export function jsonLine(o: StatementOutcome, procedure: Procedure, sessionDir: string): ExecJsonLine {
  const { statement } = statementsOf(procedure).find((l) => l.statement.id === o.statementId)!;
  const base = {
    procedure: procedure.id,
    step: o.stepTitle,
    stepIndex: o.stepIndex + 1,
    statement: o.statementId,
    line: statement.line,
    kind: statement.kind,
    // As bound and run (bound-risk.ts); the runbook's own when it was never prepared.
    risk: o.risk ?? statement.risk,
    ...(o.preview ? { preview: o.preview } : {}),
  };
  const st = o.state;
  if (st.status === 'skipped') {
    return { ...base, text: o.display, status: 'skipped', reason: st.reason, ...(st.reason === 'dry-run' ? { dryRun: true } : {}), durationMs: 0 };
  }
  if (st.status === 'succeeded' || st.status === 'failed' || st.status === 'cancelled') {
    const r = st.result;
    if (!r) return { ...base, text: o.display, status: 'cancelled', durationMs: 0 };
    const line: ExecJsonLine = { ...base, text: r.text, status: r.status, durationMs: r.durationMs };
    if (r.command) line.command = r.command;
    if (r.columns) line.columns = r.columns;
    if (r.rows) line.rows = r.rows.slice(0, 1000);
    if (r.rowCount !== undefined) line.rowCount = r.rowCount;
    if (r.outputFile) line.outputFile = join(sessionDir, r.outputFile);
    if (statement.kind === 'shell') {
      line.stdoutTail = r.stdoutTail ?? '';
      line.stderrTail = r.stderrTail ?? '';
      line.exitCode = r.exitCode ?? null;
      if (r.leftRunning?.length) line.leftRunning = r.leftRunning;
    }
    if (r.notices?.length) line.notices = r.notices;
    if (r.backendPid) line.backendPid = r.backendPid;
    if (r.error) {
      const { message, code, hint, line: l, column, unreachable } = r.error;
      line.error = { message, ...(code ? { code } : {}), ...(hint ? { hint } : {}), ...(l ? { line: l } : {}), ...(column ? { column } : {}), ...(unreachable ? { unreachable } : {}) };
    }
    return line;
  }
  return { ...base, text: o.display, status: 'skipped', reason: `left ${st.status}`, durationMs: 0 };
}

/** A checklist item: exec cannot do it; the operator does (`kind: 'manual'`). */
export interface ManualJsonLine {
  kind: 'manual';
  procedure: string;
  step: string;
  stepIndex: number;
  item: string;
  line: number;
  text: string;
  condition?: string;
  done: boolean;
  reached: boolean;
}

export function manualJsonLine(m: ManualOutcome, procedure: Procedure): ManualJsonLine {
  const { id, line, text, condition } = m.item;
  return { kind: 'manual', procedure: procedure.id, step: m.stepTitle, stepIndex: m.stepIndex + 1, item: id, line, text, ...(condition ? { condition } : {}), done: m.done, reached: m.reached };
}

export function manualHumanLine(m: ManualJsonLine): string {
  return `${m.done ? '[x]' : '[ ]'}  line ${m.line}, by hand${m.done ? ' (ticked)' : ''}: ${m.text}`;
}

/** Who to call (`kind: 'contacts'`): the runbook's whole contacts table and the rows matched to the procedure. */
export interface ContactsJsonLine {
  kind: 'contacts';
  procedure: string;
  heading: string;
  headers: string[];
  rows: string[][];
  matched: { row: number; rule: string; reason: string }[];
}

export function contactsJsonLine(table: Table, procedure: Procedure): ContactsJsonLine {
  return { kind: 'contacts', procedure: procedure.id, heading: table.heading, headers: table.headers, rows: table.rows, matched: procedure.contacts ?? [] };
}

/** The table with the matched rows marked ▸, then each matched row with its reason. */
export function contactsHumanLines(c: ContactsJsonLine): string[] {
  const matched = new Set(c.matched.map((m) => m.row));
  const lines = compactTable(c.headers, c.rows).map((l, i) => `  ${i > 0 && matched.has(i - 1) ? '▸' : ' '} ${l}`);
  const out = [`Who to call (${c.heading}):`, ...lines];
  if (c.matched.length === 0) out.push('  (no row names this procedure)');
  for (const m of c.matched) out.push(`  ▸ ${c.rows[m.row]?.[0] ?? ''}: ${m.reason}`);
  return out;
}

export function describeTargetLine(t: TargetDescription): string {
  return `Target: ${t.url} (host ${t.host}, port ${t.port}, database ${t.database}, user ${t.user}; ${targetOrigin(t)})`;
}

const MARK: Record<string, string> = { succeeded: 'ok  ', failed: 'FAIL', 'timed-out': 'TIME', cancelled: 'STOP', skipped: 'skip' };

/** A compact, human account of one statement (a few lines). */
export function humanLines(line: ExecJsonLine, full = false): string[] {
  const first = line.text.split('\n').find((l) => l.trim() && !l.trim().startsWith('--'))?.trim() ?? line.text.trim();
  const head = `${MARK[line.status] ?? line.status} line ${line.line}${line.durationMs ? ` (${formatDuration(line.durationMs)})` : ''}: ${full ? '' : truncate(first, 90)}`;
  const out = [head.trimEnd()];
  if (full) out.push(...line.text.split('\n').map((l) => `    ${l}`));
  if (line.preview) out.push(...previewLines(line.preview).map((l) => `    ${l}`));
  if (line.status === 'skipped') out.push(`    ${line.dryRun ? 'dry run: not run' : `skipped: ${line.reason ?? ''}`}`);
  if (line.error) out.push(`    error: ${line.error.message}${line.error.code ? ` (SQLSTATE ${line.error.code})` : ''}${line.error.line ? ` at line ${line.error.line}${line.error.column ? `:${line.error.column}` : ''}` : ''}${line.error.hint ? ` hint: ${line.error.hint}` : ''}`);
  if (line.columns && line.rows) {
    const shown = markOwnPidRows(line.columns, line.rows.slice(0, 5), line.backendPid);
    out.push(...compactTable(line.columns.map((c) => c.name), shown).map((l) => `    ${l}`));
    const total = line.rowCount ?? line.rows.length;
    out.push(`    ${total} row${total === 1 ? '' : 's'}${total > 5 ? ' (first 5 shown)' : ''}${line.outputFile ? `; full result: ${relative(process.cwd(), line.outputFile)}` : ''}`);
  } else if (line.command) {
    out.push(`    ${line.command}`);
  }
  if (line.kind === 'shell' && (line.stdoutTail || line.stderrTail)) {
    const tail = `${line.stdoutTail ?? ''}${line.stderrTail ?? ''}`.replace(/\n$/, '').split('\n').slice(-5);
    out.push(...tail.map((l) => `    | ${truncate(l, 110)}`));
    if (line.exitCode !== undefined && line.exitCode !== 0) out.push(`    exit code ${line.exitCode}`);
  }
  if (line.leftRunning?.length) out.push(`    left running: ${line.leftRunning.map((l) => `pid ${l.pid} (${truncate(l.command, 40)})`).join(', ')}`);
  return out;
}

/** exec --preview: each statement's first line, and for writes the preview (the rest was not run). */
export function previewHumanLines(line: ExecJsonLine): string[] {
  const first = line.text.split('\n').find((l) => l.trim() && !l.trim().startsWith('--'))?.trim() ?? line.text.trim();
  const head = `line ${line.line} [${line.risk}]: ${truncate(first, 90)}`;
  if (line.preview) return [head, ...previewLines(line.preview).map((l) => `    ${l}`)];
  if (line.status === 'skipped' && line.reason !== 'dry-run') return [head, `    skipped: ${line.reason ?? ''}`];
  return [`${head}${line.risk === 'read' ? '' : `  (no preview for ${line.kind})`}`];
}

/** The preview's summary, then the sessions, locks or grants it lists (the first ten). */
export function previewLines(p: Preview): string[] {
  const items = previewItems(p);
  const shown = items.slice(0, 10).map((i) => `  ${truncate(i, 110)}`);
  return [`preview: ${p.summary}`, ...shown, ...(items.length > 10 ? [`  ... ${items.length - 10} more`] : [])];
}

function truncate(s: string, n: number): string {
  return [...s].length > n ? `${[...s].slice(0, n - 1).join('')}…` : s;
}

/** The first columns that fit in about 110 characters; the rest are counted, not shown (the CSV has them). */
function compactTable(header: string[], rows: (string | null)[][]): string[] {
  const cells = [header, ...rows.map((r) => r.map((v) => truncate(v === null ? 'NULL' : v.replace(/\s+/g, ' '), 40)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => [...(r[i] ?? '')].length)));
  let shown = 0;
  for (let total = 0; shown < widths.length && (shown === 0 || total + widths[shown]! + 3 <= 110); shown++) total += widths[shown]! + 3;
  const more = header.length - shown;
  return cells.map((r, i) => {
    const line = r.slice(0, shown).map((c, j) => c + ' '.repeat(widths[j]! - [...c].length)).join(' | ').trimEnd();
    return i === 0 && more > 0 ? `${line}  (+${more} more column${more === 1 ? '' : 's'})` : line;
  });
}
