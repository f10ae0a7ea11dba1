// Alternatives are choices, never a sequence (issue 13, item 5): `runbook exec` runs a conditional
// block only when --when or --all-branches takes it, and otherwise says what it skipped and why, in
// the human output, the --json lines, the journal and the report.

import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { createTestDatabase } from '../helpers/db.js';
import { CLI as cli } from '../helpers/cli.js';

const RUNBOOK = join(import.meta.dirname, 'runbooks/branches.md');
let db: string;
let cwd: string;

async function exec(args: string[]) {
  const r = await execa('node', [cli, 'exec', RUNBOOK, ...args, '--yes', '--db', db], { cwd, reject: false, stdin: 'ignore', env: { DATABASE_URL: '', PGHOST: '' } });
  return { code: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
}

const lines = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const ran = (out: { status: string; stdoutTail?: string }[]) => out.filter((o) => o.status === 'succeeded').map((o) => o.stdoutTail!.trim());

beforeAll(async () => {
  db = await createTestDatabase('rb_branches');
  cwd = mkdtempSync(join(tmpdir(), 'rb-branches-'));
});

describe('exec and the runbook choices', () => {
  it('runs no conditional block unless told, and says which it skipped and why (exit 0)', async () => {
    const r = await exec(['install the client', '--json']);
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(ran(out)).toEqual(['before']);
    expect(out.filter((o) => o.status === 'skipped').map((o) => o.reason)).toEqual([
      'not chosen: Debian (--when or --all-branches runs it)',
      'not chosen: RHEL (--when or --all-branches runs it)',
    ]);
    const human = await exec(['install the client']);
    expect(human.stdout).toContain('skipped: not chosen: Debian (--when or --all-branches runs it)');
    expect(human.stdout).toMatch(/Done: 1 succeeded, 0 failed, 2 skipped/);
  });

  it('--when takes the branch it names, and only that one of the alternatives', async () => {
    const out = lines((await exec(['install the client', '--when', 'debian', '--json'])).stdout);
    expect(ran(out)).toEqual(['before', 'debian']);
    expect(out.find((o) => o.status === 'skipped').reason).toBe('not chosen: RHEL; chosen: Debian');
    const otherwise = lines((await exec(['clear the blocker', '--when', 'otherwise', '--json'])).stdout);
    expect(ran(otherwise)).toEqual(['force']);
  });

  it('--all-branches runs every alternative, in order; the journal records the choices and the report the skips', async () => {
    const r = await exec(['install the client', '--all-branches', '--json']);
    expect(ran(lines(r.stdout))).toEqual(['before', 'debian', 'rhel']);
    const none = await exec(['clear the blocker']);
    const session = /Report: (\S+)\/report\.md/.exec(none.stdout)![1]!;
    const journal = readFileSync(join(cwd, session, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(journal.filter((e) => e.type === 'branch-chosen')).toEqual([
      expect.objectContaining({ options: ['If a disruption budget blocks the drain', 'Otherwise'], taken: [], by: 'default' }),
    ]);
    const report = readFileSync(join(cwd, session, 'report.md'), 'utf8');
    expect(report).toContain('not chosen: If a disruption budget blocks the drain');
  });
});
