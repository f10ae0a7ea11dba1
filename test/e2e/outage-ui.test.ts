// Database Down in the terminal UI when the database is down (issue 14, item 1): the session opens
// (the picker and the UI never wait on the database), and the check the UI runs once the session is open
// journals that the target did not answer, so the report says so as exec's does.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../helpers/cli.js';
import type { JournalEvent } from '../../src/session/types.js';
import { Terminal } from './tmux.js';

let work: string;
let port: number;
const terminals: Terminal[] = [];

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  work = mkdtempSync(join(tmpdir(), 'rb-e2e-outage-'));
  // A port that was free a moment ago: nothing listens there, so connecting is refused at once.
  port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = server.address() as { port: number };
      server.close(() => resolve(p));
    });
  });
});

afterAll(() => {
  for (const t of terminals) t.close();
  rmSync(work, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function events(dir: string): JournalEvent[] {
  if (!existsSync(join(dir, 'journal.jsonl'))) return [];
  return readFileSync(join(dir, 'journal.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as JournalEvent);
}

describe('the terminal UI with the database down', () => {
  it('opens Database Down, journals that the target did not answer, and the report says so', async () => {
    const dir = join(work, 'down');
    const db = `postgres://nobody@127.0.0.1:${port}/gone`;
    const t = new Terminal(`node ${CLI} run runbooks/database-operations.md database-down --db ${db} --session-dir ${dir}`, { cwd: ROOT, env: { NO_COLOR: '1' } });
    terminals.push(t);
    t.start();
    await t.waitFor('Database Down');
    const end = Date.now() + 20_000;
    while (!events(dir).some((e) => e.type === 'target-unreachable')) {
      if (Date.now() > end) throw new Error(`no target-unreachable event; screen:\n${t.screen()}`);
      await sleep(50);
    }
    const outage = events(dir).find((e) => e.type === 'target-unreachable') as Extract<JournalEvent, { type: 'target-unreachable' }>;
    expect(outage.message).toContain(`127.0.0.1:${port}`);
    t.close();
    const report = execFileSync('node', [CLI, 'report', dir], { cwd: ROOT, encoding: 'utf8' });
    expect(report).toContain(`the target did not answer`);
  });
});
