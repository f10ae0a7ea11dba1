// Fills the runbook's own post-incident template (or a default one) from the report data: Date/Time and
// Detection are the detection time the operator gave, else the session's start; Duration is detection to
// resolution when both were given, else the session's length, said as such; Response is the first
// statement run; Resolution is the time the operator gave, never a guess; Verification is left for the
// review. Impact, Root Cause, lessons and prevention come from the operator's closing notes; anything else
// stays visibly blank for the review.

import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import type { Heading, ListItem, Paragraph, Root, RootContent } from 'mdast';
import type { ReportData, ReportRun, ReportStatement } from './types.js';
import { formatTime } from './format.js';
import { formatDuration } from '../duration.js';
import type { NoteEntry } from '../session/types.js';
import { emphasis, text } from './mdast.js';

export const BLANK = '(to be filled in review)';

export const DEFAULT_TEMPLATE = `## Post-Incident Report

### Summary
- **Date/Time:**
- **Duration:**
- **Procedure:**
- **Outcome:**

### Impact
- **Impact:**
- **Root Cause:**

### Timeline
1. Detection:
2. Response:
3. Resolution:
4. Verification:

### Actions
- **Statements:**

### Lessons Learned
- What went well:
- What could improve:
- Action items:
`;

/** The first run of the session (of any statement), and its statement. */
function firstRun(r: ReportData): { st: ReportStatement; run: ReportRun } | undefined {
  let first: { st: ReportStatement; run: ReportRun } | undefined;
  for (const st of r.statements) for (const run of st.runs) if (!first || run.startedAt < first.run.startedAt) first = { st, run };
  return first;
}

/** Value for a field label, or undefined when the journal cannot tell (left blank). */
function fieldValue(label: string, section: string, firstInSection: boolean, r: ReportData): string | undefined {
  const l = label.toLowerCase();
  const noteFor = (field: NoteEntry['field']) => closingNote(r, field, label, firstInSection || field === 'impact' || field === 'root-cause');
  const { detected, resolved } = r.times;
  if (/date|time/.test(l) && !/timeline/.test(l)) return formatTime(detected?.at ?? r.session.startedAt);
  if (/duration/.test(l)) {
    if (detected && resolved) return `${formatDuration(Date.parse(resolved.at) - Date.parse(detected.at))} (from detection to resolution, as given)`;
    return r.session.endedAt && r.session.durationMs !== undefined ? `${formatDuration(r.session.durationMs)} (the session's length)` : `ongoing (session ${r.session.status})`;
  }
  if (/impact/.test(l)) return noteFor('impact');
  if (/root cause/.test(l)) return noteFor('root-cause');
  if (/^procedure/.test(l)) return `${r.session.procedure} (${r.session.runbook})`;
  if (/outcome|status/.test(l)) return outcome(r);
  if (/^statements?/.test(l)) return counts(r);
  if (/operator/.test(l)) return r.session.operator;
  if (/target|database/.test(l)) return `${r.session.target.database} at ${r.session.target.host}:${r.session.target.port} as ${r.session.target.user}`;
  if (/detection/.test(l)) {
    if (detected) return `${formatTime(detected.at)} (given by ${detected.operator})`;
    const opened = `${formatTime(r.session.startedAt)}: ${r.session.startedBy} opened "${r.session.procedure}" on database ${r.session.target.database} at ${r.session.target.host}:${r.session.target.port}`;
    const outage = r.outages?.[0];
    return outage ? `${opened}, which did not answer (${outage.message})` : opened;
  }
  if (/response/.test(l)) {
    const first = firstRun(r);
    return first ? `${formatTime(first.run.startedAt)}: first statement run (step "${first.st.stepTitle}", line ${first.st.line}: ${first.run.status})` : undefined;
  }
  // Resolution is the operator's word or nothing; when a statement verified the fix is a judgement the
  // journal cannot make (both stay blank for the review rather than being guessed from the last SELECT).
  if (/resolution/.test(l)) return resolved ? `${formatTime(resolved.at)} (given by ${resolved.operator})` : undefined;
  if (/verif/.test(l)) return undefined;
  const s = section.toLowerCase();
  if (/lesson|learn/.test(s)) return noteFor('lessons');
  if (/prevent/.test(s)) return noteFor('prevention');
  return undefined;
}

/** A closing note for `field`; a note written as `Label: text` lines fills only the matching label. */
function closingNote(r: ReportData, field: NoteEntry['field'], label: string, takesUnlabelled: boolean): string | undefined {
  const notes = r.notes.filter((n) => n.field === field);
  if (notes.length === 0) return undefined;
  const all = notes.map((n) => n.text.trim()).join(' ');
  const labelled = new Map<string, string>();
  for (const n of notes) {
    for (const line of n.text.split('\n')) {
      const m = /^\s*[-*]?\s*([^:]{2,40}):\s*(.+)$/.exec(line);
      if (m) labelled.set(m[1]!.trim().toLowerCase(), m[2]!.trim());
    }
  }
  // An unlabelled note goes to the section's first field (or to Impact / Root Cause themselves).
  if (labelled.size === 0) return takesUnlabelled ? all : undefined;
  return labelled.get(label.toLowerCase());
}

function outcome(r: ReportData): string {
  const failed = r.statements.filter((s) => s.status === 'failed' || s.status === 'timed-out').length;
  return `${r.session.status}${failed ? `, ${failed} failed` : ''}`;
}

export function counts(r: ReportData): string {
  const by = new Map<string, number>();
  for (const s of r.statements) by.set(s.status, (by.get(s.status) ?? 0) + 1);
  return [...by].map(([k, v]) => `${v} ${k}`).join(', ') || 'none';
}

function labelOf(item: ListItem): { paragraph: Paragraph; label: string; filled: boolean } | undefined {
  const p = item.children[0];
  if (!p || p.type !== 'paragraph') return undefined;
  const first = p.children[0];
  const flat = (n: typeof first): string => (!n ? '' : n.type === 'text' ? n.value : 'children' in n ? n.children.map((c) => flat(c as typeof first)).join('') : '');
  const all = p.children.map((c) => flat(c)).join('');
  const m = /^([^:]+):\s*(.*)$/s.exec(all);
  if (!m) return undefined;
  return { paragraph: p, label: m[1]!.trim(), filled: m[2]!.trim().length > 0 };
}

/** The template's tree with its fields filled, headings shifted so the template heading is depth 1. */
export function fillTemplate(r: ReportData): RootContent[] {
  const markdown = r.template?.markdown ?? DEFAULT_TEMPLATE;
  const tree = unified().use(remarkParse).use(remarkGfm).parse(markdown) as Root;
  const top = tree.children.find((n): n is Heading => n.type === 'heading');
  const shift = top ? top.depth - 1 : 0;
  let section = '';
  let fieldsInSection = 0;
  const visit = (nodes: RootContent[]) => {
    for (const node of nodes) {
      if (node.type === 'heading') {
        node.depth = Math.max(1, node.depth - shift) as Heading['depth'];
        section = node.children.map((c) => ('value' in c ? c.value : '')).join('');
        fieldsInSection = 0;
      } else if (node.type === 'list') {
        for (const item of node.children) {
          const found = labelOf(item);
          const first = fieldsInSection === 0;
          if (found) fieldsInSection++;
          if (found && !found.filled) {
            const value = fieldValue(found.label, section, first, r);
            found.paragraph.children.push(text(' '), value ? text(value) : emphasis(BLANK));
          }
          visit(item.children.filter((c) => c.type === 'list'));
        }
      }
      delete (node as { position?: unknown }).position;
    }
  };
  visit(tree.children);
  // "Post-Incident Review Template" names the blank form; the filled one is the review itself.
  if (top) top.children = [text(`${plain(top).replace(/\s+template$/i, '')}: ${r.session.procedure}`)];
  return tree.children;
}

function plain(h: Heading): string {
  return h.children.map((c) => ('value' in c ? c.value : '')).join('').trim();
}
