import React from 'react';
import { describe, expect, it, vi } from 'vitest';
import { render } from '../helpers/render.js';
import { App } from '../../src/ui/App.js';
import { runbook, procedures, FakeSession } from '../../bench/lib/ui-fixture.js';

function open(session: FakeSession, onExit = vi.fn()) {
  return render(<App runbook={runbook} controller={session} onExit={onExit} onError={(e) => { throw e; }} />);
}

describe('session screen', () => {
  it('shows header, step prose, statements with risk badges, and the footer keymap', async () => {
    const ui = await open(new FakeSession(procedures.down));
    const frame = ui.lastFrame();
    expect(frame).toContain('Database Operations Runbook › 🚨 Database Down');
    expect(frame).toContain('oncall@db.example:5432/showtrack');
    expect(frame).toContain('step 1 of 3');
    expect(frame).toMatch(/T\+00:0\d/);
    expect(frame).toContain('Immediate Actions');
    expect(frame).toContain('status page (https://status.supabase.com)');
    expect(frame).toMatch(/▸ ○ \[READ\] Check connection from multiple sources/);
    expect(frame).toContain('psql -h [host] -U [user] -d [database]');
    expect(frame).toContain('Enter run  a run block  s skip  e edit  j/k move  b back  n note  c contacts');
    expect(frame).toContain('q finish');
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(frame.split('\n').length).toBeLessThan(24);
    ui.unmount();
  });

  it('asks placeholders in a form (suggestion prefilled), shows the bound statement, runs on Enter', async () => {
    const session = new FakeSession(procedures.down);
    const ui = await open(session);
    await ui.press('enter');
    let frame = await ui.waitFor('Parameters for Check connection');
    expect(frame).toMatch(/▸ host: db\.example/);
    expect(frame).toContain('from an earlier result');
    await ui.press('enter');
    await ui.type('oncall');
    await ui.press('enter');
    await ui.type('showtrack');
    await ui.press('enter');
    frame = await ui.waitFor('Run this statement?');
    expect(frame).toContain("psql -h 'db.example' -U 'oncall' -d 'showtrack'");
    await ui.press('enter');
    frame = await ui.waitFor('SELECT 1');
    // Done: the highlight moves on to the row that continues (the result stays in view).
    expect(frame).toMatch(/ {2}✓ \[READ\] Check connection/);
    expect(frame).toMatch(/▸ → Continue to step 2/);
    expect(frame).toContain('4242');
    expect(session.calls).toEqual([
      'enterStep 0',
      'prepare database-down/1/b1/1',
      'setParam host=db.example',
      'setParam user=oncall',
      'setParam database=showtrack',
      'prepare database-down/1/b1/1',
      'confirm database-down/1/b1/1 yes',
    ].filter((c) => c !== 'enterStep 0' || session.calls.includes(c)));
    ui.unmount();
  });

  it('declining the confirmation leaves the statement pending', async () => {
    const session = new FakeSession(procedures.down);
    session.state.params = { host: 'h', user: 'u', database: 'd' };
    const ui = await open(session);
    await ui.press('enter');
    await ui.waitFor('Run this statement?');
    await ui.press({ text: 'n' });
    await ui.waitFor((f) => !f.includes('Run this statement?'));
    expect(session.calls).toContain('confirm database-down/1/b1/1 no');
    expect(ui.lastFrame()).toMatch(/▸ ○ \[READ\]/);
    ui.unmount();
  });

  it('destructive statements need the typed word', async () => {
    const session = new FakeSession(procedures.corruption);
    session.state.params = { table_name: 'animals' };
    const ui = await open(session);
    expect(ui.lastFrame()).toContain('[DESTRUCTIVE] Drop the damaged table');
    await ui.press('enter');
    let frame = await ui.waitFor('Destructive statement: confirm by typing');
    expect(frame).toContain("DROP TABLE 'animals';");
    expect(frame).toContain('Type animals to run');
    await ui.press('enter');
    frame = await ui.waitFor('does not match');
    await ui.type('anim');
    await ui.press('enter');
    await ui.waitFor('"anim" does not match; type "animals"');
    await ui.type('als');
    await ui.press('enter');
    await ui.waitFor('✓ SELECT 1');
    expect(session.calls).toContain('confirm data-corruption/1/b1/1 yes typed=animals');
    ui.unmount();
  });

  it('runs a whole block with a, skips with s, ticks manual items, adds a note, moves steps', async () => {
    const session = new FakeSession(procedures.down);
    const ui = await open(session);
    await ui.press('down', 'enter');
    await ui.waitFor('step 2 of 3');
    await ui.press({ text: 'a' });
    await ui.waitFor('Run this statement?');
    await ui.press('enter');
    await ui.waitFor(/✓ \[READ\] If accessible/);
    await ui.waitFor('Run this statement?');
    expect(ui.lastFrame()).toContain('SELECT blocked_locks.pid AS blocked_pid');
    await ui.press('escape');
    await ui.press({ text: 's' });
    await ui.waitFor(/↷ \[READ\] Check for blocking queries/);
    await ui.press({ text: 'n' });
    await ui.waitFor('Note on step 2');
    await ui.type('locks held by pid 4242');
    await ui.press('enter');
    await ui.waitFor((f) => !f.includes('Note on step 2'));
    expect(session.calls).toContain('note locks held by pid 4242');
    await ui.press({ text: 'j' }, 'enter');
    await ui.waitFor('step 3 of 3');
    expect(ui.lastFrame()).toContain('▸ [ ] Contact Supabase support');
    await ui.press('space');
    await ui.waitFor('[x] Contact Supabase support');
    await ui.press({ text: 'b' });
    await ui.waitFor('step 2 of 3');
    expect(session.calls).toContain('skip database-down/2/b1/2');
    expect(session.calls).toContain('tick database-down/3/m1 true');
    expect(session.calls).toContain('enterStep 1');
    ui.unmount();
  });

  it('e edits the statement before running and the edit goes to the engine', async () => {
    const session = new FakeSession(procedures.morning);
    const ui = await open(session);
    await ui.press({ text: 'e' });
    await ui.waitFor('Edit the statement');
    await ui.press('backspace');
    await ui.type(' LIMIT 5;');
    await ui.press('ctrlS');
    await ui.waitFor('Run this statement?');
    expect(ui.lastFrame()).toContain('SELECT * FROM performance.dashboard() LIMIT 5;');
    await ui.press('enter');
    await ui.waitFor('(edited)');
    expect(session.calls).toContain('prepare morning-health-check-9-am/1/b1/1 edited=SELECT * FROM performance.dashboard() LIMIT 5;');
    ui.unmount();
  });

  it('Ctrl-C while running cancels only that statement; at rest it asks to quit', async () => {
    const session = new FakeSession(procedures.morning);
    session.gate = new Promise(() => {});
    const onExit = vi.fn();
    const ui = await open(session, onExit);
    await ui.press('enter');
    await ui.waitFor('Run this statement?');
    await ui.press('enter');
    let frame = await ui.waitFor('running…');
    expect(frame).toContain('Ctrl-C cancel/quit');
    session.emitOutput('morning-health-check-9-am/1/b1/1', 'line one\nline two\n');
    await ui.waitFor('line two');
    await ui.press('ctrlC');
    frame = await ui.waitFor('⊘ cancelled after');
    expect(session.calls).toContain('cancel');
    expect(onExit).not.toHaveBeenCalled();
    await ui.press('ctrlC');
    await ui.waitFor('Quit now? (y/N)');
    expect(ui.lastFrame()).toContain('runbook resume /tmp/sessions/x');
    await ui.press({ text: 'n' });
    await ui.waitFor((f) => !f.includes('Quit now?'));
    await ui.press('ctrlC');
    await ui.waitFor('Quit now?');
    await ui.press({ text: 'y' });
    await vi.waitFor(() => expect(onExit).toHaveBeenCalledWith(130, expect.stringMatching(/^Session \S+ left unfinished; `runbook resume \S+` continues it\.$/)));
    ui.unmount();
  });

  it('q asks impact, root cause and each lessons field, finishes, and shows the report and summary', async () => {
    const session = new FakeSession(procedures.morning);
    const onExit = vi.fn();
    const ui = await open(session, onExit);
    await ui.press({ text: 'q' });
    await ui.waitFor('Impact');
    await ui.type('API down 5 minutes');
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
    const frame = await ui.waitFor('Session finished');
    expect(frame).toContain('3 run · 2 succeeded · 0 failed · 1 skipped · 1m 01s');
    expect(frame).toContain('Report: /tmp/sessions/x/report.md');
    expect(session.calls.filter((c) => c.startsWith('finish'))).toEqual(['finish {"impact":"API down 5 minutes","lessons":"Action items: alert sooner"}']);
    await ui.press('enter');
    await vi.waitFor(() => expect(onExit).toHaveBeenCalledWith(0, expect.stringMatching(/^Session finished \(.*\)\. Report: \S+/)));
    ui.unmount();
  });

  it('c shows the contacts table; an emergency procedure shows it on entry', async () => {
    const ui = await open(new FakeSession(procedures.morning));
    await ui.press({ text: 'c' });
    let frame = await ui.waitFor('Emergency Contacts');
    expect(frame).toMatch(/Database Admin\s+│ On-call DBA\s+│ Database down, data corruption/);
    await ui.press('enter');
    await ui.waitFor((f) => !f.includes('Emergency Contacts'));
    ui.unmount();

    const session = new FakeSession(procedures.down);
    const entry = await render(<App runbook={runbook} procedure={procedures.down} openSession={async () => session} onExit={() => {}} onError={() => {}} />);
    frame = await entry.waitFor('Emergency Contacts');
    expect(frame).toContain('Security Team');
    entry.unmount();
  });

  it('names the embedded demo database and the read-only / dry-run modes in the header', async () => {
    const session = new FakeSession(procedures.morning);
    session.state.target = { source: 'embedded', host: '127.0.0.1', port: 54329, database: 'showtrack', user: 'postgres', embedded: true, url: 'postgres://postgres@127.0.0.1:54329/showtrack' };
    session.state.options = { ...session.state.options, readOnly: true, dryRun: true };
    const ui = await render(<App runbook={runbook} controller={session} onExit={() => {}} onError={() => {}} />, { columns: 100 });
    expect(ui.lastFrame()).toMatch(/target embedded demo database \(127\.0\.0\.1:54329\/showtrack\) READ-ONLY DRY RUN\s+step 1 of 1/);
    await ui.resize(60, 24);
    const line = ui.lastFrame().split('\n')[1]!;
    expect(line).toMatch(/^target embedded demo database.*…? step 1 of 1$/);
    expect(line.length).toBeLessThanOrEqual(60);
    ui.unmount();
  });

  it('adapts to a resize', async () => {
    const ui = await open(new FakeSession(procedures.down));
    await ui.resize(120, 40);
    let frame = ui.lastFrame();
    expect(frame).toContain('Enter run  a run block  s skip  e edit  j/k move  b back  n note  c contacts  q finish');
    await ui.resize(60, 20);
    frame = ui.lastFrame();
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
    expect(frame).toContain('q finish');
    ui.unmount();
  });
});
