// The Markdown report: the filled template, who to call (the runbook's contacts, those matched to the
// procedure first, with why), then the execution log (every statement in order with the
// exact text run, who, where, when, how long, status and output; manual items with ticks and notes).
// Built as mdast and serialized with remark-stringify + remark-gfm.

import { unified } from 'unified';
import remarkGfm from 'remark-gfm';
import remarkStringify, { type Options as StringifyOptions } from 'remark-stringify';
import type { Root, RootContent } from 'mdast';
import type { ReportData, ReportStatement } from './data.js';
import { targetOrigin } from '../database/target.js';
import { markOwnPidRows } from '../session/own-pid.js';
import { code, emphasis, heading, inlineCode, link, list, listItem, paragraph, root, rule, strong, table, type Inline } from './mdast.js';
import { counts, fillTemplate, formatTime } from './template.js';
import { formatDuration } from '../duration.js';
import { extensionHandler, tableHandler, text as fastText } from './fast-handlers.js';

export const TABLE_ROWS = 20;
export const LOG_LINES = 40;

export function reportTree(r: ReportData): Root {
  const s = r.session;
  const children: RootContent[] = [...fillTemplate(r), ...contactNodes(r), rule(), heading(2, 'Execution log')];
  children.push(
    list([
      listItem([strong('Runbook:'), ' ', `${s.runbookTitle} (`, inlineCode(s.runbook), `, sha256 ${s.runbookHash.slice(0, 12)})`]),
      listItem([strong('Procedure:'), ` ${s.procedure}`]),
      listItem([strong('Operator:'), ` ${s.operator} (host ${s.hostname})`]),
      listItem([strong('Target:'), ' ', inlineCode(s.target.url), ` (${targetOrigin(s.target)})`]),
      ...(r.outages ?? []).map((o) => listItem([strong('Unreachable:'), ` ${formatTime(o.at)}: ${o.message}`])),
      listItem([strong('Session:'), ` ${s.id}, ${s.status}, started ${formatTime(s.startedAt)}${s.endedAt ? `, ended ${formatTime(s.endedAt)} (${formatDuration(s.durationMs ?? 0)})` : ''}${s.resumed ? `, resumed ${s.resumed}x` : ''}`]),
      listItem([strong('Mode:'), ` ${modes(r)}`]),
      listItem([strong('Statements:'), ` ${counts(r)}`]),
    ]),
  );
  const params = Object.entries(r.params);
  if (params.length) {
    children.push(paragraph(strong('Parameters')), list(params.map(([k, v]) => listItem([inlineCode(k), ' = ', inlineCode(v)]))));
  }
  r.steps.forEach((step, index) => {
    const statements = r.statements.filter((x) => x.step === step.id);
    const manual = r.manual.filter((m) => m.step === step.id);
    if (statements.length === 0 && manual.length === 0) return;
    children.push(heading(3, `${index + 1}. ${step.title}`));
    for (const st of statements) children.push(...statementNodes(st, s.target.url));
    if (manual.length) {
      children.push(list(manual.map((m) => listItem([m.text, ...(m.note ? [' — ', emphasis(m.note)] : [])], m.done))));
    }
  });
  const general = r.notes.filter((n) => !n.field);
  if (general.length) {
    children.push(heading(3, 'Operator notes'), list(general.map((n) => listItem([`${formatTime(n.at)}: `, n.text]))));
  }
  return root(children);
}

/** Who to call for this procedure (the rows matched to it, with why), then the runbook's whole table. */
function contactNodes(r: ReportData): RootContent[] {
  const c = r.contacts;
  if (!c) return [];
  const out: RootContent[] = [heading(2, 'Contacts')];
  if (c.matched.length) {
    out.push(paragraph('Who to call for this procedure:'));
    out.push(
      list(
        c.matched.map((m) => {
          const [who = '', how] = c.rows[m.row] ?? [];
          return listItem([strong(who), ...(how ? [` (${how})`] : []), ': ', emphasis(m.reason)]);
        }),
      ),
    );
  } else {
    out.push(paragraph(`No row of "${c.heading}" names this procedure; the whole table:`));
  }
  out.push(table(c.headers, c.rows));
  return out;
}

function modes(r: ReportData): string {
  const o = r.session.options;
  const m = [o.confirmEach ? 'confirm each statement' : 'non-interactive (--yes)'];
  if (o.readOnly) m.push('read-only');
  if (o.dryRun) m.push('dry run');
  // Interactive sessions ask a typed word for every destructive statement, whatever allowDestructive says.
  if (o.allowDestructive) m.push(o.confirmEach ? 'destructive after typed confirmation' : 'destructive allowed');
  return m.join(', ');
}

function statementNodes(st: ReportStatement, target: string): RootContent[] {
  const head: Inline[] = [strong(`Line ${st.line}`), ` (${st.kind}, ${st.risk}): `, strong(statusLabel(st))];
  if (st.startedAt) head.push(`, ${formatTime(st.startedAt)}`);
  if (st.durationMs !== undefined) head.push(`, ${formatDuration(st.durationMs)}`);
  if (st.operator) head.push(`, by ${st.operator}`);
  if (st.startedAt) head.push(' on ', inlineCode(target));
  if (st.command) head.push(`, `, inlineCode(st.command));
  if (st.exitCode !== undefined && st.exitCode !== null) head.push(`, exit ${st.exitCode}`);
  if (st.attempts > 1) head.push(`, run ${st.attempts} times (${st.interruptedRuns ? 'interrupted before' : 'latest result shown'})`);
  const out: RootContent[] = [paragraph(...head)];
  if (st.description) out.push(paragraph(emphasis(st.description)));
  out.push(code(st.text, st.kind === 'shell' ? 'bash' : st.kind === 'sql' ? 'sql' : undefined));
  if (st.error) {
    const e = st.error;
    const where = e.line ? ` (line ${e.line}${e.column ? `:${e.column}` : ''})` : '';
    out.push(paragraph(strong('Error:'), ` ${e.message}${e.code ? ` (SQLSTATE ${e.code})` : ''}${where}${e.hint ? `. Hint: ${e.hint}` : ''}`));
  }
  if (st.notices?.length) out.push(code(st.notices.join('\n'), 'text'));
  if (st.columns && st.columns.length > 0) {
    const rows = (st.rows ?? []).slice(0, TABLE_ROWS);
    out.push(table(st.columns.map((c) => c.name), markOwnPidRows(st.columns, rows, st.backendPid)));
    const total = st.rowCount ?? rows.length;
    const shown: Inline[] = [`${total} row${total === 1 ? '' : 's'}${total > rows.length ? `, first ${rows.length} shown` : ''}`];
    if (st.outputFile) shown.push('. ', link(st.outputFile, 'Full result (CSV)'));
    out.push(paragraph(...shown));
  }
  if (st.kind === 'shell' && (st.stdoutTail || st.stderrTail)) {
    const combined = [st.stdoutTail ?? '', st.stderrTail ? `[stderr]\n${st.stderrTail}` : ''].filter(Boolean).join('\n');
    const lines = combined.replace(/\n$/, '').split('\n');
    out.push(code(lines.slice(-LOG_LINES).join('\n'), 'text'));
    const note: Inline[] = [lines.length > LOG_LINES ? `Last ${LOG_LINES} lines shown` : 'Output'];
    if (st.outputFile) note.push('. ', link(st.outputFile, 'Full log'));
    out.push(paragraph(...note));
  } else if (st.kind === 'shell' && st.outputFile) {
    out.push(paragraph(link(st.outputFile, 'Full log')));
  }
  return out;
}

function statusLabel(st: ReportStatement): string {
  if (st.status === 'skipped') return st.dryRun ? 'dry run (not run)' : `skipped${st.reason ? ` (${st.reason})` : ''}`;
  if (st.status === 'interrupted') return 'interrupted (never finished)';
  if (st.status === 'pending') return 'not run';
  return st.status;
}

type Stringifier = { stringify(tree: Root): string };
let stringifier: Stringifier | undefined;

/** remark-stringify + GFM, with faster handlers that write the same text (fast-handlers.ts); built once. */
function markdownStringifier(): Stringifier {
  if (stringifier) return stringifier;
  const stockTable = extensionHandler(unified().use(remarkGfm).freeze().data('toMarkdownExtensions') as never, 'table');
  const handlers = { text: fastText, ...(stockTable ? { table: tableHandler(stockTable) } : {}) } as unknown as StringifyOptions['handlers'];
  stringifier = unified().use(remarkGfm).use(remarkStringify, { bullet: '-', fences: true, rule: '-', emphasis: '_', strong: '*', handlers }).freeze();
  return stringifier;
}

export function toMarkdown(r: ReportData): string {
  return markdownStringifier().stringify(reportTree(r));
}

