// Fill-ins written in every common convention (<NAME>, {{ name }}, $NAME the prose asks for, psql
// :'name' with a \set default, [name]) through `runbook exec`: each is one parameter, asked (or given)
// once, bound by where it stands, and journaled.

import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { createTestDatabase } from '../helpers/db.js';
import { CLI } from '../helpers/cli.js';

const RUNBOOK = join(import.meta.dirname, 'runbooks/fill-ins.md');
let db: string;
let cwd: string;

async function exec(params: string[], env: Record<string, string> = {}) {
  const args = ['exec', RUNBOOK, 'collect', '--yes', '--db', db, '--json', ...params.flatMap((p) => ['--param', p])];
  const r = await execa('node', [CLI, ...args], { cwd, reject: false, stdin: 'ignore', env: { DATABASE_URL: '', PGHOST: '', TARGET_DIR: '', ...env }, extendEnv: true });
  return { code: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
}

beforeAll(async () => {
  db = await createTestDatabase('rb_fillins');
  cwd = mkdtempSync(join(tmpdir(), 'rb-fillins-'));
});

describe('fill-ins through runbook exec', () => {
  it('asks for every convention by one name, and names what is missing', async () => {
    const r = await exec([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing parameter \[target_dir\]: give --param target_dir=VALUE \(and 3 more\)/);
  });

  it('binds each by its context, takes $TARGET_DIR from the environment, and journals each once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rb-fillins-out-'));
    const r = await exec(['namespace=prod ns', 'cluster=main; rm -rf /', "name=o'brien"], { TARGET_DIR: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe(`prod ns|main; rm -rf /|o'brien|${dir}\nagain: prod ns\n`);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.at(-1).rows).toEqual([['nobody at all', "o'brien"]]);
    const sessions = join(cwd, '.runbook/sessions');
    const session = readdirSync(sessions).sort().at(-1)!;
    const events = readFileSync(join(sessions, session, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const set = events.filter((e) => e.type === 'param-set').map((e) => [e.name, e.value]);
    expect(set.sort()).toEqual([['cluster', 'main; rm -rf /'], ['name', "o'brien"], ['namespace', 'prod ns'], ['target_dir', dir], ['who', 'nobody at all']].sort());
  });
});
