// bindStatement's text, display, env, missing and fragments, from the finder's record of each use.

import { beforeAll, describe, expect, it } from 'vitest';
import { ensureParsers } from '../runbook/parsers.js';
import type { Statement, StatementKind } from '../runbook/model.js';
import { findPlaceholders } from '../runbook/placeholders.js';
import { bindStatement, envName, literal } from './bind.js';
import { freeTag } from './bind-sql.js';

function statement(kind: StatementKind, text: string): Statement {
  return { id: 'p/1/b1/1', index: 1, text, line: 3, column: 1, endLine: 3, kind, risk: 'read', riskReasons: [], placeholders: findPlaceholders(text, kind) };
}

const bind = (kind: StatementKind, text: string, values: Record<string, string>, secret: string[] = []) =>
  bindStatement(statement(kind, text), values, { secret: new Set(secret) });

beforeAll(async () => {
  await ensureParsers();
});

describe('bindStatement: SQL', () => {
  it('quotes literals and identifiers, masks secrets in the display only', () => {
    const b = bind('sql', "ALTER ROLE [role_name] PASSWORD '[new_password]'", { role_name: 'App"User', new_password: "p'w" }, ['new_password']);
    expect(b.text).toBe(`ALTER ROLE "App""User" PASSWORD 'p''w'`);
    expect(b.display).toBe(`ALTER ROLE "App""User" PASSWORD '****'`);
    expect(b.missing).toEqual([]);
  });

  it('writes a value with a backslash as an E-string, whatever standard_conforming_strings says', () => {
    expect(literal("a\\b'c")).toBe("E'a\\\\b''c'");
    expect(bind('sql', 'SELECT [v]', { v: "\\'); DROP" }).text).toBe("SELECT E'\\\\''); DROP'");
    expect(bind('sql', "SELECT E'[v]'", { v: 'a\\b' }).text).toBe("SELECT E'a\\\\b'");
  });

  it('rewrites an enclosing plain string as E-string when a value inside holds a backslash', () => {
    expect(bind('sql', "SELECT 'pre-[v]-post'", { v: "it's" }).text).toBe("SELECT 'pre-it''s-post'");
    expect(bind('sql', "SELECT 'a\\b [v]'", { v: "\\'); DROP TABLE x; --" }).text).toBe("SELECT E'a\\\\b \\\\''); DROP TABLE x; --'");
    expect(bind('sql', "SELECT x||'[v]'", { v: '\\' }).text).toBe("SELECT x||E'\\\\'");
    expect(bind('sql', "SELECT E'esc\\n [v]'", { v: "\\'" }).text).toBe("SELECT E'esc\\n \\\\'''");
  });

  it('gives a dollar-quoted body a tag its content cannot close', () => {
    const b = bind('sql', 'INSERT INTO notes(v) VALUES ($$note: [val]$$)', { val: '$$); DROP TABLE victim; --' });
    expect(b.text).toBe('INSERT INTO notes(v) VALUES ($rb$note: $$); DROP TABLE victim; --$rb$)');
    expect(bind('sql', 'SELECT $$ [v]$$', { v: 'plain' }).text).toBe('SELECT $$ plain$$');
    expect(freeTag('x $rb$ y $rb1', '$$')).toBe('$$');
    expect(freeTag('x $$ $rb$ $rb1$', '$$')).toBe('$rb2$');
    // A body ending in `$rb` would let `$rb$` close one character early.
    expect(freeTag('$$x$rb', '$$')).toBe('$rb1$');
  });

  it('binds inside DO bodies as code, and re-tags the body', () => {
    const b = bind('sql', "DO $$ BEGIN RAISE NOTICE '%', '[v]'; PERFORM 1 FROM [t]; END $$", { v: '$$; DROP', t: 'x"y' });
    expect(b.text).toBe(`DO $rb$ BEGIN RAISE NOTICE '%', '$$; DROP'; PERFORM 1 FROM "x""y"; END $rb$`);
  });

  it('treats a value in an EXECUTE string as SQL code (a fragment), still string-escaped', () => {
    const s = statement('sql', "DO $$ BEGIN EXECUTE 'DROP TABLE [t]'; END $$");
    expect(s.placeholders.map((u) => [u.name, u.context, u.spot.as])).toEqual([['t', 'sql-fragment', 'text']]);
    const b = bindStatement(s, { t: "x'; y" });
    expect(b.text).toBe("DO $$ BEGIN EXECUTE 'DROP TABLE x''; y'; END $$");
    expect(b.fragments).toEqual(['t']);
  });

  it('doubles quotes inside a quoted identifier', () => {
    expect(bind('sql', 'SELECT 1 FROM "[prefix]_archive"', { prefix: 'a"; DROP' }).text).toBe('SELECT 1 FROM "a""; DROP_archive"');
  });

  it('binds one placeholder used twice at both places', () => {
    expect(bind('sql', 'SELECT [note] AS a, [note] AS b', { note: "x'" }).text).toBe("SELECT 'x''' AS a, 'x''' AS b");
  });

  it('reports missing values and leaves their tokens', () => {
    expect(bind('sql', 'SELECT pg_cancel_backend([pid])', {})).toMatchObject({ text: 'SELECT pg_cancel_backend([pid])', missing: ['pid'] });
  });

  it('pastes sql fragments raw and names them', () => {
    const b = bind('sql', 'EXPLAIN ANALYZE [paste slow query here]', { paste_slow_query_here: 'SELECT 1\nFROM t' });
    expect(b).toMatchObject({ text: 'EXPLAIN ANALYZE SELECT 1\nFROM t', fragments: ['paste_slow_query_here'] });
  });

  it('refuses NUL bytes', () => {
    expect(() => bind('sql', 'SELECT [v]', { v: 'a\0b' })).toThrow(/NUL byte/);
  });

  it('accepts only digits in bit strings', () => {
    expect(bind('sql', "SELECT B'[bits]1'", { bits: '01' }).text).toBe("SELECT B'011'");
    expect(() => bind('sql', "SELECT X'[h]'", { h: "'; DROP" })).toThrow(/hexadecimal/);
  });

  it('binds psql variables and other conventions by where they stand', () => {
    expect(bind('sql', `SELECT :'v', :"t", :n FROM <tbl> WHERE x = {{ y }}`, { v: "a'", t: 'T', n: '5', tbl: 'users', y: '1' }).text).toBe(
      `SELECT 'a''', "T", '5' FROM "users" WHERE x = '1'`,
    );
  });
});

describe('bindStatement: psql meta-commands', () => {
  it('quotes the argument as psql reads it', () => {
    expect(bind('psql-meta', '\\i [file]', { file: "o'dd\\x\ny.sql" }).text).toBe("\\i 'o''dd\\\\x\\ny.sql'");
    expect(bind('psql-meta', "\\i '[file]'", { file: "a'b" }).text).toBe("\\i 'a''b'");
    expect(bind('psql-meta', "\\i '/dir/[file].sql'", { file: "a'b" }).text).toBe("\\i '/dir/a''b.sql'");
  });
});

describe('bindStatement: shell', () => {
  it('passes values as RB_ variables quoted for where they stand', () => {
    const b = bind('shell', `pg_dump -h [host] -f "/b/[name].sql" -c 'x [name]'`, { host: 'db 1', name: 'x' });
    expect(b.text).toBe(`pg_dump -h "\${RB_HOST}" -f "/b/\${RB_NAME}.sql" -c 'x '"\${RB_NAME}"''`);
    expect(b.env).toEqual({ RB_HOST: 'db 1', RB_NAME: 'x' });
    expect(b.display).toBe(`pg_dump -h 'db 1' -f "/b/x.sql" -c 'x x'`);
    expect(envName('paste slow query here')).toBe('RB_PASTE_SLOW_QUERY_HERE');
  });
});
