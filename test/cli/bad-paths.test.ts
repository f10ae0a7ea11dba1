// Bad paths (issue 12, defect 10): a session folder that is a file, a report written into a folder that
// does not exist, a sessions root that is a file, a parameter file that is a folder. Each is one line
// naming the path, exit 2; never "internal error", never a stack trace.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const RUNBOOK = join(import.meta.dirname, '../exec/runbooks/exec.md');
// Dry runs never connect; naming a database keeps them off the embedded one.
const DB = ['--db', 'postgres://nobody@127.0.0.1:1/none'];
let cwd: string;
let file: string;

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'rb-bad-paths-'));
  file = join(cwd, 'a-file');
  writeFileSync(file, 'not a folder\n');
  mkdirSync(join(cwd, 'a-folder'));
  // One session, so that `report` has something to write.
  const r = await runCli(['exec', RUNBOOK, 'read checks', '--dry-run', ...DB, '--session-dir', join(cwd, 'session')], { cwd, env: { DATABASE_URL: '', PGHOST: '' } });
  expect(r.exitCode, r.stderr).toBe(0);
});

describe('a bad path is one line and exit 2', () => {
  const cases: [string, () => string[], RegExp][] = [
    ['exec --session-dir <a file>', () => ['exec', RUNBOOK, 'read checks', '--dry-run', ...DB, '--session-dir', file], /^runbook: --session-dir .*a-file: is a file, not a folder$/],
    ['exec --session-dir <below a file>', () => ['exec', RUNBOOK, 'read checks', '--dry-run', ...DB, '--session-dir', join(file, 'sub')], /^runbook: .*a-file\/sub.*: a part of this path is a file, not a directory$/],
    ['report -o /nonexistent/dir/r.md', () => ['report', join(cwd, 'session'), '-o', '/nonexistent/dir/r.md'], /^runbook: \/nonexistent\/dir\/r\.md: no such file or directory$/],
    ['report -o <a folder>', () => ['report', join(cwd, 'session'), '-o', join(cwd, 'a-folder')], /^runbook: .*a-folder: is a directory, not a file$/],
    ['sessions --root <a file>', () => ['sessions', '--root', file], /^runbook: .*a-file: a part of this path is a file, not a directory$/],
    ['report --root <a file>', () => ['report', '--root', file], /^runbook: .*a-file: a part of this path is a file, not a directory$/],
    ['--param name=@<a folder>', () => ['exec', RUNBOOK, 'with params', '--dry-run', ...DB, '--param', `greeting_text=@${join(cwd, 'a-folder')}`], /^runbook: --param greeting_text=@.*a-folder: cannot read .*a-folder \(EISDIR\)$/],
  ];
  it.each(cases)('%s', async (_name, args, message) => {
    const r = await runCli(args(), { cwd, env: { DATABASE_URL: '', PGHOST: '' } });
    expect(r.exitCode).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
});
