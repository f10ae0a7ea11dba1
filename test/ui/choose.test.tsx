// The operator answers the runbook's choices (issue 13, item 5): the question lists the alternatives,
// the answer is handed to the engine before the statement is prepared, and a statement whose branch
// was not taken is skipped with the engine's reason instead of being run.

import React from 'react';
import { describe, expect, it, vi } from 'vitest';
import { render } from '../helpers/render.js';
import { Choose } from '../../src/ui/components/Choose.js';
import { KeyRouter } from '../../src/ui/hooks/useKeys.js';
import { runStatement } from '../../src/ui/runner.js';
import type { SessionController } from '../../src/session/types.js';
import type { Branch } from '../../src/session/branches.js';

describe('choosing a branch', () => {
  it('lists the alternatives and "None of these"; Enter picks, Esc answers none', async () => {
    const onAnswer = vi.fn();
    const ui = await render(<KeyRouter><Choose options={['On Debian/Ubuntu', 'On RHEL']} onAnswer={onAnswer} /></KeyRouter>);
    expect(ui.lastFrame()).toContain('Which of these applies?');
    expect(ui.lastFrame()).toContain('None of these');
    await ui.press('down', 'enter');
    expect(onAnswer).toHaveBeenLastCalledWith(['On RHEL']);
    await ui.press('escape');
    expect(onAnswer).toHaveBeenLastCalledWith([]);
  });

  it('asks a plain condition as yes or no', async () => {
    const onAnswer = vi.fn();
    const ui = await render(<KeyRouter><Choose options={['If a PDB blocks the drain']} onAnswer={onAnswer} /></KeyRouter>);
    expect(ui.lastFrame()).toContain('Does this apply?');
    await ui.press({ text: 'y' });
    expect(onAnswer).toHaveBeenLastCalledWith(['If a PDB blocks the drain']);
    await ui.press({ text: 'n' });
    expect(onAnswer).toHaveBeenLastCalledWith([]);
  });

  it('hands the answer to the engine first, and skips a statement of a branch not taken', async () => {
    const branch: Branch = { key: 'p/1/tab1', condition: 'On Debian/Ubuntu', options: ['On Debian/Ubuntu', 'On RHEL'], ids: ['p/1/b1', 'p/1/b2'] };
    let chosen: string[] | undefined;
    const controller = {
      openChoices: () => (chosen === undefined ? [branch] : []),
      choose: vi.fn(async (_b: Branch, taken: string[]) => void (chosen = taken)),
      notChosen: () => (chosen?.includes(branch.condition) ? undefined : 'not chosen: On Debian/Ubuntu; chosen: On RHEL'),
      skip: vi.fn(async () => undefined),
      prepare: vi.fn(),
    } as unknown as SessionController;
    const ask = vi.fn(async () => ['On RHEL']) as never;
    const outcome = await runStatement(controller, { id: 'p/1/b1/1', lang: 'bash', risk: 'write', title: 'apt install', kind: 'shell' }, ask);
    expect(outcome).toBe('skipped');
    expect(controller.choose).toHaveBeenCalledWith(branch, ['On RHEL'], 'operator');
    expect(controller.skip).toHaveBeenCalledWith('p/1/b1/1', 'not chosen: On Debian/Ubuntu; chosen: On RHEL');
    expect(controller.prepare).not.toHaveBeenCalled();
  });
});
