// The cockpit's screen-level promises (issue 15, item 5) over the real engine and a fixture runbook:
// a long statement label is cut at the edge and never wraps or squeezes the badge, `?` shows the
// keymap, below 60x15 the screen is one "terminal too small" line, and the picker says how many
// procedures are above and below the screen.

import React from 'react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { render } from '../helpers/render.js';
import { App } from '../../src/ui/App.js';
import type { Runbook } from '../../src/runbook/model.js';
import { fixtureRunbook, openUiSession } from '../helpers/ui-session.js';

let runbook: Runbook;
beforeAll(async () => {
  runbook = await fixtureRunbook('cockpit.md');
});

async function open(procedureId: string, size: { columns?: number; rows?: number } = {}) {
  const session = await openUiSession(runbook, procedureId);
  const ui = await render(<App runbook={runbook} controller={session.engine} onExit={vi.fn()} onError={(e) => { throw e; }} />, size);
  return { ...session, ui };
}

const fits = (width: number) => (frame: string) => frame.includes('q finish') && frame.split('\n').every((line) => line.length <= width);

describe('cockpit screen', () => {
  it.each([80, 60])('cuts a long statement label at %i columns: one row, badge and marker whole', async (columns) => {
    const { ui } = await open('long-labels', { columns, rows: 24 });
    let frame = await ui.waitFor(fits(columns));
    const row = (f: string) => f.split('\n').filter((l) => l.includes('runbook addition'));
    expect(row(frame)).toHaveLength(1);
    expect(row(frame)[0]).toMatch(/^ {2}○ \[READ\] runbook addition: only the.*…$/);
    expect(frame).toMatch(/^ {2}\[ \] a checklist item whose text.*…$/m);
    // A description of two comment lines is one row, both lines in it.
    expect(frame).toMatch(/^ {2}○ \[READ\] Two-line description · its second comment line\s*$/m);
    // Highlighted, with its code below: the same row.
    await ui.press('down');
    frame = await ui.waitFor((f) => fits(columns)(f) && /^▸ ○ \[READ\] runbook addition/m.test(f));
    expect(row(frame)[0]).toMatch(/^▸ ○ \[READ\] runbook addition: only the.*…$/);
    expect(frame).toContain('SELECT pid,');
    ui.unmount();
  });

  it('at 60x15 the confirmation and the result keep every line in its place', async () => {
    const { ui } = await open('long-labels', { columns: 60, rows: 15 });
    await ui.waitFor(fits(60));
    await ui.press('down', 'enter');
    let frame = await ui.waitFor('Run this statement?');
    let lines = frame.split('\n');
    expect(lines.length).toBeLessThanOrEqual(15);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
    // The statement right under the question, each line in its place, then what is hidden (never lines
    // drawn over each other).
    const at = lines.findIndex((l) => l.includes('Run this statement?'));
    expect(lines.slice(at + 1, at + 4)).toEqual([
      expect.stringMatching(/^│ SELECT pid,\s+│$/),
      expect.stringMatching(/^│ {8}state\s+│$/),
      expect.stringMatching(/^│ ↓ 2 more below \(↑\/↓ to scroll\)\s+│$/),
    ]);
    expect(frame).toContain('Enter/y run · n/Esc cancel');
    await ui.press('enter');
    frame = await ui.waitFor('✓ SELECT 1');
    lines = frame.split('\n');
    // The table's header stays above its rule (a shrunk line used to vanish, leaving the rule alone).
    const rule = lines.findIndex((l) => /^─+$/.test(l.trim()));
    expect(lines[rule - 1]).toMatch(/^pid\s*$/);
    expect(lines[rule + 1]).toMatch(/^4242/);
    ui.unmount();
  });

  it('at 60x15 a finish question that wraps and a refused time stay on their own lines', async () => {
    const { ui } = await open('long-labels', { columns: 60, rows: 15 });
    await ui.waitFor(fits(60));
    await ui.press({ text: 'q' });
    await ui.waitFor('1 of 7');
    await ui.type('25:99');
    await ui.press('enter');
    const frame = await ui.waitFor('is not a time');
    const lines = frame.split('\n');
    expect(lines.length).toBeLessThanOrEqual(15);
    const at = lines.findIndex((l) => l.includes('1 of 7'));
    // The question (whole on two lines, or cut to one when the box is short), the field, the refusal.
    expect(lines[at + 1]).toMatch(/^│ Detected at \(09:12 .*│$/);
    const field = lines.findIndex((l) => /^│ 25:99 +│$/.test(l));
    expect(field - at).toBeGreaterThanOrEqual(2);
    expect(field - at).toBeLessThanOrEqual(3);
    expect(lines[field + 1]).toMatch(/^│ "25:99" is not a time/);
    expect(lines.slice(field + 1).findIndex((l) => /^╰─+╯$/.test(l))).toBeGreaterThan(0);
    ui.unmount();
  });

  it('? shows the keymap from the key tables; any other key closes it', async () => {
    const { ui } = await open('long-labels');
    await ui.waitFor(fits(80));
    await ui.press({ text: '?' });
    let frame = await ui.waitFor('any other key closes');
    for (const line of ['Session', 'run the block', 'your own SQL or shell']) expect(frame).toContain(line);
    expect(frame).toMatch(/lines 1–\d+ of \d+/);
    expect(frame).toContain('j/k PgUp/PgDn scroll  any other key close');
    // Longer than the screen: it pages down to the viewer's and the text fields' keys.
    await ui.press('pageDown');
    frame = await ui.waitFor('cancel the running statement');
    await ui.press('pageDown', 'pageDown');
    frame = await ui.waitFor('Text fields');
    await ui.press({ text: 'x' });
    await ui.waitFor((f) => !f.includes('any other key closes') && f.includes('q finish'));
    ui.unmount();
  });

  it('below 60x15 the screen is one "terminal too small" line; larger again, the session is back', async () => {
    const { ui } = await open('long-labels');
    await ui.waitFor(fits(80));
    await ui.resize(59, 20);
    let frame = await ui.waitFor('Terminal too small');
    expect(frame.trim().split('\n')).toEqual([expect.stringMatching(/^Terminal too small \(59x20\): runbook needs 60x15/)]);
    await ui.resize(80, 14);
    frame = await ui.waitFor('(80x14)');
    expect(frame.trim().split('\n')).toHaveLength(1);
    await ui.resize(60, 15);
    frame = await ui.waitFor(fits(60));
    expect(frame).toContain('Step 1 of 1 · Look around');
    ui.unmount();
  });

  it('the picker says how many procedures are below and above the screen', async () => {
    const ui = await render(<App runbook={runbook} onExit={() => {}} onError={() => {}} />, { columns: 80, rows: 24 });
    let frame = await ui.waitFor(/↓ \d+ more below/);
    expect(frame).not.toContain('more above');
    const below = Number(/↓ (\d+) more below/.exec(frame)![1]);
    const shown = frame.split('\n').filter((l) => /Drill number|Long Labels/.test(l)).length;
    expect(shown + below).toBe(25);
    for (let i = 0; i < 24; i++) await ui.press('down');
    frame = await ui.waitFor(/↑ \d+ more above/);
    expect(frame).not.toContain('more below');
    expect(frame).toMatch(/Drill number 24/);
    ui.unmount();
  });
});
