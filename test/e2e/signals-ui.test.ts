// Signals to the terminal UI (issue 12, defect 2), in a real terminal: SIGTERM while a statement runs
// cancels it on the server, journals the session as aborted, leaves the terminal's main screen and exits
// 143; closing the terminal (SIGHUP) does the same although nothing can be written to it any more.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, query } from '../helpers/db.js';
import { CLI, ROOT } from '../helpers/cli.js';
import type { JournalEvent } from '../../src/session/types.js';
import { Terminal } from './tmux.js';

const RUNBOOK = join(ROOT, 'test/exec/runbooks/slow.md');
let url: string;
let work: string;
const terminals: Terminal[] = [];

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  url = await createTestDatabase('rb_e2e_signals');
  work = mkdtempSync(join(tmpdir(), 'rb-e2e-signals-'));
});

afterAll(() => {
  for (const t of terminals) t.close();
  rmSync(work, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function events(dir: string): JournalEvent[] {
  return readFileSync(join(dir, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as JournalEvent);
}

const slowQueries = async () =>
  Number((await query<{ n: string }>(url, "SELECT count(*)::text AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%slow_sql_marker%' AND pid <> pg_backend_pid() AND state = 'active'"))[0]!.n);

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
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

/** Opens the slow procedure in the UI and runs its first statement; returns the terminal and the program's pid. */
async function runningSlowQuery(dir: string): Promise<{ t: Terminal; pid: number }> {
  const t = new Terminal(`node ${CLI} run ${RUNBOOK} "slow sql" --db ${url} --session-dir ${dir}`, { cwd: ROOT, env: { NO_COLOR: '1' } });
  terminals.push(t);
  t.start();
  await t.waitFor('step 1 of 1');
  t.keys('Enter');
  await t.waitFor('Run this statement?');
  t.keys('Enter');
  await until(async () => (await slowQueries()) === 1, 'the query to run');
  return { t, pid: t.programPid() };
}

describe('the terminal UI stopped by a signal', () => {
  it('SIGTERM: the query is cancelled, the session journaled as aborted, the screen restored, exit 143', async () => {
    const dir = join(work, 'term');
    const { t, pid } = await runningSlowQuery(dir);
    process.kill(pid, 'SIGTERM');
    const screen = await t.waitFor('[exit 143]');
    expect(screen).toContain('Session aborted (Terminated (SIGTERM)); `runbook resume');
    expect(await slowQueries()).toBe(0);
    const journal = events(dir);
    expect(journal.find((e) => e.type === 'statement-finished')).toMatchObject({ status: 'cancelled' });
    expect(journal.at(-1)).toMatchObject({ type: 'session-ended', status: 'aborted' });
  });

  it('SIGHUP from a closed terminal: the query is cancelled and the session journaled as aborted', async () => {
    const dir = join(work, 'hup');
    const { t, pid } = await runningSlowQuery(dir);
    t.close();
    await until(() => !alive(pid), 'the program to end');
    expect(await slowQueries()).toBe(0);
    const journal = events(dir);
    expect(journal.find((e) => e.type === 'statement-finished')).toMatchObject({ status: 'cancelled' });
    expect(journal.at(-1)).toMatchObject({ type: 'session-ended', status: 'aborted' });
  });
});
