// The preview as the built binary makes it (issue 11, item 5): `exec --preview` and `--dry-run --json`
// against a real server. The deparser is loaded the way the bundle loads it (a chunk of a CommonJS
// package), so a rewrite that works from the sources but not from dist/ is caught here.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import pg from 'pg';
import { createTestDatabase, query } from '../helpers/db.js';
import { CLI } from '../helpers/cli.js';

const RUNBOOK = join(import.meta.dirname, 'runbooks/preview.md');
let db: string;
let cwd: string;
let stuck: pg.Client;
let stuckPid: number;

beforeAll(async () => {
  db = await createTestDatabase('rb_exec_preview');
  cwd = mkdtempSync(join(tmpdir(), 'rb-exec-preview-'));
  await query(db, 'CREATE TABLE herd (id int PRIMARY KEY); INSERT INTO herd SELECT generate_series(1, 20)');
  // A session left idle in a transaction, as the seed's "Force connection pool reset" finds them.
  stuck = new pg.Client({ connectionString: db, application_name: 'preview-stuck' });
  await stuck.connect();
  stuckPid = Number((await stuck.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
  await stuck.query('BEGIN');
  await stuck.query('SELECT count(*) FROM herd');
});

afterAll(async () => {
  await stuck.end().catch(() => undefined);
});

const exec = async (...args: string[]) => {
  const r = await execa('node', [CLI, 'exec', RUNBOOK, 'Clean up', '--db', db, '--param', 'minutes=0', ...args], { cwd, reject: false, stdin: 'ignore', env: { DATABASE_URL: '', PGHOST: '' } });
  return { code: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
};

describe('exec --preview from the built binary', () => {
  it('counts the rows a DELETE would delete and lists the sessions a terminate query would end; nothing runs', async () => {
    const r = await exec('--preview');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('preview: DELETE from herd: 4 rows');
    expect(r.stdout).toMatch(/preview: sessions pg_terminate_backend\(\) ends 1 session/);
    expect(r.stdout).toContain(`pid ${stuckPid} `);
    expect(r.stdout).not.toContain('could not be rewritten');
    expect(await query(db, 'SELECT count(*)::int AS n FROM herd')).toEqual([{ n: 20 }]);
    expect((await stuck.query('SELECT 1 AS alive')).rows).toEqual([{ alive: 1 }]);
  });

  it('--dry-run --json carries the preview of each write', async () => {
    const r = await exec('--dry-run', '--json');
    expect(r.code).toBe(0);
    const [del, kill] = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(del).toMatchObject({ risk: 'write', dryRun: true, preview: { summary: 'DELETE from herd: 4 rows', rows: 4 } });
    expect(kill.preview.sessions).toEqual([expect.objectContaining({ pid: stuckPid, application: 'preview-stuck', state: 'idle in transaction' })]);
  });
});
