// After a statement finishes the highlight moves on (its result stays in view), and running a finished
// statement again is asked for explicitly ("Run again?"); declining keeps what it had. Over the real
// engine (test/helpers/ui-session.ts).

import React from 'react';
import { beforeAll, describe, expect, it } from 'vitest';
import { render } from '../helpers/render.js';
import { App } from '../../src/ui/App.js';
import { nextOpenItem, stepItems } from '../../src/ui/components/StepView.js';
import type { Runbook } from '../../src/runbook/model.js';
import { fixtureRunbook, openUiSession, procedureOf } from '../helpers/ui-session.js';

let runbook: Runbook;
let locks: Runbook;
beforeAll(async () => {
  runbook = await fixtureRunbook();
  locks = await fixtureRunbook('lock-check.md');
});

/** Database Down at its Diagnostics step, on a screen tall enough for both statements. */
async function diagnostics() {
  const session = await openUiSession(runbook, 'database-down');
  await session.engine.enterStep(1);
  const ui = await render(<App runbook={runbook} controller={session.engine} onExit={() => {}} onError={(e) => { throw e; }} />, { rows: 40 });
  return { ...session, ui };
}

describe('running statements one after the other', () => {
  it('moves the highlight to the next statement after a success, keeping the result in view', async () => {
    const { ui } = await diagnostics();
    await ui.waitFor('step 2 of 3');
    await ui.press('enter');
    await ui.waitFor('Run this statement?');
    await ui.press('enter');
    const frame = await ui.waitFor(/✓ \[READ\] If accessible/);
    expect(frame).toMatch(/▸ ○ \[READ\] Check for blocking queries/);
    expect(frame).toMatch(/Result of line \d+: If accessible, check for locks/);
    expect(frame).toContain('4242');
    // The last statement done: the highlight is on the row that moves on.
    await ui.press('enter');
    await ui.waitFor('Run this statement?');
    await ui.press('enter');
    await ui.waitFor(/▸ → Continue to step 3/);
    ui.unmount();
  });

  it('Enter on a finished statement opens its result; r asks "Run again?": n keeps its result, y runs it again', async () => {
    const { ui, journal } = await diagnostics();
    await ui.waitFor('step 2 of 3');
    await ui.press('enter');
    await ui.waitFor('Run this statement?');
    await ui.press('enter');
    await ui.waitFor(/▸ ○ \[READ\] Check for blocking queries/);
    await ui.press({ text: 'k' });
    await ui.waitFor(/▸ ✓ \[READ\] If accessible/);
    await ui.press('enter');
    let frame = await ui.waitFor('If accessible, check for locks · table');
    expect(frame).toContain('rows 1–1 of 1');
    await ui.press({ text: 'q' });
    await ui.waitFor(/▸ ✓ \[READ\] If accessible/);
    await ui.press({ text: 'r' });
    frame = await ui.waitFor('Run again?');
    expect(frame).toContain('It already ran and succeeded.');
    expect(frame).toContain('n/Esc keep as it is');
    await ui.press({ text: 'n' });
    frame = await ui.waitFor((f) => !f.includes('Run again?'));
    expect(frame).toMatch(/▸ ✓ \[READ\] If accessible, check for locks\s+1 row · 12 ms/);
    expect(frame).toContain('✓ SELECT 1');
    await ui.press({ text: 'r' });
    await ui.waitFor('Run again?');
    await ui.press({ text: 'y' });
    await ui.waitFor(/▸ ○ \[READ\] Check for blocking queries/);
    // Declining was never journaled; the two yeses were, each a run of its own.
    const id = 'database-down/2/b1/1';
    const events = journal().filter((e) => 'statement' in e && e.statement === id);
    expect(events.map((e) => e.type)).toEqual(['statement-confirmed', 'statement-started', 'statement-finished', 'statement-confirmed', 'statement-started', 'statement-finished']);
    ui.unmount();
  });

  it('passes over notes and finished statements to what is still to do', async () => {
    const { engine } = await openUiSession(locks, 'lock-check');
    const step = procedureOf(locks, 'lock-check').steps[0]!;
    const [first, second, note] = step.blocks[0]!.statements;
    expect(note!.kind).toBe('note');
    const items = stepItems(step, engine.getState());
    expect(items.map((i) => i.id)).toEqual([first!.id, second!.id, note!.id, `${step.id}/m1`, 'next']);
    expect(nextOpenItem(items, 0)).toBe(1);
    await engine.skip(second!.id);
    const done = stepItems(step, engine.getState());
    // Past the skipped statement and the note, to the checklist, then on.
    expect(nextOpenItem(done, 0)).toBe(3);
    expect(nextOpenItem(done, 3)).toBe(4);
  });

  it('marks a read note as read, an operator skip as skipped', async () => {
    const { engine } = await openUiSession(locks, 'lock-check');
    const [, second, note] = procedureOf(locks, 'lock-check').steps[0]!.blocks[0]!.statements;
    await engine.skip(note!.id, 'note');
    await engine.skip(second!.id, 'by the operator');
    const ui = await render(<App runbook={locks} controller={engine} onExit={() => {}} onError={(e) => { throw e; }} />, { rows: 40 });
    const frame = await ui.waitFor('step 1 of 1');
    expect(frame).toMatch(/then look at the dashboard\s+read/);
    expect(frame).toMatch(/Sessions waiting on them\s+skipped/);
    ui.unmount();
  });
});
