// The SQL executor against a real PostgreSQL: results and types, session state, NOTICE, errors mapped to
// the runbook, timeout and cancel, a killed connection, read-only mode.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, query } from '../helpers/db.js';
import { SqlExecutor } from '../../src/executors/sql.js';
import type { OutputEvent } from '../../src/executors/types.js';
import { outputDir, request, targetFor, until } from './helpers.js';

let url: string;
let sql: SqlExecutor;
const out = outputDir();

beforeAll(async () => {
  url = await createTestDatabase();
  sql = new SqlExecutor(await targetFor(url));
});
afterAll(() => sql.close());

const run = (text: string, overrides = {}) => sql.run(request('sql', text, { outputDir: out, ...overrides }));

/** Resolves once backend `pid` is running `pg_sleep` (seen from another connection). */
function sleeping(pid: string): Promise<void> {
  return until(async () => {
    const rows = await query(url, "SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND state = 'active' AND query LIKE '%pg_sleep%'", [Number(pid)]);
    return rows.length === 1;
  }, `backend ${pid} to run pg_sleep`);
}

describe('sql executor', () => {
  it('returns columns with type names, rows as text, NULL as null, and the command tag', async () => {
    const r = await run("SELECT 1::int AS n, 'it''s'::text AS t, NULL::date AS d, 1.50::numeric AS x, true AS b, '{\"a\":1}'::jsonb AS j");
    expect(r.status).toBe('succeeded');
    expect(r.columns).toEqual([
      { name: 'n', type: 'int4' },
      { name: 't', type: 'text' },
      { name: 'd', type: 'date' },
      { name: 'x', type: 'numeric' },
      { name: 'b', type: 'bool' },
      { name: 'j', type: 'jsonb' },
    ]);
    expect(r.rows).toEqual([['1', "it's", null, '1.50', 't', '{"a": 1}']]);
    expect(r.rowCount).toBe(1);
    expect(r.command).toBe('SELECT 1');
    // Complete in memory: no file unless asked for.
    expect(r.outputFile).toBeUndefined();
  });

  it('names domain and enum types through pg_type', async () => {
    await run("CREATE TYPE mood AS ENUM ('ok', 'sad')");
    const r = await run("SELECT 'ok'::mood AS m");
    expect(r.columns).toEqual([{ name: 'm', type: 'mood' }]);
  });

  it('keeps one session: SET, temp tables and transactions carry over', async () => {
    await run("SET application_name = 'carry-over'");
    await run('CREATE TEMP TABLE scratch (id int)');
    await run('BEGIN');
    await run('INSERT INTO scratch VALUES (1), (2)');
    const inTx = await run('SELECT count(*) FROM scratch');
    await run('ROLLBACK');
    const after = await run("SELECT count(*), current_setting('application_name') FROM scratch");
    expect(inTx.rows).toEqual([['2']]);
    expect(after.rows).toEqual([['0', 'carry-over']]);
  });

  it('reports write command tags and row counts', async () => {
    await run('CREATE TABLE items (id int)');
    const r = await run('INSERT INTO items SELECT generate_series(1, 3)');
    expect(r).toMatchObject({ status: 'succeeded', command: 'INSERT 0 3', rowCount: 3 });
    expect(r.columns).toBeUndefined();
    expect(r.outputFile).toBeUndefined();
  });

  it('collects NOTICE messages and streams them', async () => {
    const events: OutputEvent[] = [];
    const r = await sql.run(request('sql', "DO $$ BEGIN RAISE NOTICE 'hello %', 42; RAISE WARNING 'careful'; END $$", { outputDir: out }), {
      onOutput: (e) => events.push(e),
    });
    expect(r.notices).toEqual(['NOTICE: hello 42', 'WARNING: careful']);
    expect(events).toContainEqual({ type: 'data', stream: 'notice', text: 'NOTICE: hello 42' });
  });

  it('keeps SQLSTATE, hint and position, mapped to the runbook line and column', async () => {
    const r = await run('SELECT 1\n  FROM no_such_table', { origin: { file: 'rb.md', line: 20, column: 1 } });
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({ code: '42P01', position: 17, line: 21, column: 8 });
    expect(r.error!.message).toContain('no_such_table');
    const first = await run('SELEC 1', { origin: { file: 'rb.md', line: 5, column: 4 } });
    expect(first.error).toMatchObject({ code: '42601', line: 5, column: 4 });
    const hinted = await run('SELECT abs()');
    expect(hinted.error!.hint).toBeTruthy();
  });

  it('times out server-side and stays usable', async () => {
    const r = await run('SELECT pg_sleep(5)', { timeoutMs: 200 });
    expect(r.status).toBe('timed-out');
    expect(r.error!.code).toBe('57014');
    expect(r.durationMs).toBeLessThan(2000);
    expect((await run('SELECT 1')).status).toBe('succeeded');
  });

  it('cancels a running query with a real cancel request, leaving the same connection usable', async () => {
    const before = (await run('SELECT pg_backend_pid()')).rows![0]![0]!;
    const controller = new AbortController();
    const pending = sql.run(request('sql', 'SELECT pg_sleep(30)', { outputDir: out }), { signal: controller.signal });
    await sleeping(before);
    controller.abort();
    const r = await pending;
    expect(r.status).toBe('cancelled');
    // The same backend answers afterwards: the server cancelled the query (dropping the connection
    // instead, after the grace period, would have meant a new one).
    const after = (await run('SELECT pg_backend_pid()')).rows![0]![0];
    expect(after).toBe(before);
  });

  it('fails a statement whose connection is killed, then reconnects', async () => {
    const pid = (await run('SELECT pg_backend_pid()')).rows![0]![0]!;
    const pending = run('SELECT pg_sleep(30)');
    await sleeping(pid);
    await query(url, 'SELECT pg_terminate_backend($1)', [Number(pid)]);
    const killed = await pending;
    expect(killed.status).toBe('failed');
    expect(killed.error!.message).toMatch(/connection to .* lost/);
    expect(killed.error!.message).toContain('next statement reconnects');
    const next = await run('SELECT pg_backend_pid()');
    expect(next.status).toBe('succeeded');
    expect(next.rows![0]![0]).not.toBe(pid);
  });

  it('reconnects after an idle connection was killed and says the session state is gone', async () => {
    const pid = (await run('SELECT pg_backend_pid()')).rows![0]![0]!;
    await query(url, 'SELECT pg_terminate_backend($1)', [Number(pid)]);
    await until(() => sql.connectionLost !== undefined, 'the executor to see its idle connection closed');
    const next = await run('SELECT 1');
    expect(next.status).toBe('succeeded');
    expect(next.notices?.join(' ')).toMatch(/reconnected/);
  });

  it('refuses writes in read-only mode, also inside an explicit transaction', async () => {
    await run('CREATE TABLE ro (id int)');
    const write = await run('INSERT INTO ro VALUES (1)', { readOnly: true });
    expect(write.status).toBe('failed');
    expect(write.error!.code).toBe('25006');
    expect((await run('SELECT count(*) FROM ro', { readOnly: true })).rows).toEqual([['0']]);
    await run('BEGIN', { readOnly: true });
    const inTx = await run('INSERT INTO ro VALUES (1)', { readOnly: true });
    await run('ROLLBACK', { readOnly: true });
    expect(inTx.error?.code).toBe('25006');
    expect((await run('INSERT INTO ro VALUES (1)')).status).toBe('succeeded');
  });

  it('reports the last command of a multi-statement text, its columns and rows', async () => {
    const r = await run("CREATE TEMP TABLE multi (id int); INSERT INTO multi VALUES (1), (2); SELECT id, 'x' AS t FROM multi ORDER BY id");
    expect(r).toMatchObject({ status: 'succeeded', command: 'SELECT 2', rowCount: 2, rows: [['1', 'x'], ['2', 'x']] });
    expect(r.columns).toEqual([{ name: 'id', type: 'int4' }, { name: 't', type: 'text' }]);
    const write = await run('SELECT 1; UPDATE multi SET id = id + 1');
    expect(write).toMatchObject({ status: 'succeeded', command: 'UPDATE 2', rowCount: 2 });
    expect(write.columns).toBeUndefined();
  });

  it('runs a text with no statement, and fails COPY FROM STDIN clearly, staying usable', async () => {
    const empty = await run('-- nothing to run');
    expect(empty.status).toBe('succeeded');
    expect(empty.command).toBeUndefined();
    await run('CREATE TABLE copied (id int)');
    const copy = await run('COPY copied FROM STDIN');
    expect(copy.status).toBe('failed');
    expect(copy.error!.message).toContain('No source stream defined');
    expect((await run('SELECT count(*) FROM copied')).rows).toEqual([['0']]);
  });

  it('runs statements asked for at once one after another, in order, on the one session', async () => {
    const texts = ['SELECT pg_sleep(0.1), 1 AS n', 'SELECT 2 AS n', "SELECT 1/0 AS n", 'SELECT 4 AS n'];
    const results = await Promise.all(texts.map((t) => run(t)));
    expect(results.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'failed', 'succeeded']);
    expect(results.map((r) => r.rows?.[0]?.at(-1))).toEqual(['1', '2', undefined, '4']);
    expect(Date.parse(results[1]!.startedAt)).toBeGreaterThanOrEqual(Date.parse(results[0]!.endedAt));
  });

  it('reports a cancel that arrives before the statement starts', async () => {
    const controller = new AbortController();
    controller.abort();
    const r = await sql.run(request('sql', 'SELECT 1', { outputDir: out }), { signal: controller.signal });
    expect(r.status).toBe('cancelled');
  });
});
