// Procedures for outages run during outages: a throwaway PostgreSQL is started, then stopped, and the
// bundled runbook's "Database Down" is run against it as an on-call engineer would. The session, journal
// and report must exist and say what happened; shell checks run, SQL fails as "cannot connect", the
// manual recovery steps are printed, and exit 3 still says the database was unreachable. When the server
// is back, `resume --yes` continues where the outage stopped the run.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { resetEmbedded, startEmbedded, stopEmbedded } from '../../src/database/embedded.js';
import { CLI, ROOT } from '../helpers/cli.js';
import { createTestDatabase } from '../helpers/db.js';

const RUNBOOK = join(ROOT, 'runbooks/database-operations.md');
const serverDir = mkdtempSync(join(tmpdir(), 'rb-outage-pg-'));
let url: string;
let port: number;
let cwd: string;

async function run(args: string[]) {
  const r = await execa('node', [CLI, ...args], { cwd, reject: false, stdin: 'ignore', env: { DATABASE_URL: '', PGHOST: '' } });
  return { code: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
}

const lines = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const events = (dir: string) => readFileSync(join(dir, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'rb-outage-'));
  const started = await startEmbedded({ dir: serverDir, database: 'postgres', demoData: false, settings: { fsync: 'off' } });
  url = started.target.connectionString;
  port = started.target.port;
  await stopEmbedded({ dir: serverDir });
});

afterAll(async () => {
  await resetEmbedded({ dir: serverDir });
});

describe('with the server stopped', () => {
  it('exec database-down runs its checks, lists the recovery steps, journals, reports and exits 3', async () => {
    const dir = join(cwd, 'down');
    const r = await run(['exec', RUNBOOK, 'database-down', '--yes', '--db', url, '--session-dir', dir]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(`Database unreachable: cannot connect to 127.0.0.1:${port} (ECONNREFUSED)`);
    // Who to call comes first: the contacts table with the rows for this procedure marked, and why.
    expect(r.stdout).toMatch(/Who to call \(Emergency Contacts\):\n.*Role.*\n {2}▸ Database Admin +\| On-call DBA/);
    expect(r.stdout).toContain('  ▸ Database Admin: When to Call "Database down" names this procedure');
    expect(r.stdout).toContain('  ▸ Supabase Support: step 3 says "Contact Supabase support if platform issue"');
    // Step 1's own connectivity check (a shell psql) ran and failed; the run stopped there.
    expect(r.stdout).toMatch(/FAIL line \d+ .*psql -h 127\.0\.0\.1 -U \S+ -d postgres/);
    expect(r.stdout).toContain('The run stopped before the rest; still to do by hand:');
    expect(r.stdout).toContain('== Step 3: Recovery Steps (not reached)');
    for (const step of ['Contact Supabase support if platform issue', 'Terminate blocking connections if needed', 'Initiate failover if primary is unrecoverable']) {
      expect(r.stdout).toContain(`by hand: ${step}`);
    }
    expect(r.stdout).toMatch(/Finished with problems: 0 succeeded, 1 failed, 0 skipped, 0 cancelled; 3 steps to do by hand/);

    const journal = events(dir);
    expect(journal[0].type).toBe('session-started');
    expect(journal.find((e) => e.type === 'target-unreachable')).toMatchObject({ message: `cannot connect to 127.0.0.1:${port} (ECONNREFUSED)` });
    expect(journal.find((e) => e.type === 'statement-finished')).toMatchObject({ statement: 'database-down/1/b1/1', status: 'failed', exitCode: expect.any(Number) });
    expect(journal.at(-1)).toMatchObject({ type: 'session-ended', status: 'aborted' });

    const report = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(report).toContain(`**Unreachable:** `);
    expect(report).toMatch(/Detection: .*which did not answer \(cannot connect to 127\.0\.0\.1:\d+ \(ECONNREFUSED\)\)/);
    expect(report).toMatch(/\*\*Line \d+\*\* \(shell, read\): \*\*failed\*\*[^\n]*exit \d+\n\n_Check connection from multiple sources_/);
    expect(report).toContain('- [ ] Initiate failover if primary is unrecoverable');
    expect(report).toContain('## Contacts');
    expect(report).toContain('- **Database Admin** (On-call DBA): _When to Call "Database down" names this procedure_');
  });

  it('--continue-on-error: every SQL statement fails as "cannot connect"; --json adds manual lines', async () => {
    const r = await run(['exec', RUNBOOK, 'database-down', '--yes', '--db', url, '--continue-on-error', '--json', '--session-dir', join(cwd, 'down-all')]);
    expect(r.code).toBe(3);
    const out = lines(r.stdout);
    expect(out[0]).toMatchObject({ kind: 'contacts', procedure: 'database-down', heading: 'Emergency Contacts', headers: ['Role', 'Contact', 'When to Call'] });
    expect(out[0].rows).toHaveLength(4);
    expect(out[0].matched.map((m: { row: number; rule: string }) => [m.row, m.rule])).toEqual([[0, 'title'], [1, 'mention']]);
    const statements = out.filter((o) => o.kind !== 'manual' && o.kind !== 'contacts');
    expect(statements[0]).toMatchObject({ kind: 'shell', status: 'failed' });
    expect(statements.length).toBeGreaterThanOrEqual(3);
    for (const sql of statements.slice(1)) expect(sql).toMatchObject({ kind: 'sql', status: 'failed' });
    for (const sql of statements.slice(1)) expect(sql.error).toEqual({ message: `cannot connect to 127.0.0.1:${port} (ECONNREFUSED)`, unreachable: true });
    const manual = out.filter((o) => o.kind === 'manual');
    expect(manual).toEqual([
      { kind: 'manual', procedure: 'database-down', step: 'Recovery Steps', stepIndex: 3, item: 'database-down/3/m1', line: expect.any(Number), text: 'Contact Supabase support if platform issue', condition: 'if platform issue', done: false, reached: true },
      expect.objectContaining({ item: 'database-down/3/m2', text: 'Terminate blocking connections if needed' }),
      expect.objectContaining({ item: 'database-down/3/m3', text: 'Initiate failover if primary is unrecoverable' }),
    ]);
    expect(r.stderr).toContain('The database was unreachable');
  });

  it('a procedure of manual steps only prints them and is not "Done: 0 succeeded"', async () => {
    const r = await run(['exec', RUNBOOK, 'issue-connection-refused', '--yes', '--db', url, '--session-dir', join(cwd, 'refused')]);
    expect(r.code).toBe(3);
    for (const step of ['Check Supabase dashboard status', 'Verify connection string', 'Check IP allowlist in Supabase settings', 'Contact Supabase support if persistent']) {
      expect(r.stdout).toContain(`by hand: ${step}`);
    }
    expect(r.stdout).not.toContain('Done: 0 succeeded');
    expect(r.stdout).toContain('Nothing to run: 4 steps to do by hand (listed above)');
    expect(existsSync(join(cwd, 'refused', 'report.md'))).toBe(true);
  });
});

describe('with the server back', () => {
  it('resume --yes continues after the failed check and runs the diagnostics', async () => {
    const dir = join(cwd, 'down');
    const back = await startEmbedded({ dir: serverDir, port });
    try {
      const r = await run(['resume', dir, '--yes', '--db', back.target.connectionString, '--json']);
      expect(r.code).toBe(0);
      const out = lines(r.stdout);
      const diagnostics = out.filter((o) => o.kind === 'sql');
      expect(diagnostics.length).toBeGreaterThanOrEqual(2);
      expect(diagnostics.every((o) => o.step === 'Diagnostics' && o.status === 'succeeded')).toBe(true);
      expect(out.filter((o) => o.kind === 'manual')).toHaveLength(3);
      const report = readFileSync(join(dir, 'report.md'), 'utf8');
      expect(report).toContain('**Unreachable:** ');
      expect(report).toMatch(/\*\*Line \d+\*\* \(sql, read\): \*\*succeeded\*\*/);
    } finally {
      await stopEmbedded({ dir: serverDir });
    }
  });

  it('a security procedure names the Security Team, in exec and in the report', async () => {
    const db = await createTestDatabase('rb_outage');
    const dir = join(cwd, 'suspicious');
    const r = await run(['exec', RUNBOOK, 'suspicious activity', '--dry-run', '--param', 'suspicious_user=mallory', '--db', db, '--session-dir', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('▸ Security Team: When to Call "Data breach, unauthorized access" is about security, as is the title "Suspicious Activity Response"');
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain('- **Security Team** (Security Channel): _When to Call "Data breach, unauthorized access" is about security');
  });

  it('exec of a manual-only procedure against a live database exits 0 and prints the steps', async () => {
    const db = await createTestDatabase('rb_outage');
    const r = await run(['exec', RUNBOOK, 'issue-connection-refused', '--yes', '--db', db, '--json', '--session-dir', join(cwd, 'refused-live')]);
    expect(r.code).toBe(0);
    expect(lines(r.stdout).filter((o) => o.kind === 'manual').map((o) => o.stepIndex)).toEqual([1, 2, 3, 4]);
    expect(r.stderr).toContain('Nothing to run: 4 steps to do by hand');
  });
});
