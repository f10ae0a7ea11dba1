// The cockpit in a real terminal (issue 15): keys that arrive together are all applied, in order
// (`ssss` skips four statements, two Backspaces in one send-keys delete two characters), readline keys
// edit where the cursor is, a bracketed paste is one insertion and a multi-line one is refused by a
// one-line field, a note is typed while a 5 s pg_sleep runs, and an ad-hoc statement (`:`) is asked,
// run, journaled and reported as ad hoc. tmux runs the built binary against the test run's PostgreSQL.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.js';
import { CLI, ROOT } from '../helpers/cli.js';
import { Terminal } from './tmux.js';

let url: string;
let work: string;
const terminals: Terminal[] = [];

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  url = await createTestDatabase('rb_e2e_cockpit');
  work = mkdtempSync(join(tmpdir(), 'rb-e2e-cockpit-'));
});

afterAll(() => {
  for (const t of terminals) t.close();
  rmSync(work, { recursive: true, force: true });
});

const RUNBOOK = [
  '# Cockpit Drill',
  '',
  '## Drills',
  '',
  '### Keys and Waits',
  '1. **Five reads:**',
  '   ```sql',
  ...['One', 'Two', 'Three', 'Four', 'Five'].flatMap((name, i) => [`   -- ${name}`, `   SELECT ${i + 1};`, '']),
  '   ```',
  '2. **Slow:**',
  '   ```sql',
  '   -- Sleep five seconds',
  '   SELECT pg_sleep(5);',
  '   ```',
  '',
].join('\n');

type Event = Record<string, unknown> & { type: string };

function journal(dir: string): Event[] {
  return readFileSync(join(dir, 'journal.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Event);
}

describe('the cockpit in a terminal', () => {
  it('applies every key in order, edits and pastes cleanly, takes a note while a statement runs, runs an ad-hoc statement', async () => {
    const file = join(work, 'cockpit.md');
    writeFileSync(file, RUNBOOK);
    const dir = join(work, 'session');
    const t = new Terminal(`node ${CLI} run ${file} "Keys and Waits" --db ${url} --session-dir ${dir}`, { cwd: ROOT, env: { NO_COLOR: '1' } });
    terminals.push(t);
    t.start();
    await t.waitFor('Step 1 of 2 · Five reads');

    // `ssss` in one write: four skips, none dropped, the highlight on the fifth.
    t.type('ssss');
    let screen = await t.waitFor(/▸ ○ \[READ\] Five/);
    for (const name of ['One', 'Two', 'Three', 'Four']) expect(screen).toMatch(new RegExp(`↷ \\[READ\\] ${name}\\b`));
    expect(journal(dir).filter((e) => e.type === 'statement-skipped').map((e) => e.statement)).toEqual([1, 2, 3, 4].map((n) => `keys-and-waits/1/b1/${n}`));

    // A note, edited with the keys a terminal sends: two Backspaces in one send-keys, Ctrl-A, End,
    // Left, Delete; a bracketed paste goes in at the cursor; a paste of two lines is refused.
    t.keys('n');
    await t.waitFor('Note on step 1');
    t.type('first.Xab');
    t.keys('BSpace', 'BSpace');
    await t.waitFor(/first\.X(?!a)/);
    t.keys('C-a');
    t.type('Y');
    t.keys('End');
    t.type('!');
    t.keys('Left', 'Left', 'DC');
    await t.waitFor('Yfirst.!');
    t.paste(' pasted');
    await t.waitFor('Yfirst. pasted!');
    t.paste('two\nlines');
    screen = await t.waitFor('the paste has 2 lines, nothing was inserted');
    expect(screen).toContain('Yfirst. pasted!');
    t.keys('Enter');
    await t.waitFor((s) => !s.includes('Note on step 1'));
    const note = journal(dir).find((e) => e.type === 'note');
    expect(note?.text).toBe('Yfirst. pasted!');

    // Step 2: a note typed while pg_sleep(5) runs is journaled before the statement ends.
    t.keys('s');
    await t.waitFor('▸ → Continue to step 2: Slow');
    t.keys('Enter');
    await t.waitFor('Step 2 of 2 · Slow');
    t.keys('Enter');
    await t.waitFor('Run this statement?');
    t.keys('Enter');
    await t.waitFor('running…');
    t.keys('n');
    await t.waitFor('Note on step 2');
    t.type('typed while it sleeps');
    t.keys('Enter');
    screen = await t.waitFor((s) => !s.includes('Note on step 2'));
    expect(screen).toContain('running…');
    await t.waitFor(/✓ \[READ\] Sleep five seconds/, 30_000);
    let events = journal(dir);
    const noted = events.findIndex((e) => e.type === 'note' && e.text === 'typed while it sleeps');
    const slept = events.findIndex((e) => e.type === 'statement-finished' && e.statement === 'keys-and-waits/2/b1/1');
    expect(noted).toBeGreaterThan(events.findIndex((e) => e.type === 'statement-started' && e.statement === 'keys-and-waits/2/b1/1'));
    expect(noted).toBeLessThan(slept);

    // `:`: the operator's own statement, asked like the runbook's, run, journaled and reported as ad hoc.
    t.keys(':');
    await t.waitFor('Your own statement');
    t.type('SELECT 40 + 2 AS answer;');
    t.keys('Enter');
    screen = await t.waitFor('Run this statement?');
    expect(screen).toContain('SELECT 40 + 2 AS answer');
    t.keys('Enter');
    screen = await t.waitFor(/answer[\s\S]*42/);
    expect(screen).toContain('your own');

    // Finish: "n of 7", every question left empty.
    t.keys('q');
    for (let i = 1; i <= 7; i++) {
      await t.waitFor(`· ${i} of 7`);
      t.keys('Enter');
    }
    await t.waitFor('Session finished');
    t.keys('Enter');
    await t.waitFor('[exit 0]');

    events = journal(dir);
    expect(events.filter((e) => e.type === 'statement-added')).toEqual([expect.objectContaining({ adHoc: true, statement: expect.objectContaining({ source: expect.stringContaining('SELECT 40 + 2 AS answer') }) })]);
    const report = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(report).toContain('Yfirst. pasted!');
    expect(report).toContain('typed while it sleeps');
    expect(report).toMatch(/\*\*Ad hoc\*\* \(sql, read, typed by the operator, not in the runbook\)/);
    expect(report).toContain('SELECT 40 + 2 AS answer');
    // No control character reached the journal or the report.
    expect(readFileSync(join(dir, 'journal.jsonl'), 'utf8')).not.toMatch(/\\u00(0[0-8bcef]|1[0-9a-f]|7f)/);
    expect(report).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/);
  });
});
