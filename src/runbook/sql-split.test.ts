import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitSql } from './sql-split.js';
import { splitShell } from './shell-split.js';
import type { RawStatement } from './raw-statement.js';

const brief = (statements: RawStatement[]) => statements.map((s) => [s.kind, s.text, s.description]);

/** Code blocks of a runbook by the heading line above them (enough for the seed's simple layout). */
function seedBlock(heading: string, nth = 0): string {
  const md = readFileSync(new URL('../../test/fixtures/seed/database-operations-runbook.md', import.meta.url), 'utf8');
  const section = md.slice(md.indexOf(heading));
  const fences = [...section.matchAll(/^( *)```(\w*)\n([\s\S]*?)^\1```/gm)];
  const [, indent, , body] = fences[nth]!;
  return body!.split('\n').map((line) => line.slice(indent!.length)).join('\n');
}

describe('splitSql', () => {
  it('splits on semicolons and keeps positions', () => {
    const code = 'SELECT 1;\n  SELECT 2;SELECT\n  3;';
    const statements = splitSql(code);
    expect(statements.map((s) => [s.text, s.offset, s.line, s.column, s.endLine])).toEqual([
      ['SELECT 1;', 0, 1, 1, 1],
      ['SELECT 2;', 12, 2, 3, 2],
      ['SELECT\n  3;', 21, 2, 12, 3],
    ]);
  });

  it('does not split inside strings, identifiers, comments or dollar quotes', () => {
    const code = [
      "SELECT 'a;b', 'it''s; fine';",
      "SELECT E'\\';still a string;', 2;",
      'SELECT 1 AS "odd;name";',
      'SELECT /* outer /* nested; */ still comment; */ 3;',
      'SELECT 4 -- trailing; comment',
      '  + 1;',
      'CREATE FUNCTION f() RETURNS int AS $body$',
      'BEGIN',
      '  PERFORM 1; RETURN 2;',
      'END;',
      '$body$ LANGUAGE plpgsql;',
      'DO $$ BEGIN RAISE NOTICE $x$;$x$; END $$;',
    ].join('\n');
    const texts = splitSql(code).map((s) => s.text);
    expect(texts).toHaveLength(7);
    expect(texts[1]).toBe("SELECT E'\\';still a string;', 2;");
    expect(texts[3]).toBe('SELECT /* outer /* nested; */ still comment; */ 3;');
    expect(texts[4]).toBe('SELECT 4 -- trailing; comment\n  + 1;');
    expect(texts[5]).toMatch(/^CREATE FUNCTION[\s\S]*LANGUAGE plpgsql;$/);
    expect(texts[6]).toBe('DO $$ BEGIN RAISE NOTICE $x$;$x$; END $$;');
  });

  it('treats $1 and identifiers with $ as no dollar quote, and parentheses like psql', () => {
    const texts = splitSql('PREPARE p AS SELECT $1; SELECT a$b$ FROM t; CREATE RULE r AS ON INSERT TO t DO ALSO (NOTIFY a; NOTIFY b); SELECT 9;').map((s) => s.text);
    expect(texts).toEqual([
      'PREPARE p AS SELECT $1;',
      'SELECT a$b$ FROM t;',
      'CREATE RULE r AS ON INSERT TO t DO ALSO (NOTIFY a; NOTIFY b);',
      'SELECT 9;',
    ]);
  });

  it('reads backslash lines as psql meta-commands, one line each', () => {
    const statements = splitSql('-- load the fix\n\\i /path/fix.sql\n\\dt+ public.*\nSELECT 1 \\x\n');
    expect(brief(statements)).toEqual([
      ['psql-meta', '\\i /path/fix.sql', 'load the fix'],
      ['psql-meta', '\\dt+ public.*', undefined],
      ['sql', 'SELECT 1', undefined],
      ['psql-meta', '\\x', undefined],
    ]);
  });

  it('keeps a query and the meta-command that sends it (\\gexec, \\gx, \\g) as one statement', () => {
    const statements = splitSql(
      "-- run what the function lists\nSELECT statement\nFROM f() \\gexec\nSELECT ';' \\gx\nSELECT 2;\nSELECT 3 \\g out.txt\nSELECT E'\\\\n' \\gexec\n",
    );
    expect(brief(statements)).toEqual([
      ['psql-meta', 'SELECT statement\nFROM f() \\gexec', 'run what the function lists'],
      ['psql-meta', "SELECT ';' \\gx", undefined],
      ['sql', 'SELECT 2;', undefined],
      ['psql-meta', 'SELECT 3 \\g out.txt', undefined],
      ['psql-meta', "SELECT E'\\\\n' \\gexec", undefined],
    ]);
  });

  it('reads plain shell lines as shell statements ending at the line end', () => {
    const statements = splitSql(
      'pg_dump -Fc mydb > /tmp/db.dump\n/usr/bin/psql -c "SELECT 1;" \\\n  -d x\nSELECT 1; psql\npsqlx;\n./fix.sh --now\n',
    );
    expect(brief(statements)).toEqual([
      ['shell', 'pg_dump -Fc mydb > /tmp/db.dump', undefined],
      ['shell', '/usr/bin/psql -c "SELECT 1;" \\\n  -d x', undefined],
      ['sql', 'SELECT 1;', undefined],
      ['sql', 'psql\npsqlx;', undefined],
      ['shell', './fix.sh --now', undefined],
    ]);
  });

  it('turns comment-only lines into notes, except the group right above a statement', () => {
    const code = '-- intro\n-- more intro\n\n-- describes it\n# and this\nSELECT 1; -- inline\n\n/* block\n * note */\n-- after\n';
    expect(brief(splitSql(code))).toEqual([
      ['note', '-- intro\n-- more intro', undefined],
      ['sql', 'SELECT 1; -- inline', 'describes it\nand this'],
      ['note', '/* block\n * note */\n-- after', undefined],
    ]);
  });

  it('keeps a last statement without semicolon, leaving the comment lines after it as notes', () => {
    const statements = splitSql('SELECT 1\n  FROM t -- why\n-- afterwards\n');
    expect(brief(statements)).toEqual([
      ['sql', 'SELECT 1\n  FROM t -- why', undefined],
      ['note', '-- afterwards', undefined],
    ]);
  });

  it('survives unterminated quotes and comments, CRLF and empty input', () => {
    expect(splitSql('')).toEqual([]);
    expect(splitSql(' \n\t\n')).toEqual([]);
    expect(splitSql("SELECT 'open;\nSELECT 2;").map((s) => s.text)).toEqual(["SELECT 'open;\nSELECT 2;"]);
    expect(splitSql('SELECT $$ open; ').map((s) => s.text)).toEqual(['SELECT $$ open;']);
    expect(brief(splitSql('-- a\r\nSELECT 1;\r\nSELECT 2;\r\n'))).toEqual([
      ['sql', 'SELECT 1;', 'a'],
      ['sql', 'SELECT 2;', undefined],
    ]);
    expect(splitSql(';;; ;')).toEqual([]);
  });

  it('splits the seed Quick Reference block into its 8 described statements', () => {
    const statements = splitSql(seedBlock('## Quick Reference Commands'));
    expect(statements.map((s) => [s.kind, s.description])).toEqual([
      ['sql', 'Show database size'],
      ['sql', 'Active connections'],
      ['sql', 'Kill specific PID'],
      ['sql', 'Force schema reload (Supabase)'],
      ['sql', 'Emergency maintenance mode'],
      ['sql', 'Exit maintenance mode'],
      ['sql', 'Check for locks'],
      ['sql', 'Table sizes'],
    ]);
    expect(statements[7]!.text).toMatch(/^SELECT tablename,[\s\S]*DESC;$/);
    expect(statements[7]!.endLine).toBe(statements[7]!.line + 1);
  });

  it('reads the seed Database Down, Cache Performance and EXPLAIN blocks', () => {
    expect(brief(splitSql(seedBlock('### 🚨 Database Down')))).toEqual([
      ['shell', 'psql -h [host] -U [user] -d [database]', 'Check connection from multiple sources'],
      ['note', '-- Check Supabase dashboard status\n-- https://status.supabase.com', undefined],
    ]);
    const cache = splitSql(seedBlock('### Cache Performance Issues'));
    expect(cache.map((s) => s.kind)).toEqual(['sql', 'note']);
    expect(cache[1]!.text).toMatch(/^-- If cache hit ratio < 90%:[\s\S]*unused indexes$/);
    expect(brief(splitSql(seedBlock('2. **Analyze Query Plan:**')))).toEqual([
      ['sql', 'EXPLAIN (ANALYZE, BUFFERS) \n[paste slow query here];', undefined],
    ]);
  });

  it('never throws and every statement points at its text (property)', () => {
    const pieces = fc.constantFrom(
      "'", '"', '$$', '$t$', ';', '--', '/*', '*/', '\n', ' ', '\\', 'E', "\\'", '(', ')', 'SELECT 1', 'psql -c x',
      '#', '\r\n', '\\i f', 'x', '[a]', '\t',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 40 }), (parts) => {
        const code = parts.join('');
        let previousEnd = 0;
        for (const s of splitSql(code)) {
          expect(code.slice(s.offset).startsWith(s.text)).toBe(true);
          expect(s.text.length).toBeGreaterThan(0);
          expect(s.offset).toBeGreaterThanOrEqual(previousEnd);
          expect(s.endLine).toBeGreaterThanOrEqual(s.line);
          previousEnd = s.offset + s.text.length;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('splits long and pathological input whole (how fast is bench\'s parse_scaling, not a test)', () => {
    const unit = "-- note\nSELECT 'a;b', $$x;y$$, \"q;\" FROM t /* c; */ WHERE x = 1;\n";
    const statements = splitSql(unit.repeat(20_000)).filter((st) => st.kind !== 'note');
    expect(statements).toHaveLength(20_000);
    expect(statements.at(-1)!.text).toBe("SELECT 'a;b', $$x;y$$, \"q;\" FROM t /* c; */ WHERE x = 1;");
    // An unclosed comment swallows the rest: one statement, nothing lost.
    const pathological = ' '.repeat(200_000) + 'x' + '/*'.repeat(50_000) + "'".repeat(1) + '$a$'.repeat(30_000);
    const [only, ...rest] = splitSql(pathological);
    expect(rest).toEqual([]);
    expect(only!.text.startsWith('x/*')).toBe(true);
  });
});

describe('splitShell', () => {
  it('makes the whole script one statement described by its first comment after the shebang', () => {
    const code = '\n#!/bin/bash\n# Save as: check.sh\n# more\n\npsql $DATABASE_URL -c "SELECT 1;"\n\n';
    const [statement, ...rest] = splitShell(code);
    expect(rest).toEqual([]);
    expect(statement).toMatchObject({
      kind: 'shell',
      offset: 1,
      line: 2,
      column: 1,
      endLine: 6,
      description: 'Save as: check.sh',
      text: '#!/bin/bash\n# Save as: check.sh\n# more\n\npsql $DATABASE_URL -c "SELECT 1;"',
    });
  });

  it('has no description when code comes first, and is a note when all comments', () => {
    expect(splitShell('ls\n# later')[0]!.description).toBeUndefined();
    expect(splitShell('# only\n# comments')[0]).toMatchObject({ kind: 'note', description: 'only' });
    expect(splitShell('  \n ')).toEqual([]);
  });
});
