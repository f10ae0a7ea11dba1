// The report's Mode line says what the policy did with destructive statements: typed confirmation in the
// interactive UI (`runbook run` journals allowDestructive with confirmEach), run unasked under exec --yes.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readJournal } from '../../src/session/journal.js';
import { derive } from '../../src/session/state.js';
import { prepareReports, renderReport } from '../../src/report/render.js';
import type { JournalEvent, PolicyOptions } from '../../src/session/types.js';

// The changes left in place are read with the SQL parser, as `runbook report` does.
await prepareReports();

const { events } = readJournal(join(import.meta.dirname, '../fixtures/journals/incident/journal.jsonl'));

function modeLine(options: PolicyOptions): string {
  const withOptions = events.map((e) => (e.type === 'session-started' ? { ...e, options } : e)) as JournalEvent[];
  return renderReport(derive(withOptions), 'md').split('\n').find((l) => l.includes('**Mode:**'))!;
}

describe('report Mode line', () => {
  it('interactive: destructive after typed confirmation', () => {
    expect(modeLine({ confirmEach: true, allowDestructive: true, readOnly: false, dryRun: false })).toBe(
      '- **Mode:** confirm each statement, destructive after typed confirmation',
    );
  });

  it('exec --yes --allow-destructive: destructive allowed', () => {
    expect(modeLine({ confirmEach: false, allowDestructive: true, readOnly: false, dryRun: false })).toBe('- **Mode:** non-interactive (--yes), destructive allowed');
  });
});
