// The blast-radius preview of each kind against a real PostgreSQL, through the session's SQL executor as
// the engine runs it: what it predicts equals what the statement then does, and the preview itself
// changes nothing (row counts, grants, sessions and settings are the same before and after it).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase, query } from '../helpers/db.js';
import { SqlExecutor } from '../../src/executors/sql.js';
import { planFor, runPreview, type Preview } from '../../src/session/preview.js';
import { outputDir, request, targetFor, until } from '../executors/helpers.js';

let url: string;
let sql: SqlExecutor;
const out = outputDir();
const role = `rb_prev_${process.pid}_${Math.random().toString(36).slice(2, 6)}`;
const others: pg.Client[] = [];

beforeAll(async () => {
  url = await createTestDatabase('rb_preview');
  await query(url, `
    CREATE TABLE animals (id int PRIMARY KEY, species text NOT NULL);
    INSERT INTO animals SELECT g, CASE WHEN g % 3 = 0 THEN 'cow' ELSE 'goat' END FROM generate_series(1, 300) g;
    CREATE TABLE journal_entries (id int PRIMARY KEY, animal_id int REFERENCES animals(id) ON DELETE CASCADE, note text);
    INSERT INTO journal_entries SELECT g, (g % 300) + 1, 'n' FROM generate_series(1, 900) g;
    CREATE TABLE staged (id int PRIMARY KEY, species text);
    INSERT INTO staged SELECT g, 'sheep' FROM generate_series(250, 320) g;
    CREATE ROLE ${role};
    GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role};`);
  sql = new SqlExecutor(await targetFor(url));
  // Its session connection exists before any world() is taken.
  await sql.run(request('sql', 'SELECT 1', { outputDir: out }));
});

afterAll(async () => {
  await Promise.all(others.map((c) => c.end().catch(() => undefined)));
  await sql.close();
  await query(url, `DROP OWNED BY ${role}; DROP ROLE ${role}`).catch(() => undefined);
});

const preview = async (text: string): Promise<Preview> => runPreview(sql, await planFor(text), out);
const run = (text: string, overrides = {}) => sql.run(request('sql', text, { outputDir: out, ...overrides }));

/** Everything a preview could disturb, read from another connection. */
async function world(): Promise<unknown> {
  return {
    rows: await query(url, 'SELECT (SELECT count(*) FROM animals) AS animals, (SELECT count(*) FROM journal_entries) AS entries, (SELECT count(*) FROM staged) AS staged'),
    grants: await query(url, `SELECT table_name, privilege_type FROM information_schema.role_table_grants WHERE grantee = $1 ORDER BY 1, 2`, [role]),
    sessions: await query(url, 'SELECT pid, state FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() ORDER BY pid'),
    settings: await query(url, "SELECT setconfig FROM pg_db_role_setting WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())"),
    auto: await query(url, "SELECT count(*) FROM pg_file_settings WHERE sourcefile LIKE '%postgresql.auto.conf'").catch(() => []),
  };
}

/** The preview of `text`, checked to leave the database as it was. */
async function unchanged(text: string): Promise<Preview> {
  const before = await world();
  const p = await preview(text);
  expect(await world()).toEqual(before);
  return p;
}

/** Another session, e.g. one left idle in a transaction. */
async function session(application: string, ...statements: string[]): Promise<{ client: pg.Client; pid: number }> {
  const client = new pg.Client({ connectionString: url, application_name: application });
  await client.connect();
  others.push(client);
  const pid = Number((await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
  for (const s of statements) await client.query(s);
  return { client, pid };
}

describe('preview of DELETE / UPDATE / MERGE: the same FROM and WHERE, counted', () => {
  it('counts what a DELETE ... USING deletes, and the DELETE then deletes exactly that', async () => {
    const text = "DELETE FROM journal_entries j USING animals a WHERE j.animal_id = a.id AND a.species = 'cow'";
    const p = await unchanged(text);
    expect(p.rows).toBe(300);
    expect(p.estimated).toBeUndefined();
    expect(p.summary).toBe('DELETE from journal_entries: 300 rows');
    await run('BEGIN');
    const r = await run(text);
    await run('ROLLBACK');
    expect(r.command).toBe(`DELETE ${p.rows}`);
  });

  it('counts an UPDATE and a MERGE (the target rows the join matches)', async () => {
    const update = await unchanged("UPDATE animals SET species = 'yak' WHERE id <= 42");
    expect(update.rows).toBe(42);
    const merge = await unchanged('MERGE INTO animals a USING staged s ON a.id = s.id WHEN MATCHED THEN DELETE WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.species)');
    expect(merge.rows).toBe(51);
    expect(merge.summary).toContain('MERGE into animals (rows matched): 51 rows');
  });

  it("gives the planner's estimate when counting runs out of time", async () => {
    const p = await unchanged('DELETE FROM animals WHERE pg_sleep(0.01) IS NOT NULL');
    expect(p.estimated).toBe(true);
    expect(p.rows).toBeGreaterThan(0);
    expect(p.summary).toMatch(/about [\d,]+ rows \(the planner's estimate: counting ran out of time\)/);
  });

  it('counts inside the operator\'s open transaction (its temp table, its uncommitted rows) and leaves that transaction usable', async () => {
    await run('BEGIN');
    await run('CREATE TEMP TABLE scratch AS SELECT g AS id FROM generate_series(1, 7) g');
    expect((await preview('DELETE FROM scratch WHERE id > 2')).rows).toBe(5);
    // A probe that fails (no such table) is rolled back to its savepoint: the transaction goes on.
    expect((await preview('DELETE FROM no_such_table')).summary).toMatch(/^no preview: DELETE from no_such_table: relation "no_such_table" does not exist/);
    expect((await run('SELECT count(*) FROM scratch')).rows).toEqual([['7']]);
    // Nothing the probes SET (read-only, timeouts) outlives them.
    expect((await run('SHOW transaction_read_only')).rows).toEqual([['off']]);
    await run('ROLLBACK');
    expect((await run('SHOW lock_timeout')).rows).toEqual([['0']]);
  });
});

describe('preview of TRUNCATE / DROP TABLE: rows and size', () => {
  it('lists each table with its rows and size, TRUNCATE CASCADE the tables its foreign keys reach', async () => {
    const p = await unchanged('TRUNCATE animals CASCADE');
    expect(p.tables).toEqual([
      expect.objectContaining({ table: '"animals"', exists: true, rows: 300, bytes: expect.any(Number) }),
      expect.objectContaining({ table: 'journal_entries', exists: true, rows: 900, cascaded: true }),
    ]);
    expect(p.rows).toBe(1200);
    expect(p.lock).toEqual({ mode: 'ACCESS EXCLUSIVE', tables: ['animals'] });
    const drop = await unchanged('DROP TABLE IF EXISTS nope, staged');
    expect(drop.summary).toMatch(/^DROP: "nope" does not exist; "staged" 71 rows, [\d.]+ kB/);
  });
});

describe('preview of pg_terminate_backend over pg_stat_activity: the sessions it selects', () => {
  it('lists the idle-in-transaction sessions with pid, user, application, state and query, and ends none', async () => {
    const a = await session('rb-preview-a', 'BEGIN', 'SELECT 1 AS stuck_a');
    const b = await session('rb-preview-b', 'BEGIN', 'SELECT 2 AS stuck_b');
    await until(async () => (await query(url, "SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'idle in transaction' AND application_name LIKE 'rb-preview-%'"))[0]!.n === 2, 'two idle sessions');
    const p = await unchanged("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE state = 'idle in transaction' AND application_name LIKE 'rb-preview-%'");
    expect(p.sessions).toEqual([
      { pid: a.pid, user: expect.any(String), application: 'rb-preview-a', state: 'idle in transaction', query: 'SELECT 1 AS stuck_a' },
      { pid: b.pid, user: expect.any(String), application: 'rb-preview-b', state: 'idle in transaction', query: 'SELECT 2 AS stuck_b' },
    ].sort((x, y) => x.pid - y.pid));
    expect(p.summary).toMatch(/^sessions pg_terminate_backend\(\) ends 2 sessions \(pid \d+, \d+\)$/);
    // Both are still there: the preview ended nothing.
    expect((await a.client.query('SELECT 1 AS alive')).rows).toEqual([{ alive: 1 }]);
  });

  it("marks runbook's own backend", async () => {
    const own = (await run('SELECT pg_backend_pid()')).backendPid!;
    const p = await unchanged('SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE pid = pg_backend_pid()');
    expect(p.sessions).toEqual([expect.objectContaining({ pid: own, thisSession: true })]);
    expect(p.summary).toContain(`(pid ${own} (this session))`);
  });

  it('refuses to separate a call it cannot (in the WHERE clause): no preview, nothing run', async () => {
    const p = await unchanged('SELECT pid FROM pg_stat_activity WHERE pg_terminate_backend(pid) AND false');
    expect(p.summary).toBe('no preview: the sessions pg_terminate_backend() would end cannot be separated from the call');
  });
});

describe('preview of REVOKE, ALTER SYSTEM and ALTER DATABASE', () => {
  it('lists the grants a REVOKE takes away, and they are still there after', async () => {
    const p = await unchanged(`REVOKE INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public FROM ${role}`);
    expect(p.grants).toHaveLength(9);
    expect(p.grants).toContainEqual({ object: 'animals', privilege: 'DELETE', grantee: role });
    expect(p.summary).toBe(`REVOKE takes 9 grants on 3 objects from ${role}`);
    const none = await unchanged(`REVOKE SELECT ON animals FROM ${role}`);
    expect(none.summary).toBe('REVOKE: the roles hold no such grant now (nothing would disappear)');
  });

  it('shows the current value beside the new one', async () => {
    const system = await unchanged("ALTER SYSTEM SET work_mem = '64MB'");
    expect(system.settings).toEqual([{ name: 'work_mem', current: expect.stringMatching(/^\d+ kB$/), new: '64MB', note: 'takes effect after pg_reload_conf()' }]);
    const db = new URL(url).pathname.slice(1);
    const alter = await unchanged(`ALTER DATABASE ${db} SET default_transaction_read_only = on`);
    expect(alter.settings).toEqual([{ name: 'default_transaction_read_only', current: 'off (server)', new: 'on', note: expect.stringMatching(/^new sessions only: \d+ connected now keep their value$/) }]);
  });
});

describe('preview of DDL: the lock it takes and who holds a conflicting one; the run gets a lock_timeout', () => {
  it('names the session holding a conflicting lock, and the real run gives up after lock_timeout instead of queueing', async () => {
    const holder = await session('rb-preview-holder', 'BEGIN', 'SELECT count(*) FROM animals');
    const p = await unchanged('ALTER TABLE animals ADD COLUMN weight int');
    expect(p.lock).toEqual({ mode: 'ACCESS EXCLUSIVE', tables: ['animals'] });
    expect(p.locks).toEqual([expect.objectContaining({ pid: holder.pid, mode: 'AccessShareLock', granted: true, table: 'animals', application: 'rb-preview-holder' })]);
    expect(p.summary).toMatch(/^ACCESS EXCLUSIVE lock on animals: 1 session hold a conflicting lock \(pid \d+\); it would wait behind them$/);
    // The preview's own count of a table another session holds exclusively does not queue: it says so
    // (even EXPLAIN needs a lock there). world() could not count that table meanwhile: it is checked after.
    const exclusive = await session('rb-preview-excl', 'BEGIN', 'LOCK TABLE staged IN ACCESS EXCLUSIVE MODE');
    const counted = await preview('DELETE FROM staged WHERE id > 300');
    expect(counted.summary).toBe('no preview: DELETE from staged: another session holds a conflicting lock (the preview waits at most 500 ms)');
    await exclusive.client.query('ROLLBACK');
    expect(await query(url, 'SELECT count(*)::int AS n FROM staged')).toEqual([{ n: 71 }]);
    // The run with a lock_timeout fails fast with the reason, and nothing queues behind it afterwards.
    const started = Date.now();
    const r = await run('ALTER TABLE animals ADD COLUMN weight int', { lockTimeoutMs: 300 });
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({ code: '55P03', hint: expect.stringContaining('lock_timeout = 300 ms') });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect((await run('SHOW lock_timeout')).rows).toEqual([['0']]);
    await holder.client.query('ROLLBACK');
    expect((await run('ALTER TABLE animals ADD COLUMN weight int', { lockTimeoutMs: 300 })).status).toBe('succeeded');
  });
});

describe('a database that cannot be reached', () => {
  it('gives "no preview: cannot connect", never an exception', async () => {
    const down = new SqlExecutor(await targetFor('postgres://nobody@127.0.0.1:1/none'));
    try {
      const p = await runPreview(down, await planFor('DELETE FROM animals'), out);
      expect(p.summary).toMatch(/^no preview: cannot connect \(/);
    } finally {
      await down.close();
    }
  });
});
