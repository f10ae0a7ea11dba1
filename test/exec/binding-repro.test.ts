// Issue 11's "Binding" measurements, each as its own test through `runbook exec` (the built binary,
// a real database, real bash and psql): what once ran as code now arrives as data.

import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { createTestDatabase, query } from '../helpers/db.js';
import { CLI } from '../helpers/cli.js';
import { ensureParsers } from '../../src/runbook/parsers.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import { resolveTarget } from '../../src/database/resolve.js';
import { openSession } from '../../src/session/open.js';
import { realDeps } from '../../src/session/deps.js';
import { DEFAULT_POLICY } from '../../src/session/policy.js';

const RUNBOOK = join(import.meta.dirname, 'runbooks/binding.md');
let db: string;
let cwd: string;

async function exec(procedure: string, params: string[], extra: string[] = []) {
  const args = ['exec', RUNBOOK, procedure, '--yes', '--db', db, '--json', ...params.flatMap((p) => ['--param', p]), ...extra];
  const r = await execa('node', [CLI, ...args], { cwd, reject: false, stdin: 'ignore', env: { DATABASE_URL: '', PGHOST: '' } });
  const lines = String(r.stdout).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  return { code: r.exitCode, lines, stderr: String(r.stderr) };
}

const tables = async () => (await query(db, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).map((r) => r.tablename);

beforeAll(async () => {
  db = await createTestDatabase('rb_bindrepro');
  cwd = mkdtempSync(join(tmpdir(), 'rb-bindrepro-'));
  await query(db, 'CREATE TABLE notes (v text); CREATE TABLE victim (x int); CREATE TABLE victim2 (x int); CREATE TABLE victim3 (x int)');
  await query(db, 'CREATE TABLE journal_entries (id int); INSERT INTO journal_entries SELECT generate_series(1, 20)');
});

describe('issue 11, Binding: each measured defect', () => {
  it('a value cannot close the dollar quote around it', async () => {
    const val = '$$); DROP TABLE victim; --';
    const r = await exec('dollar note', [`val=${val}`]);
    expect(r.code, r.stderr).toBe(0);
    expect(await tables()).toContain('victim');
    expect((await query(db, 'SELECT v FROM notes')).map((x) => x.v)).toContain(`note: ${val}`);
    expect(r.lines[0].text).toBe(`INSERT INTO notes(v) VALUES ($rb$note: ${val}$rb$);`);
  });

  it('SQL inside psql -c is bound as SQL, also under --read-only', async () => {
    for (const extra of [[], ['--read-only']]) {
      const r = await exec('count from psql', ["name=x'; DROP TABLE victim2; --"], extra);
      expect(r.code, r.stderr).toBe(0);
      expect(r.lines[0].stdoutTail).toMatch(/^\s*count\s*\n-+\n\s*0\n/);
      expect(await tables()).toContain('victim2');
    }
  });

  it('a quoted placeholder in a quoted heredoc fed to psql runs and inserts the value', async () => {
    const val = `it's \\ "q" $HOME \`date\``;
    const r = await exec('heredoc into psql', [`val=${val}`]);
    expect(r.code, r.stderr).toBe(0);
    expect((await query(db, 'SELECT v FROM notes')).map((x) => x.v)).toContain(val);
  });

  it('with standard_conforming_strings off, a backslash cannot end the string', async () => {
    const val = "\\'); DROP TABLE victim3; --";
    const r = await exec('conforming strings off', [`val=${val}`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines[1].rows).toEqual([[`pre-${val}-post`]]);
    expect(await tables()).toContain('victim3');
  });

  it('secret: false in front matter shows and journals the value', async () => {
    const r = await exec('secret false', ['primary_key=k-123']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines[0].text).toBe("SELECT 'k-123' AS k;");
    const dir = join(cwd, '.runbook/sessions');
    const { readdirSync } = await import('node:fs');
    const session = readdirSync(dir).filter((d) => d.endsWith('secret-false')).sort().at(-1)!;
    const events = readFileSync(join(dir, session, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(events.find((e) => e.type === 'param-set')).toMatchObject({ name: 'primary_key', value: 'k-123', secret: false });
  });

  it('a two-line pasted query is bound whole: the DELETE keeps its WHERE', async () => {
    const r = await exec('slow query', ['paste_slow_query_here=DELETE FROM journal_entries\nWHERE id = 1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines[0].text).toBe('EXPLAIN (ANALYZE, BUFFERS) DELETE FROM journal_entries\nWHERE id = 1;');
    expect((await query(db, 'SELECT count(*)::int AS n FROM journal_entries'))[0]!.n).toBe(19);
  });

  it('one placeholder used twice is bound at both places', async () => {
    const note = "ab'c; DROP TABLE x; --";
    const r = await exec('twice', [`note=${note}`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines[0].rows).toEqual([[note, note]]);
  });

  it('an edited statement using the placeholder twice is modelled again before binding', async () => {
    await ensureParsers();
    const source = readFileSync(RUNBOOK, 'utf8');
    const runbook = parseRunbook(source, RUNBOOK);
    const target = await resolveTarget({ db, embedded: () => Promise.reject(new Error('no')) });
    const procedure = runbook.procedures.find((p) => p.id === 'twice')!;
    const engine = await openSession({ runbook, source, procedure, target, policy: DEFAULT_POLICY, sessionDir: mkdtempSync(join(tmpdir(), 'rb-twice-')), deps: realDeps });
    const id = engine.getState().statements[0]!.id;
    const note = "ab'c; DROP TABLE x; --";
    await engine.setParam('note', note);
    const p = await engine.prepare(id, { editedText: 'SELECT [note] AS a, [note] AS b LIMIT 1;' });
    expect(p.display).toBe("SELECT 'ab''c; DROP TABLE x; --' AS a, 'ab''c; DROP TABLE x; --' AS b LIMIT 1;");
    const done = await engine.confirm(id, { yes: true });
    expect(done.status === 'succeeded' && done.result.rows).toEqual([[note, note]]);
    await engine.close();
  });
});
