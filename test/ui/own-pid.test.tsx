// Runbook's own backend in the terminal UI: the result table marks the session's own pid (the result
// carries it as backendPid) in every pid column, and nothing else; the fold never suggests it for a
// [pid] placeholder (pg_terminate_backend([pid]) would end this very session).

import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from '../helpers/render.js';
import { ResultTable } from '../../src/ui/components/ResultTable.js';
import { derive } from '../../src/session/state.js';
import { markOwnPidRows } from '../../src/session/own-pid.js';
import type { JournalEvent } from '../../src/session/types.js';

const columns = ['pid', 'application_name', 'blocking_pid', 'note'].map((name) => ({ name, type: 'text' }));
const rows = [
  ['4242', 'runbook', '777', '4242'],
  ['777', 'psql', '4242', 'holds the lock'],
];

describe('own backend pid', () => {
  it('is marked in pid columns of the result table, values elsewhere untouched', async () => {
    const ui = await render(<ResultTable columns={columns} rows={rows} width={80} height={6} scrollX={0} scrollY={0} backendPid={4242} />);
    const lines = ui.lastFrame().split('\n');
    expect(lines[2]).toMatch(/^4242 \(this session\) │ runbook\s+│ 777\s+│ 4242\s*$/);
    expect(lines[3]).toMatch(/^777\s+│ psql\s+│ 4242 \(this session\) │ holds the lock/);
    ui.unmount();
    const plain = await render(<ResultTable columns={columns} rows={rows} width={80} height={6} scrollX={0} scrollY={0} />);
    expect(plain.lastFrame()).not.toContain('this session');
    plain.unmount();
  });

  it('marks rows for exec and the report the same way', () => {
    expect(markOwnPidRows(columns, rows, 4242)).toEqual([
      ['4242 (this session)', 'runbook', '777', '4242'],
      ['777', 'psql', '4242 (this session)', 'holds the lock'],
    ]);
    expect(markOwnPidRows(columns, rows, undefined)).toBe(rows);
  });

  it('is never suggested for a [pid] placeholder', () => {
    const at = '2026-01-01T00:00:00.000Z';
    const statement = (n: number, placeholders: { name: string; context: 'sql-literal'; secret: boolean }[]) => ({ id: `p/1/b1/${n}`, step: 'p/1', block: 'p/1/b1', kind: 'sql' as const, risk: 'read' as const, line: n, source: '', placeholders });
    const events = [
      { seq: 1, at, type: 'session-started', sessionId: 's', operator: 'o', hostname: 'h', runbook: { path: 'r.md', title: 'R', hash: 'x' }, procedure: { id: 'p', title: 'P' }, steps: [{ id: 'p/1', title: 'S', hash: 'y' }], target: { source: 'flag', host: 'h', port: 5432, database: 'd', user: 'u', embedded: false, url: 'postgres://u@h:5432/d' }, options: { confirmEach: true, allowDestructive: false, readOnly: false, dryRun: false }, plan: { statements: [statement(1, []), statement(2, [{ name: 'pid', context: 'sql-literal', secret: false }])], manual: [] } },
      { seq: 2, at, type: 'statement-finished', statement: 'p/1/b1/1', step: 'p/1', line: 1, operator: 'o', status: 'succeeded', text: 'SELECT', startedAt: at, endedAt: at, durationMs: 1, columns, rows, rowCount: 2, backendPid: 4242 },
    ] as JournalEvent[];
    expect(derive(events).state.suggestions.pid).toBe('777');
  });
});
