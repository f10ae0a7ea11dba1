// The header's target line: where statements run, and for a drill that it is a disposable copy (the
// drill's database is a clone made for it, never the demo database or one the user named).
import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from '../helpers/render.js';
import { describeTargetLine, Header } from '../../src/ui/components/Header.js';
import type { SessionState } from '../../src/session/types.js';
import type { TargetDescription } from '../../src/database/target.js';

const target = { host: '127.0.0.1', port: 41234, database: 'drill_bloat_1', user: 'postgres', source: 'embedded', embedded: true } as TargetDescription;

function state(drill?: SessionState['drill']): SessionState {
  return {
    status: 'active', startedAt: new Date().toISOString(), runbookTitle: 'Ops', procedureTitle: 'Issue: High Table Bloat', target,
    options: { readOnly: false, dryRun: false }, currentStep: 0, ...(drill ? { drill } : {}),
  } as unknown as SessionState;
}

describe('the header', () => {
  it('says a drill runs on a disposable copy', async () => {
    const ui = await render(<Header state={state({ name: 'high-table-bloat', title: 'High table bloat' })} stepCount={3} />, { columns: 100 });
    expect(ui.lastFrame()).toContain('target disposable drill copy (127.0.0.1:41234/drill_bloat_1)');
    expect(ui.lastFrame()).toContain('DRILL high-table-bloat');
    ui.unmount();
  });

  it('names the embedded demo database, or user@host:port/db, outside a drill', async () => {
    const ui = await render(<Header state={state()} stepCount={3} />, { columns: 100 });
    expect(ui.lastFrame()).toContain('target embedded demo database (127.0.0.1:41234/drill_bloat_1)');
    ui.unmount();
    expect(describeTargetLine({ ...target, embedded: false, source: 'flag', host: 'db.internal', port: 5432, database: 'app', user: 'ops' })).toBe('ops@db.internal:5432/app');
  });
});
