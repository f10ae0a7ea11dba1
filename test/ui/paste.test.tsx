// Multi-line values in the terminal UI, with the real engine and database: a two-line query pasted
// (bracketed paste, one press) into `[paste slow query here]` is kept whole (the DELETE keeps its WHERE),
// shown whole before it runs, `p` in the confirmation brings the parameters back with their current
// values, and a value binding refuses is asked again with the reason.

import React from 'react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from '../helpers/render.js';
import { createTestDatabase, query } from '../helpers/db.js';
import { App } from '../../src/ui/App.js';
import { ensureParsers } from '../../src/runbook/parsers.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import { resolveTarget } from '../../src/database/resolve.js';
import type { Target } from '../../src/database/target.js';
import type { Runbook } from '../../src/runbook/model.js';
import { openSession } from '../../src/session/open.js';
import { realDeps } from '../../src/session/deps.js';
import { DEFAULT_POLICY } from '../../src/session/policy.js';

const MD = `# Paste

## Slow query

\`\`\`sql
EXPLAIN (ANALYZE, BUFFERS) [paste slow query here];
\`\`\`

## List a path

\`\`\`bash
ls [path]
\`\`\`
`;

let runbook: Runbook;
let target: Target;
let db: string;

beforeAll(async () => {
  await ensureParsers();
  runbook = parseRunbook(MD, join(tmpdir(), 'paste.md'));
  db = await createTestDatabase('rb_paste');
  await query(db, 'CREATE TABLE journal_entries (id int); INSERT INTO journal_entries SELECT generate_series(1, 20)');
  target = await resolveTarget({ db, embedded: () => Promise.reject(new Error('no')) });
});

async function open(id: string) {
  const procedure = runbook.procedures.find((p) => p.id === id)!;
  const engine = await openSession({ runbook, source: MD, procedure, target, policy: DEFAULT_POLICY, sessionDir: mkdtempSync(join(tmpdir(), 'rb-paste-')), deps: realDeps });
  const ui = await render(<App runbook={runbook} controller={engine} onExit={vi.fn()} onError={(e) => { throw e; }} />, { columns: 100, rows: 30 });
  return { engine, ui };
}

const paste = (text: string) => ({ text: `\x1b[200~${text}\x1b[201~` });

describe('pasting into a parameter', () => {
  it('a two-line query stays whole, is shown whole, and p brings the form back', async () => {
    const { engine, ui } = await open('slow-query');
    await ui.press('enter');
    await ui.waitFor('Parameters for');
    await ui.press(paste('DELETE FROM journal_entries\rWHERE id = 1'));
    let frame = await ui.waitFor('WHERE id = 1');
    expect(frame).toContain('DELETE FROM journal_entries');
    await ui.press('enter');
    frame = await ui.waitFor('Run this statement?');
    expect(frame).toContain('EXPLAIN (ANALYZE, BUFFERS) DELETE FROM journal_entries');
    expect(frame).toContain('WHERE id = 1;');
    expect(frame).toContain('p parameters');

    // p: the form again, the current value in it; a new paste replaces it.
    await ui.press({ text: 'p' });
    frame = await ui.waitFor('current value');
    expect(frame).toContain('WHERE id = 1');
    await ui.press(...Array<'backspace'>(40).fill('backspace'));
    await ui.press(paste('DELETE FROM journal_entries\nWHERE id = 2'));
    await ui.press('enter');
    frame = await ui.waitFor('WHERE id = 2;');
    expect(frame).not.toContain('WHERE id = 1');
    await ui.press('enter');
    await ui.waitFor((f) => !f.includes('Run this statement?') && /Buffers|Delete on journal_entries/.test(f), 10_000);
    const left = (await query(db, 'SELECT id FROM journal_entries ORDER BY id')).map((r) => r.id);
    expect(left).toHaveLength(19);
    expect(left).toContain(1);
    expect(left).not.toContain(2);
    ui.unmount();
    await engine.close();
  });

  it('a value binding refuses brings its field back with the reason', async () => {
    const { engine, ui } = await open('list-a-path');
    await ui.press('enter');
    await ui.waitFor('Parameters for');
    await ui.type('-la');
    await ui.press('enter');
    let frame = await ui.waitFor('starts with "-"');
    expect(frame).toContain('Parameters for');
    await ui.press({ text: '\x15' });
    await ui.type('/tmp');
    await ui.press('enter');
    frame = await ui.waitFor('Run this statement?');
    expect(frame).toContain('ls /tmp');
    await ui.press({ text: 'n' });
    ui.unmount();
    await engine.close();
  });
});
