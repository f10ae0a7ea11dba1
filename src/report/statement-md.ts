// One statement in the execution log: its header (status, risk as run), the text, the operator's edits as
// diffs against the runbook's text, what its preview predicted beside what it did, and its output. A
// statement run once shows that run in its header; a re-run, or one skipped or left after a run, lists
// every run with its own status, time, duration, text (when it differs from the run before) and output,
// so no run hides another.

import type { RootContent } from 'mdast';
import type { ReportRun, ReportStatement, RunFields } from './types.js';
import { code, emphasis, inlineCode, link, paragraph, strong, table, type Inline } from './mdast.js';
import { formatTime } from './format.js';
import { formatDuration } from '../duration.js';
import { lineDiff } from './diff.js';
import { markOwnPidRows } from '../session/own-pid.js';
import { previewItems } from '../runbook/preview-items.js';

export const TABLE_ROWS = 20;
export const LOG_LINES = 40;

export function statementNodes(st: ReportStatement, target: string): RootContent[] {
  const only = st.runs.length === 1 ? st.runs[0]! : undefined;
  // One run that is the statement's outcome: shown compactly, as the header.
  const compact = st.runs.length === 0 || (only !== undefined && only.status === st.status);
  const head: Inline[] = [strong(st.adHoc ? 'Ad hoc' : `Line ${st.line}`), ` (${st.kind}, ${riskLabel(st)}${st.adHoc ? ', typed by the operator, not in the runbook' : ''}): `, strong(statusLabel(st))];
  if (compact && only) head.push(...runDetails(only, target));
  if (!compact) head.push(st.runs.length > 1 ? `, run ${st.runs.length} times` : `, after ${st.runs.length} run`);
  const out: RootContent[] = [paragraph(...head)];
  if (st.description) out.push(paragraph(emphasis(st.description)));
  if (compact) out.push(sqlCode(st.text, st.kind));
  for (const edit of st.edits) {
    out.push(paragraph(strong('Edited'), ` ${formatTime(edit.at)} by ${edit.operator}; the diff against the runbook's text:`));
    out.push(code(lineDiff(st.source, edit.text) || ' (the same text as the runbook)', 'diff'));
  }
  if (compact) {
    if (only) out.push(...predictedNodes(only));
    out.push(...resultNodes(st, st.kind));
    return out;
  }
  st.runs.forEach((run, i) => {
    out.push(paragraph(strong(`Run ${run.run} of ${st.runs.length}`), ': ', strong(run.status === 'interrupted' ? 'interrupted (never finished)' : run.status), ...runDetails(run, target), ...(run.risk && run.risk !== st.risk ? [`, rated ${run.risk} as run`] : [])));
    const before = st.runs[i - 1];
    if (!before || before.text !== run.text) out.push(sqlCode(run.text, st.kind));
    else out.push(paragraph(emphasis(`The same text as run ${before.run}.`)));
    out.push(...predictedNodes(run));
    out.push(...resultNodes(run, st.kind));
  });
  return out;
}

/** The preview shown before it was confirmed, beside what the run did (its command tag, or how it ended). */
function predictedNodes(run: ReportRun): RootContent[] {
  if (!run.preview) return [];
  const actual = run.error ? `${run.status}: ${run.error.message}` : run.command ? run.command : run.status === 'succeeded' ? 'succeeded' : run.status;
  const out: RootContent[] = [paragraph(strong('Predicted'), `: ${run.preview.summary}; `, strong('actual'), ': ', inlineCode(actual))];
  const items = previewItems(run.preview);
  if (items.length > 0) out.push(code([...items.slice(0, TABLE_ROWS), ...(items.length > TABLE_ROWS ? [`... ${items.length - TABLE_ROWS} more`] : [])].join('\n'), 'text'));
  return out;
}

function riskLabel(st: ReportStatement): string {
  return st.plannedRisk ? `${st.risk} as run; ${st.plannedRisk} as written` : st.risk;
}

function statusLabel(st: ReportStatement): string {
  if (st.status === 'skipped') return st.dryRun ? 'dry run (not run)' : `skipped${st.reason ? ` (${st.reason})` : ''}`;
  if (st.status === 'interrupted') return 'interrupted (never finished)';
  if (st.status === 'pending') return 'not run';
  return st.status;
}

function runDetails(run: ReportRun, target: string): Inline[] {
  const out: Inline[] = [`, ${formatTime(run.startedAt)}`];
  if (run.durationMs !== undefined) out.push(`, ${formatDuration(run.durationMs)}`);
  out.push(`, by ${run.operator}`);
  if (run.edited) out.push(' (edited text)');
  out.push(' on ', inlineCode(target));
  if (run.command) out.push(', ', inlineCode(run.command));
  if (run.exitCode !== undefined && run.exitCode !== null) out.push(`, exit ${run.exitCode}`);
  return out;
}

function sqlCode(text: string, kind: string): RootContent {
  return code(text, kind === 'shell' ? 'bash' : kind === 'sql' ? 'sql' : undefined);
}

/** Error, notices, result table and shell output of one run. */
function resultNodes(r: RunFields, kind: string): RootContent[] {
  const out: RootContent[] = [];
  if (r.error) {
    const e = r.error;
    const where = e.line ? ` (line ${e.line}${e.column ? `:${e.column}` : ''})` : '';
    out.push(paragraph(strong('Error:'), ` ${e.message}${e.code ? ` (SQLSTATE ${e.code})` : ''}${where}${e.hint ? `. Hint: ${e.hint}` : ''}`));
  }
  if (r.notices?.length) out.push(code(r.notices.join('\n'), 'text'));
  if (r.columns && r.columns.length > 0) {
    const rows = (r.rows ?? []).slice(0, TABLE_ROWS);
    out.push(table(r.columns.map((c) => c.name), markOwnPidRows(r.columns, rows, r.backendPid)));
    const total = r.rowCount ?? rows.length;
    const shown: Inline[] = [`${total} row${total === 1 ? '' : 's'}${total > rows.length ? `, first ${rows.length} shown` : ''}`];
    if (r.outputFile) shown.push('. ', link(r.outputFile, 'Full result (CSV)'));
    out.push(paragraph(...shown));
  }
  if (kind === 'shell' && (r.stdoutTail || r.stderrTail)) {
    const combined = [r.stdoutTail ?? '', r.stderrTail ? `[stderr]\n${r.stderrTail}` : ''].filter(Boolean).join('\n');
    const lines = combined.replace(/\n$/, '').split('\n');
    out.push(code(lines.slice(-LOG_LINES).join('\n'), 'text'));
    const note: Inline[] = [lines.length > LOG_LINES ? `Last ${LOG_LINES} lines shown` : 'Output'];
    if (r.outputFile) note.push('. ', link(r.outputFile, 'Full log'));
    out.push(paragraph(...note));
  } else if (kind === 'shell' && r.outputFile) {
    out.push(paragraph(link(r.outputFile, 'Full log')));
  }
  return out;
}
