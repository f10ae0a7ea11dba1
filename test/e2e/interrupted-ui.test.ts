// An interrupted statement in the terminal UI (issue 12, defects 3 and 4), in a real terminal: the UI is
// killed (SIGKILL) while a destructive statement waits on the server; `runbook resume` shows that
// statement's row as interrupted, asks its typed confirmation again saying what the server knows, and
// runs it once more only when typed. Finishing a session with work not done exits 1, as exec does.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, query } from '../helpers/db.js';
import { CLI, ROOT } from '../helpers/cli.js';
import { until } from '../helpers/until.js';
import type { JournalEvent } from '../../src/session/types.js';
import { Terminal } from './tmux.js';

const RUNBOOK = `# Doomed

## Drop it

\`\`\`sql
CREATE TABLE IF NOT EXISTS doomed (x int);
DROP TABLE doomed;
\`\`\`
`;

let url: string;
let work: string;
let file: string;
const terminals: Terminal[] = [];

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  url = await createTestDatabase('rb_e2e_interrupted');
  work = mkdtempSync(join(tmpdir(), 'rb-e2e-interrupted-'));
  file = join(work, 'doomed.md');
  writeFileSync(file, RUNBOOK);
});

afterAll(() => {
  for (const t of terminals) t.close();
  rmSync(work, { recursive: true, force: true });
});

function terminal(args: string): Terminal {
  const t = new Terminal(`node ${CLI} ${args}`, { cwd: ROOT, env: { NO_COLOR: '1' } });
  terminals.push(t);
  t.start();
  return t;
}

const TYPE_DOOMED = /type the table "doomed"/i;

/** Finishes the session from the step list: every closing question left empty, then the summary. */
async function finish(t: Terminal): Promise<string> {
  t.keys('q');
  for (let i = 1; i <= 7; i++) {
    await t.waitFor(`· ${i} of 7`);
    t.keys('Enter');
  }
  return t.waitFor('Session finished');
}

const events = (dir: string) =>
  readFileSync(join(dir, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as JournalEvent);

const waitingDrops = async () =>
  (await query<{ pid: number }>(url, "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'DROP TABLE doomed;' AND pid <> pg_backend_pid()")).map((r) => r.pid);

const tableExists = async () => (await query<{ t: string | null }>(url, "SELECT to_regclass('doomed')::text AS t"))[0]!.t !== null;

describe('an interrupted destructive statement in the terminal UI', () => {
  it('is shown as interrupted on resume and runs again only after its typed confirmation', async () => {
    const dir = join(work, 'killed');
    await query(url, 'CREATE TABLE IF NOT EXISTS doomed (x int)');
    // Another session holds a lock on the table, so the DROP waits on the server while the UI is killed.
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE doomed IN ACCESS SHARE MODE');

      const t = terminal(`run ${file} "Drop it" --db ${url} --session-dir ${dir}`);
      await t.waitFor('Step 1 of 1');
      t.keys('Enter');
      await t.waitFor('Run this statement?');
      t.keys('Enter');
      await t.waitFor(/✓ \[WRITE\] CREATE TABLE IF NOT EXISTS doomed/);
      // The server's notice, once, with its severity (it used to read "NOTICE: NOTICE: ...").
      const ran = await t.waitFor(/▸ ○ \[DESTRUCTIVE\] DROP TABLE doomed/);
      expect(ran).toMatch(/^NOTICE: relation "doomed" already exists, skipping/m);
      t.keys('Enter');
      await t.waitFor(TYPE_DOOMED);
      t.type('doomed');
      t.keys('Enter');
      await until(async () => (await waitingDrops()).length === 1, 'the DROP to wait on its lock');
      process.kill(t.programPid(), 'SIGKILL');
      await t.waitFor('[exit 137]');
      // The dead process's statement is stopped on the server; the table is still there.
      const [pid] = await waitingDrops();
      await query(url, 'SELECT pg_terminate_backend($1)', [pid]);
      await until(async () => (await waitingDrops()).length === 0, 'the DROP to end on the server');
    } finally {
      await holder.end();
    }
    expect(await tableExists()).toBe(true);
    expect(events(dir).filter((e) => e.type === 'statement-started').map((e) => e.statement)).toEqual(['drop-it/1/b1/1', 'drop-it/1/b1/2']);

    const t = terminal(`resume ${dir} --db ${url}`);
    let screen = await t.waitFor(/! \[DESTRUCTIVE\] DROP TABLE doomed.*interrupted: may have run/);
    expect(screen).toMatch(/✓ \[WRITE\] CREATE TABLE IF NOT EXISTS doomed/);
    t.keys('Enter');
    screen = (await t.waitFor(TYPE_DOOMED)).replace(/[║│]/g, ' ').split('\n').join(' ').replace(/\s+/g, ' ');
    expect(screen).toMatch(/Interrupted: the process running it died \(started [^)]+\); it is not running on the server now, and may have completed before the process died\./);
    // Nothing runs on Enter alone: the typed word is asked again.
    t.keys('Enter');
    await t.waitFor(TYPE_DOOMED);
    expect(await tableExists()).toBe(true);
    t.type('doomed');
    t.keys('Enter');
    await t.waitFor(/✓ \[DESTRUCTIVE\] DROP TABLE doomed/);
    expect(await tableExists()).toBe(false);

    await finish(t);
    t.keys('Enter');
    const after = (await t.waitFor('[exit 0]')).split('\n').join('');
    expect(after).toMatch(/Session finished \(2 run, 2 succeeded, 0 failed, 0 skipped; /);
    const journal = events(dir);
    expect(journal.filter((e) => e.type === 'statement-started').map((e) => e.statement)).toEqual(['drop-it/1/b1/1', 'drop-it/1/b1/2', 'drop-it/1/b1/2']);
    expect(journal.at(-1)).toMatchObject({ type: 'session-ended', status: 'completed' });
  });

  it('a session finished with statements not run exits 1 and says how many are not done', async () => {
    const dir = join(work, 'unfinished');
    const t = terminal(`run ${file} "Drop it" --db ${url} --session-dir ${dir}`);
    await t.waitFor('Step 1 of 1');
    const screen = await finish(t);
    expect(screen).toMatch(/0 run · 0 succeeded · 0 failed · 0 skipped · 2 not done/);
    t.keys('Enter');
    const after = (await t.waitFor('[exit 1]')).split('\n').join('');
    expect(after).toMatch(/Session finished \(0 run, 0 succeeded, 0 failed, 0 skipped, 2 not done; /);
  });
});
