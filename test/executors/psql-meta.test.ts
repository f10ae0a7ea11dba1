// psql meta-commands: \i relative to the working directory, \ir relative to the including file (also when
// the runbook is named relative to the working directory), nested includes, errors pointing into the
// included file, missing files, unsupported commands, and query-buffer commands: \gexec running each value
// of a query as a statement of its own (VACUUM included), \gx and \g.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.js';
import { createExecutors, type ClosableRegistry } from '../../src/executors/index.js';
import { outputDir, request, targetFor, until } from './helpers.js';

let executors: ClosableRegistry;
const root = mkdtempSync(join(tmpdir(), 'rb-meta-'));
const out = outputDir();

beforeAll(async () => {
  executors = createExecutors({ target: await targetFor(await createTestDatabase()) });
  mkdirSync(join(root, 'runbooks', 'sql'), { recursive: true });
  mkdirSync(join(root, 'cwd'), { recursive: true });
  writeFileSync(join(root, 'cwd', 'fix.sql'), '-- a fix\nCREATE TABLE fixed (id int);\nINSERT INTO fixed VALUES (1), (2);\nSELECT count(*) AS n FROM fixed;\n');
  writeFileSync(join(root, 'runbooks', 'sql', 'inner.sql'), "CREATE TEMP TABLE inner_t AS SELECT 'in' AS v;\n");
  writeFileSync(join(root, 'runbooks', 'sql', 'outer.sql'), '\\ir inner.sql\nSELECT v FROM inner_t;\n');
  writeFileSync(join(root, 'runbooks', 'broken.sql'), 'SELECT 1;\n\nSELECT * FROM\n  missing_table;\nSELECT 2;\n');
});
afterAll(() => executors.close());

const meta = (text: string, line = 40) =>
  executors['psql-meta'].run(request('psql-meta', text, { cwd: join(root, 'cwd'), outputDir: out, origin: { file: join(root, 'runbooks', 'rb.md'), line, column: 1 } }));

describe('psql meta-commands', () => {
  it('\\i runs the file statements relative to the working directory, in the same session', async () => {
    const r = await meta('\\i fix.sql');
    expect(r.status).toBe('succeeded');
    expect(r.children!.map((c) => c.command)).toEqual(['CREATE TABLE', 'INSERT 0 2', 'SELECT 1']);
    expect(r.rows).toEqual([['2']]);
    const after = await executors.sql.run(request('sql', 'SELECT count(*) FROM fixed', { outputDir: out }));
    expect(after.rows).toEqual([['2']]);
  });

  it('\\ir resolves relative to the runbook, and nested \\ir relative to the included file', async () => {
    const r = await meta("\\ir 'sql/outer.sql'");
    expect(r.status).toBe('succeeded');
    expect(r.rows).toEqual([['in']]);
  });

  it('stops at the first failing statement and names file:line:column inside the included file', async () => {
    const r = await meta('\\ir broken.sql', 12);
    expect(r.status).toBe('failed');
    expect(r.children).toHaveLength(2);
    expect(r.error!.message).toMatch(/broken\.sql:4:3: relation "missing_table" does not exist/);
    expect(r.error!.line).toBe(12);
  });

  it('fails clearly on a missing file', async () => {
    const r = await meta('\\i nope.sql', 7);
    expect(r.status).toBe('failed');
    expect(r.error!.message).toBe(`no such file: ${join(root, 'cwd', 'nope.sql')} (line 7)`);
  });

  it('reports other meta-commands as unsupported with the line, never skipping them', async () => {
    const r = await meta('\\x', 9);
    expect(r).toMatchObject({ status: 'failed', error: { message: 'unsupported psql meta-command \\x at line 9', line: 9 } });
    expect((await meta('\\c otherdb', 3)).error!.message).toBe('unsupported psql meta-command \\c at line 3');
  });

  it('\\ir resolves against the runbook\'s folder when the runbook is named relative to the working directory', async () => {
    const cwd = join(root, 'cwd');
    writeFileSync(join(root, 'runbooks', 'fix.sql'), 'SELECT 42 AS from_runbook_folder;\n');
    const r = await executors['psql-meta'].run(request('psql-meta', '\\ir fix.sql', {
      cwd, outputDir: out, origin: { file: relative(cwd, join(root, 'runbooks', 'rb.md')), line: 3, column: 1 },
    }));
    expect(r).toMatchObject({ status: 'succeeded', rows: [['42']] });
  });
});

describe('query-buffer meta-commands', () => {
  it('\\gexec runs every non-NULL value of the query as its own statement, row by row, left to right', async () => {
    const r = await meta(`SELECT format('CREATE TABLE gexec_%s (id int)', g), NULL, format('INSERT INTO gexec_%s VALUES (%s)', g, g)
FROM generate_series(1, 3) g \\gexec`);
    expect(r.status).toBe('succeeded');
    expect(r.columns!.map((c) => c.name)).toEqual(['statement', 'result']);
    expect(r.rows).toEqual([
      ['CREATE TABLE gexec_1 (id int)', 'CREATE TABLE'], ['INSERT INTO gexec_1 VALUES (1)', 'INSERT 0 1'],
      ['CREATE TABLE gexec_2 (id int)', 'CREATE TABLE'], ['INSERT INTO gexec_2 VALUES (2)', 'INSERT 0 1'],
      ['CREATE TABLE gexec_3 (id int)', 'CREATE TABLE'], ['INSERT INTO gexec_3 VALUES (3)', 'INSERT 0 1'],
    ]);
    const check = await executors.sql.run(request('sql', 'SELECT (SELECT id FROM gexec_1) + (SELECT id FROM gexec_3) AS n', { outputDir: out }));
    expect(check.rows).toEqual([['4']]);
  });

  it('\\gexec runs VACUUM, which no function and no transaction block can: the dead tuples are gone', async () => {
    await executors.sql.run(request('sql', 'CREATE TABLE churn WITH (autovacuum_enabled = false) AS SELECT g FROM generate_series(1, 5000) g', { outputDir: out }));
    await executors.sql.run(request('sql', 'DELETE FROM churn WHERE g % 2 = 0', { outputDir: out }));
    const r = await meta("SELECT 'VACUUM (ANALYZE) churn' \\gexec");
    expect(r).toMatchObject({ status: 'succeeded', rows: [['VACUUM (ANALYZE) churn', 'VACUUM']] });
    const stats = async () => {
      await executors.sql.run(request('sql', 'SELECT pg_stat_clear_snapshot()', { outputDir: out }));
      return (await executors.sql.run(request('sql', `SELECT n_dead_tup, last_vacuum IS NOT NULL AS vacuumed FROM pg_stat_user_tables WHERE relname = 'churn'`, { outputDir: out }))).rows;
    };
    // Another backend's snapshot (a connection starting up on a shared test server) can keep dead rows
    // through one VACUUM; the same \gexec run again then removes them.
    await until(async () => {
      if (JSON.stringify(await stats()) === JSON.stringify([['0', 't']])) return true;
      await meta("SELECT 'VACUUM (ANALYZE) churn' \\gexec");
      return false;
    }, 'churn vacuumed, no dead tuples', 20_000);
  });

  it('\\gexec stops at the first failing statement and names it', async () => {
    const r = await meta("SELECT unnest(ARRAY['SELECT 1', 'SELECT * FROM no_such_table', 'CREATE TABLE never_made (id int)']) \\gexec", 21);
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({ message: '\\gexec statement 2 (SELECT * FROM no_such_table): relation "no_such_table" does not exist', line: 21 });
    expect(r.rows).toHaveLength(2);
    const made = await executors.sql.run(request('sql', "SELECT to_regclass('never_made') IS NULL AS missing", { outputDir: out }));
    expect(made.rows).toEqual([['t']]);
  });

  it('\\gx and \\g run the query; \\g to a file and \\gset are refused', async () => {
    expect(await meta('SELECT 7 AS seven \\gx')).toMatchObject({ status: 'succeeded', kind: 'psql-meta', rows: [['7']], command: 'SELECT 1' });
    expect(await meta('SELECT 8 \\g')).toMatchObject({ status: 'succeeded', rows: [['8']] });
    expect((await meta('SELECT 9 \\g /tmp/out.txt', 5)).error!.message).toBe('unsupported psql meta-command \\g /tmp/out.txt (output to a file or pipe) at line 5');
    expect((await meta('SELECT 9 AS x \\gset', 6)).error!.message).toBe('unsupported psql meta-command \\gset at line 6');
  });
});
