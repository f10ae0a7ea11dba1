// End to end in a real terminal: tmux runs the built `runbook run` on the bundled runbook's "Database
// Down" against a real PostgreSQL, types through every step (parameters, confirmations, a skip, a note,
// the checklist), finishes, and checks the screen at each stage and the journal and report afterwards.

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
  url = await createTestDatabase('rb_e2e_ui');
  work = mkdtempSync(join(tmpdir(), 'rb-e2e-ui-'));
});

afterAll(() => {
  for (const t of terminals) t.close();
  rmSync(work, { recursive: true, force: true });
});

function terminal(args: string, env: Record<string, string | undefined> = { NO_COLOR: '1' }): Terminal {
  const t = new Terminal(`node ${CLI} ${args}`, { cwd: ROOT, env });
  terminals.push(t);
  t.start();
  return t;
}

function journal(dir: string): Record<string, unknown>[] {
  return readFileSync(join(dir, 'journal.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const database = () => new URL(url).pathname.slice(1);

/** The psql session the UI handed the terminal to: wait for its prompt, leave it with \q, wait to be back. */
async function quitPsql(t: Terminal): Promise<string> {
  const screen = await t.waitFor(/=#/);
  t.type('\\q');
  t.keys('Enter');
  await t.waitFor((s) => !s.includes('this statement has the terminal'), 30_000);
  return screen;
}

describe('runbook run in a terminal', () => {
  it('walks Database Down end to end and writes journal and report', async () => {
    const dir = join(work, 'walk');
    const t = terminal(`run runbooks/database-operations.md "Database Down" --db ${url} --session-dir ${dir}`);

    // An emergency procedure opens with the contacts.
    let screen = await t.waitFor('Emergency Contacts');
    expect(screen).toMatch(/Database Admin\s+│ On-call DBA/);
    t.keys('Enter');

    screen = await t.waitFor('Step 1 of 3 · Immediate Actions');
    expect(screen).toContain('Database Operations Runbook › 🚨 Database Down');
    expect(screen).toContain(`postgres@127.0.0.1:${new URL(url).port}/${database()}`);
    expect(screen).toContain('step 1 of 3');
    expect(screen).toMatch(/▸ ○ \[READ\] Check connection from multiple sources/);
    expect(screen).toContain('psql -h [host] -U [user] -d [database]');
    expect(screen).toContain('Enter run  a run block  s skip  e edit');

    // The psql line: its placeholders are asked, suggested from the target.
    t.keys('Enter');
    screen = await t.waitFor('Parameters for Check connection from multiple sources');
    expect(screen).toMatch(/▸ host: 127\.0\.0\.1/);
    t.keys('Enter');
    await t.waitFor(/▸ user: postgres/);
    t.keys('Enter');
    await t.waitFor(new RegExp(`▸ database: ${database()}`));
    t.keys('Enter');
    screen = await t.waitFor('Run this statement?');
    expect(screen).toMatch(/psql -h .*127\.0\.0\.1.* -U .*postgres/);
    t.keys('Enter');
    // psql without -c is an interactive session: the UI hands over the terminal until it exits.
    screen = await quitPsql(t);
    expect(screen).toContain('this statement has the terminal; exit it to come back');
    screen = await t.waitFor(/✓ \[READ\] Check connection from multiple sources.*exit 0/);
    expect(screen).toContain('✓ exit 0');

    // Done: the highlight passes over the comment-only statement (a note) to the row that continues.
    await t.waitFor('▸ → Continue to step 2: Diagnostics');
    // The note is read on request, then on to step 2.
    t.keys('k');
    await t.waitFor(/▸ ○ \[READ\] Check Supabase dashboard status/);
    t.keys('Enter');
    await t.waitFor(/↷ \[READ\] Check Supabase dashboard status/);
    await t.waitFor('▸ → Continue to step 2: Diagnostics');
    t.keys('Enter');

    screen = await t.waitFor('Step 2 of 3 · Diagnostics');
    expect(screen).toContain('step 2 of 3');
    // Run the block: the first query runs, the second is declined and then skipped.
    t.keys('a');
    screen = await t.waitFor('Run this statement?');
    expect(screen).toContain("SELECT * FROM pg_stat_activity WHERE state = 'active';");
    t.keys('Enter');
    screen = await t.waitFor(/Run this statement\?[\s\S]*WHERE NOT blocked_locks\.granted/);
    t.keys('Escape');
    screen = await t.waitFor(/▸ ○ \[READ\] Check for blocking queries/);
    // pg_stat_activity is server-wide: other test files running on the same server add active rows.
    expect(screen).toMatch(/✓ \[READ\] If accessible, check for locks\s+\d+ rows? ·/);
    t.keys('s');
    await t.waitFor(/↷ \[READ\] Check for blocking queries/);
    // The result of the first query is a table with its CSV.
    t.keys('k', 'k');
    screen = await t.waitFor('rows 1–1 of 1');
    expect(screen).toMatch(/pid\s+│/);
    expect(screen).toMatch(/CSV: .*outputs/);
    // A note.
    t.keys('n');
    await t.waitFor('Note on step 2');
    t.type('locks checked from e2e');
    t.keys('Enter');
    await t.waitFor(/j\/k move/);
    t.keys('j', 'j', 'j'); // past the statement the runbook adds (pg_blocking_pids), left pending
    await t.waitFor('▸ → Continue to step 3: Recovery Steps');
    t.keys('Enter');

    screen = await t.waitFor('Step 3 of 3 · Recovery Steps');
    expect(screen).toContain('▸ [ ] Contact Supabase support if platform issue');
    t.keys('Space');
    await t.waitFor('[x] Contact Supabase support if platform issue');
    t.keys('j', 'Space');
    await t.waitFor('[x] Terminate blocking connections if needed');

    // Finish: impact, root cause (left empty), then each field of the template's Lessons Learned and
    // Prevention Measures: the answers land under their own field in the report.
    // When it was detected and resolved come first (empty: the session start, and left blank), numbered.
    t.keys('q');
    screen = await t.waitFor(/· 1 of 10[\s\S]*Detected at/);
    t.keys('Enter');
    await t.waitFor(/· 2 of 10[\s\S]*Resolved at/);
    t.keys('Enter');
    await t.waitFor('Impact (who/what was affected)?');
    t.type('none, e2e drill');
    t.keys('Enter');
    await t.waitFor('Root cause?');
    t.keys('Enter');
    await t.waitFor('Lessons learned: What went well?');
    t.keys('Enter');
    await t.waitFor('Lessons learned: What could improve?');
    t.keys('Enter');
    await t.waitFor('Lessons learned: Action items?');
    t.type('tmux drives the UI');
    t.keys('Enter');
    for (const field of ['Technical changes', 'Process improvements', 'Monitoring additions']) {
      await t.waitFor(`Prevention: ${field}?`);
      t.keys('Enter');
    }
    screen = await t.waitFor('Session finished');
    // The statement the runbook adds was left pending: the session is not all done, so the exit is 1.
    expect(screen).toMatch(/2 run · 2 succeeded · 0 failed · 1 skipped · 1 not done/);
    expect(screen).toContain('report.md');
    t.keys('Enter');
    // The UI's screen is gone after exit; the outcome and the report's path stay in the terminal.
    const after = (await t.waitFor('[exit 1]')).split('\n').join('');
    expect(after).toMatch(/Session finished \(2 run, 2 succeeded, 0 failed, 1 skipped, 1 not done; [^)]+\)\. Report: \S*report\.md/);

    const events = journal(dir);
    const finished = events.filter((e) => e.type === 'statement-finished').map((e) => e.statement);
    const skipped = events.filter((e) => e.type === 'statement-skipped').map((e) => e.statement);
    expect(finished).toEqual(['database-down/1/b1/1', 'database-down/2/b1/1']);
    expect(skipped).toEqual(['database-down/1/b1/2', 'database-down/2/b1/2']);
    expect(events.filter((e) => e.type === 'param-set').map((e) => e.name)).toEqual(['host', 'user', 'database']);
    expect(events.some((e) => e.type === 'note' && e.text === 'locks checked from e2e')).toBe(true);
    expect(events.filter((e) => e.type === 'manual-ticked').map((e) => e.item)).toEqual(['database-down/3/m1', 'database-down/3/m2']);
    expect(events.at(-1)).toMatchObject({ type: 'session-ended', status: 'completed' });

    const report = readFileSync(join(dir, 'report.md'), 'utf8');
    for (const text of ['psql -h', "SELECT * FROM pg_stat_activity WHERE state = 'active';", 'blocked_locks', 'locks checked from e2e', 'none, e2e drill', 'Action items: tmux drives the UI'])
      expect(report).toContain(text);
    // The lessons answer fills "Action items", not "What went well".
    expect(report).toContain('What went well: _(to be filled in review)_');
  });

  it('killed mid-step, resumes in the UI with completed steps shown and not run again', async () => {
    const dir = join(work, 'killed');
    const t = terminal(`run runbooks/database-operations.md "Database Down" --db ${url} --session-dir ${dir}`);
    await t.waitFor('Emergency Contacts');
    t.keys('Enter');
    await t.waitFor('Step 1 of 3 · Immediate Actions');
    t.keys('Enter');
    await t.waitFor('Parameters for Check connection');
    t.keys('Enter');
    await t.waitFor(/▸ user:/);
    t.keys('Enter');
    await t.waitFor(/▸ database:/);
    t.keys('Enter');
    await t.waitFor('Run this statement?');
    t.keys('Enter');
    await quitPsql(t);
    await t.waitFor('▸ → Continue to step 2: Diagnostics');
    t.keys('k');
    await t.waitFor(/▸ ○ \[READ\] Check Supabase dashboard status/);
    t.keys('Enter');
    await t.waitFor('▸ → Continue to step 2: Diagnostics');
    t.keys('Enter');
    await t.waitFor('Step 2 of 3 · Diagnostics');
    t.keys('Enter');
    await t.waitFor('Run this statement?');
    t.keys('Enter');
    // Done: the highlight is on the next statement, the result of the first still in view.
    await t.waitFor(/▸ ○ \[READ\] Check for blocking queries[\s\S]*Result of line 100: If accessible/);

    // Mid-step: one statement of step 2 done, one to go. The process dies without a word.
    process.kill(t.programPid(), 'SIGKILL');
    await t.waitFor('[exit 137]');
    const before = journal(dir);
    expect(before.at(-1)?.type).toBe('statement-finished');

    const r = terminal(`resume ${dir} --db ${url}`);
    let screen = await r.waitFor('Step 2 of 3 · Diagnostics');
    expect(screen).toContain('step 2 of 3');
    expect(screen).toMatch(/✓ \[READ\] If accessible, check for locks\s+\d+ rows? ·/);
    expect(screen).toMatch(/▸ ○ \[READ\] Check for blocking queries/);
    // The result of the finished statement is still there to read.
    r.keys('k');
    screen = await r.waitFor('rows 1–1 of 1');
    // Step 1 shows what was done there.
    r.keys('b');
    screen = await r.waitFor('Step 1 of 3 · Immediate Actions');
    expect(screen).toMatch(/✓ \[READ\] Check connection from multiple sources\s+exit 0/);
    expect(screen).toMatch(/↷ \[READ\] Check Supabase dashboard status/);
    expect(screen).toContain('▸ → Continue to step 2: Diagnostics');
    r.keys('Enter');
    await r.waitFor(/▸ ○ \[READ\] Check for blocking queries/);
    r.keys('Enter');
    await r.waitFor('Run this statement?');
    r.keys('Enter');
    // Done: the highlight moves on to the statement the runbook adds (left pending), the result stays in view.
    await r.waitFor(/Result of line 103: Check for blocking queries\s+✓ SELECT 0/);
    r.keys('j');
    await r.waitFor('▸ → Continue to step 3: Recovery Steps');
    r.keys('Enter');
    await r.waitFor('Step 3 of 3 · Recovery Steps');
    r.keys('q');
    for (const question of ['Detected at', 'Resolved at']) {
      await r.waitFor(question);
      r.keys('Enter');
    }
    await r.waitFor('Impact (who/what was affected)?');
    r.keys('Enter');
    await r.waitFor('Root cause?');
    r.keys('Enter');
    for (const question of ['Lessons learned: What went well?', 'Lessons learned: What could improve?', 'Lessons learned: Action items?', 'Prevention: Technical changes?', 'Prevention: Process improvements?', 'Prevention: Monitoring additions?']) {
      await r.waitFor(question);
      r.keys('Enter');
    }
    screen = await r.waitFor('Session finished');
    expect(screen).toMatch(/3 run · 3 succeeded · 0 failed · 0 skipped · 1 not done/);
    r.keys('Enter');
    await r.waitFor('[exit 1]'); // the statement the runbook adds is still pending

    const events = journal(dir);
    expect(events.some((e) => e.type === 'session-resumed')).toBe(true);
    const finished = events.filter((e) => e.type === 'statement-finished').map((e) => e.statement);
    expect(finished).toEqual(['database-down/1/b1/1', 'database-down/2/b1/1', 'database-down/2/b1/2']);
    expect(events.at(-1)).toMatchObject({ type: 'session-ended', status: 'completed' });
  });

  it('streams shell output live, Ctrl-C cancels only the running statement, errors point at the line', async () => {
    const file = join(work, 'live.md');
    writeFileSync(
      file,
      [
        '# Live Runbook',
        '',
        '## Drills',
        '',
        '### Slow Things',
        '1. **Shell ticks:**',
        '   ```bash',
        '   # Count slowly',
        '   for i in 1 2 3 4 5 6 7 8; do echo "tick $i"; sleep 1; done',
        '   ```',
        '2. **Slow query:**',
        '   ```sql',
        '   -- Sleep in the database',
        '   SELECT pg_sleep(60);',
        '   -- Misspelled view',
        '   SELECT * FROM pg_stat_activty;',
        '   ```',
        '',
      ].join('\n'),
    );
    const dir = join(work, 'live');
    const t = terminal(`run ${file} "Slow Things" --db ${url} --session-dir ${dir}`);
    await t.waitFor('Step 1 of 2 · Shell ticks');
    t.keys('Enter');
    await t.waitFor('Run this statement?');
    t.keys('Enter');
    let screen = await t.waitFor('tick 2');
    expect(screen).toMatch(/running… (\d+ ms|\d+\.\d s).*\(Ctrl-C cancels it/);
    t.keys('C-c');
    screen = await t.waitFor('⊘ cancelled after');
    expect(screen).not.toContain('Quit now?');
    t.keys('j');
    await t.waitFor('▸ → Continue to step 2: Slow query');
    t.keys('Enter');
    await t.waitFor('Step 2 of 2 · Slow query');
    t.keys('Enter');
    await t.waitFor('Run this statement?');
    t.keys('Enter');
    await t.waitFor('running…');
    t.keys('C-c');
    screen = await t.waitFor('⊘ cancelled after');
    // A real cancel request, or (under load) a Ctrl-C that came while the session connection was still
    // being opened, honoured before the query started.
    expect(screen).toMatch(/canceling statement due to user request|cancelled before it started|cancelled while connecting/);
    t.keys('j');
    await t.waitFor(/▸ ○ \[READ\] Misspelled view/);
    t.keys('Enter');
    await t.waitFor('Run this statement?');
    t.keys('Enter');
    screen = await t.waitFor('does not exist');
    const lines = screen.split('\n');
    const at = lines.findIndex((l) => l === 'SELECT * FROM pg_stat_activty;');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe('              ^');
    expect(screen).toContain('at runbook line 16, column 18');
    // At rest, Ctrl-C asks before quitting.
    t.keys('C-c');
    await t.waitFor('Quit now? (y/N)');
    t.keys('y');
    await t.waitFor('[exit 130]');
    const events = journal(dir);
    expect(events.filter((e) => e.type === 'statement-finished').map((e) => e.status)).toEqual(['cancelled', 'cancelled', 'failed']);
  });

  it('honours NO_COLOR and follows resizes', async () => {
    const colour = /\x1b\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|38;5;\d+)m/;
    // CI=true as well: Ink would draw only a final frame in CI, but a real terminal is what counts.
    const plain = terminal('run', { NO_COLOR: '1', CI: 'true' });
    await plain.waitFor('Choose a procedure');
    expect(plain.screen(true)).not.toMatch(colour);
    const coloured = terminal('run', { NO_COLOR: undefined, FORCE_COLOR: '1' });
    await coloured.waitFor('Choose a procedure');
    expect(coloured.screen(true)).toMatch(colour);

    expect(plain.screen()).not.toContain('Quick Reference Commands');
    plain.resize(120, 40);
    let screen = await plain.waitFor('Quick Reference Commands');
    expect(screen).toMatch(/Morning Health Check \(9 AM\)\s{60,}1 step/);
    plain.resize(80, 24);
    screen = await plain.waitFor((s: string) => !s.includes('Quick Reference Commands'));
    for (const line of screen.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    plain.keys('C-c');
    await plain.waitFor('[exit 130]');
  });

  it('without a terminal says to use runbook exec and exits 2', async () => {
    const { runCli } = await import('../helpers/cli.js');
    const result = await runCli(['run']);
    expect(result.exitCode).toBe(2);
    expect(String(result.stderr).trim()).toBe('runbook: runbook run needs a terminal; to run a procedure without one, use `runbook exec FILE PROCEDURE`');
  });

  it('without a terminal repeats the runbook and procedure named in the runbook exec it suggests', async () => {
    const { runCli } = await import('../helpers/cli.js');
    let result = await runCli(['run', 'Database Down']);
    expect(result.exitCode).toBe(2);
    expect(String(result.stderr).trim()).toBe('runbook: runbook run needs a terminal; to run a procedure without one, use `runbook exec FILE "Database Down"`');
    result = await runCli(['run', 'runbooks/database-operations.md', 'database-down']);
    expect(String(result.stderr).trim()).toBe('runbook: runbook run needs a terminal; to run a procedure without one, use `runbook exec runbooks/database-operations.md database-down`');
  });
});
