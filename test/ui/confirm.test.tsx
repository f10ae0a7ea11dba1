// The confirmation dialog (issue 11, item 4): the whole bound statement is readable at the width it is
// given (wrapped, never cut; a longer one scrolls), with the target, why it is rated so and the preview;
// the typed word names the object and a wrong word clears the field. The screen makes room for it.

import React from 'react';
import { describe, expect, it, vi } from 'vitest';
import { render } from '../helpers/render.js';
import { Confirm, confirmHeight, type ConfirmProps } from '../../src/ui/components/Confirm.js';
import { KeyRouter } from '../../src/ui/hooks/useKeys.js';
import { bodyLayout } from '../../src/ui/session-layout.js';

const LONG = `SELECT pg_terminate_backend(pid), usename, application_name, state, now() - state_change AS idle_for FROM pg_stat_activity WHERE state = 'idle in transaction' AND now() - state_change > interval '5 minutes' AND pid <> pg_backend_pid();`;

const base: Omit<ConfirmProps, 'onAnswer' | 'height'> = {
  text: LONG,
  lang: 'sql',
  risk: 'destructive',
  decision: { kind: 'ask', prompt: 'Run this destructive statement (line 12)?' },
  target: 'oncall@db.example:5432/showtrack',
  reasons: ['pg_terminate_backend ends other sessions'],
  preview: {
    summary: 'would end 2 sessions',
    sessions: [
      { pid: 4242, user: 'app', application: 'api', state: 'idle in transaction', query: 'UPDATE animals SET name = $1' },
      { pid: 4243, user: 'app', application: 'worker', state: 'idle in transaction', query: 'SELECT 1' },
    ],
  },
  width: 80,
};

const words = (s: string) => s.replace(/[│║╭╮╰╯╔╗╚╝─═]/g, ' ').split(/\s+/).filter(Boolean).join(' ');

describe('the confirmation dialog', () => {
  it('shows the whole statement wrapped at 80 columns, the target, why, and what the preview lists', async () => {
    const height = confirmHeight(base);
    const ui = await render(<KeyRouter><Confirm {...base} height={height} onAnswer={vi.fn()} /></KeyRouter>, { columns: 80, rows: 40 });
    const frame = ui.lastFrame();
    for (const line of frame.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    expect(words(frame)).toContain(words(LONG));
    expect(frame).toContain('on oncall@db.example:5432/showtrack');
    expect(frame).toContain('why: pg_terminate_backend ends other sessions');
    expect(frame).toContain('preview: would end 2 sessions');
    expect(frame).toContain('pid 4242 app api idle in transaction: UPDATE animals SET name = $1');
    expect(frame).toContain('pid 4243');
    ui.unmount();
  });

  it('scrolls a statement longer than its room with ↑/↓ and says what is hidden', async () => {
    const text = Array.from({ length: 30 }, (_, i) => `SELECT ${i + 1};`).join('\n');
    const ui = await render(<KeyRouter><Confirm {...base} text={text} height={16} onAnswer={vi.fn()} /></KeyRouter>, { columns: 80, rows: 40 });
    expect(ui.lastFrame()).toContain('SELECT 1;');
    expect(ui.lastFrame()).toMatch(/↓ \d+ more below \(↑\/↓ to scroll\)/);
    await ui.press('down', 'down');
    expect(ui.lastFrame()).toMatch(/↑ 2 more above · ↓ \d+ more below/);
    for (const line of ui.lastFrame().split('\n').slice(0, 16)) expect([...line].length).toBeLessThanOrEqual(80);
    expect(ui.lastFrame()).not.toContain('SELECT 1;');
    ui.unmount();
  });

  it('asks for the object by name; `yes` does not match and the field is cleared', async () => {
    const onAnswer = vi.fn();
    const decision = { kind: 'ask-typed' as const, prompt: '', expected: ['eve'], shown: 'the role "eve"' };
    const ui = await render(<KeyRouter><Confirm {...base} text="REVOKE ALL ON ALL TABLES IN SCHEMA public FROM eve;" decision={decision} height={20} onAnswer={onAnswer} /></KeyRouter>);
    expect(ui.lastFrame()).toContain('Type the role "eve" to run');
    await ui.type('yes');
    await ui.press('enter');
    expect(ui.lastFrame()).toContain('"yes" does not match; type the role "eve"');
    expect(onAnswer).not.toHaveBeenCalled();
    await ui.type('eve');
    await ui.press('enter');
    expect(onAnswer).toHaveBeenCalledWith({ yes: true, typed: 'eve' });
    ui.unmount();
  });
});

describe('the screen makes room for the confirmation', () => {
  it('the step or the result gives up lines (keeping a few) so the statement is whole, below or beside the result', () => {
    const wants = () => 14;
    // No result: the step shrinks (30% of 18 is 5) so the box gets the 14 lines it wants.
    expect(bodyLayout({ body: 18, columns: 80, hasResult: false, box: 'confirm', wants })).toMatchObject({ step: 4, box: 14 });
    // A result above it keeps at least 4 lines in view.
    expect(bodyLayout({ body: 18, columns: 80, hasResult: true, box: 'confirm', wants: () => 16 })).toMatchObject({ step: 0, result: 4, box: 14 });
    // Beside the result on a wide terminal, at the box's own width.
    const widths: number[] = [];
    const beside = bodyLayout({ body: 30, columns: 140, hasResult: true, box: 'confirm', wants: (w) => (widths.push(w), 26) });
    expect(beside).toMatchObject({ beside: true, step: 4, box: 26, result: 26 });
    expect(widths).toEqual([140 - 70 - 1]);
    // Without a wish the shares are as before.
    expect(bodyLayout({ body: 18, columns: 80, hasResult: false, box: 'confirm' })).toMatchObject({ step: 5, box: 13 });
  });
});
