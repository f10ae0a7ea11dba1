// The hostile-value corpus: every value of bench/lib/hostile-values.ts bound in every context a runbook can put a
// placeholder in, then executed for real (the test server through the SQL executor, real bash, the real
// psql client). Each value must arrive as data: read back exactly from the result, the file or the
// table it was written to; the victim tables still exist; the marker file was never created. Contexts
// run twice for SQL, once with standard_conforming_strings on and once off.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, query } from '../helpers/db.js';
import { createExecutors, type ClosableRegistry } from '../../src/executors/index.js';
import { ensureParsers } from '../../src/runbook/parsers.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import type { Statement } from '../../src/runbook/model.js';
import { bindStatement } from '../../src/session/bind.js';
import { outputDir, request, targetFor } from '../executors/helpers.js';
import { HOSTILE, HUGE, OPTION_LIKE, withMarker } from '../../bench/lib/hostile-values.js';
import { SHELL_CONTEXTS, SINK_CONTEXTS, SQL_CONTEXTS, psqlContexts, truncate63 } from '../../bench/lib/binding-contexts.js';

const dir = mkdtempSync(join(tmpdir(), 'rb-hostile-'));
const marker = join(dir, 'MARKER');
const values = HOSTILE.map((h) => ({ ...h, value: withMarker(h.value, marker) }));
const out = outputDir();
let executors: ClosableRegistry;
let db: string;

function statementOf(kind: 'sql' | 'shell' | 'psql-meta', text: string): Statement {
  const lang = kind === 'shell' ? 'bash' : 'sql';
  const md = ['# T', '', '## P', '', '### 1. S', '', '```' + lang, text, '```', ''].join('\n');
  const statements = parseRunbook(md, join(dir, 't.md')).procedures[0]!.steps[0]!.blocks[0]!.statements;
  expect(statements).toHaveLength(1);
  expect(statements[0]!.kind).toBe(kind);
  return statements[0]!;
}

async function run(statement: Statement, vals: Record<string, string>, env: Record<string, string> = {}) {
  const bound = bindStatement(statement, vals);
  expect(bound.missing).toEqual([]);
  return executors[statement.kind as 'sql'].run(request(statement.kind as 'sql', bound.text, { env: { ...bound.env, ...env }, cwd: dir, outputDir: out }));
}

async function sql(text: string) {
  const r = await executors.sql.run(request('sql', text, { outputDir: out }));
  expect(r.error?.message).toBeUndefined();
  return r;
}

async function intact() {
  expect((await query(db, 'SELECT name FROM victim')).map((r) => r.name)).toEqual(['alive']);
  expect((await query(db, 'SELECT count(*)::int AS n FROM victim2'))[0]!.n).toBe(1);
  expect(existsSync(marker)).toBe(false);
}

beforeAll(async () => {
  await ensureParsers();
  db = await createTestDatabase('rb_hostile');
  executors = createExecutors({ target: await targetFor(db) });
  await query(db, "CREATE TABLE victim (name text); INSERT INTO victim VALUES ('alive'); CREATE TABLE victim2 (id int); INSERT INTO victim2 VALUES (1)");
  await query(db, 'CREATE TABLE sink (n serial, v text)');
  expect(values.length).toBeGreaterThanOrEqual(60);
});

afterAll(async () => {
  await executors.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.each(['on', 'off'])('SQL statements, standard_conforming_strings %s', (scs) => {
  beforeAll(async () => {
    await sql(`SET standard_conforming_strings = ${scs}`);
  });
  afterAll(async () => {
    await sql('RESET standard_conforming_strings');
  });

  it.each(SQL_CONTEXTS)('$name: every value reads back exactly', async ({ sql: text, expect: expected }) => {
    const statement = statementOf('sql', text);
    for (const { label, value } of values) {
      const r = await run(statement, { v: value });
      expect(r.error?.message, label).toBeUndefined();
      expect(r.rows, label).toEqual([[expected(value)]]);
    }
    await intact();
  });

  it.each(SINK_CONTEXTS)('$name: every value is inserted as data', async ({ sql: text, expect: expected }) => {
    const statement = statementOf('sql', text);
    for (const { label, value } of values) {
      await query(db, 'TRUNCATE sink');
      const r = await run(statement, { v: value });
      expect(r.error?.message, label).toBeUndefined();
      expect((await query(db, 'SELECT v FROM sink')).map((x) => x.v), label).toEqual([expected(value)]);
    }
    await intact();
  });

  it('identifiers: a value is one identifier (truncated to 63 bytes as PostgreSQL does), never code', async () => {
    const bare = statementOf('sql', 'SELECT 1 AS [column_name]');
    const inside = statementOf('sql', 'SELECT 1 AS "col [v]"');
    for (const { label, value } of values) {
      const r = await run(bare, { column_name: value });
      if (value === '') expect(r.error?.code, label).toBe('42601');
      else expect(r.columns?.[0]?.name, label).toBe(truncate63(value));
      const r2 = await run(inside, { v: value });
      expect(r2.columns?.[0]?.name, label).toBe(truncate63(`col ${value}`));
    }
    await intact();
  });
});

describe('shell statements (real bash)', () => {
  it.each(SHELL_CONTEXTS)('$name: every value arrives as one argument, never run', async ({ text, expect: expected }) => {
    const files = mkdtempSync(join(dir, 'sh-'));
    const script = values.map((_, i) => text(i)).join('\n');
    const statement = statementOf('shell', script);
    const vals = Object.fromEntries(values.map((v, i) => [`v${i}`, v.value]));
    const r = await run(statement, vals, { OUT: join(files, 'out') });
    expect(r.error?.message).toBeUndefined();
    values.forEach(({ label, value }, i) => expect(readFileSync(join(files, `out.${i}`), 'utf8'), label).toBe(expected(value)));
    await intact();
  });
});

describe('option-looking values', () => {
  it('are refused where the program could read them as options', () => {
    for (const value of OPTION_LIKE) {
      for (const text of ['ls [v]', 'rm -f "[v]"', 'kubectl delete pod <v> -n prod', 'sudo -u [v] true', "echo '[v]'"]) {
        expect(() => bindStatement(statementOf('shell', text), { v: value }), `${text} with ${value}`).toThrow(/starts with "-" and would be read as an option/);
      }
    }
  });

  it('are data after --, glued to a word, or in a redirect', async () => {
    for (const value of OPTION_LIKE) {
      const files = mkdtempSync(join(dir, 'opt-'));
      writeFileSync(join(files, value), '');
      writeFileSync(join(files, 'keep'), '');
      const r = await run(statementOf('shell', `cd "$DIR" && rm -- [v] && printf '%s' --opt=[v] > out-[v] && ls -A > "$DIR/list"`), { v: value }, { DIR: files });
      expect(r.error?.message, value).toBeUndefined();
      expect(readFileSync(join(files, `out-${value}`), 'utf8')).toBe(`--opt=${value}`);
      expect(readFileSync(join(files, 'list'), 'utf8').split('\n').filter(Boolean).sort()).toEqual(['keep', 'list', `out-${value}`].sort());
    }
    await intact();
  });
});

describe.each(['on', 'off'])('SQL handed to the real psql client, standard_conforming_strings %s', (scs) => {
  const CONTEXTS = psqlContexts(values.length);

  it.each(CONTEXTS)('$name: every value is inserted as data', async ({ text, expect: expected }) => {
    await query(db, 'TRUNCATE sink');
    const statement = statementOf('shell', text);
    expect(new Set(statement.placeholders.map((u) => u.context))).toEqual(new Set(['sql-literal']));
    const vals = Object.fromEntries(values.map((v, i) => [`v${i}`, v.value]));
    const r = await run(statement, vals, { PGOPTIONS: `-c standard_conforming_strings=${scs}` });
    expect(r.error?.message, r.stderrTail).toBeUndefined();
    const got = (await query(db, 'SELECT v FROM sink ORDER BY n')).map((x) => x.v);
    expect(got).toHaveLength(values.length);
    values.forEach(({ label, value }, i) => expect(got[i], label).toBe(expected(value)));
    await intact();
  });
});

describe('psql meta-commands (\\i)', () => {
  it('a file name is exactly the value: the file runs when it exists, nothing else ever does', async () => {
    const statement = statementOf('psql-meta', '\\i [file]');
    for (const { label, value } of values) {
      const r = await run(statement, { file: value });
      const valid = value !== '' && !value.includes('/') && !value.includes('\0') && Buffer.byteLength(value) < 255 && value !== '.' && value !== '..';
      if (valid) {
        writeFileSync(join(dir, value), `SELECT ${"'ok'"} AS answer;\n`);
        const ok = await run(statement, { file: value });
        expect(ok.rows, label).toEqual([['ok']]);
        rmSync(join(dir, value));
      } else expect(r.status, label).toBe('failed');
    }
    await intact();
  });
});

describe('about 1 MB', () => {
  it('arrives whole in SQL literals, strings and dollar bodies, with standard_conforming_strings off too', async () => {
    await sql('SET standard_conforming_strings = off');
    for (const text of ["SELECT md5('[v]') AS m", "SELECT md5('pre [v]') AS m", 'SELECT md5($$[v] $$) AS m']) {
      const r = await run(statementOf('sql', text), { v: HUGE });
      const input = text.includes('pre') ? `pre ${HUGE}` : text.includes('$$') ? `${HUGE} ` : HUGE;
      expect(r.rows).toEqual([[(await query(db, 'SELECT md5($1) AS m', [input]))[0]!.m]]);
    }
    await sql('RESET standard_conforming_strings');
  });

  it('arrives whole in shell builtins and heredocs (past the 128 KiB environment limit), and through a psql heredoc', async () => {
    await query(db, 'TRUNCATE sink');
    const file = join(dir, 'huge.out');
    const r = await run(statementOf('shell', `printf -- '%s' "[v]" > "${file}"\ncat >> "${file}" <<'EOF'\n[v]\nEOF\npsql -X -q -v ON_ERROR_STOP=1 <<EOF\nINSERT INTO sink(v) VALUES ('[v]');\nEOF`), { v: HUGE });
    expect(r.error?.message, r.stderrTail).toBeUndefined();
    expect(readFileSync(file, 'utf8')).toBe(`${HUGE}${HUGE}\n`);
    expect((await query(db, 'SELECT v = $1 AS same FROM sink', [HUGE]))[0]!.same).toBe(true);
    await intact();
  });

  it('as a program argument it meets the kernel limit: the statement fails, nothing else runs', async () => {
    const r = await run(statementOf('shell', `/bin/echo "[v]" > /dev/null`), { v: HUGE });
    expect(r.status).toBe('failed');
    expect(r.stderrTail).toMatch(/Argument list too long/);
    await intact();
  });
});
