// The session engine as the UI drives it (prepare -> confirm), against a real database: the policy's
// questions, typed confirmation, suggestions from earlier results, raw fragments, dry runs, the journal
// written before state moves, state rebuilt from the journal, and resume after a cut-off statement.

import { beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../helpers/db.js';
import { ensureParsers } from '../../src/runbook/parsers.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import { resolveTarget } from '../../src/database/resolve.js';
import type { Target } from '../../src/database/target.js';
import type { Runbook } from '../../src/runbook/model.js';
import { openSession, resumeSession, ResumeRefused } from '../../src/session/open.js';
import { realDeps } from '../../src/session/deps.js';
import { attachReportWriter } from '../../src/report/writer.js';
import { readJournal } from '../../src/session/journal.js';
import { derive } from '../../src/session/state.js';
import { inspectSession } from '../../src/session/list.js';
import { JournalTooNew } from '../../src/errors.js';
import { DEFAULT_POLICY } from '../../src/session/policy.js';
import type { JournalEvent } from '../../src/session/types.js';

const MD = `# Engine

## Blockers

\`\`\`sql
SELECT 4242 AS blocking_pid, 7 AS other;
SELECT [pid]::int AS given;
\`\`\`

## Drop

\`\`\`sql
CREATE TABLE IF NOT EXISTS doomed (x int);
DROP TABLE doomed;
\`\`\`

## Explain

\`\`\`sql
EXPLAIN [paste query here];
\`\`\`

## Steps

1. **One:**
   \`\`\`sql
   SELECT 1 AS a;
   \`\`\`
2. **Two:**
   \`\`\`sql
   SELECT 2 AS b;
   SELECT 3 AS c;
   \`\`\`
   - Tell someone

## Rerun

\`\`\`sql
SELECT 1 AS one;
SELECT 1/0 AS boom;

-- then look at the dashboard
\`\`\`
`;

let runbook: Runbook;
let target: Target;
const interactive = { ...DEFAULT_POLICY };

beforeAll(async () => {
  await ensureParsers();
  runbook = parseRunbook(MD, join(tmpdir(), 'engine.md'));
  target = await resolveTarget({ db: await createTestDatabase('rb_engine'), embedded: () => Promise.reject(new Error('no')) });
});

const proc = (id: string) => runbook.procedures.find((p) => p.id === id)!;
const open = (id: string, policy = interactive) =>
  openSession({ runbook, source: MD, procedure: proc(id), target, policy, sessionDir: mkdtempSync(join(tmpdir(), 'rb-engine-')), deps: realDeps });
const journal = (dir: string): JournalEvent[] => readJournal(join(dir, 'journal.jsonl')).events;
const inspect = (dir: string) => inspectSession(dir)!;

describe('the session engine', () => {
  it('asks, runs, journals before notifying, and offers blocking_pid as [pid]', async () => {
    const engine = await open('blockers');
    // The engine writes no report itself: whoever opens a session subscribes a writer.
    attachReportWriter(engine);
    const seen: string[] = [];
    engine.subscribe((_s, e) => {
      // The event is already on disk when subscribers hear of it.
      if (e) seen.push(`${e.type}:${journal(engine.dir).some((x) => x.seq === e.seq)}`);
    });
    const [first, second] = engine.getState().statements;
    const p = await engine.prepare(first!.id);
    expect(p.decision).toEqual({ kind: 'ask', prompt: expect.stringContaining('Run this read statement') });
    expect(engine.getState().statements[0]!.state.status).toBe('awaiting-confirmation');
    const done = await engine.confirm(first!.id, { yes: true });
    expect(done.status).toBe('succeeded');
    expect(seen).toEqual(['statement-confirmed:true', 'statement-started:true', 'statement-finished:true']);
    expect(engine.getState().suggestions).toEqual({ pid: '4242' });

    const ask = await engine.prepare(second!.id);
    expect(ask.missing).toEqual([expect.objectContaining({ placeholder: expect.objectContaining({ name: 'pid' }), suggestion: '4242', suggestionSource: 'result' })]);
    await engine.setParam('pid', '4242');
    const bound = await engine.prepare(second!.id);
    expect(bound.display).toBe("SELECT '4242'::int AS given;");
    const st = await engine.confirm(second!.id, { yes: true });
    expect(st.status === 'succeeded' && st.result.rows).toEqual([['4242']]);
    await engine.finish({ impact: 'none' });
    await engine.close();
    // The state is the fold of the journal.
    const rebuilt = derive(journal(engine.dir)).state;
    expect(rebuilt.statements.map((s) => s.state.status)).toEqual(['succeeded', 'succeeded']);
    expect(rebuilt.status).toBe('completed');
    expect(readFileSync(join(engine.dir, 'report.md'), 'utf8')).toContain('**Impact:** none');
  });

  it('needs the object typed for a destructive statement (not `yes`); "no" goes back to pending', async () => {
    const engine = await open('drop');
    const [create, drop] = engine.getState().statements;
    await engine.confirm(create!.id, { yes: true });
    const p = await engine.prepare(drop!.id);
    expect(p.decision).toMatchObject({ kind: 'ask-typed', expected: ['doomed'], shown: 'the table "doomed"' });
    await expect(engine.confirm(drop!.id, { yes: true, typed: 'doom' })).rejects.toThrow(/type the table "doomed"/);
    await expect(engine.confirm(drop!.id, { yes: true, typed: 'yes' })).rejects.toThrow(/type the table "doomed"/);
    expect((await engine.confirm(drop!.id, { yes: false })).status).toBe('pending');
    await engine.prepare(drop!.id);
    expect((await engine.confirm(drop!.id, { yes: true, typed: 'doomed' })).status).toBe('succeeded');
    expect(journal(engine.dir).find((e) => e.type === 'statement-confirmed' && e.statement === drop!.id)).toMatchObject({ answer: 'typed' });
    await engine.close();
  });

  it('a raw sql-fragment value gets its own question; --read-only denies writes; --dry-run runs nothing', async () => {
    const engine = await open('explain');
    const id = engine.getState().statements[0]!.id;
    await engine.setParam('paste_query_here', 'SELECT 1');
    const p = await engine.prepare(id);
    expect(p.rawFragment).toBe(true);
    expect(p.decision).toMatchObject({ kind: 'ask', prompt: expect.stringContaining('Raw SQL from [paste_query_here]') });
    await engine.close();

    const ro = await open('drop', { ...interactive, readOnly: true });
    const create = ro.getState().statements[0]!.id;
    expect((await ro.prepare(create)).decision).toMatchObject({ kind: 'deny' });
    expect(await ro.confirm(create, { yes: true })).toMatchObject({ status: 'skipped', reason: expect.stringContaining('--read-only') });
    await ro.close();

    const dry = await open('drop', { ...interactive, confirmEach: false, dryRun: true });
    for (const v of dry.getState().statements) {
      await dry.prepare(v.id);
      expect(await dry.confirm(v.id, { yes: true, typed: 'yes' })).toEqual({ status: 'skipped', reason: 'dry-run' });
    }
    expect(journal(dry.dir).filter((e) => e.type === 'statement-started').every((e) => e.type === 'statement-started' && e.dryRun)).toBe(true);
    await dry.close();
  });

  it('resumes after a cut-off statement: finished ones stay done, the cut-off one is pending again', async () => {
    const engine = await open('steps');
    const [a, b] = engine.getState().statements;
    await engine.enterStep(0);
    await engine.confirm(a!.id, { yes: true });
    await engine.tickManual(engine.getState().manual[0]!.id, true, 'told them');
    await engine.close();
    // The process "died" while running b: started, never finished, and a torn half line after it.
    const path = join(engine.dir, 'journal.jsonl');
    const seq = journal(engine.dir).at(-1)!.seq;
    appendFileSync(path, `${JSON.stringify({ seq: seq + 1, at: new Date().toISOString(), type: 'statement-started', statement: b!.id, step: 'steps/2', kind: 'sql', line: 1, text: 'SELECT 2 AS b;' })}\n{"seq":${seq + 2},"at":"20`);

    const session = inspect(engine.dir);
    // The fold says what the journal says: b was started by a process that never finished it.
    expect(session.derived.state.statements[1]!.state.status).toBe('running');
    const resumed = await resumeSession(session, { runbook, source: MD, target, policy: interactive, deps: realDeps });
    const s = resumed.getState();
    expect(s.statements.map((v) => v.state.status)).toEqual(['succeeded', 'pending', 'pending']);
    expect(s.manual[0]).toMatchObject({ done: true, note: 'told them' });
    expect((await resumed.confirm(b!.id, { yes: true })).status).toBe('succeeded');
    await resumed.close();
    const { events, warnings } = readJournal(path);
    expect(warnings).toEqual([]);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    // Every attempt is in the fold: the cut-off one and the re-run, each with its own outcome.
    const attempts = derive(events).state.statements[1]!.attempts;
    expect(attempts.map((x) => [x.interrupted ?? false, x.result?.status])).toEqual([
      [true, undefined],
      [false, 'succeeded'],
    ]);
    // The engine's live fold and the fold of the file are one and the same.
    expect(resumed.derived.state.statements).toEqual(derive(events, engine.dir).state.statements);
    expect(resumed.derived.resumed).toBe(1);

    const changed = MD.replace('SELECT 3 AS c;', 'SELECT 33 AS c;');
    const edited = parseRunbook(changed, runbook.path);
    await expect(resumeSession(inspect(engine.dir), { runbook: edited, source: changed, target, policy: interactive, deps: realDeps })).rejects.toThrow(ResumeRefused);
    await expect(resumeSession(inspect(engine.dir), { runbook: edited, source: changed, target, policy: interactive, deps: realDeps })).rejects.toThrow(/Two \(steps\/2\)/);
  });

  it('a finished statement asked again and declined keeps its result; a deliberate re-run wins, listed once', async () => {
    const engine = await open('rerun');
    const [one, boom, note] = engine.getState().statements;
    expect(note!.kind).toBe('note');
    await engine.skip(note!.id, 'note');
    expect((await engine.confirm(one!.id, { yes: true })).status).toBe('succeeded');
    await engine.prepare(one!.id);
    expect(engine.getState().statements[0]!.state.status).toBe('awaiting-confirmation');
    const declined = await engine.confirm(one!.id, { yes: false });
    expect(declined).toMatchObject({ status: 'succeeded', result: { rows: [['1']] } });
    expect(engine.getState().statements[0]!.state).toMatchObject({ status: 'succeeded', result: { rows: [['1']] } });
    // Never asked before: declining leaves it pending.
    await engine.prepare(boom!.id);
    expect((await engine.confirm(boom!.id, { yes: false })).status).toBe('pending');
    expect((await engine.confirm(boom!.id, { yes: true })).status).toBe('failed');
    await engine.prepare(boom!.id);
    expect((await engine.confirm(boom!.id, { yes: false })).status).toBe('failed');
    // Run again, edited: the latest result is the statement's result.
    await engine.prepare(boom!.id, { editedText: 'SELECT 2 AS two;' });
    expect((await engine.confirm(boom!.id, { yes: true })).status).toBe('succeeded');
    const summary = await engine.finish();
    // The note was read, not skipped: it counts nowhere.
    expect(summary).toMatchObject({ run: 2, succeeded: 2, failed: 0, skipped: 0 });
    await engine.close();
    const { buildReport } = await import('../../src/report/data.js');
    const { toMarkdown } = await import('../../src/report/markdown.js');
    const report = buildReport(derive(journal(engine.dir)));
    expect(report.statements.map((s) => [s.id, s.status, s.attempts, s.interruptedRuns])).toEqual([
      [one!.id, 'succeeded', 1, 0],
      [boom!.id, 'succeeded', 2, 0],
    ]);
    expect(report.statements[1]).toMatchObject({ text: 'SELECT 2 AS two;', rows: [['2']] });
    // Every run keeps its own outcome: the failure of the first is not hidden by the re-run.
    expect(report.statements[1]!.runs.map((r) => [r.status, r.edited ?? false, r.error?.code])).toEqual([
      ['failed', false, '22012'],
      ['succeeded', true, undefined],
    ]);
    expect(report.statements[1]!.edits).toEqual([expect.objectContaining({ text: 'SELECT 2 AS two;' })]);
    const md = toMarkdown(report);
    expect(md).toContain('**Run 1 of 2**: **failed**');
    expect(md).toContain('**Error:** division by zero (SQLSTATE 22012)');
    expect(md).toContain('```diff\n-SELECT 1/0 AS boom;\n+SELECT 2 AS two;\n```');
    expect(md).not.toContain('interrupted');
    // The server was looked at when the session opened and when it finished.
    expect(report.snapshots.map((e) => [e.phase, e.error])).toEqual([['start', undefined], ['end', undefined]]);
    expect(report.snapshots[0]!.snapshot!.connections).toEqual(expect.objectContaining({ active: expect.any(Number) }));
  });

  it('journals 1,000 notes, and the report built from the fold of the file lists them all', async () => {
    // How fast (journal_event, report_rebuild) is measured by `npm run bench`, not here.
    const engine = await open('steps');
    for (let i = 0; i < 1000; i++) await engine.addNote(`note ${i}`);
    await engine.close();
    const { events } = readJournal(join(engine.dir, 'journal.jsonl'));
    expect(events.filter((e) => e.type === 'note')).toHaveLength(1000);
    const { buildReport } = await import('../../src/report/data.js');
    const report = buildReport(derive(events));
    expect(report.notes.map((n) => n.text)).toEqual(Array.from({ length: 1000 }, (_, i) => `note ${i}`));
    expect(buildReport(engine.derived)).toEqual(report);
  });

  it('writes its journal format in session-started, and refuses a newer one in one line', async () => {
    const engine = await open('steps');
    await engine.close();
    const path = join(engine.dir, 'journal.jsonl');
    const [started, ...rest] = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(JSON.parse(started!)).toMatchObject({ type: 'session-started', format: 1 });
    writeFileSync(path, `${[started!.replace('"format":1', '"format":2'), ...rest].join('\n')}\n`);
    expect(() => readJournal(path)).toThrow(JournalTooNew);
    expect(() => inspectSession(engine.dir)).toThrow(/journal\.jsonl: journal format 2 is newer than this runbook reads \(up to 1\); use a newer runbook$/);
  });
});
