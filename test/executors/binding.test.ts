// Hostile parameter values through the real parser, binder and executors: each value must arrive as
// data, exactly, and nothing but the intended statement may run.

import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.js';
import { createExecutors, type ClosableRegistry } from '../../src/executors/index.js';
import { ensureParsers } from '../../src/runbook/parsers.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import type { Statement } from '../../src/runbook/model.js';
import { bindStatement } from '../../src/session/bind.js';
import { outputDir, request, targetFor } from './helpers.js';

const pwned = join(tmpdir(), `rb-pwned-${process.pid}`);
const HOSTILE = [
  "it's",
  "'; DROP TABLE victims; --",
  `$(touch ${pwned})`,
  `\`touch ${pwned}\``,
  'two\nlines',
  "back\\slash\\' and \\\\",
  '"; DROP TABLE victims; --',
  '${HOME} $HOME %s \\n',
  "' OR 1=1 --",
];

const MARKDOWN = [
  '# Bind', '', '## Procedure', '', '### 1. Step', '',
  '```sql',
  "SELECT '[value]' AS v;",
  "SELECT 'pre-[value]-post' AS v;",
  "SELECT E'esc [value] end' AS v;",
  'SELECT [value] AS v;',
  'SELECT count(*) AS n FROM [table_name];',
  '\\i [file]',
  '```',
  '',
  '```bash',
  `printf '%s|' [value] "[value]" '[value]' "pre [value] post" 'pre [value] post'`,
  '```',
  '',
].join('\n');

let executors: ClosableRegistry;
let statements: Statement[];
const out = outputDir();
const dir = mkdtempSync(join(tmpdir(), 'rb-bind-'));

beforeAll(async () => {
  await ensureParsers();
  statements = parseRunbook(MARKDOWN, join(dir, 'bind.md')).procedures.flatMap((p) => p.steps.flatMap((s) => s.blocks.flatMap((b) => b.statements)));
  expect(statements.map((s) => s.kind)).toEqual(['sql', 'sql', 'sql', 'sql', 'sql', 'psql-meta', 'shell']);
  executors = createExecutors({ target: await targetFor(await createTestDatabase()) });
  await executors.sql.run(request('sql', "CREATE TABLE victims (name text); INSERT INTO victims VALUES ('alive')", { outputDir: out }));
  await executors.sql.run(request('sql', 'CREATE TABLE "we""ird; DROP TABLE victims" (id int)', { outputDir: out }));
});
afterAll(async () => {
  await executors.close();
  rmSync(pwned, { force: true });
});

async function runBound(statement: Statement, values: Record<string, string>) {
  const bound = bindStatement(statement, values);
  expect(bound.missing).toEqual([]);
  return executors[statement.kind as 'sql' | 'shell' | 'psql-meta'].run(
    request(statement.kind as 'sql', bound.text, { env: bound.env, cwd: dir, outputDir: out }),
  );
}

async function victimsIntact() {
  const r = await executors.sql.run(request('sql', 'SELECT name FROM victims', { outputDir: out }));
  expect(r.rows).toEqual([['alive']]);
}

describe('hostile values are bound as data', () => {
  it.each(HOSTILE)('sql literals round-trip exactly: %j', async (value) => {
    const [whole, inside, escaped, bare] = statements;
    expect((await runBound(whole!, { value })).rows).toEqual([[value]]);
    expect((await runBound(inside!, { value })).rows).toEqual([[`pre-${value}-post`]]);
    expect((await runBound(escaped!, { value })).rows).toEqual([[`esc ${value} end`]]);
    expect((await runBound(bare!, { value })).rows).toEqual([[value]]);
    await victimsIntact();
  });

  it('quotes identifiers, so a hostile table name is just a (missing or odd) table', async () => {
    const count = statements[4]!;
    const hostile = await runBound(count, { table_name: 'victims; DROP TABLE victims; --' });
    expect(hostile.status).toBe('failed');
    expect(hostile.error!.code).toBe('42P01');
    const odd = await runBound(count, { table_name: 'we"ird; DROP TABLE victims' });
    expect(odd.status).toBe('succeeded');
    expect((await runBound(count, { table_name: 'public.victims' })).rows).toEqual([['1']]);
    await victimsIntact();
  });

  it.each(HOSTILE)('shell values arrive as one argument, never run: %j', async (value) => {
    const r = await runBound(statements[6]!, { value });
    expect(r.status).toBe('succeeded');
    expect(r.stdoutTail).toBe([value, value, value, `pre ${value} post`, `pre ${value} post`].map((v) => `${v}|`).join(''));
    expect(existsSync(pwned)).toBe(false);
  });

  it('a psql \\i file name with quotes names a file, nothing else', async () => {
    const name = "o'dd $(touch x).sql";
    writeFileSync(join(dir, name), 'SELECT 42 AS answer;\n');
    const r = await runBound(statements[5]!, { file: name });
    expect(r.status).toBe('succeeded');
    expect(r.rows).toEqual([['42']]);
  });

  it('refuses NUL bytes with a clear error', () => {
    expect(() => bindStatement(statements[0]!, { value: 'a\0b' })).toThrow(/NUL byte/);
    expect(() => bindStatement(statements[6]!, { value: 'a\0b' })).toThrow(/NUL byte/);
  });
});
