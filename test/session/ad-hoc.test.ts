// The operator's own statements (`:` in the UI) through the real engine: modelled as the runbook's are
// (kind, risk, placeholders), journaled as `statement-added` marked ad hoc, run through the same
// binding, policy and journal, rebuilt on resume, and marked ad hoc in the report.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Runbook } from '../../src/runbook/model.js';
import { adHocBlock } from '../../src/runbook/ad-hoc.js';
import { resumeSession } from '../../src/session/open.js';
import { inspectSession } from '../../src/session/list.js';
import { realDeps } from '../../src/session/deps.js';
import { DEFAULT_POLICY } from '../../src/session/policy.js';
import { derive } from '../../src/session/state.js';
import { renderReport } from '../../src/report/render.js';
import { SCRIPTED_TARGET } from '../../src/executors/scripted.js';
import { fixtureRunbook, openUiSession } from '../helpers/ui-session.js';

let runbook: Runbook;
beforeAll(async () => {
  runbook = await fixtureRunbook();
});

describe('ad-hoc statements', () => {
  it('are modelled like a runbook block: split, kind, risk, placeholders', () => {
    const block = adHocBlock('SELECT 1;\nDROP TABLE animals;', 'sql', 's/adhoc-1');
    expect(block.statements.map((s) => [s.id, s.kind, s.risk, s.line])).toEqual([
      ['s/adhoc-1/1', 'sql', 'read', 1],
      ['s/adhoc-1/2', 'sql', 'destructive', 2],
    ]);
    expect(adHocBlock('kill -9 [pid]', 'bash', 'x').statements[0]).toMatchObject({ kind: 'shell', placeholders: [expect.objectContaining({ name: 'pid' })] });
    // A fence inside the text does not end the block.
    expect(adHocBlock('echo "```"', 'bash', 'x').statements[0]!.text).toBe('echo "```"');
  });

  it('are journaled, asked and run like the runbook\'s, kept on resume, and reported as ad hoc', async () => {
    const { engine, scripted, journal } = await openUiSession(runbook, 'database-down');
    await engine.enterStep(1);
    const added = await engine.adHoc('SELECT now();\nDROP TABLE animals;', 'sql');
    expect(added.map((a) => [a.stepId, a.statement.id, a.statement.risk])).toEqual([
      ['database-down/2', 'database-down/2/adhoc-1/1', 'read'],
      ['database-down/2', 'database-down/2/adhoc-2/1', 'destructive'],
    ]);
    const [read, drop] = added;
    // The same policy: a read statement asks yes/no, a destructive one the typed word.
    expect((await engine.prepare(read!.statement.id)).decision).toMatchObject({ kind: 'ask', prompt: expect.stringContaining('your own statement') });
    expect((await engine.prepare(drop!.statement.id)).decision).toMatchObject({ kind: 'ask-typed', expected: expect.arrayContaining(['animals']) });
    expect((await engine.confirm(read!.statement.id, { yes: true })).status).toBe('succeeded');
    await engine.skip(drop!.statement.id, 'by the operator');
    expect(scripted.requests.map((r) => r.text)).toEqual(['SELECT now();']);

    const events = journal();
    expect(events.filter((e) => e.type === 'statement-added')).toEqual([
      expect.objectContaining({ adHoc: true, statement: expect.objectContaining({ id: 'database-down/2/adhoc-1/1', step: 'database-down/2', source: 'SELECT now();', risk: 'read' }) }),
      expect.objectContaining({ adHoc: true, statement: expect.objectContaining({ id: 'database-down/2/adhoc-2/1', source: 'DROP TABLE animals;', risk: 'destructive' }) }),
    ]);
    const views = engine.getState().statements.filter((v) => v.adHoc);
    expect(views.map((v) => [v.id, v.state.status])).toEqual([
      ['database-down/2/adhoc-1/1', 'succeeded'],
      ['database-down/2/adhoc-2/1', 'skipped'],
    ]);
    await engine.close();

    // Resumed: the ad-hoc statements are there again, the same ids, and run again like any other.
    const resumed = await resumeSession(inspectSession(engine.dir)!, {
      runbook,
      source: readFileSync(join(import.meta.dirname, '../fixtures/ui/operations.md'), 'utf8'),
      target: SCRIPTED_TARGET,
      policy: DEFAULT_POLICY,
      deps: { ...realDeps, createExecutors: () => scripted.registry },
    });
    expect(resumed.adHocStatements().map((a) => a.statement.id)).toEqual(['database-down/2/adhoc-1/1', 'database-down/2/adhoc-2/1']);
    expect((await resumed.confirm('database-down/2/adhoc-1/1', { yes: true })).status).toBe('succeeded');
    await resumed.close();

    const derived = derive(journal());
    const md = renderReport(derived, 'md');
    expect(md).toContain('**Ad hoc** (sql, read, typed by the operator, not in the runbook)');
    expect(md).toMatch(/ad hoc statement run 1 of 2 \(sql\) by \S+: succeeded/);
    const json = JSON.parse(renderReport(derived, 'json')) as { statements: { id: string; adHoc?: boolean; runs: unknown[] }[] };
    expect(json.statements.filter((s) => s.adHoc).map((s) => [s.id, s.runs.length])).toEqual([
      ['database-down/2/adhoc-1/1', 2],
      ['database-down/2/adhoc-2/1', 0],
    ]);
  });
});
