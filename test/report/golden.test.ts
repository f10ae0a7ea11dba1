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
import { renderReport, type ReportFormat } from '../../src/report/render.js';
import { buildReport } from '../../src/report/data.js';
import { derive } from '../../src/session/state.js';
import type { JournalEvent } from '../../src/session/types.js';

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
    const withRows = data.statements.filter((s) => s.columns?.length);
    expect(tables).toHaveLength(withRows.length);
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
    expect(md).toMatch(/\*\*Duration:\*\* 1 min \d+ s/);
    expect(md).toContain('**Impact:** Checkout API p99 above 3 s for 25 minutes');
    expect(md).toContain('**Root Cause:** A nightly export ran during business hours');
    expect(md).toMatch(/1\. Detection: 2025-03-14 09:26:54 UTC: alice opened/);
    expect(md).toMatch(/2\. Response: .*first statement run/);
    expect(md).toMatch(/3\. Resolution: .*last statement/);
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
