// Unfinished work (issue 12, defect 4), the real binary: a statement that failed or was cancelled is not
// done. `exec` and `resume` exit 0 only when every statement of the session succeeded or was skipped by
// choice, and resume runs a failed or cancelled statement again (on the old main it exited 0 without
// running it, or refused a session that reached its end with a failure as "already completed").

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { CLI } from '../helpers/cli.js';
import { until } from '../helpers/until.js';
import { createTestDatabase } from '../helpers/db.js';
import type { JournalEvent } from '../../src/session/types.js';

const RUNBOOK = join(import.meta.dirname, 'runbooks/unfinished.md');
let cwd: string;

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'rb-unfinished-'));
  DB = ['--db', await createTestDatabase('rb_unfinished')];
});

function events(dir: string): JournalEvent[] {
  try {
    return readFileSync(join(cwd, dir, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as JournalEvent);
  } catch {
    return [];
  }
}

/** Starts of the statement at `line` of the runbook, and its finishes by status. */
function runsOf(dir: string, line: number): { started: number; finished: string[] } {
  const e = events(dir);
  const ids = new Set(e.flatMap((x) => (x.type === 'statement-started' && x.line === line ? [x.statement] : [])));
  return {
    started: e.filter((x) => x.type === 'statement-started' && ids.has(x.statement)).length,
    finished: e.flatMap((x) => (x.type === 'statement-finished' && ids.has(x.statement) ? [x.status] : [])),
  };
}

function cli(args: string[], env: Record<string, string>) {
  return execa('node', [CLI, ...args], { cwd, reject: false, stdin: 'ignore', env: { DATABASE_URL: '', PGHOST: '', ...env } });
}

let DB: string[];

describe('a failed statement is unfinished work', () => {
  it('exec exits 1; resume runs it again and exits 0 once it succeeds', async () => {
    const flag = join(cwd, 'flag-a');
    const env = { FLAG_FILE: flag };
    const first = await cli(['exec', RUNBOOK, 'flaky', '--yes', ...DB, '--session-dir', 'a'], env);
    expect(first.exitCode, String(first.stderr)).toBe(1);
    expect(runsOf('a', 12)).toEqual({ started: 1, finished: ['failed'] });
    writeFileSync(flag, '');
    const again = await cli(['resume', join(cwd, 'a'), '--yes', ...DB], env);
    expect(again.exitCode, String(again.stderr)).toBe(0);
    expect(runsOf('a', 12)).toEqual({ started: 2, finished: ['failed', 'succeeded'] });
    // The statement before it succeeded the first time: never run again.
    expect(runsOf('a', 8).started).toBe(1);
  });

  it('a session that reached its end with a failure (--continue-on-error) is resumed, not "already completed"', async () => {
    const flag = join(cwd, 'flag-b');
    const env = { FLAG_FILE: flag };
    const first = await cli(['exec', RUNBOOK, 'flaky', '--yes', '--continue-on-error', ...DB, '--session-dir', 'b'], env);
    expect(first.exitCode).toBe(1);
    expect(runsOf('b', 16).finished).toEqual(['succeeded']);
    const still = await cli(['resume', join(cwd, 'b'), '--yes', ...DB], env);
    // Still failing: resume ran it again and says so by its exit status.
    expect(still.exitCode, String(still.stderr)).toBe(1);
    expect(runsOf('b', 12).finished).toEqual(['failed', 'failed']);
    writeFileSync(flag, '');
    const done = await cli(['resume', join(cwd, 'b'), '--yes', ...DB], env);
    expect(done.exitCode, String(done.stderr)).toBe(0);
    expect(runsOf('b', 12).finished).toEqual(['failed', 'failed', 'succeeded']);
    expect(runsOf('b', 16).started).toBe(1);
  });
});

describe('a dry run is not done work', () => {
  it('resume without --dry-run runs what the dry run only showed', async () => {
    const flag = join(cwd, 'flag-d');
    writeFileSync(flag, '');
    const env = { FLAG_FILE: flag };
    const dry = await cli(['exec', RUNBOOK, 'flaky', '--dry-run', ...DB, '--session-dir', 'd'], env);
    expect(dry.exitCode, String(dry.stderr)).toBe(0);
    expect(runsOf('d', 12).finished).toEqual([]);
    const real = await cli(['resume', join(cwd, 'd'), '--yes', ...DB], env);
    expect(real.exitCode, String(real.stderr)).toBe(0);
    for (const line of [8, 12, 16]) expect(runsOf('d', line).finished).toEqual(['succeeded']);
  });
});

describe('a cancelled statement is unfinished work', () => {
  it('after Ctrl-C, resume runs the cancelled statement again (not exit 0 with it never run)', async () => {
    const flag = join(cwd, 'flag-c');
    const pidFile = join(cwd, 'c.pid');
    const env = { FLAG_FILE: flag, SHELL_PID_FILE: pidFile };
    const child = cli(['exec', RUNBOOK, 'slow until flagged', '--yes', ...DB, '--session-dir', 'c'], env);
    await until(() => {
      try {
        return readFileSync(pidFile, 'utf8').trim() !== '';
      } catch {
        return false;
      }
    }, 'the shell statement to run');
    child.kill('SIGINT');
    expect((await child).exitCode).toBe(130);
    expect(runsOf('c', 22).finished).toEqual(['cancelled']);
    writeFileSync(flag, '');
    const again = await cli(['resume', join(cwd, 'c'), '--yes', ...DB], env);
    expect(again.exitCode, String(again.stderr)).toBe(0);
    expect(runsOf('c', 22)).toEqual({ started: 2, finished: ['cancelled', 'succeeded'] });
    expect(runsOf('c', 28).finished).toEqual(['succeeded']);
  });
});
