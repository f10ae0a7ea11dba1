// One writer per session (issue 12, defect 1), the real binary: while `exec` runs a session, a `resume` of
// it (or a second exec into its folder) is refused in one line naming the process that holds it, exit 2;
// once that process is killed its lock is recognised as stale and resume takes the session over.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { CLI } from '../helpers/cli.js';
import { until } from '../helpers/until.js';
import { createTestDatabase } from '../helpers/db.js';

const RUNBOOK = join(import.meta.dirname, 'runbooks/unfinished.md');
let cwd: string;
let db: string;

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'rb-one-writer-'));
  db = await createTestDatabase('rb_one_writer');
});

const pidIn = (file: string) => {
  try {
    return Number(readFileSync(file, 'utf8').trim()) || 0;
  } catch {
    return 0;
  }
};

describe('a session has one writer', () => {
  it('a second resume or exec is refused naming the holder; after the holder dies, resume takes over', async () => {
    const flag = join(cwd, 'flag');
    const pidFile = join(cwd, 'shell.pid');
    const env = { DATABASE_URL: '', PGHOST: '', FLAG_FILE: flag, SHELL_PID_FILE: pidFile };
    const run = (args: string[]) => execa('node', [CLI, ...args], { cwd, env, reject: false, stdin: 'ignore' });
    const holder = run(['exec', RUNBOOK, 'slow until flagged', '--yes', '--db', db, '--session-dir', 's']);
    await until(() => pidIn(pidFile) > 0, 'the shell statement to run');
    const holderLine = new RegExp(`in use by pid ${holder.pid} on ${hostname()} since [\\dT:-]+Z; one process writes a session at a time$`);

    for (const args of [
      ['resume', join(cwd, 's'), '--yes', '--db', db],
      ['exec', RUNBOOK, 'slow until flagged', '--yes', '--db', db, '--session-dir', 's'],
    ]) {
      const refused = await run(args);
      expect(refused.exitCode).toBe(2);
      expect(String(refused.stdout)).toBe('');
      const lines = String(refused.stderr).trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(holderLine);
    }

    holder.kill('SIGKILL');
    await holder;
    writeFileSync(flag, '');
    const resumed = await run(['resume', join(cwd, 's'), '--yes', '--rerun-interrupted', '--db', db]);
    expect(resumed.exitCode, String(resumed.stderr)).toBe(0);
  });
});
