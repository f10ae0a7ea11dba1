// The terminal UI tests' runbook and session: fixture Markdown under test/fixtures/ui/ modelled by
// parseRunbook (the model the product builds), and the real session engine (openSession: binding,
// policy, journal on disk) over scripted executors (src/executors/scripted.ts) instead of a database.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRunbook } from '../../src/runbook/parse.js';
import { ensureParsers } from '../../src/runbook/parsers.js';
import type { Procedure, Runbook } from '../../src/runbook/model.js';
import { openSession } from '../../src/session/open.js';
import { realDeps } from '../../src/session/deps.js';
import { DEFAULT_POLICY } from '../../src/session/policy.js';
import { readJournal } from '../../src/session/journal.js';
import type { SessionEngine } from '../../src/session/engine.js';
import type { JournalEvent, PolicyOptions } from '../../src/session/types.js';
import type { Target } from '../../src/database/target.js';
import { SCRIPTED_TARGET, ScriptedExecutors } from '../../src/executors/scripted.js';
import { attachReportWriter } from '../../src/report/writer.js';
import { SNAPSHOT_SQL } from '../../src/session/server-snapshot.js';

const SNAPSHOT_ROW = JSON.stringify({ connections: { active: 1, idle: 3 }, maxConnections: 100, waitingOnLocks: 0, databaseBytes: 8_000_000, serverVersion: '16.4' });

const FIXTURES = join(import.meta.dirname, '../fixtures/ui');

/** A fixture runbook under test/fixtures/ui/, as the product models it. */
export async function fixtureRunbook(name = 'operations.md'): Promise<Runbook> {
  await ensureParsers();
  return parseRunbook(readFileSync(join(FIXTURES, name), 'utf8'), `test/fixtures/ui/${name}`);
}

export function procedureOf(runbook: Runbook, id: string): Procedure {
  const p = runbook.procedures.find((x) => x.id === id);
  if (!p) throw new Error(`no procedure ${id} in ${runbook.path}: ${runbook.procedures.map((x) => x.id).join(', ')}`);
  return p;
}

/** What a SQL statement returns unless a test scripts otherwise: one row, pid 4242, in 12 ms. */
export const ONE_ROW = { columns: [{ name: 'pid', type: 'int4' }], rows: [['4242']], rowCount: 1, command: 'SELECT 1', durationMs: 12 };

export interface UiSession {
  engine: SessionEngine;
  scripted: ScriptedExecutors;
  /** The session's journal as it is on disk now. */
  journal(): JournalEvent[];
}

export interface UiSessionOptions {
  policy?: Partial<PolicyOptions>;
  params?: Record<string, string>;
  target?: Target;
  /** Scripts beyond the defaults (SQL: ONE_ROW; shell: a line of output). */
  script?: (scripted: ScriptedExecutors) => void;
}

/** Opens the real engine on a procedure of `runbook`, as `runbook run` does (report writer included). */
export async function openUiSession(runbook: Runbook, procedureId: string, o: UiSessionOptions = {}): Promise<UiSession> {
  const scripted = new ScriptedExecutors()
    .on((r) => r.kind === 'sql', { result: ONE_ROW })
    .on((r) => r.kind === 'shell', { result: { stdoutTail: 'connected\n', durationMs: 12 } })
    // A preview's probes find nothing unless a test scripts them (they match on request.probe).
    .on((r) => r.probe === true, { result: { columns: [], rows: [], rowCount: 0, command: 'SELECT 0' } });
  o.script?.(scripted);
  // The engine's look at the server when a session opens and finishes (session/server-snapshot.ts).
  scripted.on(SNAPSHOT_SQL, { result: { columns: [{ name: 'snapshot', type: 'json' }], rows: [[SNAPSHOT_ROW]], rowCount: 1, command: 'SELECT 1' } });
  const engine = await openSession({
    runbook,
    source: readFileSync(join(FIXTURES, runbook.path.split('/').at(-1)!), 'utf8'),
    procedure: procedureOf(runbook, procedureId),
    target: o.target ?? SCRIPTED_TARGET,
    policy: { ...DEFAULT_POLICY, allowDestructive: true, ...o.policy },
    params: o.params,
    sessionDir: mkdtempSync(join(tmpdir(), 'rb-ui-')),
    deps: { ...realDeps, createExecutors: () => scripted.registry },
  });
  attachReportWriter(engine);
  // The opening snapshot is not one of the operator's statements: the tests count only those.
  scripted.requests.splice(0, scripted.requests.length);
  return { engine, scripted, journal: () => readJournal(join(engine.dir, 'journal.jsonl')).events };
}
