// The runbook as the source of truth, through the binary: `db install-toolkit --runbook FILE` writes the
// file's thresholds, targets and backup schedule; `check FILE --db URL` reports each disagreement with the
// database at its runbook line (db-mismatch, exit 1); `check` warns review-overdue at the "Next Review"
// line once that date has passed.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, query } from '../helpers/db.js';
import { ROOT, runCli } from '../helpers/cli.js';

const BUNDLED = 'runbooks/database-operations.md';
const SEED = readFileSync(join(ROOT, BUNDLED), 'utf8');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const env = { DATABASE_URL: '', PGHOST: '', NO_COLOR: '1' };
let db: string;
let dir: string;

beforeAll(async () => {
  db = await createTestDatabase('rb_cli_toolkit');
  dir = mkdtempSync(join(tmpdir(), 'rb-cli-toolkit-'));
});

describe('install-toolkit and check --db', () => {
  it('installs the bundled runbook\'s tables, and check --db then finds no disagreement', async () => {
    const install = await runCli(['db', 'install-toolkit', '--db', db, '--json'], { env });
    expect(install.exitCode, install.stderr).toBe(0);
    expect(JSON.parse(install.stdout).settings).toEqual({ thresholds: 5, targets: 5, schedule: 3, from: BUNDLED });
    const check = await runCli(['check', BUNDLED, '--db', db], { env });
    expect(check.stdout).not.toContain('db-mismatch');
  });

  it('an edited threshold: check --db names it at its line and exits 1; install-toolkit --runbook makes them agree', async () => {
    const edited = join(dir, 'edited.md');
    const text = SEED.replace('| Dead Tuples | > 10K | > 50K | Run VACUUM |', '| Dead Tuples | > 20K | > 50K | Run VACUUM |');
    writeFileSync(edited, text);
    const line = lineOf(text, '| Dead Tuples |');
    const check = await runCli(['check', edited, '--db', db], { env });
    expect(check.exitCode).toBe(1);
    expect(check.stdout.split('\n').filter((l) => l.includes('[db-mismatch]'))).toEqual([
      expect.stringMatching(new RegExp(`^${edited}:${line}:1: error postgres://\\S+ has alert threshold dead_tuples as > 10000 / > 50000 tuples, action "Run VACUUM"; the runbook says > 20000 / > 50000 tuples, action "Run VACUUM" \\[db-mismatch\\]$`)),
    ]);
    const install = await runCli(['db', 'install-toolkit', '--db', db, '--runbook', edited], { env });
    expect(install.exitCode, install.stderr).toBe(0);
    expect(install.stdout).toContain(`from ${edited}: 5 alert thresholds, 5 targets, 3 backup schedule rows`);
    expect(await query(db, `SELECT warning::int, source FROM performance.alert_thresholds WHERE metric = 'dead_tuples'`)).toEqual([{ warning: 20000, source: `${edited}:${line}` }]);
    expect((await runCli(['check', edited, '--db', db], { env })).stdout).not.toContain('db-mismatch');
  });

  it('an unreadable row is said while installing, and a database that cannot be reached is exit 3', async () => {
    const odd = join(dir, 'odd.md');
    writeFileSync(odd, SEED.replace('| Longest Query | > 5 min | > 10 min |', '| Longest Query | a while | > 10 min |'));
    const install = await runCli(['db', 'install-toolkit', '--db', db, '--runbook', odd], { env });
    expect(install.stderr).toMatch(/odd\.md:\d+:1: warning Alert Thresholds: cannot read "a while" as a limit for Longest Query .* \[declared-value\]/);
    expect(install.stdout).toContain('4 alert thresholds');
    const unreachable = await runCli(['check', BUNDLED, '--db', 'postgres://nobody@127.0.0.1:1/none'], { env });
    expect(unreachable.exitCode).toBe(3);
    expect(unreachable.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^runbook: cannot connect to .*127\.0\.0\.1:1/)]);
    await runCli(['db', 'install-toolkit', '--db', db], { env });
  });
});

describe('review-overdue', () => {
  it('warns at the "Next Review" line once the date has passed, and not before', async () => {
    const check = await runCli(['check', BUNDLED], { env });
    const line = lineOf(SEED, '**Next Review:**');
    expect(check.stdout).toMatch(new RegExp(`^${BUNDLED}:${line}:1: warning the next review was due March 27, 2025 \\(2025-03-27\\); today is \\d{4}-\\d{2}-\\d{2}: review the runbook and set a new date \\[review-overdue\\]$`, 'm'));
    const future = join(dir, 'future.md');
    writeFileSync(future, SEED.replace('**Next Review:** March 27, 2025', '**Next Review:** March 27, 2999'));
    expect((await runCli(['check', future], { env })).stdout).not.toContain('review-overdue');
  });
});
