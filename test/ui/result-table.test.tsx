// The result table and the error view on their own, and a 1,000-row result in the whole App over the
// real engine. How fast a key redraws it is measured by `npm run bench` (tui_redraw_1000_rows), not here.

import React from 'react';
import { beforeAll, describe, expect, it } from 'vitest';
import { render } from '../helpers/render.js';
import { ResultTable, columnWidths, visibleColumns } from '../../src/ui/components/ResultTable.js';
import { ErrorView, locate } from '../../src/ui/components/ErrorView.js';
import { App } from '../../src/ui/App.js';
import type { Runbook } from '../../src/runbook/model.js';
import { fixtureRunbook, openUiSession } from '../helpers/ui-session.js';

let runbook: Runbook;
beforeAll(async () => {
  runbook = await fixtureRunbook();
});

const columns = ['pid', 'usename', 'state', 'query', 'backend_start', 'wait_event', 'client_addr'].map((name) => ({ name, type: 'text' }));
const rows = Array.from({ length: 1000 }, (_, i) => [
  String(1000 + i),
  i % 3 === 0 ? null : 'app_user',
  'active',
  `SELECT * FROM animals WHERE owner_id = ${i} AND created_at > now() - interval '1 day' ORDER BY id`,
  '2026-01-01 00:00:00+00',
  null,
  '10.0.0.1',
]);

describe('result table', () => {
  it('fits the width, truncates cells, shows NULL distinctly, and counts rows', async () => {
    const ui = await render(<ResultTable columns={columns} rows={rows} rowCount={1000} outputFile="/s/out/003.csv" width={80} height={8} scrollX={0} scrollY={0} />);
    const frame = ui.lastFrame();
    const lines = frame.split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(lines).toHaveLength(8);
    // The CSV's path has its own line, whole.
    expect(lines[7]).toBe('CSV: /s/out/003.csv');
    expect(lines[0]).toMatch(/^pid\s+│ usename\s+│ state\s+│ query/);
    expect(lines[2]).toMatch(/^1000 │ ∅\s+│ active │ SELECT \* FROM animals WHERE.*…/);
    expect(lines[3]).toMatch(/^1001 │ app_user │/);
    expect(frame).toContain('rows 1–4 of 1000');
    expect(frame).toMatch(/columns 1–\d of 7 \(h\/l\)/);
    expect(frame).toContain('CSV: /s/out/003.csv');
    ui.unmount();
  });

  it('scrolls horizontally and vertically', async () => {
    const ui = await render(<ResultTable columns={columns} rows={rows} rowCount={1000} width={80} height={8} scrollX={4} scrollY={500} />);
    const frame = ui.lastFrame();
    expect(frame.split('\n')[0]).toMatch(/^backend_start\s+│ wait_event │ client_addr/);
    expect(frame).toContain('rows 501–505 of 1000');
    expect(frame.split('\n')[2]).toMatch(/^2026-01-01 00:00:00\+00 │ ∅\s+│ 10\.0\.0\.1/);
    ui.unmount();
  });

  it('says when only the first rows are in memory and the text NULL is not the NULL symbol', async () => {
    const ui = await render(<ResultTable columns={[{ name: 'v', type: 'text' }]} rows={[['NULL'], [null]]} rowCount={50_000} width={40} height={6} scrollX={0} scrollY={0} />);
    const frame = ui.lastFrame();
    expect(frame).toContain('rows 1–2 of 50000 · (first 2 here)');
    expect(frame.split('\n')[2]).toBe('NULL');
    expect(frame.split('\n')[3]).toBe('∅');
    ui.unmount();
  });

  it('widths use the screen: natural when all fit, the widest give way, one column takes the whole width', () => {
    // Seven columns do not fit in 80 even shrunk to 12: they scroll, none wider than 60% of the screen.
    expect(Math.max(...columnWidths(columns, rows, 80))).toBe(48);
    // At 200 columns they all fit, the query column taking what the others leave.
    const wide = columnWidths(columns, rows, 200);
    expect(wide.reduce((a, b) => a + b, 0) + 3 * 6).toBeLessThanOrEqual(200);
    expect(wide.slice(0, 3)).toEqual([4, 8, 6]);
    // A single text column (an EXPLAIN plan) uses the whole width, not 40 characters.
    const plan = 'Nested Loop  (cost=0.28..272.31 rows=1 width=72) (actual time=0.041..2.513 rows=1 loops=1)';
    expect(columnWidths([{ name: 'QUERY PLAN', type: 'text' }], [[plan]], 120)).toEqual([plan.length]);
    expect(columnWidths([{ name: 'QUERY PLAN', type: 'text' }], [[plan]], 80)).toEqual([80]);
    expect(visibleColumns([200], 0, 50)).toEqual([{ index: 0, width: 50 }]);
  });

  it('scrolls a 1,000-row result with keys, redrawing after each', async () => {
    const { engine } = await openUiSession(runbook, 'morning-health-check-9-am', {
      script: (s) => s.on(/dashboard/, { result: { columns, rows, rowCount: 1000, command: 'SELECT 1000', outputFile: '/s/out/001.csv' } }),
    });
    const ui = await render(<App runbook={runbook} controller={engine} onExit={() => {}} onError={() => {}} />);
    await ui.press('enter');
    await ui.waitFor('Run this statement?');
    await ui.press('enter');
    await ui.waitFor('rows 1–');
    const seen = new Set([ui.lastFrame()]);
    for (let i = 0; i < 6; i++) {
      const before = ui.lastFrame();
      await ui.press(i % 2 ? 'right' : 'pageDown');
      seen.add(await ui.waitFor((f) => f !== before));
    }
    expect(seen.size).toBe(7);
    expect(ui.lastFrame()).toContain('of 1000');
    expect(ui.lastFrame()).not.toContain('rows 1–');
    ui.unmount();
  });
});

describe('error view', () => {
  it("shows PostgreSQL's message, hint and a caret under the failing position", async () => {
    const text = 'SELECT *\nFROM pg_stat_activty\nWHERE 1 = 1;';
    const ui = await render(
      <ErrorView
        error={{ message: 'relation "pg_stat_activty" does not exist', code: '42P01', position: 15, hint: 'Perhaps you meant pg_stat_activity.', line: 92, column: 6 }}
        text={text}
        width={80}
      />,
    );
    const lines = ui.lastFrame().split('\n');
    expect(lines[0]).toBe('✗ ERROR 42P01: relation "pg_stat_activty" does not exist');
    expect(lines[1]).toBe('FROM pg_stat_activty');
    expect(lines[2]).toBe('     ^');
    expect(lines[3]).toBe('at runbook line 92, column 6');
    expect(lines[4]).toBe('HINT: Perhaps you meant pg_stat_activity.');
    expect(locate(text, 1)).toEqual({ line: 'SELECT *', lineNumber: 1, column: 0 });
    ui.unmount();
  });
});
