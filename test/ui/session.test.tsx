// The session screen over the real engine (test/helpers/ui-session.ts): fixture runbook, scripted
// executors, journal on disk. What the screen shows is what `runbook run` shows for the same runbook.

import React from 'react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { render } from '../helpers/render.js';
import { App } from '../../src/ui/App.js';
import type { Runbook } from '../../src/runbook/model.js';
import type { SessionController } from '../../src/session/types.js';
import { fixtureRunbook, openUiSession, procedureOf, type UiSessionOptions } from '../helpers/ui-session.js';

let runbook: Runbook;
beforeAll(async () => {
  runbook = await fixtureRunbook();
});

async function open(procedureId: string, o: UiSessionOptions & { onExit?: (code: number, farewell?: string) => void; columns?: number; rows?: number } = {}) {
  const session = await openUiSession(runbook, procedureId, o);
  const ui = await render(<App runbook={runbook} controller={session.engine} onExit={o.onExit ?? vi.fn()} onError={(e) => { throw e; }} />, { columns: o.columns, rows: o.rows });
  return { ...session, ui };
}

const types = (events: { type: string }[]) => events.map((e) => e.type);

describe('session screen', () => {
  it('shows header, step prose, statements with risk badges, and the footer keymap', async () => {
    const { ui } = await open('database-down');
    // The frame laid out at 80 columns (the first may be drawn before the size is known).
    const frame = await ui.waitFor((f) => f.includes('q finish') && f.split('\n').every((line) => line.length <= 80));
    expect(frame).toContain('Database Operations Runbook › 🚨 Database Down');
    expect(frame).toContain('oncall@db.example:5432/showtrack');
    expect(frame).toContain('step 1 of 3');
    expect(frame).toMatch(/T\+00:0\d/);
    expect(frame).toContain('Immediate Actions');
    expect(frame).toContain('status page (https://status.supabase.com)');
    // The psql line in an sql block is a shell command, as the model says.
    expect(frame).toMatch(/▸ ○ \[READ\] Check connection from multiple sources/);
    expect(frame).toContain('psql -h [host] -U [user] -d [database]');
    expect(frame).toContain('Enter run  a run block  s skip  e edit  j/k move  b back  n note  c contacts');
    expect(frame).toContain('q finish');
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(frame.split('\n').length).toBeLessThan(24);
    ui.unmount();
  });

  it('asks placeholders in a form (the target prefilled), shows the bound statement, runs on Enter', async () => {
    const { ui, scripted, journal } = await open('database-down');
    await ui.press('enter');
    let frame = await ui.waitFor('Parameters for Check connection');
    expect(frame).toMatch(/▸ host: db\.example/);
    expect(frame).toContain('from the target');
    await ui.press('enter');
    // Change the suggested user: the typed value is the one bound.
    await ui.press('backspace', 'backspace', 'backspace', 'backspace', 'backspace', 'backspace');
    await ui.type('admin');
    await ui.press('enter', 'enter');
    frame = await ui.waitFor('Run this statement?');
    expect(frame).toContain('psql -h db.example -U admin -d showtrack');
    await ui.press('enter');
    frame = await ui.waitFor('connected');
    // Done: the highlight moves on to the row that continues (the result stays in view).
    expect(frame).toMatch(/ {2}✓ \[READ\] Check connection/);
    expect(frame).toMatch(/▸ → Continue to step 2/);
    // Shell values travel as environment variables, never pasted into the command.
    expect(scripted.requests.map((r) => [r.kind, r.text, r.env])).toEqual([
      ['shell', 'psql -h "${RB_HOST}" -U "${RB_USER}" -d "${RB_DATABASE}"', { RB_HOST: 'db.example', RB_USER: 'admin', RB_DATABASE: 'showtrack' }],
    ]);
    expect(journal().filter((e) => e.type === 'param-set').map((e) => e.type === 'param-set' && `${e.name}=${e.value}`)).toEqual(['host=db.example', 'user=admin', 'database=showtrack']);
    ui.unmount();
  });

  it('declining the confirmation leaves the statement pending and runs nothing', async () => {
    const { ui, scripted, journal } = await open('database-down', { params: { host: 'h', user: 'u', database: 'd' } });
    await ui.press('enter');
    await ui.waitFor('Run this statement?');
    await ui.press({ text: 'n' });
    await ui.waitFor((f) => !f.includes('Run this statement?'));
    expect(ui.lastFrame()).toMatch(/▸ ○ \[READ\]/);
    expect(scripted.requests).toEqual([]);
    expect(types(journal())).not.toContain('statement-confirmed');
    ui.unmount();
  });

  it('destructive statements need the typed word', async () => {
    const { ui, scripted, journal } = await open('data-corruption', { params: { table_name: 'animals' } });
    expect(ui.lastFrame()).toContain('[DESTRUCTIVE] Drop the damaged table');
    await ui.press('enter');
    let frame = await ui.waitFor('Destructive statement: confirm by typing');
    // The identifier is bound quoted, as PostgreSQL reads it.
    expect(frame).toContain('DROP TABLE "animals";');
    // The word asked for is the bound object it acts on, never the placeholder token, and not `yes`.
    expect(frame).toContain('Type the table "animals" to run');
    await ui.press('enter');
    frame = await ui.waitFor('does not match');
    await ui.type('yes');
    await ui.press('enter');
    await ui.waitFor('"yes" does not match');
    await ui.type('animals');
    await ui.press('enter');
    await ui.waitFor('✓ SELECT 1');
    expect(scripted.requests.map((r) => r.text)).toEqual(['DROP TABLE "animals";']);
    expect(journal().find((e) => e.type === 'statement-confirmed')).toMatchObject({ statement: 'data-corruption/1/b1/1', answer: 'typed' });
    ui.unmount();
  });

  it("the confirmation's footer names the keys that work there: the typed word, parameters only when there are some", async () => {
    // A read statement without placeholders: Enter/y or n/Esc, no parameters to go back to; why it is a read.
    const read = await open('morning-health-check-9-am');
    await read.ui.press('enter');
    let frame = await read.ui.waitFor('Run this statement?');
    const footer = (f: string) => f.trimEnd().split('\n').at(-1)!;
    expect(footer(frame)).toContain('Enter/y run  n/Esc cancel');
    expect(frame).not.toContain('parameters');
    expect(frame).toMatch(/why: SELECT reads only/);
    read.ui.unmount();
    // A destructive statement with a placeholder: Enter alone does not run it, y is a letter of the word.
    const typed = await open('data-corruption', { params: { table_name: 'animals' } });
    await typed.ui.press('enter');
    frame = await typed.ui.waitFor('Destructive statement: confirm by typing');
    expect(footer(frame)).toBe('type the word, Enter run  Esc cancel  Ctrl-P parameters');
    expect(frame).not.toContain('Enter/y');
    typed.ui.unmount();
  });

  it('runs a whole block with a, skips with s, ticks manual items, adds a note, moves steps', async () => {
    // 40 rows: the blocking-queries statement is five lines long, and both statements stay in view.
    const { ui, journal } = await open('database-down', { rows: 40 });
    await ui.press('down', 'enter');
    await ui.waitFor('step 2 of 3');
    await ui.press({ text: 'a' });
    await ui.waitFor('Run this statement?');
    await ui.press('enter');
    await ui.waitFor(/✓ \[READ\] If accessible/);
    await ui.waitFor('Run this statement?');
    expect(ui.lastFrame()).toContain('SELECT blocked_locks.pid AS blocked_pid');
    await ui.press('escape');
    await ui.waitFor((f) => !f.includes('Run this statement?'));
    await ui.press({ text: 's' });
    await ui.waitFor(/↷ \[READ\] Check for blocking queries/);
    await ui.press({ text: 'n' });
    await ui.waitFor('Note on step 2');
    await ui.type('locks held by pid 4242');
    await ui.press('enter');
    await ui.waitFor((f) => !f.includes('Note on step 2'));
    await ui.press({ text: 'j' }, 'enter');
    await ui.waitFor('step 3 of 3');
    expect(ui.lastFrame()).toContain('▸ [ ] Contact Supabase support');
    await ui.press('space');
    await ui.waitFor('[x] Contact Supabase support');
    await ui.press({ text: 'b' });
    await ui.waitFor('step 2 of 3');
    const events = journal();
    expect(events.find((e) => e.type === 'note')).toMatchObject({ text: 'locks held by pid 4242', step: 'database-down/2' });
    expect(events.find((e) => e.type === 'statement-skipped')).toMatchObject({ statement: 'database-down/2/b1/2' });
    expect(events.find((e) => e.type === 'manual-ticked')).toMatchObject({ item: 'database-down/3/m1', done: true });
    expect(events.filter((e) => e.type === 'step-entered').map((e) => e.type === 'step-entered' && e.step)).toEqual(['database-down/2', 'database-down/3', 'database-down/2']);
    ui.unmount();
  });

  it('e edits the statement before running and the edit goes to the engine', async () => {
    const { ui, scripted, journal } = await open('morning-health-check-9-am');
    await ui.press({ text: 'e' });
    await ui.waitFor('Edit the statement');
    await ui.press('backspace');
    await ui.type(' LIMIT 5;');
    await ui.press('ctrlS');
    await ui.waitFor('Run this statement?');
    expect(ui.lastFrame()).toContain('SELECT * FROM performance.dashboard() LIMIT 5;');
    await ui.press('enter');
    await ui.waitFor('(edited)');
    expect(journal().find((e) => e.type === 'statement-edited')).toMatchObject({ text: 'SELECT * FROM performance.dashboard() LIMIT 5;' });
    expect(scripted.requests.map((r) => r.text)).toEqual(['SELECT * FROM performance.dashboard() LIMIT 5;']);
    ui.unmount();
  });

  it('Ctrl-C while running cancels only that statement; at rest it asks to quit', async () => {
    const onExit = vi.fn();
    const { ui, engine, scripted, journal } = await open('morning-health-check-9-am', { onExit, script: (s) => s.on(/dashboard/, { hold: true }) });
    await ui.press('enter');
    await ui.waitFor('Run this statement?');
    await ui.press('enter');
    const held = await scripted.started();
    let frame = await ui.waitFor('running…');
    expect(frame).toContain('Ctrl-C cancel');
    held.emit({ type: 'data', stream: 'stdout', text: 'line one\nline two\n' });
    await ui.waitFor('line two');
    await ui.press('ctrlC');
    frame = await ui.waitFor('⊘ cancelled after');
    expect(journal().find((e) => e.type === 'statement-finished')).toMatchObject({ status: 'cancelled' });
    expect(onExit).not.toHaveBeenCalled();
    await ui.press('ctrlC');
    frame = await ui.waitFor('Quit now? (y/N)');
    expect(frame.replace(/\s+/g, '')).toContain(`runbookresume${engine.dir}`);
    await ui.press({ text: 'n' });
    await ui.waitFor((f) => !f.includes('Quit now?'));
    await ui.press('ctrlC');
    await ui.waitFor('Quit now?');
    await ui.press({ text: 'y' });
    await vi.waitFor(() => expect(onExit).toHaveBeenCalledWith(130, expect.stringMatching(/^Session \S+ left unfinished; `runbook resume \S+` continues it\.$/)));
    ui.unmount();
  });

  it('Ctrl-C in the idle step list, before anything ran, asks to quit; n stays', async () => {
    const onExit = vi.fn();
    const { ui, journal } = await open('morning-health-check-9-am', { onExit });
    await ui.waitFor('q finish');
    await ui.press('ctrlC');
    await ui.waitFor('Quit now? (y/N)');
    expect(ui.lastFrame()).toContain('y quit  n/Esc stay');
    await ui.press({ text: 'n' });
    await ui.waitFor((f) => !f.includes('Quit now?') && f.includes('q finish'));
    expect(onExit).not.toHaveBeenCalled();
    expect(types(journal())).not.toContain('statement-started');
    ui.unmount();
  });

  it('Ctrl-C while the session opens is not lost: the screen says so and the quit question comes once it is open', async () => {
    const onExit = vi.fn();
    const session = await openUiSession(runbook, 'morning-health-check-9-am');
    let opened!: () => void;
    const ready = new Promise<void>((resolve) => (opened = resolve));
    const openSession = async () => {
      await ready;
      return session.engine;
    };
    const procedure = procedureOf(runbook, 'morning-health-check-9-am');
    const ui = await render(<App runbook={runbook} procedure={procedure} openSession={openSession} openingMessage="Connecting…" onExit={onExit} onError={(e) => { throw e; }} />);
    await ui.waitFor('Connecting…');
    await ui.press('ctrlC');
    await ui.waitFor('Ctrl-C: the session asks whether to quit as soon as it is open.');
    opened();
    await ui.waitFor('Quit now? (y/N)');
    await ui.press({ text: 'y' });
    await vi.waitFor(() => expect(onExit).toHaveBeenCalledWith(130, expect.stringMatching(/left unfinished/)));
    ui.unmount();
  });

  it('q asks when it was detected and resolved, impact, root cause and each lessons field ("n of 7"), keeps answers across Esc, finishes', async () => {
    const onExit = vi.fn();
    const { ui, engine, journal } = await open('morning-health-check-9-am', { onExit });
    await ui.press('enter');
    await ui.waitFor('Run this statement?');
    await ui.press('enter');
    await ui.waitFor('✓ SELECT 1');
    await ui.press({ text: 'q' });
    await ui.waitFor('1 of 7');
    const detected = new Date(Date.now() - 2 * 3600_000).toISOString();
    const resolved = new Date(Date.now() - 3600_000).toISOString();
    await ui.type(detected);
    await ui.press('enter');
    await ui.waitFor('2 of 7');
    // A resolution before the detection is refused where it is typed, the text kept.
    await ui.type('2000-01-01 00:00Z');
    await ui.press('enter');
    let frame = await ui.waitFor('would be before the detection');
    expect(frame).toContain('2 of 7');
    await ui.press({ text: '\x15' });
    await ui.type(resolved);
    await ui.press('enter');
    await ui.waitFor('3 of 7');
    await ui.type('API down 5 minutes');
    // Esc stops; the next q comes back to the same question with the text typed.
    await ui.press('escape');
    await ui.waitFor((f) => !f.includes('3 of 7'));
    await ui.press({ text: 'q' });
    frame = await ui.waitFor('3 of 7');
    expect(frame).toContain('Impact (who/what was affected)? API down 5 minutes');
    // ↑ goes back one, the earlier answer still there.
    await ui.press('up');
    frame = await ui.waitFor('2 of 7');
    expect(frame.replace(/\s+/g, '')).toContain(resolved.slice(0, 16));
    await ui.press('enter');
    await ui.waitFor('3 of 7');
    await ui.press('enter');
    await ui.waitFor('Root cause?');
    await ui.press('enter');
    await ui.waitFor('Lessons learned: What went well?');
    await ui.press('enter');
    await ui.waitFor('Lessons learned: What could improve?');
    await ui.press('enter');
    await ui.waitFor('Lessons learned: Action items?');
    await ui.type('alert sooner');
    await ui.press('enter');
    frame = await ui.waitFor('Session finished');
    expect(frame).toMatch(/1 run · 1 succeeded · 0 failed · 0 skipped · [\d.]+ m?s/);
    expect(frame.replace(/\s+/g, '')).toContain(`Report:${engine.dir}/report.md`);
    const notes = journal().filter((e) => e.type === 'note');
    expect(notes.map((e) => e.type === 'note' && [e.field, e.text])).toEqual([
      ['impact', 'API down 5 minutes'],
      ['lessons', 'Action items: alert sooner'],
    ]);
    expect(journal().filter((e) => e.type === 'time-given').map((e) => e.type === 'time-given' && [e.mark, e.time])).toEqual([
      ['detected', detected],
      ['resolved', resolved],
    ]);
    expect(journal().at(-1)).toMatchObject({ type: 'session-ended', status: 'completed' });
    await ui.press('enter');
    await vi.waitFor(() => expect(onExit).toHaveBeenCalledWith(0, expect.stringMatching(/^Session finished \(.*\)\. Report: \S+/)));
    ui.unmount();
  });

  it('c shows the contacts table; an emergency procedure shows it on entry', async () => {
    const { ui } = await open('morning-health-check-9-am');
    await ui.press({ text: 'c' });
    let frame = await ui.waitFor('Emergency Contacts');
    expect(frame).toMatch(/Database Admin\s+│ On-call DBA\s+│ Database down, data corruption/);
    await ui.press('enter');
    await ui.waitFor((f) => !f.includes('Emergency Contacts'));
    ui.unmount();

    const { engine } = await openUiSession(runbook, 'database-down');
    const down = procedureOf(runbook, 'database-down');
    const entry = await render(<App runbook={runbook} procedure={down} openSession={async (): Promise<SessionController> => engine} onExit={() => {}} onError={() => {}} />);
    frame = await entry.waitFor('Emergency Contacts');
    expect(frame).toContain('Security Team');
    entry.unmount();
  });

  it('names the embedded demo database and the read-only / dry-run modes in the header', async () => {
    const target = { source: 'embedded' as const, host: '127.0.0.1', port: 54329, database: 'showtrack', user: 'postgres', connectionString: 'postgres://postgres@127.0.0.1:54329/showtrack', embedded: true };
    const { ui } = await open('morning-health-check-9-am', { target, policy: { readOnly: true, dryRun: true }, columns: 100 });
    await ui.waitFor(/target embedded demo database \(127\.0\.0\.1:54329\/showtrack\) READ-ONLY DRY RUN\s+step 1 of 1/);
    await ui.resize(60, 24);
    const line = (await ui.waitFor((f) => f.split('\n')[1]!.length <= 60)).split('\n')[1]!;
    expect(line).toMatch(/^target embedded demo database.*…? step 1 of 1$/);
    expect(line.length).toBeLessThanOrEqual(60);
    ui.unmount();
  });

  it('adapts to a resize', async () => {
    const { ui } = await open('database-down');
    await ui.resize(120, 40);
    await ui.waitFor('Enter run  a run block  s skip  e edit  j/k move  b back  n note  c contacts  : own SQL  ? keys  q finish');
    await ui.resize(60, 20);
    const frame = await ui.waitFor((f) => f.split('\n').every((line) => line.length <= 60));
    expect(frame).toContain('q finish');
    ui.unmount();
  });
});
