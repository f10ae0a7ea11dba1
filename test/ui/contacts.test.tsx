// Who to call, in the terminal UI: the contacts box marks the rows matched to the procedure (by the
// table's "When to Call" column, or because the procedure names them) and says why; a procedure with
// matched contacts opens with the box, as an emergency procedure does.

import React from 'react';
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { render } from '../helpers/render.js';
import { ROOT } from '../helpers/cli.js';
import { App } from '../../src/ui/App.js';
import { Contacts } from '../../src/ui/components/Contacts.js';
import { loadRunbook } from '../../src/cli/load.js';
import type { Procedure, Runbook } from '../../src/runbook/model.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { openSession } from '../../src/session/open.js';
import { realDeps } from '../../src/session/deps.js';
import { DEFAULT_POLICY } from '../../src/session/policy.js';
import { SCRIPTED_TARGET, ScriptedExecutors } from '../../src/executors/scripted.js';

let runbook: Runbook;
const procedure = (id: string): Procedure => runbook.procedures.find((p) => p.id === id)!;

beforeAll(async () => {
  runbook = (await loadRunbook(join(ROOT, 'runbooks/database-operations.md'))).runbook;
});

describe('contacts box', () => {
  it('marks the contacts for this procedure and gives the reason, within 80 columns', async () => {
    const ui = await render(<Contacts table={runbook.contacts} matches={procedure('database-down').contacts} width={80} onClose={() => {}} />);
    const frame = ui.lastFrame();
    expect(frame).toMatch(/│ ▸ Database Admin\s+│ On-call DBA/);
    expect(frame).toMatch(/│ ▸ Supabase Support/);
    expect(frame).toMatch(/│ {3}Security Team/);
    expect(frame).toContain('For this procedure:');
    expect(frame).toContain('▸ Database Admin: When to Call "Database down" names this procedure');
    expect(frame).toContain('▸ Supabase Support: step 3 says "Contact Supabase support if platform');
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    ui.unmount();
  });

  it('a security procedure opens with the Security Team marked', async () => {
    const p = procedure('suspicious-activity-response');
    const open = () =>
      openSession({
        runbook,
        runbookHash: 'test',
        procedure: p,
        target: SCRIPTED_TARGET,
        policy: DEFAULT_POLICY,
        sessionDir: mkdtempSync(join(tmpdir(), 'rb-ui-contacts-')),
        deps: { ...realDeps, createExecutors: () => new ScriptedExecutors().registry },
      });
    const ui = await render(<App runbook={runbook} procedure={p} openSession={open} onExit={() => {}} onError={() => {}} />);
    const frame = await ui.waitFor('For this procedure:');
    expect(frame).toMatch(/▸ Security Team\s+│ Security Channel/);
    const text = frame.replace(/[│╭╮╰╯─]/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('▸ Security Team: When to Call "Data breach, unauthorized access" is about security, as is the title "Suspicious Activity Response"');
    ui.unmount();
  });
});
