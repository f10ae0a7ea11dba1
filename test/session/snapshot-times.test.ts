// What the engine journals for the report beside the statements: a short server snapshot at the start
// and the end (soft when the database is down, so an outage session still opens and reports), and the
// detection and resolution times the operator gives.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../helpers/db.js';
import { ensureSqlParser } from '../../src/runbook/sql-parser.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import { resolveTarget } from '../../src/database/resolve.js';
import type { Target } from '../../src/database/target.js';
import { openSession } from '../../src/session/open.js';
import { realDeps } from '../../src/session/deps.js';
import { readJournal } from '../../src/session/journal.js';
import { derive } from '../../src/session/state.js';
import { DEFAULT_POLICY } from '../../src/session/policy.js';
import { takeSnapshot } from '../../src/session/server-snapshot.js';
import { SqlExecutor } from '../../src/executors/sql.js';
import { attachReportWriter } from '../../src/report/writer.js';
import type { JournalEvent } from '../../src/session/types.js';

const MD = `# Outage

## Check

\`\`\`sql
SELECT 1 AS up;
\`\`\`

- Call the DBA
`;

const runbook = () => parseRunbook(MD, join(tmpdir(), 'outage.md'));
const target = (db: string) => resolveTarget({ db, embedded: () => Promise.reject(new Error('no')) });
const open = async (t: Target) =>
  openSession({ runbook: runbook(), source: MD, procedure: runbook().procedures[0]!, target: t, policy: DEFAULT_POLICY, sessionDir: mkdtempSync(join(tmpdir(), 'rb-snap-')), deps: realDeps });
const events = (dir: string): JournalEvent[] => readJournal(join(dir, 'journal.jsonl')).events;

let url: string;
beforeAll(async () => {
  await ensureSqlParser();
  url = await createTestDatabase('rb_snapshot');
});

describe('server snapshots', () => {
  it('looks at the server when the session opens and when it finishes', async () => {
    const engine = await open(await target(url));
    attachReportWriter(engine);
    await engine.finish();
    await engine.close();
    const snaps = events(engine.dir).filter((e): e is Extract<JournalEvent, { type: 'server-snapshot' }> => e.type === 'server-snapshot');
    expect(snaps.map((e) => e.phase)).toEqual(['start', 'end']);
    const s = snaps[0]!.snapshot!;
    expect(Object.values(s.connections).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    expect(s.databaseBytes).toBeGreaterThan(0);
    expect(s.maxConnections).toBeGreaterThan(0);
    expect(s.serverVersion).toMatch(/^\d+/);
    expect(s.waitingOnLocks).toBeGreaterThanOrEqual(0);
    expect(readFileSync(join(engine.dir, 'report.md'), 'utf8')).toMatch(/## Server snapshots[\s\S]*\| start \|/);
  });

  it('an unreachable database: the session still opens, runs what it can and reports why there is no snapshot', async () => {
    const engine = await open(await target('postgres://nobody@127.0.0.1:1/nowhere'));
    attachReportWriter(engine);
    await engine.addNote('database is down, paging the DBA');
    await engine.tickManual(engine.getState().manual[0]!.id, true);
    await engine.finish({ detectedAt: '2025-01-01T00:00:00Z' });
    await engine.close();
    const d = derive(events(engine.dir));
    expect(d.snapshots.map((e) => [e.phase, e.snapshot, typeof e.error])).toEqual([
      ['start', undefined, 'string'],
      ['end', undefined, 'string'],
    ]);
    expect(d.snapshots[0]!.error).toMatch(/ECONNREFUSED|connect/i);
    expect(d.state.status).toBe('completed');
    const md = readFileSync(join(engine.dir, 'report.md'), 'utf8');
    expect(md).toMatch(/\| start +\| not taken: .*(ECONNREFUSED|connect)/i);
    expect(md).toContain('1. Detection: 2025-01-01 00:00:00 UTC (given by');
  });

  describe('a server that accepts connections and never answers', () => {
    let server: Server;
    const sockets = new Set<Socket>();
    let port = 0;
    beforeAll(async () => {
      server = createServer((s) => sockets.add(s));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });
    afterAll(async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    });

    it('does not hold the session up past its bound', async () => {
      const sql = new SqlExecutor(await target(`postgres://nobody@127.0.0.1:${port}/silent?sslmode=disable`));
      const started = Date.now();
      const taken = await takeSnapshot(sql, mkdtempSync(join(tmpdir(), 'rb-snap-')), 300);
      // Generous margin: the bound is 300 ms; a connect timeout would be 10 s.
      expect(Date.now() - started).toBeLessThan(5000);
      expect(taken).toEqual({ error: 'no answer within 0.3 s' });
      void sql.close().catch(() => undefined);
    });
  });
});

describe('detection and resolution times', () => {
  it('journals what the operator gives, refuses what cannot be, and the report shows it', async () => {
    const engine = await open(await target(url));
    await engine.giveTime('detected', '2025-06-02T09:05Z');
    await expect(engine.giveTime('resolved', '2025-06-02T09:00Z')).rejects.toThrow('resolution time: the resolution (2025-06-02T09:00:00.000Z) would be before the detection (2025-06-02T09:05:00.000Z)');
    await expect(engine.giveTime('resolved', 'soon')).rejects.toThrow(/resolution time: "soon" is not a time/);
    await engine.finish({ resolvedAt: '2025-06-02 09:31Z' });
    await engine.close();
    const given = events(engine.dir).filter((e) => e.type === 'time-given');
    expect(given.map((e) => e.type === 'time-given' && [e.mark, e.time])).toEqual([
      ['detected', '2025-06-02T09:05:00.000Z'],
      ['resolved', '2025-06-02T09:31:00.000Z'],
    ]);
    // Given before the session ends (the end snapshot and session-ended come after).
    expect(events(engine.dir).slice(-3).map((e) => e.type)).toEqual(['time-given', 'server-snapshot', 'session-ended']);
  });
});
