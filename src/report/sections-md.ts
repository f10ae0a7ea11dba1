// The report's sections beside the execution log: the changes left in place (with their undo), the
// session's timeline, and the server snapshots, as mdast.

import type { RootContent } from 'mdast';
import type { ChangeEntry, ReportData, TimelineEntry } from './types.js';
import { emphasis, heading, inlineCode, list, listItem, paragraph, strong, table, type Inline } from './mdast.js';
import { formatTime, statementName } from './format.js';
import { connectionsText, formatBytes, longestText } from './snapshot-text.js';

/** Who to call for this procedure (the rows matched to it, with why), then the runbook's whole table. */
export function contactsSection(r: ReportData): RootContent[] {
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

export function changesSection(r: ReportData): RootContent[] {
  const out: RootContent[] = [heading(2, 'Changes left in place')];
  if (r.changes.length === 0) {
    out.push(paragraph(r.statements.some((s) => s.runs.length) ? 'None found in the statements that ran.' : 'None: no statement ran.'));
    return out;
  }
  out.push(paragraph(emphasis("Read from the parse trees of the statements that ran, as bound. Each may need undoing before the incident is closed; the undo is given where the statement makes it plain.")));
  out.push(list(r.changes.map((c) => listItem(changeItem(c, r)))));
  return out;
}

function changeItem(c: ChangeEntry, r: ReportData): Inline[] {
  const st = r.statements.find((s) => s.id === c.statement);
  const runs = st && st.runs.length > 1 ? ` (run ${c.run})` : '';
  const out: Inline[] = [strong(formatTime(c.at)), `, ${stepName(r, c.step)}, ${st ? statementName(st) : `line ${c.line}`}${runs}: `];
  if (c.review) out.push(strong('review:'), ` ${c.what}`);
  else out.push(/^[A-Z]{3,}\b/.test(c.what) ? inlineCode(c.what) : c.what);
  if (c.rows !== undefined) out.push(` (${c.rows} row${c.rows === 1 ? '' : 's'})`);
  if (c.undo) out.push('. Undo: ', inlineCode(c.undo));
  if (c.note) out.push(` (${c.note})`);
  return out;
}

export function timelineSection(r: ReportData): RootContent[] {
  return [heading(2, 'Session timeline'), list(r.timeline.map((e) => listItem(timelineItem(e, r))))];
}

function timelineItem(e: TimelineEntry, r: ReportData): Inline[] {
  const where = e.step && e.kind !== 'step' ? `${stepName(r, e.step)}: ` : '';
  return [e.given ? strong(`${formatTime(e.at)} (given)`) : formatTime(e.at), `: ${where}${e.text}`];
}

export function snapshotsSection(r: ReportData): RootContent[] {
  if (r.snapshots.length === 0) return [];
  const rows = r.snapshots.map((e) => {
    const s = e.snapshot;
    if (!s) return [formatTime(e.at), e.phase, `not taken: ${e.error ?? 'unknown reason'}`, '', '', ''];
    return [formatTime(e.at), e.phase, connectionsText(s), longestText(s), String(s.waitingOnLocks), s.databaseBytes !== undefined ? formatBytes(s.databaseBytes) : ''];
  });
  const out: RootContent[] = [heading(2, 'Server snapshots'), table(['When', 'Taken', 'Connections', 'Longest running statement', 'Waiting on locks', 'Database size'], rows)];
  const versions = [...new Set(r.snapshots.map((e) => e.snapshot?.serverVersion).filter((v): v is string => !!v))];
  if (versions.length) out.push(paragraph(`PostgreSQL ${versions.join(', then ')}.`));
  return out;
}

/** Notes of a step, timestamped. */
export function stepNotes(r: ReportData, step: string): RootContent[] {
  const notes = r.notes.filter((n) => !n.field && n.stepId === step);
  if (notes.length === 0) return [];
  return [paragraph(strong('Notes')), list(notes.map((n) => listItem([`${formatTime(n.at)}: `, n.text])))];
}

export function stepName(r: ReportData, step: string): string {
  const index = r.steps.findIndex((s) => s.id === step);
  return index >= 0 ? `step ${index + 1} "${r.steps[index]!.title}"` : `step ${step}`;
}
