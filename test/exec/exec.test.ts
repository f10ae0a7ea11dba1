// `runbook exec` as cron and CI run it: the built binary against a real database. Pins the exit codes,
// the one-line refusals, the human output (target first, never a password) and the --json contract.

import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { createTestDatabase, query } from '../helpers/db.js';
import { until } from '../helpers/until.js';
import { CLI as cli } from '../helpers/cli.js';

const RUNBOOK = join(import.meta.dirname, 'runbooks/exec.md');
let db: string;
let cwd: string;

async function exec(args: string[], env: Record<string, string> = {}) {
  const r = await execa('node', [cli, 'exec', ...args], { cwd, reject: false, stdin: 'ignore', env: { DATABASE_URL: '', PGHOST: '', ...env } });
  return { code: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
}

const lines = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

beforeAll(async () => {
  db = await createTestDatabase('rb_exec');
  cwd = mkdtempSync(join(tmpdir(), 'rb-exec-'));
});

describe('runbook exec', () => {
  it('runs every statement, shows the target first (no password), exits 0 and journals', async () => {
    const r = await exec([RUNBOOK, 'read checks', '--yes', '--db', db]);
    expect(r.code).toBe(0);
    const first = r.stdout.split('\n')[0]!;
    expect(first).toMatch(/^Target: postgres:\/\/\w+@[\d.]+:\d+\/rb_exec_\w+ \(host [\d.]+, port \d+, database rb_exec_\w+, user \w+; from --db\)$/);
    const password = new URL(db).password;
    if (password) expect(r.stdout + r.stderr).not.toContain(password);
    expect(r.stdout).toMatch(/ok {3}line 7 .*SELECT 1 AS one/);
    expect(r.stdout).toContain('1500 rows (first 5 shown)');
    expect(r.stdout).toContain('| hello from shell');
    expect(r.stdout).toMatch(/Done: 3 succeeded, 0 failed, 0 skipped, 0 cancelled\. Report: \.runbook\/sessions\/\d{8}T\d{6}Z-read-checks\/report\.md/);
    const session = /Report: (\S+)\/report\.md/.exec(r.stdout)![1]!;
    expect(existsSync(join(cwd, session, 'journal.jsonl'))).toBe(true);
    expect(readFileSync(join(cwd, session, 'report.md'), 'utf8')).toContain('# Post-Incident Report: Read checks');
  });

  it('--json: one object per statement with the documented fields', async () => {
    const r = await exec([RUNBOOK, 'read checks', '--yes', '--db', db, '--json']);
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out).toHaveLength(3);
    expect(r.stderr).toMatch(/^Target: /);
    const [one, many, shell] = out;
    expect(Object.keys(one).sort()).toEqual(
      ['procedure', 'step', 'stepIndex', 'statement', 'line', 'kind', 'risk', 'text', 'status', 'durationMs', 'command', 'columns', 'rows', 'rowCount', 'outputFile', 'backendPid'].sort(),
    );
    expect(one).toMatchObject({
      procedure: 'read-checks',
      step: 'Numbers',
      line: 7,
      kind: 'sql',
      text: "SELECT 1 AS one, 'two'::text AS two;",
      status: 'succeeded',
      columns: [{ name: 'one', type: 'int4' }, { name: 'two', type: 'text' }],
      rows: [['1', 'two']],
      rowCount: 1,
    });
    expect(typeof one.durationMs).toBe('number');
    expect(many.rows).toHaveLength(1000);
    expect(many.rowCount).toBe(1500);
    expect(readFileSync(many.outputFile, 'utf8').trim().split('\n')).toHaveLength(1501);
    expect(shell).toMatchObject({ kind: 'shell', status: 'succeeded', exitCode: 0, stdoutTail: 'hello from shell\n', stderrTail: '' });
  });

  it('stops at the first failure with exit 1 and the error mapped to the runbook line', async () => {
    const r = await exec([RUNBOOK, 'failing', '--yes', '--db', db, '--json']);
    expect(r.code).toBe(1);
    const out = lines(r.stdout);
    expect(out.map((o) => o.status)).toEqual(['succeeded', 'failed']);
    expect(out[1].error).toMatchObject({ code: '42P01', line: 19, column: 15 });
    expect(out[1].error.message).toContain('no_such_table_here');
    expect(r.stderr).toContain('Finished with problems: 1 succeeded, 1 failed');
  });

  it('--continue-on-error runs the rest and still exits 1', async () => {
    const r = await exec([RUNBOOK, 'failing', '--yes', '--db', db, '--json', '--continue-on-error']);
    expect(r.code).toBe(1);
    expect(lines(r.stdout).map((o) => o.status)).toEqual(['succeeded', 'failed', 'succeeded']);
  });

  it('refuses destructive statements before anything runs unless --allow-destructive', async () => {
    const r = await exec([RUNBOOK, 'drop things', '--yes', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/exec\.md:26: destructive statement \(.*\) refused without --allow-destructive/);
    const ok = await exec([RUNBOOK, 'drop things', '--yes', '--db', db, '--allow-destructive', '--json']);
    expect(ok.code).toBe(0);
    expect(lines(ok.stdout)[0]).toMatchObject({ risk: 'destructive', status: 'succeeded' });
  });

  it('a missing --yes and a missing parameter are one line and non-zero; an unreachable database exits 3', async () => {
    const noYes = await exec([RUNBOOK, 'read checks', '--db', db]);
    expect(noYes.code).toBe(2);
    expect(noYes.stderr.trim().split('\n')).toEqual([expect.stringContaining('--yes is required')]);

    const noParam = await exec([RUNBOOK, 'with params', '--yes', '--db', db]);
    expect(noParam.code).toBe(2);
    expect(noParam.stderr.trim().split('\n')).toEqual(['runbook: ' + RUNBOOK + ':32: missing parameter [greeting_text]: give --param greeting_text=VALUE']);

    // Unreachable is no refusal: the session runs (SQL fails as "cannot connect", shell runs) and exits 3.
    const noDb = await exec([RUNBOOK, 'read checks', '--yes', '--db', 'postgres://nobody@127.0.0.1:1/none']);
    expect(noDb.code).toBe(3);
    expect(noDb.stdout).toContain('Database unreachable: cannot connect to 127.0.0.1:1 (ECONNREFUSED)');
    expect(noDb.stdout).toMatch(/FAIL line 7 .*\n {4}error: cannot connect to 127\.0\.0\.1:1 \(ECONNREFUSED\)/);
    expect(noDb.stdout).toMatch(/Report: \.runbook\/sessions\/\S+-read-checks\/report\.md/);
  });

  it('binds --param values: a hostile value stays a literal in SQL and an env variable in shell', async () => {
    const hostile = `x'); DROP TABLE write_target; -- $(touch /tmp/rb-pwned) \`id\``;
    const r = await exec([RUNBOOK, 'with params', '--yes', '--db', db, '--json', '--param', `greeting_text=${hostile}`]);
    expect(r.code).toBe(0);
    const [sql, shell] = lines(r.stdout);
    expect(sql.rows).toEqual([[hostile]]);
    expect(sql.text).toBe(`SELECT 'x''); DROP TABLE write_target; -- $(touch /tmp/rb-pwned) \`id\`' AS greeting;`);
    expect(shell.stdoutTail).toBe(`hi ${hostile}\n`);
    expect(existsSync('/tmp/rb-pwned')).toBe(false);
  });

  it('--dry-run prints exactly what would run, bound, and runs nothing', async () => {
    const r = await exec([RUNBOOK, 'with params', '--dry-run', '--db', db, '--param', 'greeting_text=hello']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("    SELECT 'hello' AS greeting;");
    expect(r.stdout).toContain('dry run: not run');
    const writes = await exec([RUNBOOK, 'writes', '--dry-run', '--db', db, '--json']);
    expect(lines(writes.stdout).map((o) => [o.status, o.dryRun])).toEqual([['skipped', true], ['skipped', true]]);
    expect(await query(db, "SELECT 1 FROM pg_class WHERE relname = 'write_target'")).toHaveLength(0);
  });

  it('--read-only skips writes (exit 1) and runs the reads in read-only transactions', async () => {
    const r = await exec([RUNBOOK, 'writes', '--yes', '--read-only', '--db', db, '--json']);
    expect(r.code).toBe(1);
    const [create, count] = lines(r.stdout);
    expect(create).toMatchObject({ status: 'skipped', reason: expect.stringContaining('--read-only refuses write statements') });
    expect(count).toMatchObject({ status: 'succeeded', rows: [['0']] });
  });

  it('Ctrl-C cancels the running statement at once and ends the session as aborted (exit 130)', async () => {
    const dir = join(cwd, 'slow-session');
    const child = execa('node', [cli, 'exec', RUNBOOK, 'slow', '--yes', '--db', db, '--json', '--session-dir', dir], { cwd, reject: false, env: { DATABASE_URL: '' } });
    // Interrupt once pg_sleep(30) runs on the server (the journal has its start before the query is sent).
    await until(async () => (await query(db, "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE 'SELECT pg_sleep(30)%'")).length > 0, 'pg_sleep to run');
    child.kill('SIGINT');
    const r = await child;
    // Cancelled, not finished: the statement was cut short (a 30 s sleep that ran out would have succeeded).
    expect(r.exitCode).toBe(130);
    expect(lines(String(r.stdout)).map((o) => o.status)).toEqual(['succeeded', 'cancelled']);
    const sessions = await execa('node', [cli, 'sessions', '--json'], { cwd });
    const listed = lines(String(sessions.stdout));
    expect(listed.every((s) => Object.keys(s).every((k) => ['id', 'dir', 'runbook', 'procedure', 'startedAt', 'endedAt', 'status', 'reportPath'].includes(k)))).toBe(true);
    const report = await execa('node', [cli, 'report', dir, '--format', 'json'], { cwd });
    const data = JSON.parse(String(report.stdout));
    expect(data.session.status).toBe('aborted');
    expect(data.statements.map((s: { status: string }) => s.status)).toEqual(['succeeded', 'cancelled', 'pending']);
    // An aborted session can be resumed by name: the cancelled statement is unfinished work and runs again
    // (stopped again here: it sleeps 30 s); the one that finished does not run again.
    const cancelledLine = lines(String(r.stdout))[1]!.line;
    const resumed = execa('node', [cli, 'resume', dir, '--yes', '--db', db, '--json'], { cwd, reject: false, env: { DATABASE_URL: '' } });
    await until(async () => (await query(db, "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE 'SELECT pg_sleep(30)%'")).length > 0, 'pg_sleep to run again');
    resumed.kill('SIGINT');
    const again = await resumed;
    expect(again.exitCode).toBe(130);
    expect(lines(String(again.stdout)).map((o) => [o.line, o.status])).toEqual([[cancelledLine, 'cancelled']]);
  });
});
