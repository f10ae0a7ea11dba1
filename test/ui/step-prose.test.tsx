// A step's prose on screen does not repeat its title (the bold lead of a numbered item is both) nor its
// checklist (list items drawn as ticks below).

import React from 'react';
import { beforeAll, describe, expect, it } from 'vitest';
import { render } from '../helpers/render.js';
import { App } from '../../src/ui/App.js';
import type { Runbook, Step } from '../../src/runbook/model.js';
import { displayProse } from '../../src/ui/components/step-prose.js';
import { fixtureRunbook, openUiSession, procedureOf } from '../helpers/ui-session.js';

let runbook: Runbook;
let steps: Step[];
beforeAll(async () => {
  runbook = await fixtureRunbook();
  steps = procedureOf(runbook, 'database-down').steps;
});

const withProse = (step: Step, prose: string, title = step.title): Step => ({ ...step, title, prose });

describe('step prose on screen', () => {
  it('drops a lead that is the title, with or without its colon, and keeps the rest', () => {
    const step = steps[0]!;
    expect(displayProse(withProse(step, '**Immediate Actions:**'))).toBe('');
    expect(displayProse(withProse(step, '**Immediate Actions**'))).toBe('');
    expect(displayProse(withProse(step, '**Immediate Actions**: act fast'))).toBe('act fast');
    expect(displayProse(withProse(step, 'Immediate Actions'))).toBe('');
    expect(displayProse(withProse(step, '**Immediate Actions:** check the [status page](https://x)'))).toBe('check the [status page](https://x)');
    expect(displayProse(withProse(step, '**Immediate Actions:**\nthen look around'))).toBe('then look around');
    // Not the title: left alone.
    expect(displayProse(withProse(step, '**Symptom:** slow\n**Solution:**', 'Run emergency fix'))).toBe('**Symptom:** slow\n**Solution:**');
  });

  it('drops list items that are the checklist, keeping the others', () => {
    const step = steps[2]!;
    const prose = '**Recovery Steps:**\n- Contact Supabase support if platform issue\n- Call the owner\n- Terminate blocking connections if needed';
    expect(displayProse(withProse(step, prose))).toBe('- Call the owner');
  });

  it('shows the title once in the step view', async () => {
    // The fixture's steps lead with their titles in bold, and step 3's prose is its checklist.
    expect(steps[0]!.prose).toMatch(/^\*\*Immediate Actions:\*\*/);
    expect(steps[2]!.prose).toContain('- Contact Supabase support if platform issue');
    const { engine } = await openUiSession(runbook, 'database-down');
    const ui = await render(<App runbook={runbook} controller={engine} onExit={() => {}} onError={(e) => { throw e; }} />, { rows: 40 });
    let frame = await ui.waitFor('Step 1 of 3 · Immediate Actions');
    expect(frame.split('Immediate Actions').length - 1).toBe(1);
    expect(frame).not.toContain('Immediate Actions:');
    await ui.press('down', 'enter');
    await ui.waitFor('Step 2 of 3');
    await ui.press('down', 'down', 'enter');
    frame = await ui.waitFor('Step 3 of 3 · Recovery Steps');
    expect(frame.split('Recovery Steps').length - 1).toBe(1);
    expect(frame.split('Contact Supabase support if platform issue').length - 1).toBe(1);
    expect(frame).toContain('▸ [ ] Contact Supabase support if platform issue');
    ui.unmount();
  });
});
