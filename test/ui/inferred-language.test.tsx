// A block whose language was inferred (a bare fence, ```no-highlight) says so in its header, so the
// operator knows the reading is the tool's guess (issue 13, item 2); a declared language does not.

import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from '../helpers/render.js';
import { StepView, stepItems } from '../../src/ui/components/StepView.js';
import { fixtureRunbook, openUiSession, procedureOf } from '../helpers/ui-session.js';

describe('inferred languages in the step view', () => {
  it('marks the header of an inferred block, and only of it', async () => {
    const runbook = await fixtureRunbook('inferred-languages.md');
    const headers: string[] = [];
    for (const id of ['bare', 'declared']) {
      const { engine } = await openUiSession(runbook, id);
      const step = procedureOf(runbook, id).steps[0]!;
      const state = engine.getState();
      const items = stepItems(step, state);
      const ui = await render(<StepView step={step} stepCount={1} state={state} items={items} cursor={0} width={80} height={20} />);
      headers.push(ui.lastFrame().split('\n').find((line) => line.includes('──'))!.trim());
      ui.unmount();
    }
    expect(headers).toEqual(['── console (inferred) ──', '── bash ──']);
  });
});
