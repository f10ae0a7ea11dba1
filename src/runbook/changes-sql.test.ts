// What a statement leaves changed, read from the parse tree, and the statement that undoes it where the
// tree makes it plain. Each undo that is given is itself parsed by PostgreSQL's grammar.

import { beforeAll, describe, expect, it } from 'vitest';
import { ensureSqlParser, parseSql } from './sql-parser.js';
import { readSqlChanges } from './changes-sql.js';

beforeAll(ensureSqlParser);

const one = (sql: string) => {
  const r = readSqlChanges(sql);
  expect(r.changes, sql).toHaveLength(1);
  return r.changes[0]!;
};

describe('changes left in place', () => {
  it.each([
    ['REVOKE INSERT, UPDATE ON journal_entries, public.x FROM app_rw, PUBLIC', 'REVOKE INSERT, UPDATE ON TABLE journal_entries, public.x FROM app_rw, PUBLIC', 'GRANT INSERT, UPDATE ON TABLE journal_entries, public.x TO app_rw, PUBLIC;'],
    ['REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "App"', 'REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "App"', 'GRANT ALL ON ALL TABLES IN SCHEMA public TO "App";'],
    ['GRANT SELECT (a, b) ON t TO reader WITH GRANT OPTION', 'GRANT SELECT (a, b) ON TABLE t TO reader WITH GRANT OPTION', 'REVOKE SELECT (a, b) ON TABLE t FROM reader;'],
    ['REVOKE CONNECT ON DATABASE showtrack FROM public', 'REVOKE CONNECT ON DATABASE showtrack FROM PUBLIC', 'GRANT CONNECT ON DATABASE showtrack TO PUBLIC;'],
    ['REVOKE analyst FROM bob', 'REVOKE analyst FROM bob', 'GRANT analyst TO bob;'],
    ['ALTER DATABASE showtrack SET default_transaction_read_only = on', 'ALTER DATABASE showtrack SET default_transaction_read_only = on', 'ALTER DATABASE showtrack RESET default_transaction_read_only;'],
    ["ALTER SYSTEM SET work_mem = '64MB'", "ALTER SYSTEM SET work_mem = '64MB'", 'ALTER SYSTEM RESET work_mem;'],
    ['ALTER ROLE bob IN DATABASE d SET search_path = a, b', "ALTER ROLE bob IN DATABASE d SET search_path = 'a', 'b'", 'ALTER ROLE bob IN DATABASE d RESET search_path;'],
    ['ALTER DATABASE d WITH ALLOW_CONNECTIONS false', 'ALTER DATABASE d WITH ALLOW_CONNECTIONS false', 'ALTER DATABASE d WITH ALLOW_CONNECTIONS true;'],
    ['ALTER ROLE "Bob" NOLOGIN', 'ALTER ROLE "Bob" NOLOGIN', 'ALTER ROLE "Bob" LOGIN;'],
    ['ALTER TABLE t DISABLE TRIGGER trg', 'ALTER TABLE t DISABLE TRIGGER trg', 'ALTER TABLE t ENABLE TRIGGER trg;'],
    ['ALTER TABLE s.t SET (autovacuum_enabled = false)', 'ALTER TABLE s.t SET (autovacuum_enabled = false)', 'ALTER TABLE s.t RESET (autovacuum_enabled);'],
    ['ALTER TABLE t ADD COLUMN note text', 'ALTER TABLE t ADD COLUMN note', 'ALTER TABLE t DROP COLUMN note;'],
    ['ALTER TABLE t ALTER COLUMN c SET NOT NULL', 'ALTER TABLE t ALTER COLUMN c SET NOT NULL', 'ALTER TABLE t ALTER COLUMN c DROP NOT NULL;'],
    ['ALTER TABLE s.t RENAME TO u', 'ALTER TABLE s.t RENAME TO u', 'ALTER TABLE s.u RENAME TO t;'],
    ['ALTER TABLE t RENAME COLUMN a TO b', 'ALTER TABLE t RENAME COLUMN a TO b', 'ALTER TABLE t RENAME COLUMN b TO a;'],
    ['ALTER USER bob RENAME TO bobby', 'ALTER ROLE bob RENAME TO bobby', 'ALTER ROLE bobby RENAME TO bob;'],
    ['CREATE INDEX CONCURRENTLY idx_animals_name ON animals (name)', 'CREATE INDEX idx_animals_name ON animals', 'DROP INDEX CONCURRENTLY idx_animals_name;'],
    ['CREATE ROLE incident_reader LOGIN', 'CREATE ROLE incident_reader', 'DROP ROLE incident_reader;'],
    ['CREATE TABLE "order" (x int)', 'CREATE TABLE "order"', 'DROP TABLE "order";'],
    ["SELECT pg_create_logical_replication_slot('debug_slot', 'pgoutput')", 'created replication slot debug_slot', "SELECT pg_drop_replication_slot('debug_slot');"],
  ])('%s', (sql, what, undo) => {
    const c = one(sql);
    expect(c.what).toBe(what);
    expect(c.undo).toBe(undo);
    expect(parseSql(c.undo!).ok, c.undo).toBe(true);
  });

  it('names what it cannot undo, and why', () => {
    expect(one('SELECT pg_terminate_backend(4242)')).toMatchObject({ what: 'terminated backend 4242', note: expect.stringContaining('reconnect') });
    expect(one("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE state = 'idle in transaction'")).toMatchObject({ what: 'terminated the backends its query selected', rows: true });
    expect(one('DROP TABLE IF EXISTS a.b, c CASCADE')).toMatchObject({ what: 'DROP TABLE a.b, c CASCADE', note: expect.stringContaining('backup') });
    expect(one('TRUNCATE a, b').what).toBe('TRUNCATE a, b');
    expect(one('DELETE FROM journal_entries WHERE id < 10')).toMatchObject({ what: 'DELETE FROM journal_entries', rows: true });
    expect(one('ALTER SYSTEM RESET work_mem')).toMatchObject({ what: 'ALTER SYSTEM RESET work_mem', note: expect.stringContaining('not in the journal') });
    expect(one('ALTER ROLE bob CONNECTION LIMIT 3').undo).toBeUndefined();
    expect(one('ALTER ROLE bob WITH PASSWORD \'s3cret\'').what).toBe('ALTER ROLE bob PASSWORD (changed)');
  });

  it('reads data changes wherever they run: CTEs, EXPLAIN ANALYZE, not plain EXPLAIN', () => {
    expect(readSqlChanges('WITH d AS (DELETE FROM t RETURNING *) SELECT count(*) FROM d').changes.map((c) => c.what)).toEqual(['DELETE FROM t']);
    expect(readSqlChanges('EXPLAIN (ANALYZE) DELETE FROM t').changes.map((c) => c.what)).toEqual(['DELETE FROM t']);
    expect(readSqlChanges('EXPLAIN DELETE FROM t')).toEqual({ changes: [], unseen: [], nothingToUndo: true });
    // A view's query is a definition: it runs nothing now.
    expect(readSqlChanges('CREATE VIEW v AS SELECT pg_terminate_backend(1)').changes.map((c) => c.what)).toEqual(['CREATE VIEW v']);
  });

  it('leaves nothing for maintenance and session settings; a plain SELECT is not vouched for', () => {
    for (const sql of ['VACUUM ANALYZE journal_entries', 'SET statement_timeout = 0', 'SHOW work_mem', 'CHECKPOINT', 'BEGIN', 'REINDEX TABLE t']) {
      expect(readSqlChanges(sql), sql).toEqual({ changes: [], unseen: [], nothingToUndo: true });
    }
    expect(readSqlChanges('SELECT performance.optimize_indexes()')).toEqual({ changes: [], unseen: [], nothingToUndo: false });
  });

  it('fails safe: what the tree cannot show is unseen', () => {
    expect(readSqlChanges("DO $$ BEGIN EXECUTE 'DROP TABLE t'; END $$").unseen).toEqual(['a DO block: what its code does is not in the parse tree']);
    expect(readSqlChanges('CALL maintenance.run()').unseen[0]).toMatch(/^CALL maintenance\.run/);
    expect(readSqlChanges("COPY t TO PROGRAM 'rm -rf /'").unseen[0]).toMatch(/PROGRAM/);
    expect(readSqlChanges("SELECT dblink_exec('db', 'DROP TABLE x')").unseen).toHaveLength(1);
    expect(readSqlChanges('DROP TABLE (').unseen[0]).toMatch(/parser rejected/);
    expect(readSqlChanges('ALTER EXTENSION pg_stat_statements UPDATE').unseen[0]).toMatch(/AlterExtension/);
  });
});
