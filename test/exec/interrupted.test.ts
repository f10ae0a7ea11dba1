// An interrupted statement with `resume --yes` (issue 12, defect 3), the real binary against a real
// server: `exec` is killed (SIGKILL) while the server runs its write. Resume asks the server (the session's
// connection is `runbook/<session-id>` in pg_stat_activity): while the write still runs, it is not started
// again, whatever the flags; once it is gone, resume stops saying why unless --rerun-interrupted. On the
// old main resume ran it again at once, so the write ran twice.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { CLI } from '../helpers/cli.js';
import { until } from '../helpers/until.js';
import { createTestDatabase, query } from '../helpers/db.js';
import { inspectSession } from '../../src/session/list.js';

const RUNBOOK = join(import.meta.dirname, 'runbooks/interrupted.md');
let cwd: string;
let db: string;
const env = { DATABASE_URL: '', PGHOST: '' };
const run = (args: string[]) => execa('node', [CLI, ...args], { cwd, env, reject: false, stdin: 'ignore' });

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'rb-interrupted-'));
  db = await createTestDatabase('rb_interrupted_cli');
  expect((await run(['exec', RUNBOOK, 'setup', '--yes', '--db', db])).exitCode).toBe(0);
});

const backends = () =>
  query<{ pid: number; application_name: string }>(db, "SELECT pid, application_name FROM pg_stat_activity WHERE query LIKE '%interrupted_marker%' AND state = 'active' AND pid <> pg_backend_pid()");
const marks = async () => (await query<{ m: string }>(db, 'SELECT m FROM marks ORDER BY m')).map((r) => r.m);

describe('resume --yes after the process died mid-statement', () => {
  it('asks the server, refuses while it runs, then runs it again only with --rerun-interrupted', async () => {
    await query(db, 'INSERT INTO sleep_for VALUES (60)');
    const dir = join(cwd, 's');
    const exec = run(['exec', RUNBOOK, 'slow write', '--yes', '--db', db, '--session-dir', dir]);
    // Started (journaled) first: before it, its preview's count probe runs the same SELECT for up to 2 s.
    const started = () => inspectSession(dir)?.derived.state.statements.some((v) => v.state.status === 'running') ?? false;
    await until(async () => started() && (await backends()).length === 1, 'the write to run on the server');
    const id = inspectSession(dir)!.derived.state.id;
    const [backend] = await backends();
    expect(backend!.application_name).toBe(`runbook/${id}`);
    exec.kill('SIGKILL');
    await exec;

    // The server still runs it: never started again, --rerun-interrupted or not.
    for (const flags of [[], ['--rerun-interrupted']]) {
      const refused = await run(['resume', dir, '--yes', ...flags, '--db', db]);
      expect(refused.exitCode).toBe(1);
      const lines = String(refused.stderr).trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^runbook: runbook resume: line 15 was interrupted: the process running it died \\(started [^)]+\\); it is still running on the server \\(pid ${backend!.pid}, active for [\\d.]+ s\\); it is not started again while it runs: wait for it to end, or cancel it \\(SELECT pg_cancel_backend\\(${backend!.pid}\\)\\), then resume$`));
    }
    expect(await backends()).toHaveLength(1);

    await query(db, 'SELECT pg_cancel_backend($1)', [backend!.pid]);
    await until(async () => (await backends()).length === 0, 'the write to be cancelled');
    await query(db, 'TRUNCATE sleep_for');
    const stopped = await run(['resume', dir, '--yes', '--db', db]);
    expect(stopped.exitCode).toBe(1);
    expect(String(stopped.stderr).trim()).toMatch(/line 15 was interrupted: .*it is not running on the server now, and may have completed before the process died; check what it did, then resume with --rerun-interrupted to run it again/);
    expect(await marks()).toEqual([]);

    const rerun = await run(['resume', dir, '--yes', '--rerun-interrupted', '--db', db]);
    expect(rerun.exitCode, String(rerun.stderr)).toBe(0);
    expect(String(rerun.stderr)).toContain('line 15 runs again (--rerun-interrupted)');
    expect(await marks()).toEqual(['after', 'slow']);
  });
});
