// Golden reports from fixture journals: each folder under test/fixtures/journals/ holds a journal.jsonl
// and the expected report.md / report.json / report.html. A missing expected file fails the test;
// `UPDATE=1` (re)writes them (review the diff).

import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import type { Root, Table } from 'mdast';
import { readJournal } from '../../src/session/journal.js';
import { prepareReports, renderReport, type ReportFormat } from '../../src/report/render.js';
import { buildReport } from '../../src/report/data.js';
import { derive } from '../../src/session/state.js';
import type { JournalEvent } from '../../src/session/types.js';

// The changes left in place are read with the SQL parser, as `runbook report` does.
await prepareReports();

const DIR = join(import.meta.dirname, '../fixtures/journals');
const cases = readdirSync(DIR).filter((d) => existsSync(join(DIR, d, 'journal.jsonl')));

function golden(path: string, actual: string) {
  if (process.env.UPDATE) writeFileSync(path, actual);
  expect(existsSync(path), `${path} is missing: run with UPDATE=1 to write it, then review it`).toBe(true);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

/** The report as `runbook report` renders it: from the fold of the journal's events. */
const render = (events: JournalEvent[], format: ReportFormat) => renderReport(derive(events), format);
const reportData = (events: JournalEvent[]) => buildReport(derive(events));

describe.each(cases)('report of %s', (name) => {
  const { events } = readJournal(join(DIR, name, 'journal.jsonl'));
  for (const format of ['md', 'json', 'html'] as ReportFormat[]) {
    it(`matches report.${format}`, () => golden(join(DIR, name, `report.${format}`), render(events, format)));
  }

  it('is valid GFM that parses back with its result tables and every statement once', () => {
    const md = render(events, 'md');
    const tree = unified().use(remarkParse).use(remarkGfm).parse(md) as Root;
    const tables = tree.children.filter((n): n is Table => n.type === 'table');
    const data = reportData(events);
    // One table per run with a result (a statement run once shows its run in place), and the snapshots'.
    const results = data.statements.flatMap((s) => s.runs).filter((run) => run.columns?.length);
    expect(tables).toHaveLength(results.length + (data.snapshots.length ? 1 : 0));
    for (const t of tables) expect(t.children.length).toBeLessThanOrEqual(21);
    // Every statement's "Line N (" header appears exactly once.
    for (const s of data.statements) expect(md.split(`**Line ${s.line}** (`).length - 1).toBe(1);
  });
});

describe('the incident report', () => {
  const { events } = readJournal(join(DIR, 'incident', 'journal.jsonl'));
  const md = render(events, 'md');

  it('fills the runbook template: date, duration, timeline, notes; blanks stay visible', () => {
    expect(md).toContain('# Post-Incident Review: 🔥 High Load Emergency');
    expect(md).toMatch(/\*\*Date\/Time:\*\* 2025-03-14 09:26:54 UTC/);
    expect(md).toMatch(/\*\*Duration:\*\* 1 min \d+ s \(the session's length\)/);
    expect(md).toContain('**Impact:** Checkout API p99 above 3 s for 25 minutes');
    expect(md).toContain('**Root Cause:** A nightly export ran during business hours');
    expect(md).toMatch(/1\. Detection: 2025-03-14 09:26:54 UTC: alice opened/);
    expect(md).toMatch(/2\. Response: 2025-03-14 09:26:56 UTC: first statement run/);
    // No time was given: Resolution and Verification are left for the review, never guessed.
    expect(md).toContain('3. Resolution: _(to be filled in review)_');
    expect(md).toContain('4. Verification: _(to be filled in review)_');
    expect(md).toContain('- What went well: blocking pid found in a minute');
    expect(md).toContain('- What could improve: _(to be filled in review)_');
    expect(md).toContain('- Action items: move the export to 2 AM');
    expect(md).toContain('- Technical changes: _(to be filled in review)_');
  });

  it('logs outputs: 20 of 25 rows with a CSV link, the last 40 shell lines with a log link, ticks and notes', () => {
    expect(md).toContain('25 rows, first 20 shown. [Full result (CSV)](outputs/01-high-load-emergency-1-b1-1.csv)');
    expect(md).toContain('Last 40 lines shown. [Full log](outputs/04-high-load-emergency-2-b2-1.log)');
    expect(md).not.toContain('-- line 10\n');
    expect(md).toContain('-- line 11\n');
    expect(md).toContain('- [x] Scale up compute if needed — _went from 4 to 8 vCPU_');
    expect(md).toContain('- [ ] Notify the team in #incidents');
    expect(md).toContain('**skipped (operator)**');
    expect(md).toContain('**cancelled**');
    expect(md).toContain('must be a superuser to terminate superuser process (SQLSTATE 42501) (line 133:8)');
  });

  it('json: the documented contract, each statement once in order with its final status', () => {
    const data = JSON.parse(render(events, 'json'));
    expect(Object.keys(data.session)).toEqual(expect.arrayContaining(['id', 'runbook', 'procedure', 'operator', 'target', 'startedAt', 'endedAt', 'status']));
    expect(data.statements.map((s: { line: number; status: string }) => [s.line, s.status])).toEqual([
      [120, 'succeeded'], [126, 'succeeded'], [133, 'failed'], [138, 'succeeded'], [142, 'skipped'], [143, 'cancelled'],
    ]);
    for (const s of data.statements) {
      expect(Object.keys(s)).toEqual(expect.arrayContaining(['step', 'line', 'text', 'status']));
    }
    expect(data.manual[0]).toMatchObject({ step: 'high-load-emergency/3', text: 'Scale up compute if needed', done: true, note: 'went from 4 to 8 vCPU' });
    expect(data.notes).toHaveLength(4);
    expect(data.session.target.url).toBe('postgres://oncall@db.internal:5432/showtrack');
  });
});

describe('a session with a re-run, an edit, a failed-then-skipped statement, a resume and given times', () => {
  const { events } = readJournal(join(DIR, 'rerun-edit-skip', 'journal.jsonl'));
  const data = reportData(events);
  const md = render(events, 'md');
  const byLine = (line: number) => data.statements.find((s) => s.line === line)!;

  it('keeps every run with its own result: a re-run never hides the first', () => {
    const rerun = byLine(12);
    expect(rerun.runs.map((r) => [r.run, r.status, r.rowCount, r.startedAt])).toEqual([
      [1, 'succeeded', 3, '2025-06-02T09:12:41.000Z'],
      [2, 'succeeded', 1, '2025-06-02T09:16:10.000Z'],
    ]);
    expect(md).toContain('**Run 1 of 2**: **succeeded**, 2025-06-02 09:12:41 UTC, 21 ms');
    expect(md).toContain('| 4242 | etl_user | idle in transaction |');
    expect(md).not.toContain('latest result shown');
  });

  it('a failed-then-skipped statement keeps its failure', () => {
    const st = byLine(33);
    expect(st).toMatchObject({ status: 'skipped', reason: 'operator: the DBA will turn on statement logging', skippedAt: '2025-06-02T09:15:48.000Z' });
    expect(st.runs).toEqual([expect.objectContaining({ status: 'failed', error: expect.objectContaining({ code: '42501' }) })]);
    expect(md).toMatch(/\*\*Line 33\*\* \(sql, write\): \*\*skipped \(operator: [^)]*\)\*\*, after 1 run/);
    expect(md).toContain('**Error:** permission denied to set parameter "log_statement" (SQLSTATE 42501)');
  });

  it('shows an edit as a diff against the runbook text, and the risk as run', () => {
    const st = byLine(24);
    expect(st.edits).toEqual([{ at: '2025-06-02T09:14:30.000Z', text: expect.stringContaining("AND state = 'idle in transaction'"), operator: 'alice' }]);
    expect(st.runs[0]).toMatchObject({ edited: true, risk: 'destructive' });
    expect(md).toContain("```diff\n SELECT pg_terminate_backend(pid)\n FROM pg_stat_activity\n-WHERE usename = 'etl_user';\n+WHERE usename = 'etl_user'\n+  AND state = 'idle in transaction';\n```");
  });

  it('counts an interrupted run and the resume', () => {
    expect(byLine(45)).toMatchObject({ status: 'succeeded', attempts: 2, interruptedRuns: 1 });
    expect(byLine(45).runs.map((r) => [r.status, r.operator])).toEqual([['interrupted', 'alice'], ['succeeded', 'bob']]);
    expect(data.statements.filter((s) => s.line !== 45).every((s) => s.interruptedRuns === 0)).toBe(true);
  });

  it('fills Detection and Resolution from the times given, never from a statement', () => {
    expect(data.times).toEqual({
      detected: { at: '2025-06-02T09:05:00.000Z', givenAt: '2025-06-02T09:12:20.000Z', operator: 'alice' },
      resolved: { at: '2025-06-02T09:31:00.000Z', givenAt: '2025-06-02T09:31:50.000Z', operator: 'bob' },
    });
    expect(md).toContain('1. Detection: 2025-06-02 09:05:00 UTC (given by alice)');
    expect(md).toContain('2. Response: 2025-06-02 09:12:41 UTC: first statement run');
    expect(md).toContain('3. Resolution: 2025-06-02 09:31:00 UTC (given by bob)');
    expect(md).toContain('**Duration:** 26 min 0 s (from detection to resolution, as given)');
  });

  it('timestamps ticks and notes in their step and in the timeline, in time order', () => {
    expect(md).toContain('- [x] Page the security on-call — _paged Dana (security)_ (ticked 2025-06-02 09:13:05 UTC by alice)');
    expect(md).toMatch(/### 3\. Verify[\s\S]*\*\*Notes\*\*\n\n- 2025-06-02 09:26:00 UTC: No writes since the REVOKE\./);
    const kinds = data.timeline.map((e) => e.kind);
    expect(kinds[0]).toBe('detected');
    expect(kinds).toEqual(expect.arrayContaining(['started', 'snapshot', 'step', 'run', 'edit', 'skip', 'tick', 'note', 'resumed', 'resolved', 'ended']));
    const times = data.timeline.map((e) => e.at);
    expect(times).toEqual([...times].sort());
  });

  it('lists the changes left in place with their undo', () => {
    expect(data.changes.map((c) => [c.line, c.what, c.undo])).toEqual([
      [24, 'terminated the backends its query selected', undefined],
      [28, 'REVOKE INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public FROM etl_user', 'GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO etl_user;'],
      [29, 'ALTER ROLE etl_user NOLOGIN', 'ALTER ROLE etl_user LOGIN;'],
    ]);
    expect(data.changes[0]!.rows).toBe(1);
  });

  it('shows the server snapshots, a failed one with its reason', () => {
    expect(data.snapshots.map((e) => [e.phase, e.snapshot?.waitingOnLocks ?? e.error])).toEqual([
      ['start', 3],
      ['resume', 'connect ECONNREFUSED 10.0.0.5:5432'],
      ['end', 0],
    ]);
    expect(md).toContain('| 2025-06-02 09:12:03 UTC | start  | 15 connections (9 idle, 4 active, 2 idle in transaction) of 100 |');
  });

  it('shows no raw control character, in md or html', () => {
    for (const text of [md, render(events, 'html')]) {
      expect(text).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/);
      expect(text).toContain('the COPY is\\x01 still running\\x7f\\x7f');
    }
    // Terminal colours in a result are formatting, not content: dropped.
    expect(md).toContain('COPY animals TO STDOUT WITH (FORMAT csv) -- export ');
  });
});

describe('the default template', () => {
  it('is used when the runbook has none; an interrupted-then-rerun statement is listed once', () => {
    const { events } = readJournal(join(DIR, 'default-template', 'journal.jsonl'));
    const data = reportData(events);
    expect(data.statements.map((s) => s.status)).toEqual(['succeeded', 'skipped', 'pending']);
    expect(data.statements[0]!.attempts).toBe(2);
    const md = render(events, 'md');
    for (const h of ['# Post-Incident Report', '## Summary', '## Impact', '## Timeline', '## Actions', '## Lessons Learned']) expect(md).toContain(`${h}`);
    expect(md).toContain('dry run (not run)');
    expect(md).toContain('**Impact:** _(to be filled in review)_');
    expect(md).toContain('Alerts check | skipped for the drill');
  });
});

describe('a torn journal', () => {
  it('drops the torn last line with a warning and still builds the report', () => {
    const { events, warnings } = readJournal(join(DIR, 'torn', 'journal.jsonl'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/journal\.jsonl:27: torn last line ignored/);
    expect(events).toHaveLength(26);
    const data = reportData(events);
    expect(data.session.status).toBe('active');
    expect(render(events, 'md')).toContain('**Duration:** ongoing (session active)');
  });
});

describe('the target line', () => {
  const { events } = readJournal(join(DIR, 'incident', 'journal.jsonl'));
  const withTarget = (target: Record<string, unknown>) =>
    events.map((e) => (e.type === 'session-started' ? { ...e, target: { ...e.target, ...target } } : e));

  it('says where the target came from, once', () => {
    const line = (target: Record<string, unknown>) => render(withTarget(target), 'md').split('\n').find((l) => l.startsWith('- **Target:**'));
    expect(line({ source: 'embedded', embedded: true })).toBe('- **Target:** `postgres://oncall@db.internal:5432/showtrack` (embedded demo database)');
    expect(line({ source: 'DATABASE_URL', embedded: false })).toMatch(/\(from DATABASE_URL\)$/);
    expect(line({ source: 'flag', embedded: false })).toMatch(/\(from --db\)$/);
    expect(line({ source: 'PG-env', embedded: false })).toMatch(/\(from PG\\\* variables\)$/);
  });
});
