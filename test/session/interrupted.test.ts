// An interrupted statement in the UI (issue 12, defect 3): a statement the dead process left running is
// asked again on resume, saying it was interrupted and what the server says of it; a destructive one asks
// its typed confirmation again; a read the block lets run without asking is asked too. The session's SQL
// connection is named `runbook/<session-id>` in pg_stat_activity.

import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, query } from '../helpers/db.js';
import { ensureParsers } from '../../src/runbook/parsers.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import { resolveTarget } from '../../src/database/resolve.js';
import type { Target } from '../../src/database/target.js';
import type { Runbook } from '../../src/runbook/model.js';
import { openSession, resumeSession } from '../../src/session/open.js';
import { realDeps } from '../../src/session/deps.js';
import { readJournal } from '../../src/session/journal.js';
import { inspectSession } from '../../src/session/list.js';
import { DEFAULT_POLICY } from '../../src/session/policy.js';

const MD = `# Interrupted

## Drop

\`\`\`sql
CREATE TABLE IF NOT EXISTS doomed (x int);
DROP TABLE doomed;
\`\`\`

## Quiet read

\`\`\`sql {confirm=none}
SELECT 1 AS one;
\`\`\`
`;

let runbook: Runbook;
let target: Target;
let db: string;

beforeAll(async () => {
  await ensureParsers();
  runbook = parseRunbook(MD, join(tmpdir(), 'interrupted.md'));
  db = await createTestDatabase('rb_interrupted');
  target = await resolveTarget({ db, embedded: () => Promise.reject(new Error('no')) });
});

const open = (id: string) =>
  openSession({ runbook, source: MD, procedure: runbook.procedures.find((p) => p.id === id)!, target, policy: DEFAULT_POLICY, sessionDir: mkdtempSync(join(tmpdir(), 'rb-interrupted-')), deps: realDeps });

/** Journals `statementId` as started by a process that then died (never finished). */
function cutOff(dir: string, statementId: string, step: string, text: string): void {
  const events = readJournal(join(dir, 'journal.jsonl')).events;
  appendFileSync(join(dir, 'journal.jsonl'), `${JSON.stringify({ seq: events.at(-1)!.seq + 1, at: new Date().toISOString(), type: 'statement-started', statement: statementId, step, kind: 'sql', line: 1, text })}\n`);
}

describe('an interrupted statement on resume', () => {
  it('a destructive one is shown as interrupted and asks its typed confirmation again', async () => {
    const engine = await open('drop');
    const [create, drop] = engine.getState().statements;
    await engine.confirm(create!.id, { yes: true });
    // The session's connection carries its name, for resume to ask the server about it.
    const names = await query<{ application_name: string }>(db, "SELECT application_name FROM pg_stat_activity WHERE application_name LIKE 'runbook/%'");
    expect(names.map((n) => n.application_name)).toContain(`runbook/${engine.getState().id}`);
    await engine.close();
    cutOff(engine.dir, drop!.id, drop!.stepId, 'DROP TABLE doomed;');

    const resumed = await resumeSession(inspectSession(engine.dir)!, { runbook, source: MD, target, policy: DEFAULT_POLICY, deps: realDeps });
    try {
      expect(resumed.interrupted.map((i) => [i.statementId, i.risk])).toEqual([[drop!.id, 'destructive']]);
      const p = await resumed.prepare(drop!.id);
      expect(p.decision).toEqual({
        kind: 'ask-typed',
        expected: ['doomed'],
        shown: 'the table "doomed"',
        prompt: expect.stringMatching(/^Destructive statement \(line \d+\): type the table "doomed" to run it$/),
      });
      // What is known of it comes with the question (the UI shows it above the statement).
      expect(p.interrupted).toMatch(/^Interrupted: the process running it died \(started [^)]+\); it is not running on the server now, and may have completed before the process died\.$/);
      // Once it runs again it is no longer interrupted.
      expect((await resumed.confirm(drop!.id, { yes: true, typed: 'doomed' })).status).toBe('succeeded');
      expect(resumed.interrupted).toEqual([]);
    } finally {
      await resumed.close();
    }
  });

  it('a read that ran without asking is asked again', async () => {
    const engine = await open('quiet-read');
    const [read] = engine.getState().statements;
    expect((await engine.prepare(read!.id)).decision).toEqual({ kind: 'allow' });
    await engine.close();
    cutOff(engine.dir, read!.id, read!.stepId, 'SELECT 1 AS one;');
    const resumed = await resumeSession(inspectSession(engine.dir)!, { runbook, source: MD, target, policy: DEFAULT_POLICY, deps: realDeps });
    try {
      const p = await resumed.prepare(read!.id);
      expect(p.decision).toEqual({ kind: 'ask', prompt: 'Run it again?' });
      expect(p.interrupted).toMatch(/^Interrupted: the process running it died/);
    } finally {
      await resumed.close();
    }
  });
});
