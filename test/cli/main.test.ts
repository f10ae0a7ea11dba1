import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runCli, ROOT } from '../helpers/cli.js';
import { VERSION } from '../../src/cli/version.js';

describe('runbook (top level)', () => {
  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8'));
    expect(VERSION).toBe(pkg.version);
    const result = await runCli(['--version']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe(pkg.version);
  });

  it('--help lists every command with a summary', async () => {
    const result = await runCli(['--help']);
    expect(result.exitCode).toBe(0);
    for (const name of ['run', 'exec', 'resume', 'sessions', 'report', 'list', 'show', 'graph', 'check', 'db']) {
      expect(result.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    }
    expect(result.stdout).not.toContain('not built yet');
  });

  it('an unknown command is one line on stderr and exit 2', async () => {
    const result = await runCli(['frobnicate']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('unknown command "frobnicate"');
  });

  it('a bad option is one line naming the option, not a stack trace', async () => {
    const result = await runCli(['list', '--no-such-flag', 'x.md']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--no-such-flag');
    expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });
});
