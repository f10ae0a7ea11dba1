// psql meta-commands: \i relative to the working directory, \ir relative to the including file, nested
// includes, errors pointing into the included file, missing files and unsupported commands.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.js';
import { createExecutors, type ClosableRegistry } from '../../src/executors/index.js';
import { outputDir, request, targetFor } from './helpers.js';

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
});
