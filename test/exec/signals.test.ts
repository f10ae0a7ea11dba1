// Signals to `runbook exec` (issue 12, defect 2), the real binary against a real server: SIGTERM and
// SIGHUP are handled like Ctrl-C (a real cancel request, so the query is gone from the server; the shell's
// process group killed; `session-ended` `aborted` journaled; exit 143 / 129), and a second Ctrl-C while a
// cancel is under way waits for it (bounded, about 2 s) instead of abandoning it at once.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { createTestDatabase, query } from '../helpers/db.js';
import { CLI } from '../helpers/cli.js';
import type { JournalEvent } from '../../src/session/types.js';

const RUNBOOK = join(import.meta.dirname, 'runbooks/slow.md');
let db: string;
let cwd: string;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  db = await createTestDatabase('rb_signals');
  cwd = mkdtempSync(join(tmpdir(), 'rb-signals-'));
});

function events(dir: string): JournalEvent[] {
  try {
    return readFileSync(join(cwd, dir, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as JournalEvent);
  } catch {
    return [];
  }
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** The pid a shell statement wrote, or 0 before it did. */
function pidIn(file: string): number {
  try {
    return Number(readFileSync(file, 'utf8').trim()) || 0;
  } catch {
    return 0;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const slowQueries = async () =>
  Number((await query<{ n: string }>(db, "SELECT count(*)::text AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%slow_sql_marker%' AND pid <> pg_backend_pid() AND state = 'active'"))[0]!.n);

function start(procedure: string, session: string) {
  const pidFile = join(cwd, `${session}.pid`);
  const child = execa('node', [CLI, 'exec', RUNBOOK, procedure, '--yes', '--db', db, '--session-dir', session], {
    cwd,
    reject: false,
    stdin: 'ignore',
    env: { DATABASE_URL: '', PGHOST: '', SHELL_PID_FILE: pidFile },
  });
  return { child, pidFile };
}

function ended(session: string): string | undefined {
  const e = events(session).find((x) => x.type === 'session-ended');
  return e && e.type === 'session-ended' ? e.status : undefined;
}

function finishedStatus(session: string): string | undefined {
  const e = events(session).find((x) => x.type === 'statement-finished');
  return e && e.type === 'statement-finished' ? e.status : undefined;
}

describe('runbook exec stopped by a signal', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s cancels the running query on the server, journals the session as aborted and exits %i', async (signal, code) => {
    const session = `sql-${signal}`;
    const { child } = start('slow sql', session);
    await until(async () => (await slowQueries()) === 1, 'the query to run');
    child.kill(signal);
    const r = await child;
    expect(r.exitCode, String(r.stderr)).toBe(code);
    expect(await slowQueries()).toBe(0);
    expect(finishedStatus(session)).toBe('cancelled');
    expect(ended(session)).toBe('aborted');
    expect(events(session).filter((e) => e.type === 'statement-started')).toHaveLength(1);
  });

  it('SIGTERM kills the shell statement\'s process group and journals the session as aborted', async () => {
    const session = 'shell-term';
    const { child, pidFile } = start('slow shell', session);
    await until(() => pidIn(pidFile) > 0, 'the shell to run');
    const shell = pidIn(pidFile);
    child.kill('SIGTERM');
    const r = await child;
    expect(r.exitCode).toBe(143);
    await until(() => !alive(shell), 'the shell to be gone', 5000);
    expect(finishedStatus(session)).toBe('cancelled');
    expect(ended(session)).toBe('aborted');
  });

  it('a second Ctrl-C waits for the cancel (up to about 2 s), then exits 130 with the process group killed', async () => {
    const session = 'stubborn';
    const { child, pidFile } = start('stubborn shell', session);
    await until(() => pidIn(pidFile) > 0, 'the shell to run');
    const shell = pidIn(pidFile);
    child.kill('SIGINT');
    await sleep(300);
    // The shell ignores SIGTERM: the cancel would take the 5 s until SIGKILL. The second Ctrl-C gives up after 2 s.
    expect(alive(shell)).toBe(true);
    const t0 = performance.now();
    child.kill('SIGINT');
    const r = await child;
    const waited = performance.now() - t0;
    expect(r.exitCode).toBe(130);
    expect(waited).toBeGreaterThan(1500);
    expect(waited).toBeLessThan(4500);
    expect(String(r.stderr)).toContain('again: waiting up to 2 s for the cancel to finish');
    await until(() => !alive(shell), 'the shell group to be killed on the way out', 3000);
  });

  it('a second Ctrl-C when the cancel finishes in time still ends the session as aborted', async () => {
    const session = 'sql-twice';
    const { child } = start('slow sql', session);
    await until(async () => (await slowQueries()) === 1, 'the query to run');
    child.kill('SIGINT');
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(130);
    expect(await slowQueries()).toBe(0);
    expect(ended(session)).toBe('aborted');
  });
});
