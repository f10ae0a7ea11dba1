// After a statement finishes the highlight moves on (its result stays in view), and running a finished
// statement again is asked for explicitly ("Run again?"); declining keeps what it had.

import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from '../helpers/render.js';
import { App } from '../../src/ui/App.js';
import { nextOpenItem, stepItems } from '../../src/ui/components/StepView.js';
import type { Step } from '../../src/runbook/model.js';
import { runbook, procedures, FakeSession } from '../../bench/lib/ui-fixture.js';

function diagnostics() {
  const session = new FakeSession(procedures.down);
  session.state = { ...session.state, currentStep: 1 };
  return session;
}

const open = (session: FakeSession) => render(<App runbook={runbook} controller={session} onExit={() => {}} onError={(e) => { throw e; }} />);

describe('running statements one after the other', () => {
  it('moves the highlight to the next statement after a success, keeping the result in view', async () => {
    const session = diagnostics();
    const ui = await open(session);
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

  it('asks "Run again?" for a finished statement; n keeps its result, y runs it again', async () => {
    const session = diagnostics();
    const ui = await open(session);
    await ui.waitFor('step 2 of 3');
    await ui.press('enter');
    await ui.waitFor('Run this statement?');
    await ui.press('enter');
    await ui.waitFor(/▸ ○ \[READ\] Check for blocking queries/);
    await ui.press({ text: 'k' });
    await ui.waitFor(/▸ ✓ \[READ\] If accessible/);
    await ui.press('enter');
    let frame = await ui.waitFor('Run again?');
    expect(frame).toContain('It already ran and succeeded.');
    expect(frame).toContain('n/Esc keep as it is');
    await ui.press({ text: 'n' });
    frame = await ui.waitFor((f) => !f.includes('Run again?'));
    expect(frame).toMatch(/▸ ✓ \[READ\] If accessible, check for locks\s+1 row · 12 ms/);
    expect(frame).toContain('✓ SELECT 1');
    await ui.press('enter');
    await ui.waitFor('Run again?');
    await ui.press({ text: 'y' });
    await ui.waitFor(/▸ ○ \[READ\] Check for blocking queries/);
    const id = 'database-down/2/b1/1';
    expect(session.calls.filter((c) => c.startsWith(`confirm ${id}`))).toEqual([`confirm ${id} yes`, `confirm ${id} no`, `confirm ${id} yes`]);
    ui.unmount();
  });

  it('passes over notes and finished statements to what is still to do', () => {
    const base = procedures.down.steps[1]!;
    const statements = base.blocks[0]!.statements;
    const note = { ...statements[0]!, id: `${base.id}/b1/9`, kind: 'note' as const, text: '-- look at the dashboard' };
    const step: Step = { ...base, blocks: [{ ...base.blocks[0]!, statements: [statements[0]!, note, statements[1]!] }], manual: [{ id: `${base.id}/m1`, text: 'Tell someone', line: 1, column: 1 }] };
    const state = diagnostics().state;
    const items = stepItems(step, state);
    expect(items.map((i) => i.id)).toEqual([statements[0]!.id, note.id, statements[1]!.id, `${base.id}/m1`, 'next']);
    expect(nextOpenItem(items, 0)).toBe(2);
    const done = stepItems(step, { ...state, statements: state.statements.map((s) => (s.id === statements[1]!.id ? { ...s, state: { status: 'skipped' } } : s)) });
    expect(nextOpenItem(done, 0)).toBe(3);
    expect(nextOpenItem(done, 3)).toBe(4);
  });

  it('marks a read note as read, an operator skip as skipped', async () => {
    const session = diagnostics();
    const [first, second] = session.state.statements.filter((s) => s.stepId === 'database-down/2');
    session.state.statements = session.state.statements.map((s) =>
      s.id === first!.id ? { ...s, state: { status: 'skipped', reason: 'note' } } : s.id === second!.id ? { ...s, state: { status: 'skipped', reason: 'by the operator' } } : s,
    );
    const ui = await open(session);
    const frame = await ui.waitFor('step 2 of 3');
    expect(frame).toMatch(/If accessible, check for locks\s+read/);
    expect(frame).toMatch(/Check for blocking queries\s+skipped/);
    ui.unmount();
  });
});
