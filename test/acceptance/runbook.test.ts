// Acceptance: every SQL and psql statement of every procedure of the bundled runbook, in document order,
// bound from test/acceptance/params.json and run through the real executors against a scratch database
// with the toolkit and demo data installed. Every statement must succeed except the `\i` of a file the
// runbook names but does not ship; destructive statements have their effect checked, and faults.ts
// injects real faults (a held lock, cascade children, concurrent writes, slow queries, dead tuples) whose
// fix or diagnosis is asserted. Shell statements (psql from another host, the two cron scripts writing
// /reports and sending mail) are not run here.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadRunbook } from '../../src/cli/load.js';
import { installToolkit } from '../../src/database/toolkit.js';
import { resolveTarget } from '../../src/database/resolve.js';
import { createExecutors, type ClosableRegistry } from '../../src/executors/index.js';
import type { ExecKind, ExecResult } from '../../src/executors/types.js';
import type { Statement } from '../../src/runbook/model.js';
import { bindStatement } from '../../src/session/bind.js';
import { adminUrl, createTestDatabase } from '../helpers/db.js';
import { ROOT } from '../helpers/cli.js';
import { faultChecks, mergeChecks, seedFaults, type Check } from './faults.js';

const RUNBOOK = join(ROOT, 'runbooks/database-operations.md');
const params = JSON.parse(readFileSync(join(ROOT, 'test/acceptance/params.json'), 'utf8')) as { values: Record<string, string> };
const values: Record<string, string> = { ...params.values };

let url: string;
let db: pg.Client;
let executors: ClosableRegistry;
let outputDir: string;
const extra: pg.Client[] = [];
const suspect = `suspicious_user_${process.pid}`;

function withUser(base: string, user: string, password: string, database?: string): string {
  const u = new URL(base);
  u.username = user;
  u.password = password;
  if (database) u.pathname = `/${database}`;
  return u.toString();
}

async function connect(connectionString: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString });
  client.on('error', () => undefined); // terminated on purpose by the statements under test
  await client.connect();
  extra.push(client);
  return client;
}

const one = async (sql: string, args?: unknown[]) => (await db.query(sql, args)).rows[0];
const checksum = async (table: string) => (await one('SELECT row_count, checksum FROM backup_recovery.table_checksum($1)', [table])) as object;
const alive = async (pid: number) => (await db.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rowCount === 1;

/** Runs `sql` as the API role does (role authenticated, a user's JWT subject), then rolls back. */
async function asAuthenticated(sql: string): Promise<string> {
  const owner = (await one('SELECT user_id FROM animals LIMIT 1')) as { user_id: string };
  await db.query('BEGIN');
  try {
    await db.query('SET LOCAL ROLE authenticated');
    await db.query(`SELECT set_config('request.jwt.claim.sub', $1, true)`, [owner.user_id]);
    await db.query(sql.replace('$OWNER', owner.user_id));
    return 'ok';
  } catch (error) {
    return (error as Error).message;
  } finally {
    await db.query('ROLLBACK');
  }
}

beforeAll(async () => {
  url = await createTestDatabase('rb_accept');
  db = new pg.Client({ connectionString: url });
  await db.connect();
  await installToolkit(db, { demoData: true });
  await seedFaults(db);
  // "Emergency maintenance mode" names the database `showtrack` literally: give it one on this server.
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  if ((await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'showtrack'`)).rowCount === 0) {
    await admin.query('CREATE DATABASE showtrack').catch((e: Error) => {
      if (!/already exists/.test(e.message)) throw e;
    });
  }
  await admin.end();
  outputDir = mkdtempSync(join(tmpdir(), 'rb-accept-'));
  executors = createExecutors({ target: await resolveTarget({ db: url, env: {}, embedded: () => Promise.reject(new Error('no')) }) });
});

afterAll(async () => {
  await executors?.close();
  for (const c of extra) await c.end().catch(() => undefined);
  if (db) {
    await db.query(`DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${suspect}') THEN
      EXECUTE 'DROP OWNED BY ${suspect}'; EXECUTE 'DROP ROLE ${suspect}'; END IF; END $$`);
    await db.end();
  }
  if (outputDir) rmSync(outputDir, { recursive: true, force: true });
});


let original: object;
let victimPid = 0;
let suspectPid = 0;
let suspectClient: pg.Client;
let relfilenode: string;

const checks: Record<string, Check> = {
  'data-corruption/1/b1/1': {
    before: async () => expect(await asAuthenticated(`INSERT INTO animals (user_id, name, species) VALUES ('$OWNER', 'x', 'goat')`)).toBe('ok'),
    after: async () => expect(await asAuthenticated(`INSERT INTO animals (user_id, name, species) VALUES ('$OWNER', 'x', 'goat')`)).toMatch(/permission denied for table animals/),
  },
  'data-corruption/3/b1/1': {
    before: async () => {
      await db.query('UPDATE animals SET weight_lbs = 0 WHERE id <= 100'); // the corruption
      expect(await checksum('animals')).not.toEqual(original);
    },
    after: async () => expect(await checksum('animals')).toEqual(original),
  },
  'backup-procedures/1/b1/2': {
    after: async (r) => {
      values.backup_name = r.rows![0]![0]!;
      original = await checksum('animals');
    },
  },
  'recovery-procedures/1/b1/1': {
    before: async () => void (await db.query(`UPDATE animals SET name = 'corrupted' WHERE id % 7 = 0`)),
    after: async () => expect(await checksum('animals')).toEqual(original),
  },
  'suspicious-activity-response/2/b1/1': {
    before: async () => expect((await suspectClient.query('SELECT count(*) FROM feed_brands')).rowCount).toBe(1),
    after: async () => {
      await expect(suspectClient.query('SELECT count(*) FROM feed_brands')).rejects.toThrow(/permission denied/);
      await expect(suspectClient.query(`INSERT INTO feed_brands (name, manufacturer, protein_pct) VALUES ('x', 'y', 1)`)).rejects.toThrow(/permission denied/);
    },
  },
  'suspicious-activity-response/2/b1/2': {
    after: async (r) => {
      expect(r.rows).toEqual([['t']]);
      await expect.poll(() => alive(suspectPid)).toBe(false);
    },
  },
  'issue-pgrst204-error/1/b1/1': { fails: /^no such file: \/path\/to\/20250227_emergency_quick_fix\.sql \(line \d+\)$/ },
  'issue-high-table-bloat/1/b1/2': {
    before: async () => void (relfilenode = ((await one(`SELECT relfilenode::text AS f FROM pg_class WHERE relname = 'journal_entries'`)) as { f: string }).f),
    after: async () => expect(await one(`SELECT relfilenode::text AS f FROM pg_class WHERE relname = 'journal_entries'`)).not.toEqual({ f: relfilenode }),
  },
  'issue-slow-animal-queries/1/b1/2': {
    after: async () => {
      const rows = (await db.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'animals' ORDER BY 1`)).rows.map((r) => r.indexname);
      expect(rows).toEqual(['animals_pkey', 'idx_animals_created_at', 'idx_animals_user_species']);
    },
  },
  'quick-reference-commands/1/b1/3': {
    after: async (r) => {
      expect(r.rows).toEqual([['t']]);
      await expect.poll(() => alive(victimPid)).toBe(false);
    },
  },
  'quick-reference-commands/1/b1/5': {
    after: async () => {
      const c = await connect(withUser(adminUrl(), new URL(adminUrl()).username, decodeURIComponent(new URL(adminUrl()).password), 'showtrack'));
      expect((await c.query('SHOW default_transaction_read_only')).rows).toEqual([{ default_transaction_read_only: 'on' }]);
      await c.end();
    },
  },
  'quick-reference-commands/1/b1/6': {
    after: async () => {
      const c = await connect(withUser(adminUrl(), new URL(adminUrl()).username, decodeURIComponent(new URL(adminUrl()).password), 'showtrack'));
      expect((await c.query('SHOW default_transaction_read_only')).rows).toEqual([{ default_transaction_read_only: 'off' }]);
      await c.end();
    },
  },
};

it('runs every SQL statement of the bundled runbook against a database with the toolkit', async () => {
  const { runbook } = await loadRunbook(RUNBOOK);
  const statements: Statement[] = runbook.procedures.flatMap((p) => p.steps.flatMap((s) => s.blocks.flatMap((b) => b.statements)));
  // The runbook's own numbers (`-- [minutes] defaults to 30`), as exec fills them.
  for (const p of runbook.procedures.flatMap((pr) => pr.steps.flatMap((s) => s.blocks.flatMap((b) => b.placeholders)))) if (p.default !== undefined) values[p.name] ??= p.default;
  const faults = faultChecks({ db, url, connect, bound: (id) => bindStatement(statements.find((s) => s.id === id)!, values).text });
  for (const [id, fault] of Object.entries(faults)) checks[id] = checks[id] ? mergeChecks(fault, checks[id]) : fault;
  for (const id of Object.keys(checks)) expect(statements.map((s) => s.id), `check for ${id}`).toContain(id);

  // What only exists at run time: last night's backup, a victim backend, a suspicious login with a session.
  const lastGood = ((await one(`SELECT backup_recovery.create_table_backup('animals') AS b`)) as { b: string }).b;
  values.last_known_good_backup = lastGood;
  values.backup_table_name = lastGood;
  original = await checksum('animals');
  const victim = await connect(url);
  victimPid = ((await victim.query('SELECT pg_backend_pid() AS pid')).rows[0] as { pid: number }).pid;
  values.pid = String(victimPid);
  const password = `pw-${process.pid}`;
  await db.query(`CREATE ROLE ${suspect} LOGIN PASSWORD '${password}'`);
  await db.query(`GRANT USAGE ON SCHEMA public TO ${suspect}; GRANT ALL ON ALL TABLES IN SCHEMA public TO ${suspect}`);
  suspectClient = await connect(withUser(url, suspect, password));
  suspectPid = ((await suspectClient.query('SELECT pg_backend_pid() AS pid')).rows[0] as { pid: number }).pid;
  values.suspicious_user = suspect;

  const tally = { run: 0, succeeded: 0, expectedFailures: 0, shellNotRun: 0 };
  const unexpected: string[] = [];
  const checked = new Set<string>();
  for (const st of statements) {
    if (st.kind === 'note') continue;
    if (st.kind === 'shell') {
      tally.shellNotRun++;
      continue;
    }
    const check = checks[st.id] ?? {};
    const bound = bindStatement(st, values);
    expect(bound.missing, `${st.id}: parameters`).toEqual([]);
    await check.before?.();
    const result = await executors[st.kind as ExecKind].run({
      kind: st.kind as ExecKind,
      text: bound.text,
      env: bound.env,
      cwd: ROOT,
      timeoutMs: 120_000,
      outputDir,
      outputName: st.id.replace(/\W+/g, '_'),
      origin: { file: RUNBOOK, line: st.line, column: st.column },
    });
    tally.run++;
    if (checks[st.id]) checked.add(st.id);
    if (check.fails) {
      expect(result.status, st.id).toBe('failed');
      expect(result.error?.message, st.id).toMatch(check.fails);
      tally.expectedFailures++;
      continue;
    }
    if (result.status !== 'succeeded') {
      unexpected.push(`${st.id} (line ${st.line}): ${result.status}: ${result.error?.message}`);
      continue;
    }
    tally.succeeded++;
    await check.after?.(result);
  }
  console.log(
    `runbook acceptance: ${tally.run} statements run, ${tally.succeeded} succeeded, ` +
      `${tally.expectedFailures} failed as expected (\\i of a file not shipped); ${tally.shellNotRun} shell statements not run`,
  );
  expect(unexpected).toEqual([]);
  expect(tally.succeeded + tally.expectedFailures).toBe(tally.run);
  expect(tally.expectedFailures).toBe(1);
  expect([...checked].sort()).toEqual(Object.keys(checks).sort());
}, 180_000);
