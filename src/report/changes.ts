// "Changes left in place": what the session's statements changed that someone may need to undo, from
// each succeeded run's text as bound (runbook/changes-sql.ts reads the parse tree; the report only lists
// what it returns). Fail safe: a run the parse tree cannot account for is listed for review rather than
// left out: SQL whose effects the tree does not show, a non-read statement with no change found in its
// text (a function that writes), a shell command rated write or destructive, a run cut off part way.

import type { ChangeEntry, ReportRun, ReportStatement } from './types.js';
import { readSqlChanges, type SqlChangeReading } from '../runbook/changes-sql.js';
import { isSqlParserReady } from '../runbook/sql-parser.js';

export function changesLeft(statements: ReportStatement[]): ChangeEntry[] {
  const out: ChangeEntry[] = [];
  for (const st of statements) {
    for (const run of st.runs) {
      const base = { at: run.startedAt, statement: st.id, step: st.step, line: st.line, run: run.run };
      // Unknown risk (an edit the journal did not re-rate) counts as not read: fail safe.
      const risk = run.risk ?? (run.edited ? 'unknown' : st.risk);
      if (run.status === 'cancelled' || run.status === 'timed-out' || run.status === 'interrupted') {
        if (risk !== 'read' && !(st.kind === 'sql' && readable(run.text)?.nothingToUndo)) {
          out.push({ ...base, what: `${st.kind} statement ${run.status} part way: check what it changed before it stopped`, review: true });
        }
        continue;
      }
      if (run.status !== 'succeeded') continue;
      if (st.kind !== 'sql') {
        if (risk !== 'read') out.push({ ...base, what: `${st.kind === 'shell' ? 'shell command' : st.kind} rated ${risk}: what it changed is not read by the report`, review: true });
        continue;
      }
      const reading = readable(run.text);
      if (!reading) {
        out.push({ ...base, what: 'not read: the SQL parser was not loaded', review: true });
        continue;
      }
      for (const c of reading.changes) {
        const rows = c.rows ? rowsOf(run) : undefined;
        out.push({ ...base, what: c.what, ...(c.undo ? { undo: c.undo } : {}), ...(c.note ? { note: c.note } : {}), ...(rows !== undefined ? { rows } : {}) });
      }
      for (const u of reading.unseen) out.push({ ...base, what: u, review: true });
      if (reading.changes.length === 0 && reading.unseen.length === 0 && !reading.nothingToUndo && risk !== 'read') {
        out.push({ ...base, what: `rated ${risk}, but what it changed is not visible in its text (a function call, say)`, review: true });
      }
    }
  }
  return out.sort((a, b) => a.at.localeCompare(b.at));
}

function readable(text: string): SqlChangeReading | undefined {
  return isSqlParserReady() ? readSqlChanges(text) : undefined;
}

/** The row count a data change reported: its command tag (`DELETE 12`), else the rows returned. */
function rowsOf(run: ReportRun): number | undefined {
  const tag = /\s(\d+)$/.exec(run.command ?? '');
  if (tag) return Number(tag[1]);
  return run.rowCount;
}
