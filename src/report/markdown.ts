// The Markdown report: the filled template; who to call (the runbook's contacts, those matched to the
// procedure first, with why); the changes left in place; the session's timeline; the server
// snapshots; then the execution log (every statement in order with every run: the exact text run, who,
// where, when, how long, status and output, and the operator's edits as diffs; checklist items with their
// ticks and the step's notes, timestamped). Built as mdast, made free of control characters
// (sanitize.ts), and serialized with remark-stringify + remark-gfm; the HTML report renders the same tree.

import { unified } from 'unified';
import remarkGfm from 'remark-gfm';
import remarkStringify, { type Options as StringifyOptions } from 'remark-stringify';
import type { Root, RootContent } from 'mdast';
import type { ReportData, ReportManual } from './types.js';
import { targetOrigin } from '../database/target.js';
import { emphasis, heading, inlineCode, list, listItem, paragraph, root, rule, strong, type Inline } from './mdast.js';
import { statementNodes } from './statement-md.js';
import { changesSection, contactsSection, snapshotsSection, stepNotes, timelineSection } from './sections-md.js';
import { visibleTree } from './sanitize.js';
import { counts, fillTemplate } from './template.js';
import { formatTime } from './format.js';
import { formatDuration } from '../duration.js';
import { extensionHandler, tableHandler, text as fastText } from './fast-handlers.js';

export function reportTree(r: ReportData): Root {
  const s = r.session;
  const children: RootContent[] = [...fillTemplate(r), ...contactsSection(r), rule(), ...changesSection(r), ...timelineSection(r), ...snapshotsSection(r), heading(2, 'Execution log')];
  children.push(
    list([
      listItem([strong('Runbook:'), ' ', `${s.runbookTitle} (`, inlineCode(s.runbook), `, sha256 ${s.runbookHash.slice(0, 12)})`]),
      listItem([strong('Procedure:'), ` ${s.procedure}`]),
      listItem([strong('Operator:'), ` ${s.startedBy && s.startedBy !== s.operator ? `${s.startedBy}, then ${s.operator}` : s.operator} (host ${s.hostname})`]),
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
    const notes = stepNotes(r, step.id);
    if (statements.length === 0 && manual.length === 0 && notes.length === 0) return;
    children.push(heading(3, `${index + 1}. ${step.title}`));
    for (const st of statements) children.push(...statementNodes(st, s.target.url));
    if (manual.length) children.push(list(manual.map((m) => listItem(manualItem(m), m.done))));
    children.push(...notes);
  });
  const general = r.notes.filter((n) => !n.field && !(n.stepId && r.steps.some((st) => st.id === n.stepId)));
  if (general.length) {
    children.push(heading(3, 'Operator notes'), list(general.map((n) => listItem([`${formatTime(n.at)}: `, n.text]))));
  }
  return visibleTree(root(children));
}

function manualItem(m: ReportManual): Inline[] {
  const last = m.ticks.at(-1);
  const when = last ? ` (${last.done ? 'ticked' : 'unticked'} ${formatTime(last.at)} by ${last.operator})` : '';
  return [m.text, ...(m.note ? [' — ', emphasis(m.note)] : []), when];
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

/** Any report tree (the drill report's too) as Markdown, free of control characters. */
export function treeToMarkdown(tree: Root): string {
  return markdownStringifier().stringify(visibleTree(tree));
}

