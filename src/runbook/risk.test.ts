import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Risk, StatementKind } from './model.js';
import { classifyRisk } from './risk.js';
import { isSqlParserReady, parseSql } from './sql-parser.js';
import { ensureParsers } from './parsers.js';
import { splitSql } from './sql-split.js';
import { splitShell } from './shell-split.js';

beforeAll(async () => {
  await ensureParsers();
});

type Row = [text: string, risk: Risk, reason?: string, confirmTarget?: string];

const SQL: Row[] = [
  ["SELECT * FROM pg_stat_activity WHERE state = 'active'", 'read', 'SELECT reads only: no INTO, no FOR UPDATE, no function known to write'],
  ['SELECT pg_size_pretty(pg_database_size(current_database()));', 'read'],
  ['SHOW work_mem', 'read', 'SHOW'],
  ['EXPLAIN DELETE FROM t', 'read', 'EXPLAIN (plan only)'],
  ['EXPLAIN (ANALYZE false) DELETE FROM t', 'read'],
  ['EXPLAIN ANALYZE DELETE FROM t', 'destructive', 'DELETE without WHERE', 't'],
  ['EXPLAIN (ANALYZE, BUFFERS) UPDATE t SET a = 1 WHERE id = 2', 'write', 'UPDATE'],
  ['EXPLAIN (ANALYZE, BUFFERS) SELECT 1', 'read'],
  ['DROP TABLE app.animals, b', 'destructive', 'DROP TABLE', 'app.animals'],
  ['DROP DATABASE showtrack', 'destructive', 'DROP DATABASE', 'showtrack'],
  ['DROP FUNCTION app.f(int)', 'destructive', 'DROP FUNCTION', 'app.f'],
  ['DROP TYPE mood', 'destructive', 'DROP TYPE', 'mood'],
  ['DROP SCHEMA staging CASCADE', 'destructive', 'DROP SCHEMA', 'staging'],
  ['DROP ROLE IF EXISTS bob', 'destructive', 'DROP ROLE', 'bob'],
  ['TRUNCATE journal_entries', 'destructive', 'TRUNCATE', 'journal_entries'],
  ['REVOKE INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public FROM authenticated;', 'destructive', 'REVOKE', 'authenticated'],
  ['REVOKE admin FROM alice', 'destructive', 'REVOKE', 'alice'],
  ['GRANT SELECT ON t TO alice', 'write', 'GRANT'],
  ['DELETE FROM animals', 'destructive', 'DELETE without WHERE', 'animals'],
  ['DELETE FROM animals WHERE id = 3', 'write', 'DELETE'],
  ['UPDATE animals SET name = 1', 'destructive', 'UPDATE without WHERE', 'animals'],
  ['WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d', 'destructive', 'DELETE without WHERE', 't'],
  ['INSERT INTO t VALUES (1)', 'write', 'INSERT'],
  ['ALTER DATABASE showtrack SET default_transaction_read_only = true;', 'destructive', 'ALTER DATABASE', 'showtrack'],
  ['ALTER SYSTEM SET work_mem = 1', 'destructive', 'ALTER SYSTEM', 'work_mem'],
  ['ALTER TABLE t ADD COLUMN c int', 'write', 'ALTER TABLE'],
  ['ALTER TABLE t DROP COLUMN c', 'destructive', 'ALTER TABLE ... DROP COLUMN'],
  ['VACUUM (FULL, ANALYZE) bloated', 'destructive', 'VACUUM FULL', 'bloated'],
  ['VACUUM FULL', 'destructive', 'VACUUM FULL'],
  ['VACUUM ANALYZE t', 'write', 'VACUUM'],
  ['ANALYZE;', 'write', 'ANALYZE'],
  ['REINDEX TABLE animals;', 'destructive', 'REINDEX', 'animals'],
  ['REINDEX DATABASE showtrack', 'destructive', 'REINDEX', 'showtrack'],
  ['CLUSTER t USING i', 'destructive', 'CLUSTER', 't'],
  ['CREATE INDEX i ON t(a)', 'write', 'CREATE INDEX'],
  ["COMMENT ON TABLE t IS 'x'", 'write', 'COMMENT'],
  ["NOTIFY pgrst, 'reload schema';", 'write', 'NOTIFY'],
  ['SET statement_timeout = 0', 'write', 'SET'],
  ["COPY t FROM '/tmp/x.csv'", 'write', 'COPY FROM'],
  ['COPY t TO STDOUT', 'read', 'COPY TO'],
  ['SELECT * INTO new_t FROM t', 'write', 'SELECT INTO creates a table'],
  ['SELECT * FROM t FOR UPDATE', 'write'],
  ['SELECT pg_terminate_backend(12345);', 'destructive', 'pg_terminate_backend() ends the session of backend 12345', '12345'],
  ["SELECT 1 FROM pg_stat_activity WHERE pg_catalog.pg_cancel_backend(pid) AND state = 'idle'", 'destructive'],
  ['SELECT * FROM performance.kill_long_queries(30);', 'destructive', 'performance.kill_long_queries() terminates the backends of queries running longer than the given minutes (declared by the toolkit)'],
  ['SELECT * FROM backup_recovery.create_full_backup();', 'write'],
  ["SELECT backup_recovery.restore_table('a', 'b', 'replace');", 'destructive', "restore_table with mode 'replace' makes b exactly the backup: rows the backup lacks are deleted, the others overwritten", 'b'],
  ["SELECT backup_recovery.restore_table('a', 'b', 'merge');", 'write'],
  ['SELECT backup_recovery.cleanup_old_backups(30);', 'destructive'],
  ['SELECT * FROM backup_recovery.perform_maintenance();', 'write'],
  ['SELECT * FROM performance.optimize_cache();', 'read'],
  ["SELECT set_config('a', 'b', false)", 'write'],
  ['SELECT * FROM performance.dashboard();', 'read'],
  ["SELECT * FROM backup_recovery.validate_backup('x');", 'read'],
  ['BEGIN', 'read'],
  ['-- only a comment', 'read'],
  ['DO $$ BEGIN DELETE FROM t; END $$', 'destructive', 'DO block: DELETE without WHERE', 't'],
  ['DO $$ BEGIN DELETE FROM t WHERE id = 1; END $$', 'write', 'DO block: DELETE'],
];

describe('classifyRisk for SQL (parse tree)', () => {
  it.each(SQL)('%s -> %s', (text, risk, reason, target) => {
    const result = classifyRisk(text, 'sql');
    expect(result.syntaxError).toBeUndefined();
    expect(result.risk).toBe(risk);
    if (reason !== undefined) expect(result.reasons).toContain(reason);
    if (target !== undefined) expect(result.confirmTarget).toBe(target);
  });

  it('omits the confirm target for pg_terminate_backend (the UI asks for yes)', () => {
    expect(classifyRisk('SELECT pg_terminate_backend(pid) FROM pg_stat_activity', 'sql').confirmTarget).toBeUndefined();
  });

  it.each([
    ["SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '[suspicious_user]';", 'role', '[suspicious_user]', 'pg_terminate_backend() ends the sessions of role [suspicious_user]'],
    ["SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'eve' AND state = 'idle'", 'role', 'eve', 'pg_terminate_backend() ends the sessions of role eve'],
    ["SELECT pg_cancel_backend(a.pid) FROM pg_catalog.pg_stat_activity a WHERE a.datname = 'shop'", 'database', 'shop', 'pg_cancel_backend() cancels the running queries of database shop'],
    ['SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = 42', 'pid', '42', 'pg_terminate_backend() ends the session of backend 42'],
  ])('a pg_stat_activity query that names whose sessions it ends asks for that object: %s', (text, kind, name, reason) => {
    expect(classifyRisk(text, 'sql')).toMatchObject({ risk: 'destructive', confirmTarget: name, targets: [{ kind, name }], reasons: [reason] });
  });

  it.each([
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE state = 'idle in transaction' AND state_change < now() - interval '10 minutes'",
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'eve' OR state = 'idle'",
    "SELECT pg_terminate_backend(l.pid) FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid WHERE a.usename = 'eve'",
  ])('sessions picked by state, age, an OR or a join name no object (yes is asked): %s', (text) => {
    const result = classifyRisk(text, 'sql');
    expect(result.risk).toBe('destructive');
    expect(result.confirmTarget).toBeUndefined();
  });

  it('parses through placeholders and names the placeholder as the target', () => {
    expect(classifyRisk('SELECT pg_terminate_backend([pid]);', 'sql').risk).toBe('destructive');
    expect(classifyRisk('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM [suspicious_user];', 'sql')).toMatchObject({
      risk: 'destructive',
      confirmTarget: '[suspicious_user]',
    });
    expect(classifyRisk('DROP TABLE public.[table_name]', 'sql').confirmTarget).toBe('public.[table_name]');
    expect(classifyRisk('TRUNCATE "[tbl]"', 'sql').confirmTarget).toBe('[tbl]');
    expect(classifyRisk("SELECT * FROM t WHERE usename = '[user]' AND note LIKE '%[part]%' AND d > INTERVAL [age]", 'sql').risk).toBe('read');
    expect(classifyRisk('DELETE FROM t WHERE [condition]', 'sql').risk).toBe('write');
    expect(classifyRisk('EXPLAIN (ANALYZE, BUFFERS) \n[paste slow query here];', 'sql')).toMatchObject({
      risk: 'write',
      reasons: ['runs SQL pasted at run time (re-checked once bound)'],
    });
  });

  it('reports a syntax error with its offset in the original text, and calls it write', () => {
    const result = classifyRisk("SELECT '[name]', [pid] FROM WHERE", 'sql');
    expect(result.risk).toBe('write');
    expect(result.syntaxError?.message).toMatch(/syntax error at or near "WHERE"/);
    expect(result.syntaxError?.offset).toBe("SELECT '[name]', [pid] FROM ".length);
    const multibyte = classifyRisk("SELECT 'é✅' FROM FROM", 'sql');
    expect(multibyte.syntaxError?.offset).toBe("SELECT 'é✅' FROM ".length);
    const astral = classifyRisk("SELECT '🚨🚨' FROM FROM", 'sql');
    expect(astral.syntaxError?.offset).toBe("SELECT '🚨🚨' FROM ".length);
  });

  it('caches without sharing mutable results', () => {
    const first = classifyRisk('DROP TABLE x', 'sql');
    first.reasons.push('changed');
    expect(classifyRisk('DROP TABLE x', 'sql').reasons).toEqual(['DROP TABLE']);
  });
});

const OTHER: [string, StatementKind, Risk, string?][] = [
  ['\\d+ animals', 'psql-meta', 'read'],
  ['\\dt', 'psql-meta', 'read'],
  ['\\l', 'psql-meta', 'read'],
  ['\\i /path/to/fix.sql', 'psql-meta', 'write', '\\i runs the SQL file /path/to/fix.sql'],
  ['\\ir fix.sql', 'psql-meta', 'write'],
  ['\\! rm -rf /', 'psql-meta', 'destructive', '\\! runs: rm deletes files'],
  ['\\copy t from data.csv', 'psql-meta', 'write'],
  ['-- a note', 'note', 'read'],
  ['psql -h [host] -U [user] -d [database]', 'shell', 'read', 'psql without -c/-f opens an interactive session (runs nothing by itself)'],
  ['psql $DATABASE_URL -c "SELECT * FROM performance.dashboard();"', 'shell', 'read'],
  ["psql -d x --command='DROP TABLE t'", 'shell', 'destructive', 'psql -c: DROP TABLE'],
  ['psql -c "SELECT pg_terminate_backend(1)" -d x', 'shell', 'destructive'],
  ['psql -c "SELEC oops"', 'shell', 'write'],
  ['psql $DATABASE_URL -f /scripts/audit.sql', 'shell', 'write'],
  ['psql < restore.sql', 'shell', 'write'],
  ['pg_dump -Fc showtrack > /dev/null', 'shell', 'read'],
  ['pg_dump -Fc showtrack > /backups/x.dump', 'shell', 'read'],
  ['echo x > /etc/motd', 'shell', 'write', 'writes /etc/motd'],
  ['psql -Atc "DELETE FROM t" db', 'shell', 'destructive', 'psql -c: DELETE without WHERE'],
  ['psql -qXf fix.sql db', 'shell', 'write', 'psql runs the SQL file fix.sql (its content is not read here)'],
  ['pg_isready -h db 2>&1', 'shell', 'read'],
  ['echo hi | grep h && date +%F', 'shell', 'read'],
  ['curl -s https://status.example.com', 'shell', 'read'],
  ['curl -X POST https://hooks.example.com -d x', 'shell', 'write', 'curl sends POST to https://hooks.example.com'],
  ['echo "$(rm -rf /tmp/x)"', 'shell', 'destructive', 'rm deletes files'],
  ['dropdb -h db showtrack', 'shell', 'destructive', 'dropdb drops a database'],
  ['sudo -u postgres pg_ctl stop -D /data', 'shell', 'destructive'],
  ['pg_restore --clean -d x dump', 'shell', 'destructive'],
  ['supabase db reset', 'shell', 'write'],
  ['FOO=1 ls -la # comment $(rm x)', 'shell', 'read'],
];

describe('classifyRisk for psql meta-commands, notes and shell', () => {
  it.each(OTHER)('%s (%s) -> %s', (text, kind, risk, reason) => {
    const result = classifyRisk(text, kind);
    expect(result.risk).toBe(risk);
    if (reason !== undefined) expect(result.reasons).toContain(reason);
  });

  it('takes the target of psql -c SQL and of dropdb', () => {
    expect(classifyRisk("psql -c 'TRUNCATE audit_log'", 'shell').confirmTarget).toBe('audit_log');
    expect(classifyRisk('dropdb showtrack', 'shell').confirmTarget).toBe('showtrack');
  });

  it('reads the seed daily health script as write (it runs a SQL file and writes reports)', () => {
    const script = [
      '#!/bin/bash',
      'psql $DATABASE_URL -f /scripts/database_operations_audit.sql > /reports/daily_$(date +%Y%m%d).txt',
      'if grep -q "CRITICAL\\|FAILED" /reports/daily.txt; then',
      '    mail -s "Database Alert" dba@company.com < /reports/daily.txt',
      'fi',
    ].join('\n');
    expect(classifyRisk(script, 'shell').risk).toBe('write');
  });
});

describe('parseSql', () => {
  it('is ready once loaded and reports errors with 0-based offsets', () => {
    expect(isSqlParserReady()).toBe(true);
    expect(parseSql('SELECT 1; SELECT 2')).toMatchObject({ ok: true, stmts: [{}, {}] });
    expect(parseSql('SELECT 1 frm x where')).toEqual({ ok: false, message: 'syntax error at or near "x"', offset: 13 });
    expect(parseSql("SELECT 'unterminated")).toMatchObject({ ok: false, offset: 7 });
  });
});

describe('classifyRisk (property)', () => {
  it('never throws, and syntax error offsets stay inside the text', async () => {
    const fc = (await import('fast-check')).default;
    const piece = fc.constantFrom('SELECT ', 'DELETE FROM t', ' WHERE ', '[x]', "'[y]'", '[paste query]', ';', "'", '(', ')', 'psql -c "', '$(', '`', '\\i ', '>', ' ');
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string()), { maxLength: 20 }), fc.constantFrom<StatementKind>('sql', 'shell', 'psql-meta', 'note'), (parts, kind) => {
        const text = parts.join('');
        const result = classifyRisk(text, kind);
        expect(['read', 'write', 'destructive']).toContain(result.risk);
        if (result.syntaxError) {
          expect(result.syntaxError.offset).toBeGreaterThanOrEqual(0);
          expect(result.syntaxError.offset).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('the seed runbook, block by block', () => {
  const statementsOf = (file: URL) => {
    const md = readFileSync(file, 'utf8');
    return [...md.matchAll(/^( *)```(\w*)\n([\s\S]*?)^\1```/gm)].flatMap(([, indent, lang, body]) => {
      const code = body!.split('\n').map((line) => line.slice(indent!.length)).join('\n');
      return lang === 'sql' ? splitSql(code) : splitShell(code);
    });
  };
  const seed = new URL('../../test/fixtures/seed/database-operations-runbook.md', import.meta.url);
  const bundled = new URL('../../runbooks/database-operations.md', import.meta.url);

  it.each([['seed', seed], ['bundled', bundled]])('%s: every statement parses; REVOKE and pg_terminate_backend are destructive', (_, file) => {
    const statements = statementsOf(file);
    expect(statements.length).toBeGreaterThan(50);
    for (const s of statements) {
      const result = classifyRisk(s.text, s.kind);
      expect(result.syntaxError, s.text).toBeUndefined();
      if (/^REVOKE|pg_terminate_backend/.test(s.text) || s.text.includes('pg_terminate_backend')) {
        expect(result.risk, s.text).toBe('destructive');
      }
    }
    const active = statements.find((s) => s.text === "SELECT * FROM pg_stat_activity WHERE state = 'active';");
    expect(classifyRisk(active!.text, 'sql').risk).toBe('read');
  });

  it('bundled: the destructive statements that ask `yes` name no object (sessions by state and age, a toolkit call by minutes or days)', () => {
    const yes = statementsOf(bundled)
      .map((s) => ({ s, r: classifyRisk(s.text, s.kind) }))
      .filter(({ r }) => r.risk === 'destructive' && r.confirmTarget === undefined)
      .map(({ s }) => s.text.replace(/\s+/g, ' ').slice(0, 60));
    expect(yes).toEqual([
      'SELECT * FROM performance.kill_long_queries([minutes]);',
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE",
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE",
      'SELECT backup_recovery.cleanup_old_backups(30);',
      expect.stringMatching(/^#!\/bin\/bash/),
    ]);
    // "Force logout" names the role whose sessions it ends: the typed word is that role.
    const logout = statementsOf(bundled).find((s) => s.text.includes("usename = '[suspicious_user]'") && s.text.includes('pg_terminate_backend'));
    expect(classifyRisk(logout!.text, 'sql')).toMatchObject({ confirmTarget: '[suspicious_user]', targets: [{ kind: 'role' }] });
  });
});
