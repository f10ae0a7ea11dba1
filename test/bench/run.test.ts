// `npm run bench` as users run it: the --json contract, --only, and "it measures, it does not judge":
// exit 0 also when a figure cannot be measured, which is then printed as unavailable with the reason.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';

const run = promisify(execFile);
const KEYS = ['name', 'value', 'unit', 'baseline', 'baseline_value', 'ratio', 'target'];

async function bench(args: string[], env: NodeJS.ProcessEnv = {}) {
  return run(process.execPath, ['bench/run.mjs', ...args], { env: { ...process.env, ...env }, timeout: 120_000 });
}

describe('npm run bench', () => {
  it('prints one JSON object per line per figure, in the documented shape', async () => {
    const { stdout } = await bench(['--json', '--only', 'journal_event,report_rebuild']);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.name)).toEqual(['journal_event', 'report_rebuild']);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(KEYS);
      expect(line.value).toBeGreaterThan(0);
      expect(line.unit).toBe('ms');
      expect(line.baseline).toBeNull();
      expect(line.ratio).toBeNull();
    }
    expect(lines[0].target).toBe('< 5');
  });

  it('gives ratio = value / baseline_value when there is a baseline', async () => {
    // sql_overhead against the test server: a figure with a baseline that never rebuilds dist/ (which
    // other test files may be running at the same moment).
    const { stdout } = await bench(['--json', '--only', 'sql_overhead'], { BENCH_DATABASE_URL: inject('adminUrl') });
    const line = JSON.parse(stdout.trim());
    expect(line.baseline).toBe('bare pg client');
    if (line.value === null) throw new Error(`sql_overhead unavailable: ${line.unavailable}`);
    expect(line.baseline_value).toBeGreaterThan(0);
    expect(line.ratio).toBeCloseTo(line.value / line.baseline_value, 2);
  });

  it('exits 0 and says why when a figure cannot be measured', async () => {
    const { stdout } = await bench(['--json', '--only', 'sql_overhead'], { BENCH_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    const line = JSON.parse(stdout.trim());
    expect(line).toMatchObject({ name: 'sql_overhead', value: null, ratio: null, target: 'ratio <= 1.2' });
    expect(line.unavailable).toMatch(/127\.0\.0\.1:1/);
  });

  it('says check_corpus is unavailable, and why, without the corpus folder', async () => {
    const { stdout } = await bench(['--json', '--only', 'check_corpus'], { BENCH_CORPUS_DIR: '/nonexistent/runbook-corpus' });
    const line = JSON.parse(stdout.trim());
    expect(line).toMatchObject({ name: 'check_corpus', value: null, target: '< 3000' });
    expect(line.unavailable).toBe('/nonexistent/runbook-corpus is not there (the corpus lives outside the repository)');
  });

  it('prints a table for people with the machine it ran on', async () => {
    const { stdout } = await bench(['--only', 'journal_event']);
    expect(stdout).toMatch(/^\| figure +\| value +\| baseline/);
    expect(stdout).toMatch(/\| journal_event +\| [\d.]+ ms +\|/);
    expect(stdout).toMatch(/Machine: \d+ cores, .+, Node v\d+/);
  });

  it('refuses an unknown figure name', async () => {
    await expect(bench(['--only', 'no_such_figure'])).rejects.toMatchObject({ code: 2 });
  });
});
