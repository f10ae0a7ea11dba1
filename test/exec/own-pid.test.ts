// Runbook's own backend, marked wherever a pid column shows it. With one session holding an ACCESS
// EXCLUSIVE lock and another waiting for it, the bundled "Database Down" lists backends twice
// (pg_stat_activity, and the seed's blocking-locks join, which also names runbook's own connection as a
// "blocker"): exec's output and the report mark runbook's pid as this session, the --json line and the
// report JSON carry it as backendPid, and the values themselves (CSV, rows) stay PostgreSQL's text.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import pg from 'pg';
import { CLI, ROOT } from '../helpers/cli.js';
import { createTestDatabase } from '../helpers/db.js';

const RUNBOOK = join(ROOT, 'runbooks/database-operations.md');
let db: string;
let cwd: string;
let holder: pg.Client;
let waiter: pg.Client;
let waiting: Promise<unknown>;

beforeAll(async () => {
  db = await createTestDatabase('rb_ownpid');
  cwd = mkdtempSync(join(tmpdir(), 'rb-ownpid-'));
  holder = new pg.Client({ connectionString: db });
  waiter = new pg.Client({ connectionString: db });
  await Promise.all([holder.connect(), waiter.connect()]);
  await holder.query('CREATE TABLE animals (id int)');
  await holder.query('BEGIN');
  await holder.query('LOCK TABLE animals IN ACCESS EXCLUSIVE MODE');
  waiting = waiter.query('SELECT * FROM animals').catch(() => undefined);
  for (let i = 0; i < 100; i++) {
    const r = await holder.query("SELECT 1 FROM pg_locks WHERE NOT granted AND relation = 'animals'::regclass");
    if (r.rowCount) break;
    await new Promise((r) => setTimeout(r, 20));
  }
});

afterAll(async () => {
  await holder.query('ROLLBACK').catch(() => undefined);
  await waiting;
  await Promise.all([holder.end(), waiter.end()]);
});

async function exec(args: string[]) {
  const r = await execa('node', [CLI, 'exec', RUNBOOK, 'database-down', '--yes', '--db', db, ...args], { cwd, reject: false, stdin: 'ignore', env: { DATABASE_URL: '', PGHOST: '' } });
  return { code: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
}

it('exec --json carries the backend pid; the rows keep the plain value', async () => {
  const r = await exec(['--json', '--continue-on-error', '--session-dir', join(cwd, 'json')]);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  // Found by text, not line: the bundled runbook may gain marked additions around them.
  const activity = lines.find((l) => l.kind === 'sql' && l.text.startsWith('SELECT * FROM pg_stat_activity'));
  expect(activity.status).toBe('succeeded');
  const own = activity.backendPid;
  expect(typeof own).toBe('number');
  const pid = activity.columns.findIndex((c: { name: string }) => c.name === 'pid');
  const app = activity.columns.findIndex((c: { name: string }) => c.name === 'application_name');
  const ours = activity.rows.find((row: string[]) => row[pid] === String(own));
  // Named after the session (issue 12): resume asks the server about it by this name.
  expect(ours[app]).toBe(`runbook/${JSON.parse(readFileSync(join(cwd, 'json', 'journal.jsonl'), 'utf8').split('\n')[0]).sessionId}`);
  // The waiting session is active too, and it is not ours.
  expect(activity.rows.length).toBeGreaterThanOrEqual(2);
  expect(readFileSync(activity.outputFile, 'utf8')).not.toContain('this session');
  // One connection per session: both statements ran on the same backend.
  expect(lines.find((l) => l.kind === 'sql' && l.text.startsWith('SELECT blocked_locks.pid')).backendPid).toBe(own);
});

it('exec output and the report mark runbook\'s own pid as this session, also among the seed\'s "blockers"', async () => {
  const dir = join(cwd, 'human');
  const r = await exec(['--continue-on-error', '--session-dir', dir]);
  const own = (await execa('node', [CLI, 'report', dir, '--format', 'json'], { cwd })).stdout;
  const data = JSON.parse(own);
  const backendPid = data.statements.find((s: { text: string }) => s.text.startsWith('SELECT * FROM pg_stat_activity')).backendPid as number;
  expect(backendPid).toBeGreaterThan(0);
  const mark = `${backendPid} (this session)`;
  const [activity, blockers] = r.stdout.split(/ok {3}line \d+ \(\d+ ms\): SELECT blocked_locks\.pid/);
  expect(activity).toContain(mark);
  expect(blockers).toContain(mark);
  const report = readFileSync(join(dir, 'report.md'), 'utf8');
  expect(report.match(new RegExp(`\\| ${backendPid} \\(this session\\)`, 'g'))!.length).toBeGreaterThanOrEqual(2);
  // Only runbook's own pid is marked.
  expect(report.match(/\(this session\)/g)!.length).toBe(report.match(new RegExp(`${backendPid} \\(this session\\)`, 'g'))!.length);
});
