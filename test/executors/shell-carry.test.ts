// Shell state carries across a procedure as in one terminal (issue 13, item 6): what a statement
// exports or unsets and the directory it ends in are seen by the next, through the request's and the
// result's `carry` (one request in, one result out); bash's own line numbers and exit status stay.

import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ShellExecutor } from '../../src/executors/shell.js';
import type { ShellCarry } from '../../src/executors/types.js';
import { outputDir, request } from './helpers.js';

const shell = new ShellExecutor();
const out = outputDir();
const run = (text: string, carry?: ShellCarry) => shell.run(request('shell', text, { outputDir: out, ...(carry ? { carry } : {}) }));

describe('shell state between statements', () => {
  it('carries exports, changed variables, unsets and the working directory', async () => {
    const dir = realpathSync(mkdtempSync(`${tmpdir()}/rb-carry-`));
    process.env.RB_CARRY_TEST_VISIBLE = 'from the process';
    const first = await run(`export REGION=eu-west-1 TOKEN=abc\ncd ${dir}\nunset RB_CARRY_TEST_VISIBLE\nLOCAL_ONLY=1`);
    expect(first.status).toBe('succeeded');
    expect(first.carry).toEqual({ env: { REGION: 'eu-west-1', TOKEN: 'abc' }, unset: ['RB_CARRY_TEST_VISIBLE'], cwd: dir });

    const second = await run('echo "$REGION $TOKEN ${RB_CARRY_TEST_VISIBLE:-gone} ${LOCAL_ONLY:-unexported} $(pwd)"; export REGION=us-east-1', first.carry);
    expect(second.stdoutTail).toBe(`eu-west-1 abc gone unexported ${dir}\n`);
    expect(second.carry).toEqual({ env: { REGION: 'us-east-1', TOKEN: 'abc' }, unset: ['RB_CARRY_TEST_VISIBLE'], cwd: dir });
    delete process.env.RB_CARRY_TEST_VISIBLE;
  });

  it('keeps the exit status and bash line numbers, and carries what a failing statement exported', async () => {
    const failing = await run('export STAGE=half\nfalse\nexit 3');
    expect(failing).toMatchObject({ status: 'failed', exitCode: 3, carry: { env: { STAGE: 'half' } } });
    const syntax = await run('echo ok\nif then');
    expect(syntax.stderrTail).toMatch(/line 2: syntax error/);
  });

  it('starts where the last statement ended only while that directory exists', async () => {
    const gone = { env: {}, cwd: '/nonexistent/dir/for/rb' };
    const r = await run('pwd', gone);
    expect(r.stdoutTail).toBe(`${process.cwd()}\n`);
  });
});
