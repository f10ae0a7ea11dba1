// The procedure picker over the fixture runbook as parseRunbook models it.

import React from 'react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { render } from '../helpers/render.js';
import { App } from '../../src/ui/App.js';
import { filterProcedures } from '../../src/ui/components/Picker.js';
import { highestRisk } from '../../src/runbook/model.js';
import type { Procedure, Runbook } from '../../src/runbook/model.js';
import { fixtureRunbook, procedureOf } from '../helpers/ui-session.js';

let runbook: Runbook;
let procedures: { down: Procedure; corruption: Procedure };
beforeAll(async () => {
  runbook = await fixtureRunbook();
  procedures = { down: procedureOf(runbook, 'database-down'), corruption: procedureOf(runbook, 'data-corruption') };
});

describe('procedure picker', () => {
  it('lists procedures grouped by section with step counts and highest risk', async () => {
    const ui = await render(<App runbook={runbook} onExit={() => {}} onError={() => {}} />);
    // The frame after the first layout at 80 columns (under load an earlier one can still be on screen).
    const frame = await ui.waitFor(/Data Corruption\s+1 step\s+\[DESTRUCTIVE\]/);
    expect(frame).toContain('Database Operations Runbook');
    expect(frame).toContain('Daily Operations');
    expect(frame).toContain('Emergency Procedures');
    expect(frame).toMatch(/🚨 Database Down\s+3 steps\s+\[READ\]/);
    expect(frame).toMatch(/Data Corruption\s+1 step\s+\[DESTRUCTIVE\]/);
    // Sections in document order, the daily one first here.
    expect(frame.indexOf('Daily Operations')).toBeLessThan(frame.indexOf('Emergency Procedures'));
    ui.unmount();
  });

  it('filters by typing and chooses with Enter', async () => {
    const openSession = vi.fn(() => new Promise<never>(() => {}));
    const ui = await render(<App runbook={runbook} openSession={openSession} openingMessage="Starting the embedded demo database…" onExit={() => {}} onError={() => {}} />);
    await ui.type('corr');
    const frame = await ui.waitFor('(1 of 3)');
    expect(frame).toContain('Data Corruption');
    expect(frame).not.toContain('Database Down');
    expect(frame).not.toContain('Daily Operations');
    await ui.press('backspace', 'backspace', 'backspace', 'backspace');
    await ui.waitFor('(3 of 3)');
    await ui.type('down');
    await ui.press('enter');
    await ui.waitFor('Starting the embedded demo database');
    // The screen says so before the call is made: wait for the call itself.
    await vi.waitFor(() => expect(openSession).toHaveBeenCalledWith(procedures.down));
    ui.unmount();
  });

  it('moves with arrows, shows no-match, and Ctrl-C quits', async () => {
    const onExit = vi.fn();
    const ui = await render(<App runbook={runbook} onExit={onExit} onError={() => {}} />);
    expect(ui.lastFrame()).toMatch(/▸ Morning Health Check/);
    await ui.press('down');
    expect(ui.lastFrame()).toMatch(/▸ 🚨 Database Down/);
    await ui.type('zzz');
    await ui.waitFor('No procedure matches "zzz"');
    await ui.press('ctrlC');
    expect(onExit).toHaveBeenCalledWith(130);
    ui.unmount();
  });

  it('text typed before the UI was up arrives with its Enter: filters, then chooses', async () => {
    const openSession = vi.fn(() => new Promise<never>(() => {}));
    const ui = await render(<App runbook={runbook} openSession={openSession} onExit={() => {}} onError={() => {}} />);
    await ui.press({ text: 'corrupt\r' });
    await ui.waitFor('Opening the session');
    await vi.waitFor(() => expect(openSession).toHaveBeenCalledWith(procedures.corruption));
    ui.unmount();
  });

  it('helpers: filter words match section or title; highest risk', () => {
    expect(filterProcedures(runbook.procedures, 'emergency corrupt').map((p) => p.id)).toEqual(['data-corruption']);
    expect(highestRisk(procedures.corruption)).toBe('destructive');
    expect(highestRisk(procedures.down)).toBe('read');
  });
});
