// The on-disk model cache of the bundled CLI: a second run reads the model back instead of modelling,
// with the same output; a torn cache file or a changed runbook never yields a stale or broken model.

import { copyFileSync, mkdtempSync, readdirSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, ROOT } from '../helpers/cli.js';

const home = mkdtempSync(join(tmpdir(), 'rb-cache-'));
const env = { XDG_CACHE_HOME: home, RUNBOOK_NO_CACHE: undefined };
const modelsDir = join(home, 'runbook', 'models');
const runbook = join(home, 'ops.md');

async function listJson(file = runbook) {
  const result = await runCli(['list', file, '--json'], { env });
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  return result.stdout;
}

describe('model cache', () => {
  beforeAll(() => copyFileSync(join(ROOT, 'runbooks/database-operations.md'), runbook));

  it('writes the model on the first run and gives the same output from it on the next', async () => {
    const first = await listJson();
    expect(readdirSync(modelsDir).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    const second = await listJson();
    expect(second).toBe(first);
    const uncached = await runCli(['list', runbook, '--json'], { env: { ...env, RUNBOOK_NO_CACHE: '1' } });
    expect(uncached.stdout).toBe(first);
  });

  it('ignores a torn cache file and models again', async () => {
    const expected = await listJson();
    for (const file of readdirSync(modelsDir)) writeFileSync(join(modelsDir, file), '{"build":');
    expect(await listJson()).toBe(expected);
  });

  it('never serves the model of an earlier version of the file', async () => {
    appendFileSync(runbook, '\n## Cache Check\n\n```sql\nSELECT 42;\n```\n');
    const out = JSON.parse(await listJson()) as { procedures: { title: string }[] };
    expect(out.procedures.map((p) => p.title)).toContain('Cache Check');
  });

  it('a session started from a cached model still classifies new text (a pasted SQL fragment)', async () => {
    appendFileSync(runbook, '\n## Fragment Check\n\n```sql\nEXPLAIN [paste slow query here];\n```\n');
    await listJson();
    await listJson(); // the second run reads the cached model: no SQL parser loaded by modelling
    const args = ['exec', runbook, 'Fragment Check', '--dry-run', '--json', '--param', 'paste_slow_query_here=SELECT 1'];
    const result = await runCli([...args, '--session-dir', join(home, 'session')], { env });
    expect(result.stderr).not.toContain('error');
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout.trim().split('\n')[0]!)).toMatchObject({ text: 'EXPLAIN SELECT 1;', status: 'skipped' });
  });
});
