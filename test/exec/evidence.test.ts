// The report as evidence, end to end through the built binary: `exec` with the detection and resolution
// times given as flags, a server snapshot at the start and the end, and the changes left in place, whose
// undo statements, run against the real database, put everything back.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import pg from 'pg';
import { createTestDatabase, query } from '../helpers/db.js';
import { CLI as cli } from '../helpers/cli.js';

const RUNBOOK = join(import.meta.dirname, 'runbooks/evidence.md');
const ROLE = 'rb_evidence_reader';
let db: string;
let cwd: string;
let victim: pg.Client;

const run = async (args: string[]) => {
  const r = await execa('node', [cli, ...args], { cwd, reject: false, stdin: 'ignore', env: { DATABASE_URL: '', PGHOST: '' } });
  return { code: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
};

beforeAll(async () => {
  db = await createTestDatabase('rb_evidence');
  cwd = mkdtempSync(join(tmpdir(), 'rb-evidence-'));
  await query(db, `DROP ROLE IF EXISTS ${ROLE}`).catch(() => undefined);
  await query(db, `CREATE ROLE ${ROLE} LOGIN; CREATE TABLE evidence_data (x int); GRANT SELECT ON evidence_data TO ${ROLE}`);
  victim = new pg.Client({ connectionString: db, application_name: 'rb_evidence_victim' });
  victim.on('error', () => undefined);
  await victim.connect();
});

afterAll(async () => {
  await victim.end().catch(() => undefined);
  await query(db, `DROP OWNED BY ${ROLE}; DROP ROLE ${ROLE}`).catch(() => undefined);
});

describe('exec: a report that is evidence', () => {
  it('refuses a time that cannot be, in one line, before a session exists', async () => {
    const r = await run(['exec', RUNBOOK, 'lock down reader', '--yes', '--allow-destructive', '--db', db, '--detected-at', 'this morning']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('runbook: --detected-at: "this morning" is not a time: give an ISO 8601 date-time (2025-03-14T09:12Z, 2025-03-14 09:12+01:00) or a time of day (09:12)');
    expect(existsSync(join(cwd, '.runbook'))).toBe(false);
  });

  it('journals the given times and the snapshots; the undo of each change left in place puts it back', async () => {
    const r = await run(['exec', RUNBOOK, 'lock down reader', '--yes', '--allow-destructive', '--db', db, '--detected-at', '2025-06-02T09:05Z', '--resolved-at', '2025-06-02T09:31Z']);
    expect(r.stderr + r.stdout).toMatch(/Done: 5 succeeded/);
    expect(r.code).toBe(0);
    const [session] = readdirSync(join(cwd, '.runbook/sessions'));
    const report = JSON.parse((await run(['report', session!, '--format', 'json'])).stdout);

    expect(report.times.detected.at).toBe('2025-06-02T09:05:00.000Z');
    expect(report.times.resolved.at).toBe('2025-06-02T09:31:00.000Z');
    expect(report.timeline[0]).toMatchObject({ kind: 'detected', given: true });
    expect(report.snapshots.map((e: { phase: string }) => e.phase)).toEqual(['start', 'end']);
    expect(report.snapshots[0].snapshot.databaseBytes).toBeGreaterThan(0);

    expect(report.changes.map((c: { what: string; undo?: string; rows?: number }) => [c.what, c.undo, c.rows])).toEqual([
      [`REVOKE SELECT ON TABLE evidence_data FROM ${ROLE}`, `GRANT SELECT ON TABLE evidence_data TO ${ROLE};`, undefined],
      [`ALTER ROLE ${ROLE} NOLOGIN`, `ALTER ROLE ${ROLE} LOGIN;`, undefined],
      [`ALTER ROLE ${ROLE} SET statement_timeout = '5s'`, `ALTER ROLE ${ROLE} RESET statement_timeout;`, undefined],
      ['terminated the backends its query selected', undefined, 1],
    ]);
    const state = async () =>
      (await query<{ can_select: boolean; can_login: boolean; settings: number }>(db, `SELECT has_table_privilege('${ROLE}', 'evidence_data', 'SELECT') AS can_select,
         (SELECT rolcanlogin FROM pg_roles WHERE rolname = '${ROLE}') AS can_login,
         (SELECT count(*)::int FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole WHERE r.rolname = '${ROLE}') AS settings`))[0];
    expect(await state()).toEqual({ can_select: false, can_login: false, settings: 1 });
    for (const c of report.changes) if (c.undo) await query(db, c.undo);
    expect(await state()).toEqual({ can_select: true, can_login: true, settings: 0 });

    const md = (await run(['report', session!])).stdout;
    expect(md).toContain('1. Detection: 2025-06-02 09:05:00 UTC (given by');
    expect(md).toContain('3. Resolution: 2025-06-02 09:31:00 UTC (given by');
    expect(md).toContain('## Changes left in place');
    expect(md).toMatch(/## Server snapshots\n\n\| When +\| Taken/);
  });
});
