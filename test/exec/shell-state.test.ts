// Shell state carries across a procedure as in a terminal, and interactive statements fail fast in
// exec (issue 13, item 6): exports and `cd` of step 1 are seen in step 2, secret values are masked in
// the journal, and `read -p` is refused at once with the reason instead of reading a closed stdin.

import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { createTestDatabase } from '../helpers/db.js';
import { CLI as cli } from '../helpers/cli.js';

const RUNBOOK = join(import.meta.dirname, 'runbooks/state.md');
let db: string;
let cwd: string;

async function exec(args: string[]) {
  const env = { DATABASE_URL: '', PGHOST: '', TMPDIR_FOR_TEST: cwd };
  const r = await execa('node', [cli, 'exec', RUNBOOK, ...args, '--yes', '--db', db], { cwd, reject: false, stdin: 'ignore', env });
  return { code: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
}

const lines = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

beforeAll(async () => {
  db = await createTestDatabase('rb_shell_state');
  cwd = mkdtempSync(join(tmpdir(), 'rb-state-'));
});

describe('shell state in exec', () => {
  it('carries exports and the working directory from one step to the next, secrets masked in the journal', async () => {
    const r = await exec(['carry', '--json', '--session-dir', join(cwd, 'carry')]);
    expect(r.code).toBe(0);
    const [, use] = lines(r.stdout);
    expect(use.stdoutTail).toBe('stage=drill dir=work token=10\n');
    const journal = readFileSync(join(cwd, 'carry', 'journal.jsonl'), 'utf8');
    expect(journal).toContain('"STAGE":"drill"');
    expect(journal).toContain('"API_TOKEN":"****"');
    expect(journal).not.toContain('tok-123456');
  });

  it('refuses an interactive statement at once, naming why, and stops there', async () => {
    const started = Date.now();
    const r = await exec(['ask', '--json']);
    expect(r.code).toBe(1);
    const out = lines(r.stdout);
    expect(out.map((o) => o.status)).toEqual(['succeeded', 'failed']);
    expect(out[1].error.message).toBe('interactive: read waits for an answer typed at the terminal; exec has no terminal to give it (run it in `runbook run`, or do it by hand)');
    expect(out[1].durationMs).toBe(0);
    // Nothing waited on a terminal: the refusal is immediate (generous bound, not a speed test).
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
